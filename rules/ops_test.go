package rules_test

import (
	"encoding/json"
	"testing"

	"conforms/rules"
)

// opsxItem parses a CI written in the test (notification spelling), after
// edit changes it.
func opsxItem(t *testing.T, ci string, edit func(map[string]any)) *rules.Item {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(ci), &m); err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(m)
	}
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	it, err := rules.ParseItem(data)
	if err != nil {
		t.Fatal(err)
	}
	return it
}

// opsxLambdaCI is the RDK sample function (rdk-example-ci/AWS_LAMBDA_FUNCTION.json,
// a list there) as one CI.
const opsxLambdaCI = `{
  "version": "1.3", "accountId": "823362693882", "configurationItemCaptureTime": "2018-05-11T17:53:48.872Z",
  "configurationItemStatus": "OK", "configurationStateId": "1526061228872",
  "arn": "arn:aws:lambda:us-east-1:823362693882:function:test-function", "resourceType": "AWS::Lambda::Function",
  "resourceId": "test-function", "resourceName": "test-function", "awsRegion": "us-east-1", "availabilityZone": "Not Applicable",
  "tags": {"test": "value"},
  "relationships": [
    {"resourceType": "AWS::IAM::Role", "resourceName": "lambda_basic_execution", "relationshipName": "Is associated with "},
    {"resourceType": "AWS::EC2::Subnet", "resourceId": "subnet-23deb22f", "relationshipName": "Is contained in "},
    {"resourceType": "AWS::EC2::Subnet", "resourceId": "subnet-8dee48a7", "relationshipName": "Is contained in "}
  ],
  "configuration": {
    "functionName": "test-function", "functionArn": "arn:aws:lambda:us-east-1:823362693882:function:test-function",
    "runtime": "nodejs6.10", "role": "arn:aws:iam::823362693882:role/lambda_basic_execution", "handler": "index.handler",
    "codeSize": 216, "timeout": 3, "memorySize": 128, "version": "$LATEST",
    "vpcConfig": {"subnetIds": ["subnet-8dee48a7", "subnet-23deb22f"], "securityGroupIds": ["sg-e463c89c"]},
    "tracingConfig": {"mode": "PassThrough"}
  },
  "supplementaryConfiguration": {"Tags": {"test": "value"}}
}`

// opsxLambdaPolicy returns an edit giving the function a resource policy of
// one statement, as JSON text (as Config records it).
func opsxLambdaPolicy(stmt string) func(map[string]any) {
	return set("supplementaryConfiguration.Policy", `{"Version":"2012-10-17","Id":"default","Statement":[`+stmt+`]}`)
}

func TestLambdaFunctionPublicAccessProhibited(t *testing.T) {
	const fn = `"Resource":"arn:aws:lambda:us-east-1:823362693882:function:test-function","Action":"lambda:InvokeFunction"`
	lambda := func(stmt string) *rules.Item { return opsxItem(t, opsxLambdaCI, opsxLambdaPolicy(stmt)) }
	runCases(t, "LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED", []ruleCase{
		{name: "no policy", item: opsxItem(t, opsxLambdaCI, nil), want: rules.Compliant},
		{name: "another account", item: lambda(`{"Sid":"x","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},` + fn + `}`), want: rules.Compliant},
		{name: "everyone", item: lambda(`{"Sid":"x","Effect":"Allow","Principal":"*",` + fn + `}`), want: rules.NonCompliant},
		{name: "AWS wildcard", item: lambda(`{"Sid":"x","Effect":"Allow","Principal":{"AWS":["*"]},` + fn + `}`), want: rules.NonCompliant},
		{name: "everyone from one account", item: lambda(`{"Sid":"x","Effect":"Allow","Principal":"*",` + fn +
			`,"Condition":{"StringEquals":{"AWS:SourceAccount":"823362693882"}}}`), want: rules.Compliant},
		{name: "everyone, wildcard condition", item: lambda(`{"Sid":"x","Effect":"Allow","Principal":"*",` + fn +
			`,"Condition":{"StringLike":{"AWS:SourceArn":"arn:aws:execute-api:*"}}}`), want: rules.NonCompliant},
		{name: "S3 without SourceAccount", item: lambda(`{"Sid":"s3","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},` + fn +
			`,"Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::my-bucket"}}}`), want: rules.NonCompliant},
		{name: "S3 with SourceAccount", item: lambda(`{"Sid":"s3","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},` + fn +
			`,"Condition":{"StringEquals":{"AWS:SourceAccount":"823362693882"},"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::my-bucket"}}}`), want: rules.Compliant},
		{name: "API Gateway service", item: lambda(`{"Sid":"apigw","Effect":"Allow","Principal":{"Service":"apigateway.amazonaws.com"},` + fn +
			`,"Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:execute-api:us-east-1:823362693882:abc/*"}}}`), want: rules.Compliant},
	})
}

