package main

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"
)

func TestConfig_RecorderAndDeliveryChannel(t *testing.T) {
	s := mustStart(t, "")
	client := s.config(s.root())
	role := aws.String("arn:aws:iam::" + s.RootKey().AccountID + ":role/config")

	out := must(client.DescribeConfigurationRecorders(bg, &configservice.DescribeConfigurationRecordersInput{}))(t)
	if len(out.ConfigurationRecorders) != 0 {
		t.Fatalf("recorders before any: %+v", out.ConfigurationRecorders)
	}
	_, err := client.PutConfigurationRecorder(bg, &configservice.PutConfigurationRecorderInput{ConfigurationRecorder: &types.ConfigurationRecorder{Name: aws.String("default")}})
	wantAPIError(t, err, "InvalidRoleException", "roleARN")
	_, err = client.PutDeliveryChannel(bg, &configservice.PutDeliveryChannelInput{DeliveryChannel: &types.DeliveryChannel{S3BucketName: aws.String("b")}})
	wantAPIError(t, err, "NoAvailableConfigurationRecorderException", "Configuration recorder is not available to put delivery channel.")
	_, err = client.PutConfigurationRecorder(bg, &configservice.PutConfigurationRecorderInput{ConfigurationRecorder: &types.ConfigurationRecorder{
		RoleARN: role, RecordingGroup: &types.RecordingGroup{AllSupported: true, ResourceTypes: []types.ResourceType{types.ResourceTypeBucket}},
	}})
	wantAPIError(t, err, "InvalidRecordingGroupException", "")

	must(client.PutConfigurationRecorder(bg, &configservice.PutConfigurationRecorderInput{ConfigurationRecorder: &types.ConfigurationRecorder{RoleARN: role}}))(t)
	_, err = client.PutConfigurationRecorder(bg, &configservice.PutConfigurationRecorderInput{ConfigurationRecorder: &types.ConfigurationRecorder{Name: aws.String("second"), RoleARN: role}})
	wantAPIError(t, err, "MaxNumberOfConfigurationRecordersExceededException", "maximum number of configuration recorders: 1")
	recs := must(client.DescribeConfigurationRecorders(bg, &configservice.DescribeConfigurationRecordersInput{}))(t).ConfigurationRecorders
	if len(recs) != 1 || aws.ToString(recs[0].Name) != "default" || !recs[0].RecordingGroup.AllSupported ||
		recs[0].RecordingGroup.RecordingStrategy.UseOnly != types.RecordingStrategyTypeAllSupportedResourceTypes ||
		recs[0].RecordingMode.RecordingFrequency != types.RecordingFrequencyContinuous {
		t.Fatalf("recorder = %+v", recs)
	}

	_, err = client.StartConfigurationRecorder(bg, &configservice.StartConfigurationRecorderInput{ConfigurationRecorderName: aws.String("default")})
	wantAPIError(t, err, "NoAvailableDeliveryChannelException", "Delivery channel is not available to start configuration recorder.")
	must(client.PutDeliveryChannel(bg, &configservice.PutDeliveryChannelInput{DeliveryChannel: &types.DeliveryChannel{
		S3BucketName: aws.String("config-bucket"), ConfigSnapshotDeliveryProperties: &types.ConfigSnapshotDeliveryProperties{DeliveryFrequency: types.MaximumExecutionFrequencySixHours},
	}}))(t)
	must(client.StartConfigurationRecorder(bg, &configservice.StartConfigurationRecorderInput{ConfigurationRecorderName: aws.String("default")}))(t)
	st := must(client.DescribeConfigurationRecorderStatus(bg, &configservice.DescribeConfigurationRecorderStatusInput{}))(t).ConfigurationRecordersStatus
	if len(st) != 1 || !st[0].Recording || st[0].LastStatus != types.RecorderStatusSuccess || st[0].LastStartTime == nil {
		t.Fatalf("status = %+v", st)
	}
	_, err = client.DeleteDeliveryChannel(bg, &configservice.DeleteDeliveryChannelInput{DeliveryChannelName: aws.String("default")})
	wantAPIError(t, err, "LastDeliveryChannelDeleteFailedException", "running configuration recorder")
	_, err = client.StopConfigurationRecorder(bg, &configservice.StopConfigurationRecorderInput{ConfigurationRecorderName: aws.String("nope")})
	wantAPIError(t, err, "NoSuchConfigurationRecorderException", "'nope'")
	must(client.StopConfigurationRecorder(bg, &configservice.StopConfigurationRecorderInput{ConfigurationRecorderName: aws.String("default")}))(t)
	chs := must(client.DescribeDeliveryChannels(bg, &configservice.DescribeDeliveryChannelsInput{}))(t).DeliveryChannels
	if len(chs) != 1 || aws.ToString(chs[0].S3BucketName) != "config-bucket" || chs[0].ConfigSnapshotDeliveryProperties.DeliveryFrequency != types.MaximumExecutionFrequencySixHours {
		t.Fatalf("channels = %+v", chs)
	}
	must(client.DeleteDeliveryChannel(bg, &configservice.DeleteDeliveryChannelInput{DeliveryChannelName: aws.String("default")}))(t)
	must(client.DeleteConfigurationRecorder(bg, &configservice.DeleteConfigurationRecorderInput{ConfigurationRecorderName: aws.String("default")}))(t)

	// Recorders belong to a region: another region has none.
	west := configservice.NewFromConfig(s.awsConfig(s.root()), func(o *configservice.Options) {
		o.BaseEndpoint, o.Region = aws.String(s.endpoint), "eu-west-1"
	})
	must(west.PutConfigurationRecorder(bg, &configservice.PutConfigurationRecorderInput{ConfigurationRecorder: &types.ConfigurationRecorder{RoleARN: role}}))(t)
	if recs := must(client.DescribeConfigurationRecorders(bg, &configservice.DescribeConfigurationRecordersInput{}))(t).ConfigurationRecorders; len(recs) != 0 {
		t.Fatalf("us-east-1 sees eu-west-1's recorder: %+v", recs)
	}
}
