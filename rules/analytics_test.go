package rules_test

import (
	"testing"

	"conforms/rules"
)

// anxItem parses a CI of the resource type in the notification spelling,
// with the configuration and any further top-level members (",\"tags\":{}"
// for example) given as JSON.
func anxItem(t *testing.T, resourceType, resourceID, configuration, extra string) *rules.Item {
	t.Helper()
	it, err := rules.ParseItem([]byte(`{"configurationItemVersion":"1.3","awsAccountId":"111122223333","awsRegion":"us-east-1",
		"configurationItemStatus":"OK","configurationItemCaptureTime":"2026-11-20T10:00:00.000Z",
		"resourceType":"` + resourceType + `","resourceId":"` + resourceID + `","resourceName":"` + resourceID + `",
		"configuration":` + configuration + extra + `}`))
	if err != nil {
		t.Fatal(err)
	}
	return it
}

// anxEnv is an Env holding the items.
func anxEnv(items ...*rules.Item) rules.Env {
	by := map[string][]*rules.Item{}
	for _, it := range items {
		by[it.ResourceType] = append(by[it.ResourceType], it)
	}
	return rules.StaticEnv{At: testNow, ByType: by}
}

func anxNotebook(t *testing.T, extra string) *rules.Item {
	return anxItem(t, "AWS::SageMaker::NotebookInstance", "nb-1", `{"NotebookInstanceName":"nb-1","InstanceType":"ml.t3.medium",
		"RoleArn":"arn:aws:iam::111122223333:role/sm","SubnetId":"subnet-0a1","SecurityGroupIds":["sg-0a1"],"RootAccess":"Disabled","VolumeSizeInGB":5`+extra+`}`, "")
}

func TestSagemakerNotebookNoDirectInternetAccess(t *testing.T) {
	runCases(t, "SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS", []ruleCase{
		{name: "disabled", item: anxNotebook(t, `,"DirectInternetAccess":"Disabled"`), want: rules.Compliant},
		{name: "enabled", item: anxNotebook(t, `,"DirectInternetAccess":"Enabled"`), want: rules.NonCompliant},
		{name: "absent is the default, enabled", item: anxNotebook(t, ``), want: rules.NonCompliant},
	})
}

func TestSagemakerNotebookInstanceKmsKeyConfigured(t *testing.T) {
	const key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	runCases(t, "SAGEMAKER_NOTEBOOK_INSTANCE_KMS_KEY_CONFIGURED", []ruleCase{
		{name: "key ARN", item: anxNotebook(t, `,"KmsKeyId":"`+key+`"`), want: rules.Compliant},
		{name: "no key", item: anxNotebook(t, ``), want: rules.NonCompliant},
		{name: "allowed key, given as id", item: anxNotebook(t, `,"KmsKeyId":"1234abcd-12ab-34cd-56ef-1234567890ab"`),
			params: `{"kmsKeyArns":"arn:aws:kms:us-east-1:111122223333:key/other,` + key + `"}`, want: rules.Compliant},
		{name: "key not allowed", item: anxNotebook(t, `,"KmsKeyId":"`+key+`"`),
			params: `{"kmsKeyArns":"arn:aws:kms:us-east-1:111122223333:key/other"}`, want: rules.NonCompliant},
	})
}

func TestSagemakerEndpointConfigurationKmsKeyConfigured(t *testing.T) {
	const key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	ec := func(extra string) *rules.Item {
		return anxItem(t, "AWS::SageMaker::EndpointConfig", "ec-1", `{"EndpointConfigName":"ec-1",
			"ProductionVariants":[{"VariantName":"AllTraffic","ModelName":"m","InitialInstanceCount":1,"InstanceType":"ml.m5.large","InitialVariantWeight":1.0}]`+extra+`}`, "")
	}
	runCases(t, "SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED", []ruleCase{
		{name: "key", item: ec(`,"KmsKeyId":"` + key + `"`), want: rules.Compliant},
		{name: "no key", item: ec(``), want: rules.NonCompliant},
		{name: "allowed key", item: ec(`,"KmsKeyId":"` + key + `"`), params: `{"kmsKeyArns":"` + key + `"}`, want: rules.Compliant},
		{name: "key not allowed", item: ec(`,"KmsKeyId":"` + key + `"`), params: `{"kmsKeyArns":"arn:aws:kms:us-east-1:111122223333:key/other"}`, want: rules.NonCompliant},
	})
}