func TestLambdaInsideVpc(t *testing.T) {
	runCases(t, "LAMBDA_INSIDE_VPC", []ruleCase{
		{name: "in a VPC", item: opsxItem(t, opsxLambdaCI, nil), want: rules.Compliant},
		{name: "no VPC", item: opsxItem(t, opsxLambdaCI, set("configuration.vpcConfig", map[string]any{"subnetIds": []any{}, "securityGroupIds": []any{}})),
			want: rules.NonCompliant},
		{name: "no vpcConfig", item: opsxItem(t, opsxLambdaCI, func(ci map[string]any) { delete(ci["configuration"].(map[string]any), "vpcConfig") }),
			want: rules.NonCompliant},
		{name: "in the wanted subnets", item: opsxItem(t, opsxLambdaCI, nil), params: `{"subnetIds":"subnet-23deb22f, subnet-8dee48a7,subnet-1"}`, want: rules.Compliant},
		{name: "one subnet not wanted", item: opsxItem(t, opsxLambdaCI, nil), params: `{"subnetIds":"subnet-23deb22f"}`, want: rules.NonCompliant},
	})
}

// opsxComplianceCI is an SSM compliance CI of the given type with the
// ComplianceItem content of the kind given as JSON.
func opsxComplianceCI(t *testing.T, typ, kind, content string) *rules.Item {
	t.Helper()
	return opsxItem(t, `{"configurationItemVersion":"1.3","awsAccountId":"123456789012","configurationItemCaptureTime":"2026-11-20T10:00:00.000Z",
		"configurationItemStatus":"OK","resourceType":"`+typ+`","resourceId":"AWS::SSM::ManagedInstanceInventory/i-0123456789abcdef0",
		"awsRegion":"us-east-1","availabilityZone":"Regional","relationships":[{"resourceType":"AWS::SSM::ManagedInstanceInventory",
		"resourceId":"i-0123456789abcdef0","name":"Is associated with ManagedInstanceInventory"}],
		"configuration":{"AWS:ComplianceItem":{"SchemaVersion":"1.0","ComplianceType":"`+kind+`","CaptureTime":"2026-11-20T10:00:00Z",
		"Content":{"`+kind+`":`+content+`}}},"supplementaryConfiguration":{}}`, nil)
}

func TestEc2ManagedinstanceAssociationComplianceStatusCheck(t *testing.T) {
	const typ = "AWS::SSM::AssociationCompliance"
	entry := func(status string) string {
		return `{"Status":"` + status + `","Severity":"UNSPECIFIED","ExecutionId":"e-1","ExecutionType":"Command","ExecutionTime":"2026-11-20T09:59:00Z",
			"DocumentName":"AWS-GatherSoftwareInventory","DocumentVersion":"1"}`
	}
	runCases(t, "EC2_MANAGEDINSTANCE_ASSOCIATION_COMPLIANCE_STATUS_CHECK", []ruleCase{
		{name: "compliant", item: opsxComplianceCI(t, typ, "Association", `{"3d2f-assoc":`+entry("COMPLIANT")+`}`), want: rules.Compliant},
		{name: "one failed", item: opsxComplianceCI(t, typ, "Association", `{"3d2f-assoc":`+entry("COMPLIANT")+`,"9a1c-assoc":`+entry("NON_COMPLIANT")+`}`),
			want: rules.NonCompliant},
		{name: "none recorded", item: opsxComplianceCI(t, typ, "Association", `{}`), want: rules.NotApplicable},
	})
}

