package rules_test

import (
	"testing"

	"conforms/rules"
)

const (
	netxInstance = "rdk-example-ci/AWS_EC2_Instance.json"
	netxVolume   = "rdk-example-ci/AWS_EC2_Volume.json"
)

// netxPrivateInstance is the corpus instance without its public address.
func netxPrivateInstance(t *testing.T) *rules.Item {
	t.Helper()
	return corpusItem(t, netxInstance, func(ci map[string]any) {
		c := ci["configuration"].(map[string]any)
		delete(c, "publicIpAddress")
		c["publicDnsName"] = ""
		for _, ni := range c["networkInterfaces"].([]any) {
			delete(ni.(map[string]any), "association")
			for _, pa := range ni.(map[string]any)["privateIpAddresses"].([]any) {
				delete(pa.(map[string]any), "association")
			}
		}
	})
}

func TestEbsSnapshotPublicRestorableCheck(t *testing.T) {
	runCases(t, "EBS_SNAPSHOT_PUBLIC_RESTORABLE_CHECK", []ruleCase{
		{name: "no public snapshot", item: accountItem(t, `{"ebsPublicSnapshots":[]}`), want: rules.Compliant},
		{name: "a public snapshot", item: accountItem(t, `{"ebsPublicSnapshots":["snap-0123456789abcdef0"]}`), want: rules.NonCompliant},
		{name: "not described", item: accountItem(t, `{"ebsEncryptionByDefault":true}`), want: rules.NotApplicable},
	})
}

func TestEc2InstanceNoPublicIp(t *testing.T) {
	runCases(t, "EC2_INSTANCE_NO_PUBLIC_IP", []ruleCase{
		{name: "corpus instance: public IP", item: corpusItem(t, netxInstance, nil), want: rules.NonCompliant},
		{name: "private only", item: netxPrivateInstance(t), want: rules.Compliant},
		{name: "public IP on an interface only", item: corpusItem(t, netxInstance, set("configuration.publicIpAddress", nil)), want: rules.NonCompliant},
	})
}

func TestInstancesInVpc(t *testing.T) {
	runCases(t, "INSTANCES_IN_VPC", []ruleCase{
		{name: "in a VPC", item: corpusItem(t, netxInstance, nil), want: rules.Compliant},
		{name: "in the wanted VPC", item: corpusItem(t, netxInstance, nil), params: `{"vpcId":"vpc-79b3ea1e"}`, want: rules.Compliant},
		{name: "in another VPC", item: corpusItem(t, netxInstance, nil), params: `{"vpcId":"vpc-0990dc6d"}`, want: rules.NonCompliant},
		{name: "EC2-Classic", item: corpusItem(t, netxInstance, edits(set("configuration.vpcId", nil), set("configuration.subnetId", nil))), want: rules.NonCompliant},
	})
}

func TestEc2InstanceProfileAttached(t *testing.T) {
	const profile = "arn:aws:iam::681361479661:instance-profile/ssm-instance"
	withProfile := corpusItem(t, netxInstance, set("configuration.iamInstanceProfile", map[string]any{"arn": profile, "id": "AIPAJQ7AAAAAAAAAAAAAA"}))
	runCases(t, "EC2_INSTANCE_PROFILE_ATTACHED", []ruleCase{
		{name: "no profile", item: corpusItem(t, netxInstance, nil), want: rules.NonCompliant},
		{name: "a profile", item: withProfile, want: rules.Compliant},
		{name: "an allowed profile", item: withProfile, params: `{"IamInstanceProfileArnList":"arn:aws:iam::681361479661:instance-profile/other,` + profile + `"}`, want: rules.Compliant},
		{name: "a profile not allowed", item: withProfile, params: `{"IamInstanceProfileArnList":"arn:aws:iam::681361479661:instance-profile/other"}`, want: rules.NonCompliant},
	})
}