func TestDmsReplicationNotPublic(t *testing.T) {
	ri := func(public string) *rules.Item {
		return anxItem(t, "AWS::DMS::ReplicationInstance", "dms-1", `{"ReplicationInstanceIdentifier":"dms-1","ReplicationInstanceClass":"dms.t3.medium",
			"AllocatedStorage":50,"EngineVersion":"3.5.1","MultiAZ":false,"AutoMinorVersionUpgrade":true,"PubliclyAccessible":`+public+`}`, "")
	}
	runCases(t, "DMS_REPLICATION_NOT_PUBLIC", []ruleCase{
		{name: "private", item: ri("false"), want: rules.Compliant},
		{name: "public", item: ri("true"), want: rules.NonCompliant},
	})
}

// anxCluster is an EMR cluster item in DescribeCluster's shape.
func anxCluster(t *testing.T, state, extra string) *rules.Item {
	return anxItem(t, "AWS::EMR::Cluster", "j-2AXXXXXXGAPLF", `{"Id":"j-2AXXXXXXGAPLF","Name":"analytics","Status":{"State":"`+state+`"},
		"Ec2InstanceAttributes":{"Ec2SubnetId":"subnet-0a1","Ec2AvailabilityZone":"us-east-1a"},"ReleaseLabel":"emr-6.15.0"`+extra+`}`, "")
}

// anxEMRInstance is an EC2 instance of the EMR cluster, in the given role.
func anxEMRInstance(t *testing.T, id, role, publicIP string) *rules.Item {
	pub := ""
	if publicIP != "" {
		pub = `,"publicIpAddress":"` + publicIP + `"`
	}
	return anxItem(t, "AWS::EC2::Instance", id, `{"instanceId":"`+id+`","state":{"code":16,"name":"running"},"privateIpAddress":"10.0.1.10",
		"subnetId":"subnet-0a1","tags":[{"key":"aws:elasticmapreduce:job-flow-id","value":"j-2AXXXXXXGAPLF"},
		{"key":"aws:elasticmapreduce:instance-group-role","value":"`+role+`"}]`+pub+`}`,
		`,"tags":{"aws:elasticmapreduce:job-flow-id":"j-2AXXXXXXGAPLF","aws:elasticmapreduce:instance-group-role":"`+role+`"}`)
}

func TestEmrMasterNoPublicIp(t *testing.T) {
	private := anxEMRInstance(t, "i-0master", "MASTER", "")
	public := anxEMRInstance(t, "i-0master", "MASTER", "54.1.2.3")
	core := anxEMRInstance(t, "i-0core", "CORE", "54.1.2.4")
	runCases(t, "EMR_MASTER_NO_PUBLIC_IP", []ruleCase{
		{name: "master without public IP", item: anxCluster(t, "WAITING", ""), env: anxEnv(private, core), want: rules.Compliant},
		{name: "master with public IP", item: anxCluster(t, "RUNNING", ""), env: anxEnv(public), want: rules.NonCompliant},
		{name: "terminated cluster", item: anxCluster(t, "TERMINATED", ""), env: anxEnv(public), want: rules.NotApplicable},
		{name: "no instance recorded, public DNS name", item: anxCluster(t, "RUNNING", `,"MasterPublicDnsName":"ec2-54-1-2-3.compute-1.amazonaws.com"`),
			want: rules.NonCompliant},
		{name: "no instance recorded, private DNS name", item: anxCluster(t, "RUNNING", `,"MasterPublicDnsName":"ip-10-0-1-10.ec2.internal"`),
			want: rules.Compliant},
		{name: "the master instance itself, public", item: public, want: rules.NonCompliant},
		{name: "the master instance itself, private", item: private, want: rules.Compliant},
		{name: "a core instance", item: core, want: rules.NotApplicable},
	})
}