func TestEc2ManagedinstancePatchComplianceStatusCheck(t *testing.T) {
	const typ = "AWS::SSM::PatchCompliance"
	summary := func(status string) string {
		return `"ComplianceSummary":{"Status":"` + status + `","PatchBaselineId":"pb-0c10e65780EXAMPLE","OverallSeverity":"UNSPECIFIED","ExecutionType":"Command"}`
	}
	patch := func(status string) string {
		return `"KB4486153":{"Id":"KB4486153","Title":"Update","Status":"` + status + `","Severity":"Critical","Classification":"SecurityUpdates","PatchState":"Installed"}`
	}
	runCases(t, "EC2_MANAGEDINSTANCE_PATCH_COMPLIANCE_STATUS_CHECK", []ruleCase{
		{name: "compliant", item: opsxComplianceCI(t, typ, "Patch", `{`+summary("COMPLIANT")+`,`+patch("COMPLIANT")+`}`), want: rules.Compliant},
		{name: "summary non-compliant", item: opsxComplianceCI(t, typ, "Patch", `{`+summary("NON_COMPLIANT")+`}`), want: rules.NonCompliant},
		{name: "a missing patch", item: opsxComplianceCI(t, typ, "Patch", `{`+patch("NON_COMPLIANT")+`}`), want: rules.NonCompliant},
		{name: "no patch data", item: opsxComplianceCI(t, typ, "Patch", `{}`), want: rules.NotApplicable},
	})
}

// opsxInventory is a managed instance inventory CI for the instance, with
// the agent status given.
func opsxInventory(t *testing.T, instanceID, status string) *rules.Item {
	t.Helper()
	return opsxItem(t, `{"configurationItemVersion":"1.3","awsAccountId":"681361479661","configurationItemCaptureTime":"2026-11-20T10:00:00.000Z",
		"configurationItemStatus":"OK","resourceType":"AWS::SSM::ManagedInstanceInventory","resourceId":"`+instanceID+`","awsRegion":"us-east-1",
		"relationships":[{"resourceType":"AWS::EC2::Instance","resourceId":"`+instanceID+`","name":"Is associated with Instance"}],
		"configuration":{"AWS:InstanceInformation":{"SchemaVersion":"1.0","TypeName":"AWS:InstanceInformation","CaptureTime":"2026-11-20T10:00:00Z",
		"Content":{"`+instanceID+`":{"AgentType":"amazon-ssm-agent","AgentVersion":"3.3.0.0","ComputerName":"ip-172-31-74-239.ec2.internal",
		"InstanceId":"`+instanceID+`","InstanceStatus":"`+status+`","IpAddress":"172.31.74.239","PlatformName":"Amazon Linux","PlatformType":"Linux",
		"PlatformVersion":"2","ResourceType":"EC2Instance"}}}},"supplementaryConfiguration":{"instanceStatus":"`+status+`"}}`, nil)
}

func TestEc2InstanceManagedBySsm(t *testing.T) {
	const instance = "rdk-example-ci/AWS_EC2_Instance.json"
	const id = "i-03402838daac1d611"
	env := func(items ...*rules.Item) rules.Env {
		by := map[string][]*rules.Item{}
		for _, it := range items {
			by[it.ResourceType] = append(by[it.ResourceType], it)
		}
		return rules.StaticEnv{At: testNow, ByType: by}
	}
	stopped := corpusItem(t, instance, set("configuration.state", map[string]any{"code": 80, "name": "stopped"}))
	runCases(t, "EC2_INSTANCE_MANAGED_BY_SSM", []ruleCase{
		{name: "running, agent active", item: corpusItem(t, instance, nil), env: env(opsxInventory(t, id, "Active")), want: rules.Compliant},
		{name: "running, no inventory", item: corpusItem(t, instance, nil), env: env(opsxInventory(t, "i-other", "Active")), want: rules.NonCompliant},
		{name: "running, agent stopped", item: corpusItem(t, instance, nil), env: env(opsxInventory(t, id, "Stopped")), want: rules.NonCompliant},
		{name: "stopped instance", item: stopped, want: rules.NotApplicable},
		{name: "inventory, agent active", item: opsxInventory(t, id, "Active"), env: env(corpusItem(t, instance, nil)), want: rules.Compliant},
		{name: "inventory, agent terminated", item: opsxInventory(t, id, "Terminated"), env: env(corpusItem(t, instance, nil)), want: rules.NonCompliant},
		{name: "inventory, instance stopped", item: opsxInventory(t, id, "Active"), env: env(stopped), want: rules.NotApplicable},
	})
}