func TestAutoscalingLaunchConfigPublicIpDisabled(t *testing.T) {
	lc := func(public string) *rules.Item {
		return netxItem(t, `{"configurationItemVersion":"1.3","awsAccountId":"264683526309","configurationItemStatus":"OK",
			"resourceType":"AWS::AutoScaling::LaunchConfiguration","resourceId":"web-lc","resourceName":"web-lc","awsRegion":"us-east-1",
			"ARN":"arn:aws:autoscaling:us-east-1:264683526309:launchConfiguration:7f6c1d3e-1111-2222-3333-444455556666:launchConfigurationName/web-lc",
			"configuration":{"launchConfigurationName":"web-lc","imageId":"ami-22ce4934","instanceType":"t3.micro","securityGroups":["sg-2ed0d557"],
			"instanceMonitoring":{"enabled":true},"ebsOptimized":false`+public+`,
			"metadataOptions":{"httpTokens":"required","httpPutResponseHopLimit":1,"httpEndpoint":"enabled"}}}`)
	}
	runCases(t, "AUTOSCALING_LAUNCH_CONFIG_PUBLIC_IP_DISABLED", []ruleCase{
		{name: "public IPs", item: lc(`,"associatePublicIpAddress":true`), want: rules.NonCompliant},
		{name: "no public IPs", item: lc(`,"associatePublicIpAddress":false`), want: rules.Compliant},
		{name: "left to the subnet", item: lc(``), want: rules.Compliant},
	})
}

func TestEc2VolumeInuseCheck(t *testing.T) {
	instance := func(state string) rules.Env {
		it := corpusItem(t, netxInstance, edits(set("resourceId", "i-29e75b19"), set("configuration.instanceId", "i-29e75b19"),
			set("configuration.state", map[string]any{"code": 48, "name": state})))
		return rules.StaticEnv{At: testNow, ByType: map[string][]*rules.Item{"AWS::EC2::Instance": {it}}}
	}
	detached := corpusItem(t, netxVolume, edits(set("configuration.state", "available"), set("configuration.attachments", []any{})))
	keep := corpusItem(t, netxVolume, func(ci map[string]any) {
		ci["configuration"].(map[string]any)["attachments"].([]any)[0].(map[string]any)["deleteOnTermination"] = false
	})
	runCases(t, "EC2_VOLUME_INUSE_CHECK", []ruleCase{
		{name: "attached", item: corpusItem(t, netxVolume, nil), want: rules.Compliant},
		{name: "attached to a stopped instance", item: corpusItem(t, netxVolume, nil), env: instance("stopped"), want: rules.Compliant},
		{name: "attached to a terminated instance", item: corpusItem(t, netxVolume, nil), env: instance("terminated"), want: rules.NonCompliant},
		{name: "not attached", item: detached, want: rules.NonCompliant},
		{name: "deleted on termination", item: corpusItem(t, netxVolume, nil), params: `{"deleteOnTermination":"true"}`, want: rules.Compliant},
		{name: "kept on termination", item: keep, params: `{"deleteOnTermination":"TRUE"}`, want: rules.NonCompliant},
		{name: "kept on termination, not asked", item: keep, params: `{"deleteOnTermination":"false"}`, want: rules.Compliant},
	})
}

func TestEc2StoppedInstance(t *testing.T) {
	stopped := func(reason string) *rules.Item {
		return corpusItem(t, netxInstance, edits(set("configuration.state", map[string]any{"code": 80, "name": "stopped"}),
			set("configuration.stateTransitionReason", reason)))
	}
	runCases(t, "EC2_STOPPED_INSTANCE", []ruleCase{
		{name: "running", item: corpusItem(t, netxInstance, nil), want: rules.Compliant},
		{name: "stopped 10 days ago", item: stopped("User initiated (2026-11-14 09:30:00 GMT)"), want: rules.Compliant},
		{name: "stopped 40 days ago", item: stopped("User initiated (2026-10-15 09:30:00 GMT)"), want: rules.NonCompliant},
		{name: "stopped 10 days ago, 7 allowed", item: stopped("User initiated (2026-11-14 09:30:00 GMT)"), params: `{"AllowedDays":"7"}`, want: rules.NonCompliant},
		{name: "stopped, time unknown", item: stopped(""), want: rules.NonCompliant},
	})
}

func TestEc2Imdsv2Check(t *testing.T) {
	runCases(t, "EC2_IMDSV2_CHECK", []ruleCase{
		{name: "corpus instance: tokens optional", item: corpusItem(t, netxInstance, nil), want: rules.NonCompliant},
		{name: "tokens required", item: corpusItem(t, netxInstance, set("configuration.metadataOptions.httpTokens", "required")), want: rules.Compliant},
		{name: "no metadata options recorded", item: corpusItem(t, netxInstance, set("configuration.metadataOptions", nil)), want: rules.NonCompliant},
	})
}
