package main

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"
)

// mustRecorder gives the caller's account a configuration recorder.
func mustRecorder(t *testing.T, client *configservice.Client, accountID string) {
	t.Helper()
	must(client.PutConfigurationRecorder(bg, &configservice.PutConfigurationRecorderInput{ConfigurationRecorder: &types.ConfigurationRecorder{
		RoleARN: aws.String("arn:aws:iam::" + accountID + ":role/config"),
	}}))(t)
}

func managedRule(name, identifier, params string) *configservice.PutConfigRuleInput {
	r := &types.ConfigRule{ConfigRuleName: aws.String(name), Source: &types.Source{Owner: types.OwnerAws, SourceIdentifier: aws.String(identifier)}}
	if params != "" {
		r.InputParameters = aws.String(params)
	}
	return &configservice.PutConfigRuleInput{ConfigRule: r}
}

func TestConfig_Rules(t *testing.T) {
	s := mustStart(t, "")
	client := s.config(s.root())

	_, err := client.PutConfigRule(bg, managedRule("s3-versioning", "S3_BUCKET_VERSIONING_ENABLED", ""))
	wantAPIError(t, err, "NoAvailableConfigurationRecorderException", "You must create a configuration recorder")
	mustRecorder(t, client, s.RootKey().AccountID)

	must(client.PutConfigRule(bg, managedRule("s3-versioning", "S3_BUCKET_VERSIONING_ENABLED", "")))(t)
	must(client.PutConfigRule(bg, managedRule("access-keys", "ACCESS_KEYS_ROTATED", `{"maxAccessKeyAge":"90"}`)))(t)
	rules := must(client.DescribeConfigRules(bg, &configservice.DescribeConfigRulesInput{ConfigRuleNames: []string{"s3-versioning"}}))(t).ConfigRules
	if len(rules) != 1 {
		t.Fatalf("rules = %+v", rules)
	}
	r := rules[0]
	id := aws.ToString(r.ConfigRuleId)
	if len(id) != len("config-rule-abcdef") || aws.ToString(r.ConfigRuleArn) != "arn:aws:config:us-east-1:"+s.RootKey().AccountID+":config-rule/"+id ||
		r.ConfigRuleState != types.ConfigRuleStateActive || len(r.EvaluationModes) != 1 || r.EvaluationModes[0].Mode != types.EvaluationModeDetective {
		t.Fatalf("rule = %+v", r)
	}

	// An update keeps the rule's identity.
	must(client.PutConfigRule(bg, &configservice.PutConfigRuleInput{ConfigRule: &types.ConfigRule{
		ConfigRuleName: aws.String("s3-versioning"), Description: aws.String("now described"),
		Source: &types.Source{Owner: types.OwnerAws, SourceIdentifier: aws.String("S3_BUCKET_VERSIONING_ENABLED")},
		Scope:  &types.Scope{ComplianceResourceTypes: []string{"AWS::S3::Bucket"}},
	}}))(t)
	r = must(client.DescribeConfigRules(bg, &configservice.DescribeConfigRulesInput{ConfigRuleNames: []string{"s3-versioning"}}))(t).ConfigRules[0]
	if aws.ToString(r.ConfigRuleId) != id || aws.ToString(r.Description) != "now described" || len(r.Scope.ComplianceResourceTypes) != 1 {
		t.Fatalf("updated rule = %+v", r)
	}

	_, err = client.DescribeConfigRules(bg, &configservice.DescribeConfigRulesInput{ConfigRuleNames: []string{"s3-versioning", "nope"}})
	wantAPIError(t, err, "NoSuchConfigRuleException", "'nope'")
	all := must(client.DescribeConfigRules(bg, &configservice.DescribeConfigRulesInput{}))(t).ConfigRules
	if len(all) != 2 {
		t.Fatalf("all rules = %d, want 2", len(all))
	}

	for _, tc := range []struct {
		name string
		rule *types.ConfigRule
		msg  string
	}{
		{"CreatedBy", &types.ConfigRule{ConfigRuleName: aws.String("x"), CreatedBy: aws.String("me"), Source: &types.Source{Owner: types.OwnerAws, SourceIdentifier: aws.String("S3_BUCKET_VERSIONING_ENABLED")}},
			"AWS Config populates the CreatedBy field"},
		{"IdOnCreate", &types.ConfigRule{ConfigRuleName: aws.String("x"), ConfigRuleId: aws.String("config-rule-aaaaaa"), Source: &types.Source{Owner: types.OwnerAws, SourceIdentifier: aws.String("S3_BUCKET_VERSIONING_ENABLED")}},
			"can not be specified when creating"},
		{"SourceDetailsForAWS", &types.ConfigRule{ConfigRuleName: aws.String("x"), Source: &types.Source{Owner: types.OwnerAws, SourceIdentifier: aws.String("S3_BUCKET_VERSIONING_ENABLED"),
			SourceDetails: []types.SourceDetail{{EventSource: types.EventSourceAwsConfig, MessageType: types.MessageTypeScheduledNotification}}}},
			"SourceDetails should be null/empty if the owner is AWS"},
		{"TagAndResourceScope", &types.ConfigRule{ConfigRuleName: aws.String("x"), Source: &types.Source{Owner: types.OwnerAws, SourceIdentifier: aws.String("S3_BUCKET_VERSIONING_ENABLED")},
			Scope: &types.Scope{TagKey: aws.String("k"), ComplianceResourceTypes: []string{"AWS::S3::Bucket"}}},
			"Scope cannot be applied to both resource and tag"},
		{"BadJSONParameters", &types.ConfigRule{ConfigRuleName: aws.String("x"), InputParameters: aws.String("{nope"), Source: &types.Source{Owner: types.OwnerAws, SourceIdentifier: aws.String("S3_BUCKET_VERSIONING_ENABLED")}},
			"Invalid json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := client.PutConfigRule(bg, &configservice.PutConfigRuleInput{ConfigRule: tc.rule})
			wantAPIError(t, err, "InvalidParameterValueException", tc.msg)
		})
	}

	st := must(client.DescribeConfigRuleEvaluationStatus(bg, &configservice.DescribeConfigRuleEvaluationStatusInput{ConfigRuleNames: []string{"access-keys"}}))(t).ConfigRulesEvaluationStatus
	// ACCESS_KEYS_ROTATED is implemented; with no resources yet it has not evaluated.
	if len(st) != 1 || st[0].LastErrorCode != nil || st[0].FirstActivatedTime == nil {
		t.Fatalf("evaluation status = %+v", st)
	}

	must(client.DeleteConfigRule(bg, &configservice.DeleteConfigRuleInput{ConfigRuleName: aws.String("s3-versioning")}))(t)
	_, err = client.DeleteConfigRule(bg, &configservice.DeleteConfigRuleInput{ConfigRuleName: aws.String("s3-versioning")})
	wantAPIError(t, err, "NoSuchConfigRuleException", "")
}