func TestSnsEncryptedKms(t *testing.T) {
	const topic = "rdk-example-ci/AWS_SNS_Topic.json"
	keyARN := "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	runCases(t, "SNS_ENCRYPTED_KMS", []ruleCase{
		{name: "not encrypted", item: corpusItem(t, topic, nil), want: rules.NonCompliant},
		{name: "AWS managed key", item: corpusItem(t, topic, set("configuration.KmsMasterKeyId", "alias/aws/sns")), want: rules.Compliant},
		{name: "wanted key by id", item: corpusItem(t, topic, set("configuration.KmsMasterKeyId", keyARN)),
			params: `{"kmsKeyIds":"other,1234abcd-12ab-34cd-56ef-1234567890ab"}`, want: rules.Compliant},
		{name: "wanted alias ARN", item: corpusItem(t, topic, set("configuration.KmsMasterKeyId", "alias/aws/sns")),
			params: `{"kmsKeyIds":"arn:aws:kms:us-east-1:123456789012:alias/aws/sns"}`, want: rules.Compliant},
		{name: "another key", item: corpusItem(t, topic, set("configuration.KmsMasterKeyId", "alias/aws/sns")), params: `{"kmsKeyIds":"` + keyARN + `"}`,
			want: rules.NonCompliant},
	})
}

// opsxLogGroup is an AWS::Logs::LogGroup CI (CloudFormation property
// names), with the configuration properties given as JSON members.
func opsxLogGroup(t *testing.T, name, props string) *rules.Item {
	t.Helper()
	if props != "" {
		props = "," + props
	}
	return opsxItem(t, `{"configurationItemVersion":"1.3","awsAccountId":"123456789012","configurationItemCaptureTime":"2026-11-20T10:00:00.000Z",
		"configurationItemStatus":"OK","resourceType":"AWS::Logs::LogGroup","resourceId":"`+name+`","resourceName":"`+name+`",
		"ARN":"arn:aws:logs:us-east-1:123456789012:log-group:`+name+`","awsRegion":"us-east-1","availabilityZone":"Regional",
		"configuration":{"LogGroupName":"`+name+`","Arn":"arn:aws:logs:us-east-1:123456789012:log-group:`+name+`:*"`+props+`},
		"supplementaryConfiguration":{}}`, nil)
}

func TestCloudwatchLogGroupEncrypted(t *testing.T) {
	key := "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	runCases(t, "CLOUDWATCH_LOG_GROUP_ENCRYPTED", []ruleCase{
		{name: "encrypted", item: opsxLogGroup(t, "/aws/lambda/f", `"KmsKeyId":"`+key+`"`), want: rules.Compliant},
		{name: "not encrypted", item: opsxLogGroup(t, "/aws/lambda/f", `"RetentionInDays":30`), want: rules.NonCompliant},
		{name: "the wanted key", item: opsxLogGroup(t, "/aws/lambda/f", `"KmsKeyId":"`+key+`"`), params: `{"KmsKeyId":"` + key + `"}`, want: rules.Compliant},
		{name: "another key", item: opsxLogGroup(t, "/aws/lambda/f", `"KmsKeyId":"`+key+`"`),
			params: `{"KmsKeyId":"arn:aws:kms:us-east-1:123456789012:key/other"}`, want: rules.NonCompliant},
	})
}