func TestEmrKerberosEnabled(t *testing.T) {
	sc := anxItem(t, "AWS::EMR::SecurityConfiguration", "kerberos-sc", `{"Name":"kerberos-sc",
		"SecurityConfiguration":"{\"AuthenticationConfiguration\":{\"KerberosConfiguration\":{\"Provider\":\"ClusterDedicatedKdc\",\"ClusterDedicatedKdcConfiguration\":{\"TicketLifetimeInHours\":24,\"CrossRealmTrustConfiguration\":{\"Realm\":\"AD.EXAMPLE.COM\",\"Domain\":\"ad.example.com\",\"AdminServer\":\"ad.example.com\",\"KdcServer\":\"ad.example.com\"}}}}}"}`, "")
	plain := anxItem(t, "AWS::EMR::SecurityConfiguration", "tls-sc", `{"Name":"tls-sc",
		"SecurityConfiguration":{"EncryptionConfiguration":{"EnableInTransitEncryption":true,"EnableAtRestEncryption":false}}}`, "")
	env := anxEnv(sc, plain)
	runCases(t, "EMR_KERBEROS_ENABLED", []ruleCase{
		{name: "kerberos", item: anxCluster(t, "WAITING", `,"SecurityConfiguration":"kerberos-sc"`), env: env, want: rules.Compliant},
		{name: "no security configuration", item: anxCluster(t, "WAITING", ``), env: env, want: rules.NonCompliant},
		{name: "security configuration without kerberos", item: anxCluster(t, "WAITING", `,"SecurityConfiguration":"tls-sc"`), env: env, want: rules.NonCompliant},
		{name: "parameters match", item: anxCluster(t, "RUNNING", `,"SecurityConfiguration":"kerberos-sc"`), env: env,
			params: `{"TicketLifetimeInHours":"24","Realm":"AD.EXAMPLE.COM","Domain":"ad.example.com","KdcServer":"ad.example.com"}`, want: rules.Compliant},
		{name: "ticket lifetime differs", item: anxCluster(t, "RUNNING", `,"SecurityConfiguration":"kerberos-sc"`), env: env,
			params: `{"TicketLifetimeInHours":"12"}`, want: rules.NonCompliant},
		{name: "realm differs", item: anxCluster(t, "RUNNING", `,"SecurityConfiguration":"kerberos-sc"`), env: env,
			params: `{"Realm":"OTHER.EXAMPLE.COM"}`, want: rules.NonCompliant},
		{name: "security configuration not recorded, kerberos attributes", item: anxCluster(t, "RUNNING",
			`,"SecurityConfiguration":"kerberos-sc","KerberosAttributes":{"Realm":"EC2.INTERNAL"}`), want: rules.Compliant},
		{name: "terminated", item: anxCluster(t, "TERMINATED", ``), env: env, want: rules.NotApplicable},
	})
}

func TestElasticsearchEncryptedAtRest(t *testing.T) {
	const domain = "rdk-example-ci/AWS_ElasticSearch_Domain.json"
	runCases(t, "ELASTICSEARCH_ENCRYPTED_AT_REST", []ruleCase{
		{name: "encrypted", item: corpusItem(t, domain, nil), want: rules.Compliant},
		{name: "not encrypted", item: corpusItem(t, domain, set("configuration.encryptionAtRestOptions", map[string]any{"enabled": false})), want: rules.NonCompliant},
	})
}

func TestElasticsearchNodeToNodeEncryptionCheck(t *testing.T) {
	const domain = "rdk-example-ci/AWS_ElasticSearch_Domain.json"
	runCases(t, "ELASTICSEARCH_NODE_TO_NODE_ENCRYPTION_CHECK", []ruleCase{
		{name: "enabled", item: corpusItem(t, domain, nil), want: rules.Compliant},
		{name: "disabled", item: corpusItem(t, domain, set("configuration.nodeToNodeEncryptionOptions.enabled", false)), want: rules.NonCompliant},
	})
}

func TestElasticsearchInVpcOnly(t *testing.T) {
	const domain = "rdk-example-ci/AWS_ElasticSearch_Domain.json"
	public := func(ci map[string]any) {
		delete(ci["configuration"].(map[string]any), "vpcoptions")
		set("configuration.endpoint", "search-test-abc123.us-east-2.es.amazonaws.com")(ci)
	}
	runCases(t, "ELASTICSEARCH_IN_VPC_ONLY", []ruleCase{
		{name: "in a VPC", item: corpusItem(t, domain, nil), want: rules.Compliant},
		{name: "public endpoint", item: corpusItem(t, domain, public), want: rules.NonCompliant},
	})
}

