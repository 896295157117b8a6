package storetest

import (
	"testing"

	"conforms"
)

var recorderTests = []test{
	{"RoundTripAndReplace", testRecorderRoundTrip},
	{"ErrNotFound", testRecorderNotFound},
}

var deliveryChannelTests = []test{
	{"RoundTripAndReplace", testDeliveryChannelRoundTrip},
	{"ErrNotFound", testDeliveryChannelNotFound},
}

func newRecorder(accountID, region string) *conforms.Recorder {
	return &conforms.Recorder{
		AccountID: accountID, Region: region, Name: "default", ID: "abcdefghijklmnop",
		RoleARN: "arn:aws:iam::" + accountID + ":role/config",
		Group: conforms.RecordingGroup{
			ResourceTypes: []string{"AWS::S3::Bucket", "AWS::EC2::Instance"}, Strategy: conforms.StrategyInclusion,
		},
		Mode: conforms.RecordingMode{Frequency: conforms.FrequencyContinuous, Overrides: []conforms.RecordingModeOverride{
			{Description: "daily volumes", ResourceTypes: []string{"AWS::EC2::Volume"}, Frequency: conforms.FrequencyDaily},
		}},
		Recording: true, LastStatus: "Success", LastStartTime: at(1), LastStatusChangeTime: at(2),
	}
}

func testRecorderRoundTrip(t *testing.T, s conforms.Store) {
	a, b := newRecorder("111111111111", "us-east-1"), newRecorder("111111111111", "eu-west-1")
	b.Recording, b.LastStatus, b.LastStartTime, b.LastStatusChangeTime = false, "", at(0), at(0)
	b.Group = conforms.RecordingGroup{AllSupported: true, IncludeGlobalResourceTypes: true, Strategy: conforms.StrategyAllSupported}
	update(t, s, func(tx conforms.Tx) error {
		if err := tx.PutRecorder(a); err != nil {
			return err
		}
		return tx.PutRecorder(b)
	})
	view(t, s, func(tx conforms.Tx) error {
		got, err := tx.Recorder("111111111111", "us-east-1")
		if err != nil {
			t.Fatalf("Recorder: %v", err)
		}
		wantEqual(t, "Recorder(us-east-1)", got, a)
		got, err = tx.Recorder("111111111111", "eu-west-1")
		if err != nil {
			t.Fatalf("Recorder: %v", err)
		}
		wantEqual(t, "Recorder(eu-west-1)", got, b)
		return nil
	})
	// A second Put replaces the recorder of the account and region.
	c := newRecorder("111111111111", "us-east-1")
	c.Name, c.Recording, c.LastStopTime = "renamed", false, at(3)
	update(t, s, func(tx conforms.Tx) error { return tx.PutRecorder(c) })
	view(t, s, func(tx conforms.Tx) error {
		got, err := tx.Recorder("111111111111", "us-east-1")
		if err != nil {
			t.Fatalf("Recorder: %v", err)
		}
		wantEqual(t, "Recorder after replace", got, c)
		return nil
	})
	update(t, s, func(tx conforms.Tx) error { return tx.DeleteRecorder("111111111111", "us-east-1") })
	view(t, s, func(tx conforms.Tx) error {
		_, err := tx.Recorder("111111111111", "us-east-1")
		wantErr(t, "Recorder after DeleteRecorder", err, conforms.ErrNotFound)
		_, err = tx.Recorder("111111111111", "eu-west-1")
		wantErr(t, "Recorder of the other region", err, nil)
		return nil
	})
}

func testRecorderNotFound(t *testing.T, s conforms.Store) {
	update(t, s, func(tx conforms.Tx) error { return tx.PutRecorder(newRecorder("111111111111", "us-east-1")) })
	_ = s.Update(t.Context(), func(tx conforms.Tx) error {
		_, err := tx.Recorder("222222222222", "us-east-1")
		wantErr(t, "Recorder of another account", err, conforms.ErrNotFound)
		wantErr(t, "DeleteRecorder of another region", tx.DeleteRecorder("111111111111", "eu-west-1"), conforms.ErrNotFound)
		return nil
	})
}

func newDeliveryChannel(accountID, region string) *conforms.DeliveryChannel {
	return &conforms.DeliveryChannel{
		AccountID: accountID, Region: region, Name: "default", S3BucketName: "config-bucket", S3KeyPrefix: "prefix",
		S3KmsKeyArn: "arn:aws:kms:us-east-1:" + accountID + ":key/k", SNSTopicARN: "arn:aws:sns:us-east-1:" + accountID + ":t",
		DeliveryFrequency: "Six_Hours",
	}
}

func testDeliveryChannelRoundTrip(t *testing.T, s conforms.Store) {
	a := newDeliveryChannel("111111111111", "us-east-1")
	b := &conforms.DeliveryChannel{AccountID: "111111111111", Region: "eu-west-1", Name: "minimal", S3BucketName: "b"}
	update(t, s, func(tx conforms.Tx) error {
		if err := tx.PutDeliveryChannel(a); err != nil {
			return err
		}
		return tx.PutDeliveryChannel(b)
	})
	a2 := newDeliveryChannel("111111111111", "us-east-1")
	a2.S3KeyPrefix, a2.DeliveryFrequency = "", ""
	update(t, s, func(tx conforms.Tx) error { return tx.PutDeliveryChannel(a2) })
	view(t, s, func(tx conforms.Tx) error {
		for _, want := range []*conforms.DeliveryChannel{a2, b} {
			got, err := tx.DeliveryChannel(want.AccountID, want.Region)
			if err != nil {
				t.Fatalf("DeliveryChannel(%s): %v", want.Region, err)
			}
			wantEqual(t, "DeliveryChannel("+want.Region+")", got, want)
		}
		return nil
	})
	update(t, s, func(tx conforms.Tx) error { return tx.DeleteDeliveryChannel("111111111111", "eu-west-1") })
	view(t, s, func(tx conforms.Tx) error {
		_, err := tx.DeliveryChannel("111111111111", "eu-west-1")
		wantErr(t, "DeliveryChannel after delete", err, conforms.ErrNotFound)
		return nil
	})
}

func testDeliveryChannelNotFound(t *testing.T, s conforms.Store) {
	_ = s.Update(t.Context(), func(tx conforms.Tx) error {
		_, err := tx.DeliveryChannel("111111111111", "us-east-1")
		wantErr(t, "DeliveryChannel", err, conforms.ErrNotFound)
		wantErr(t, "DeleteDeliveryChannel", tx.DeleteDeliveryChannel("111111111111", "us-east-1"), conforms.ErrNotFound)
		return nil
	})
}