func TestCwLoggroupRetentionPeriodCheck(t *testing.T) {
	runCases(t, "CW_LOGGROUP_RETENTION_PERIOD_CHECK", []ruleCase{
		{name: "never expire", item: opsxLogGroup(t, "/aws/lambda/f", ""), want: rules.Compliant},
		{name: "a year", item: opsxLogGroup(t, "/aws/lambda/f", `"RetentionInDays":365`), want: rules.Compliant},
		{name: "a month", item: opsxLogGroup(t, "/aws/lambda/f", `"RetentionInDays":30`), want: rules.NonCompliant},
		{name: "a month is enough", item: opsxLogGroup(t, "/aws/lambda/f", `"RetentionInDays":30`), params: `{"MinRetentionTime":"30"}`, want: rules.Compliant},
		{name: "named by prefix", item: opsxLogGroup(t, "/aws/lambda/f", `"RetentionInDays":30`), params: `{"LogGroupNames":"/aws/lambda/"}`, want: rules.NonCompliant},
		{name: "not named", item: opsxLogGroup(t, "/aws/lambda/f", `"RetentionInDays":30`), params: `{"LogGroupNames":"/app/,audit"}`, want: rules.NotApplicable},
	})
}

// opsxDocument is an AWS::SSM::Document CI with the sharing permission
// given as JSON (none for "").
func opsxDocument(t *testing.T, perm string) *rules.Item {
	t.Helper()
	supp := `{}`
	if perm != "" {
		supp = `{"DocumentPermission":` + perm + `}`
	}
	return opsxItem(t, `{"configurationItemVersion":"1.3","awsAccountId":"123456789012","configurationItemCaptureTime":"2026-11-20T10:00:00.000Z",
		"configurationItemStatus":"OK","resourceType":"AWS::SSM::Document","resourceId":"RestartApp","resourceName":"RestartApp",
		"ARN":"arn:aws:ssm:us-east-1:123456789012:document/RestartApp","awsRegion":"us-east-1",
		"configuration":{"Name":"RestartApp","DocumentType":"Command","DocumentFormat":"JSON","TargetType":"/AWS::EC2::Instance","VersionName":""},
		"supplementaryConfiguration":`+supp+`}`, nil)
}

func TestSsmDocumentNotPublic(t *testing.T) {
	runCases(t, "SSM_DOCUMENT_NOT_PUBLIC", []ruleCase{
		{name: "not shared", item: opsxDocument(t, `{"AccountIds":[],"AccountSharingInfoList":[]}`), want: rules.Compliant},
		{name: "shared with an account", item: opsxDocument(t, `{"AccountIds":["111122223333"],"AccountSharingInfoList":[{"AccountId":"111122223333",
			"SharedDocumentVersion":"$DEFAULT"}]}`), want: rules.Compliant},
		{name: "public", item: opsxDocument(t, `{"AccountIds":["all"],"AccountSharingInfoList":[{"AccountId":"all","SharedDocumentVersion":"$DEFAULT"}]}`),
			want: rules.NonCompliant},
		{name: "public, as JSON text", item: opsxDocument(t, `"{\"AccountIds\":[\"all\"]}"`), want: rules.NonCompliant},
		{name: "sharing not recorded", item: opsxDocument(t, ""), want: rules.NotApplicable},
	})
}

func TestAcmCertificateExpirationCheck(t *testing.T) {
	const cert = "rdk-example-ci/AWS_ACM_Certificate.json"
	// The RDK sample carries Python reprs for its times: give it real ones.
	issued := func(notAfter any) func(map[string]any) {
		return edits(set("configurationItemCaptureTime", "2026-04-22T13:13:17.718Z"), set("resourceCreationTime", "2026-04-22T13:13:17.718Z"),
			set("configuration.createdAt", "2026-04-22T13:13:17.718Z"), set("configuration.status", "ISSUED"),
			set("configuration.notBefore", "2026-04-22T00:00:00.000Z"), set("configuration.notAfter", notAfter))
	}
	runCases(t, "ACM_CERTIFICATE_EXPIRATION_CHECK", []ruleCase{
		{name: "months left", item: corpusItem(t, cert, issued("2027-05-21T23:59:59.000Z")), want: rules.Compliant},
		{name: "a week left", item: corpusItem(t, cert, issued("2026-12-01T00:00:00.000Z")), want: rules.NonCompliant},
		{name: "a week left, 5 days wanted", item: corpusItem(t, cert, issued("2026-12-01T00:00:00.000Z")), params: `{"daysToExpiration":"5"}`, want: rules.Compliant},
		{name: "expired", item: corpusItem(t, cert, issued("2026-11-01T00:00:00.000Z")), want: rules.NonCompliant},
		{name: "epoch milliseconds", item: corpusItem(t, cert, issued(1.8e12)), want: rules.Compliant},
		{name: "failed, no expiry", item: corpusItem(t, cert, edits(set("configurationItemCaptureTime", "2026-04-22T13:13:17.718Z"))), want: rules.NotApplicable},
	})
}