func TestConfig_RulesAgainstTheCatalog(t *testing.T) {
	s := mustStart(t, "")
	client := s.config(s.root())
	mustRecorder(t, client, s.RootKey().AccountID)
	for _, tc := range []struct {
		name, identifier, params, msg string
	}{
		{"UnknownIdentifier", "NOT_A_RULE", "", "The sourceIdentifier NOT_A_RULE is invalid."},
		{"UnknownParameter", "S3_BUCKET_VERSIONING_ENABLED", `{"nope":"1"}`, "Unknown parameters provided in the inputParameters: {nope}."},
		{"MissingRequired", "ACCESS_KEYS_ROTATED", "", "The required parameter [maxAccessKeyAge] is not present in the inputParameters"},
		{"WrongType", "ACCESS_KEYS_ROTATED", `{"maxAccessKeyAge":"ninety"}`, "is not a valid int"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := client.PutConfigRule(bg, managedRule("r", tc.identifier, tc.params))
			wantAPIError(t, err, "InvalidParameterValueException", tc.msg)
		})
	}
	in := managedRule("versioning", "S3_BUCKET_VERSIONING_ENABLED", "")
	in.ConfigRule.MaximumExecutionFrequency = types.MaximumExecutionFrequencyOneHour
	_, err := client.PutConfigRule(bg, in)
	wantAPIError(t, err, "InvalidParameterValueException", "only a change in resources triggers this managed rule")
	// The process check has no evaluator and no parameters.
	must(client.PutConfigRule(bg, managedRule("manual", "AWS_CONFIG_PROCESS_CHECK", "")))(t)
}
