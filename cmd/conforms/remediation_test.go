package main

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"
)

func TestConfig_Remediation(t *testing.T) {
	s := mustStart(t, "")
	client := s.config(s.root())
	mustRecorder(t, client, s.RootKey().AccountID)
	must(client.PutConfigRule(bg, managedRule("s3-encryption", "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED", "")))(t)

	remediation := types.RemediationConfiguration{
		ConfigRuleName: aws.String("s3-encryption"), TargetType: types.RemediationTargetTypeSsmDocument,
		TargetId: aws.String("AWS-EnableS3BucketEncryption"), Automatic: true, MaximumAutomaticAttempts: aws.Int32(3),
		Parameters: map[string]types.RemediationParameterValue{
			"BucketName": {ResourceValue: &types.ResourceValue{Value: types.ResourceValueTypeResourceId}},
		},
	}
	_, err := client.PutRemediationConfigurations(bg, &configservice.PutRemediationConfigurationsInput{RemediationConfigurations: []types.RemediationConfiguration{remediation}})
	wantAPIError(t, err, "InvalidParameterValueException", "AutomationAssumeRole")
	remediation.Parameters["AutomationAssumeRole"] = types.RemediationParameterValue{StaticValue: &types.StaticValue{Values: []string{"arn:aws:iam::" + s.RootKey().AccountID + ":role/remediate"}}}
	must(client.PutRemediationConfigurations(bg, &configservice.PutRemediationConfigurationsInput{RemediationConfigurations: []types.RemediationConfiguration{remediation}}))(t)

	got := must(client.DescribeRemediationConfigurations(bg, &configservice.DescribeRemediationConfigurationsInput{ConfigRuleNames: []string{"s3-encryption"}}))(t).RemediationConfigurations
	if len(got) != 1 || aws.ToString(got[0].TargetId) != "AWS-EnableS3BucketEncryption" || !got[0].Automatic ||
		aws.ToInt32(got[0].MaximumAutomaticAttempts) != 3 || got[0].Parameters["BucketName"].ResourceValue == nil || aws.ToString(got[0].Arn) == "" {
		t.Fatalf("remediation = %+v", got)
	}
	_, err = client.DescribeRemediationConfigurations(bg, &configservice.DescribeRemediationConfigurationsInput{ConfigRuleNames: []string{"nope"}})
	wantAPIError(t, err, "NoSuchConfigRuleException", "")

	// A rule with a remediation cannot be deleted.
	_, err = client.DeleteConfigRule(bg, &configservice.DeleteConfigRuleInput{ConfigRuleName: aws.String("s3-encryption")})
	wantAPIError(t, err, "ResourceInUseException", "currently has a RemediationConfiguration")

	keys := []types.RemediationExceptionResourceKey{
		{ResourceType: aws.String("AWS::S3::Bucket"), ResourceId: aws.String("logs")},
		{ResourceType: aws.String("AWS::S3::Bucket"), ResourceId: aws.String("archive")},
	}
	must(client.PutRemediationExceptions(bg, &configservice.PutRemediationExceptionsInput{ConfigRuleName: aws.String("s3-encryption"),
		ResourceKeys: keys, Message: aws.String("owned by another team"), ExpirationTime: aws.Time(time.Now().Add(time.Hour))}))(t)
	ex := must(client.DescribeRemediationExceptions(bg, &configservice.DescribeRemediationExceptionsInput{ConfigRuleName: aws.String("s3-encryption"), Limit: 1}))(t)
	if len(ex.RemediationExceptions) != 1 || aws.ToString(ex.RemediationExceptions[0].ResourceId) != "archive" || ex.NextToken == nil {
		t.Fatalf("first page of exceptions = %+v", ex)
	}
	del := must(client.DeleteRemediationExceptions(bg, &configservice.DeleteRemediationExceptionsInput{ConfigRuleName: aws.String("s3-encryption"),
		ResourceKeys: append(keys[:1], types.RemediationExceptionResourceKey{ResourceType: aws.String("AWS::S3::Bucket"), ResourceId: aws.String("missing")})}))(t)
	if len(del.FailedBatches) != 1 || len(del.FailedBatches[0].FailedItems) != 1 || aws.ToString(del.FailedBatches[0].FailedItems[0].ResourceId) != "missing" {
		t.Fatalf("DeleteRemediationExceptions failed batches = %+v", del.FailedBatches)
	}

	must(client.DeleteRemediationConfiguration(bg, &configservice.DeleteRemediationConfigurationInput{ConfigRuleName: aws.String("s3-encryption")}))(t)
	_, err = client.DeleteRemediationConfiguration(bg, &configservice.DeleteRemediationConfigurationInput{ConfigRuleName: aws.String("s3-encryption")})
	wantAPIError(t, err, "NoSuchRemediationConfigurationException", "")
	must(client.DeleteConfigRule(bg, &configservice.DeleteConfigRuleInput{ConfigRuleName: aws.String("s3-encryption")}))(t)
}