// opsxAlarm is an AWS::CloudWatch::Alarm CI with the actions given.
func opsxAlarm(t *testing.T, alarm, insufficient, ok []any) *rules.Item {
	t.Helper()
	return opsxItem(t, `{"configurationItemVersion":"1.3","awsAccountId":"123456789012","configurationItemCaptureTime":"2026-11-20T10:00:00.000Z",
		"configurationItemStatus":"OK","resourceType":"AWS::CloudWatch::Alarm","resourceId":"cpu-high","resourceName":"cpu-high",
		"ARN":"arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu-high","awsRegion":"us-east-1",
		"configuration":{"alarmName":"cpu-high","alarmArn":"arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu-high","actionsEnabled":true,
		"metricName":"CPUUtilization","namespace":"AWS/EC2","statistic":"Average","period":300,"evaluationPeriods":1,"threshold":80.0,
		"comparisonOperator":"GreaterThanThreshold","dimensions":[{"name":"InstanceId","value":"i-0123456789abcdef0"}]},
		"supplementaryConfiguration":{}}`, edits(set("configuration.alarmActions", alarm), set("configuration.insufficientDataActions", insufficient),
		set("configuration.okactions", ok)))
}

func TestCloudwatchAlarmActionCheck(t *testing.T) {
	topic := "arn:aws:sns:us-east-1:123456789012:ops"
	both := opsxAlarm(t, []any{topic}, []any{topic}, []any{})
	runCases(t, "CLOUDWATCH_ALARM_ACTION_CHECK", []ruleCase{
		{name: "alarm and insufficient data actions", item: both, want: rules.Compliant},
		{name: "no alarm action", item: opsxAlarm(t, []any{}, []any{topic}, []any{}), want: rules.NonCompliant},
		{name: "no insufficient data action", item: opsxAlarm(t, []any{topic}, []any{}, []any{}), want: rules.NonCompliant},
		{name: "insufficient data not required", item: opsxAlarm(t, []any{topic}, []any{}, []any{}), params: `{"insufficientDataActionRequired":"false"}`,
			want: rules.Compliant},
		{name: "OK action required", item: both, params: `{"okActionRequired":"true"}`, want: rules.NonCompliant},
		{name: "named action present", item: both, params: `{"action1":"arn:aws:sns:us-east-1:123456789012:other","action2":"` + topic + `"}`, want: rules.Compliant},
		{name: "named action absent", item: both, params: `{"action1":"arn:aws:sns:us-east-1:123456789012:other"}`, want: rules.NonCompliant},
	})
}

func TestCodebuildProjectEnvvarAwscredCheck(t *testing.T) {
	const project = "rdk-example-ci/AWS_CodeBuild_Project.json"
	vars := func(v ...any) func(map[string]any) { return set("configuration.environment.environmentVariables", v) }
	runCases(t, "CODEBUILD_PROJECT_ENVVAR_AWSCRED_CHECK", []ruleCase{
		{name: "no variables", item: corpusItem(t, project, nil), want: rules.Compliant},
		{name: "plaintext secret key", item: corpusItem(t, project, vars(map[string]any{"name": "STAGE", "value": "prod", "type": "PLAINTEXT"},
			map[string]any{"name": "AWS_SECRET_ACCESS_KEY", "value": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "type": "PLAINTEXT"})), want: rules.NonCompliant},
		{name: "access key id without type", item: corpusItem(t, project, vars(map[string]any{"name": "AWS_ACCESS_KEY_ID", "value": "AKIAIOSFODNN7EXAMPLE"})),
			want: rules.NonCompliant},
		{name: "from Secrets Manager", item: corpusItem(t, project, vars(map[string]any{"name": "AWS_SECRET_ACCESS_KEY", "value": "build/creds:secret",
			"type": "SECRETS_MANAGER"})), want: rules.Compliant},
	})
}