func TestElasticsearchLogsToCloudwatch(t *testing.T) {
	const domain = "rdk-example-ci/AWS_ElasticSearch_Domain.json"
	group := "arn:aws:logs:us-east-2:123456789012:log-group:/aws/es/test"
	logs := func(types ...string) func(map[string]any) {
		opts := map[string]any{}
		for _, t := range types {
			opts[t] = map[string]any{"enabled": true, "cloudWatchLogsLogGroupArn": group}
		}
		return set("configuration.logPublishingOptions", opts)
	}
	runCases(t, "ELASTICSEARCH_LOGS_TO_CLOUDWATCH", []ruleCase{
		{name: "application logs", item: corpusItem(t, domain, logs("ES_APPLICATION_LOGS")), want: rules.Compliant},
		{name: "no logs", item: corpusItem(t, domain, nil), want: rules.NonCompliant},
		{name: "log disabled", item: corpusItem(t, domain, set("configuration.logPublishingOptions",
			map[string]any{"SEARCH_SLOW_LOGS": map[string]any{"enabled": false, "cloudWatchLogsLogGroupArn": group}})), want: rules.NonCompliant},
		{name: "all wanted types", item: corpusItem(t, domain, logs("SEARCH_SLOW_LOGS", "INDEX_SLOW_LOGS", "ES_APPLICATION_LOGS")),
			params: `{"logTypes":"search, index, error"}`, want: rules.Compliant},
		{name: "a wanted type missing", item: corpusItem(t, domain, logs("SEARCH_SLOW_LOGS", "ES_APPLICATION_LOGS")),
			params: `{"logTypes":"search,index"}`, want: rules.NonCompliant},
	})
}

func TestOpensearchNodeToNodeEncryptionCheck(t *testing.T) {
	const domain = "rdk-example-ci/AWS_OpenSearch_Domain.json"
	runCases(t, "OPENSEARCH_NODE_TO_NODE_ENCRYPTION_CHECK", []ruleCase{
		{name: "enabled", item: corpusItem(t, domain, nil), want: rules.Compliant},
		{name: "disabled", item: corpusItem(t, domain, set("configuration.NodeToNodeEncryptionOptions.Enabled", false)), want: rules.NonCompliant},
	})
}

func TestOpensearchEncryptedAtRest(t *testing.T) {
	const domain = "rdk-example-ci/AWS_OpenSearch_Domain.json"
	runCases(t, "OPENSEARCH_ENCRYPTED_AT_REST", []ruleCase{
		{name: "encrypted", item: corpusItem(t, domain, nil), want: rules.Compliant},
		{name: "not encrypted", item: corpusItem(t, domain, set("configuration.EncryptionAtRestOptions", map[string]any{"Enabled": false})), want: rules.NonCompliant},
	})
}

func TestOpensearchInVpcOnly(t *testing.T) {
	const domain = "rdk-example-ci/AWS_OpenSearch_Domain.json"
	public := func(ci map[string]any) {
		delete(ci["configuration"].(map[string]any), "VPCOptions")
		set("configuration.DomainEndpoint", "search-test-abc123.us-east-2.es.amazonaws.com")(ci)
	}
	runCases(t, "OPENSEARCH_IN_VPC_ONLY", []ruleCase{
		{name: "in a VPC", item: corpusItem(t, domain, nil), want: rules.Compliant},
		{name: "public endpoint", item: corpusItem(t, domain, public), want: rules.NonCompliant},
		{name: "empty VPC options", item: corpusItem(t, domain, set("configuration.VPCOptions", map[string]any{"SubnetIds": []any{}})), want: rules.NonCompliant},
	})
}

func TestOpensearchLogsToCloudwatch(t *testing.T) {
	const domain = "rdk-example-ci/AWS_OpenSearch_Domain.json"
	group := "arn:aws:logs:us-east-2:123456789012:log-group:/aws/opensearch/test"
	logs := func(types ...string) func(map[string]any) {
		opts := map[string]any{}
		for _, t := range types {
			opts[t] = map[string]any{"Enabled": true, "CloudWatchLogsLogGroupArn": group}
		}
		return set("configuration.LogPublishingOptions", opts)
	}
	runCases(t, "OPENSEARCH_LOGS_TO_CLOUDWATCH", []ruleCase{
		{name: "slow search logs", item: corpusItem(t, domain, logs("SEARCH_SLOW_LOGS")), want: rules.Compliant},
		{name: "no logs (LogPublishingOptions {})", item: corpusItem(t, domain, nil), want: rules.NonCompliant},
		{name: "wanted error logs", item: corpusItem(t, domain, logs("ES_APPLICATION_LOGS")), params: `{"logTypes":"error"}`, want: rules.Compliant},
		{name: "wanted index logs missing", item: corpusItem(t, domain, logs("ES_APPLICATION_LOGS")), params: `{"logTypes":"error,index"}`, want: rules.NonCompliant},
	})
	r, _ := rules.Lookup("OPENSEARCH_LOGS_TO_CLOUDWATCH")
	if _, err := r.Evaluate(corpusItem(t, domain, nil), rules.Params{"logTypes": "slow"}, rules.StaticEnv{At: testNow}); err == nil {
		t.Error("logTypes slow accepted")
	}
}

