package storetest

import (
	"testing"
	"time"

	"conforms"
)

var remediationTests = []test{
	{"ConfigurationRoundTrip", testRemediationRoundTrip},
	{"Exceptions", testRemediationExceptions},
}

func testRemediationRoundTrip(t *testing.T, s conforms.Store) {
	full := &conforms.RemediationConfiguration{
		AccountID: "111111111111", Region: "us-east-1", ConfigRuleName: "rule-a", TargetType: "SSM_DOCUMENT",
		TargetID: "AWS-EnableS3BucketEncryption", TargetVersion: "1",
		Parameters: map[string]conforms.RemediationParameter{
			"BucketName":           {ResourceValue: "RESOURCE_ID"},
			"AutomationAssumeRole": {StaticValues: []string{"arn:aws:iam::111111111111:role/remediate"}},
		},
		ResourceType: "AWS::S3::Bucket", Automatic: true, ConcurrentExecutionRatePercentage: 10, ErrorPercentage: 50,
		MaximumAutomaticAttempts: 5, RetryAttemptSeconds: 60, Arn: "arn:aws:config:us-east-1:111111111111:remediation-configuration/rule-a/x",
		CreatedByService: "config-conforms.amazonaws.com",
	}
	bare := &conforms.RemediationConfiguration{AccountID: "111111111111", Region: "us-east-1", ConfigRuleName: "rule-b",
		TargetType: "SSM_DOCUMENT", TargetID: "doc", Arn: "arn-b"}
	update(t, s, func(tx conforms.Tx) error {
		if err := tx.PutRemediationConfiguration(full); err != nil {
			return err
		}
		return tx.PutRemediationConfiguration(bare)
	})
	view(t, s, func(tx conforms.Tx) error {
		for _, want := range []*conforms.RemediationConfiguration{full, bare} {
			got, err := tx.RemediationConfiguration(want.AccountID, want.Region, want.ConfigRuleName)
			if err != nil {
				t.Fatalf("RemediationConfiguration(%s): %v", want.ConfigRuleName, err)
			}
			wantEqual(t, "RemediationConfiguration("+want.ConfigRuleName+")", got, want)
		}
		_, err := tx.RemediationConfiguration("111111111111", "eu-west-1", "rule-a")
		wantErr(t, "RemediationConfiguration in another region", err, conforms.ErrNotFound)
		return nil
	})
	update(t, s, func(tx conforms.Tx) error {
		return tx.DeleteRemediationConfiguration("111111111111", "us-east-1", "rule-a")
	})
	_ = s.Update(t.Context(), func(tx conforms.Tx) error {
		_, err := tx.RemediationConfiguration("111111111111", "us-east-1", "rule-a")
		wantErr(t, "RemediationConfiguration after delete", err, conforms.ErrNotFound)
		wantErr(t, "DeleteRemediationConfiguration twice", tx.DeleteRemediationConfiguration("111111111111", "us-east-1", "rule-a"), conforms.ErrNotFound)
		return nil
	})
}

func testRemediationExceptions(t *testing.T, s conforms.Store) {
	mk := func(typ, id, msg string) *conforms.RemediationException {
		return &conforms.RemediationException{AccountID: "111111111111", Region: "us-east-1", ConfigRuleName: "rule-a",
			ResourceType: typ, ResourceID: id, Message: msg, ExpirationTime: at(9)}
	}
	b1, a2, a1 := mk("AWS::S3::Bucket", "b1", "m"), mk("AWS::EC2::Instance", "i-2", ""), mk("AWS::EC2::Instance", "i-1", "x")
	a1.ExpirationTime = time.Time{} // none
	other := mk("AWS::S3::Bucket", "b1", "other rule")
	other.ConfigRuleName = "rule-b"
	update(t, s, func(tx conforms.Tx) error {
		for _, e := range []*conforms.RemediationException{b1, a2, a1, other} {
			if err := tx.PutRemediationException(e); err != nil {
				return err
			}
		}
		return nil
	})
	b1.Message = "replaced"
	update(t, s, func(tx conforms.Tx) error { return tx.PutRemediationException(b1) })
	view(t, s, func(tx conforms.Tx) error {
		got, err := tx.ListRemediationExceptions(conforms.RemediationExceptionFilter{AccountID: "111111111111", Region: "us-east-1", ConfigRuleName: "rule-a"})
		if err != nil {
			t.Fatalf("ListRemediationExceptions: %v", err)
		}
		wantEqual(t, "ListRemediationExceptions", got, []*conforms.RemediationException{a1, a2, b1})
		return nil
	})
	_ = s.Update(t.Context(), func(tx conforms.Tx) error {
		wantErr(t, "DeleteRemediationException", tx.DeleteRemediationException("111111111111", "us-east-1", "rule-a", "AWS::EC2::Instance", "i-1"), nil)
		wantErr(t, "DeleteRemediationException twice", tx.DeleteRemediationException("111111111111", "us-east-1", "rule-a", "AWS::EC2::Instance", "i-1"), conforms.ErrNotFound)
		return nil
	})
}