func TestElasticBeanstalkManagedUpdatesEnabled(t *testing.T) {
	env := func(supp string) *rules.Item {
		return anxItem(t, "AWS::ElasticBeanstalk::Environment", "e-abcdef1234", `{"environmentName":"web-prod","environmentId":"e-abcdef1234",
			"applicationName":"web","solutionStackName":"64bit Amazon Linux 2023 v6.1.0 running Node.js 20","status":"Ready",
			"tier":{"name":"WebServer","type":"Standard","version":"1.0"}}`, supp)
	}
	settings := func(enabled, level string) string {
		return `,"supplementaryConfiguration":{"ConfigurationSettings":[{"ApplicationName":"web","EnvironmentName":"web-prod","OptionSettings":[
			{"Namespace":"aws:elasticbeanstalk:managedactions","OptionName":"ManagedActionsEnabled","Value":"` + enabled + `"},
			{"Namespace":"aws:elasticbeanstalk:managedactions","OptionName":"PreferredStartTime","Value":"Sun:10:00"},
			{"Namespace":"aws:elasticbeanstalk:managedactions:platformupdate","OptionName":"UpdateLevel","Value":"` + level + `"}]}]}`
	}
	runCases(t, "ELASTIC_BEANSTALK_MANAGED_UPDATES_ENABLED", []ruleCase{
		{name: "enabled", item: env(settings("true", "minor")), want: rules.Compliant},
		{name: "disabled", item: env(settings("false", "minor")), want: rules.NonCompliant},
		{name: "wanted level", item: env(settings("true", "patch")), params: `{"UpdateLevel":"patch"}`, want: rules.Compliant},
		{name: "other level", item: env(settings("true", "patch")), params: `{"UpdateLevel":"minor"}`, want: rules.NonCompliant},
		{name: "settings unknown", item: env(""), want: rules.NotApplicable},
	})
}

func TestEcsTaskDefinitionUserForHostModeCheck(t *testing.T) {
	td := func(rev, status, mode, containers string) *rules.Item {
		return anxItem(t, "AWS::ECS::TaskDefinition", "web:"+rev, `{"Family":"web","Status":"`+status+`","NetworkMode":"`+mode+`",
			"TaskDefinitionArn":"arn:aws:ecs:us-east-1:111122223333:task-definition/web:`+rev+`","RequiresCompatibilities":["EC2"],
			"ContainerDefinitions":[`+containers+`]}`, "")
	}
	const root = `{"Name":"app","Image":"nginx:1.25","Essential":true}`
	const nonroot = `{"Name":"app","Image":"nginx:1.25","Essential":true,"User":"1000:1000"}`
	const privileged = `{"Name":"agent","Image":"agent:1","Privileged":true,"User":"root"}`
	latest := td("3", "ACTIVE", "host", nonroot)
	runCases(t, "ECS_TASK_DEFINITION_USER_FOR_HOST_MODE_CHECK", []ruleCase{
		{name: "host mode, non-root user", item: td("3", "ACTIVE", "host", nonroot), want: rules.Compliant},
		{name: "host mode, privileged", item: td("3", "ACTIVE", "host", privileged), want: rules.Compliant},
		{name: "host mode, root", item: td("3", "ACTIVE", "host", root), want: rules.NonCompliant},
		{name: "host mode, uid 0", item: td("3", "ACTIVE", "host", `{"Name":"app","Image":"x","User":"0"}`), want: rules.NonCompliant},
		{name: "awsvpc mode, root", item: td("3", "ACTIVE", "awsvpc", root), want: rules.Compliant},
		{name: "an older revision", item: td("2", "ACTIVE", "host", root), env: anxEnv(latest), want: rules.NotApplicable},
		{name: "inactive, skipped", item: td("1", "INACTIVE", "host", root), params: `{"SkipInactiveTaskDefinitions":"true"}`, want: rules.NotApplicable},
		{name: "inactive, not skipped", item: td("1", "INACTIVE", "host", root), params: `{"SkipInactiveTaskDefinitions":"false"}`, env: anxEnv(latest), want: rules.NonCompliant},
	})
}
