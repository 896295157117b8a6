package main

import (
	"encoding/base64"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"
)

// compliance returns a rule's results by resource id.
func compliance(t *testing.T, client *configservice.Client, rule string) map[string]types.ComplianceType {
	t.Helper()
	out := map[string]types.ComplianceType{}
	p := configservice.NewGetComplianceDetailsByConfigRulePaginator(client, &configservice.GetComplianceDetailsByConfigRuleInput{
		ConfigRuleName: aws.String(rule), ComplianceTypes: []types.ComplianceType{"COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE"}})
	for p.HasMorePages() {
		for _, r := range must(p.NextPage(bg))(t).EvaluationResults {
			out[aws.ToString(r.EvaluationResultIdentifier.EvaluationResultQualifier.ResourceId)] = r.ComplianceType
		}
	}
	return out
}

func ruleCompliance(t *testing.T, client *configservice.Client, rule string) types.ComplianceType {
	t.Helper()
	out := must(client.DescribeComplianceByConfigRule(bg, &configservice.DescribeComplianceByConfigRuleInput{ConfigRuleNames: []string{rule}}))(t)
	return out.ComplianceByConfigRules[0].Compliance.ComplianceType
}

// TestEvaluation_ChangesAndRules: a change-triggered rule evaluates each
// configuration item put in its scope, and only those; a new rule evaluates
// what exists; a periodic account-level rule runs on
// StartConfigRulesEvaluation; deleting a resource removes its results; a
// rule conforms does not implement says so.
func TestEvaluation_ChangesAndRules(t *testing.T) {
	s := mustStart(t, "")
	client := s.config(s.root())
	o := &org{s: s, mgmt: s.root()}
	acct := s.RootKey().AccountID
	o.record(t, acct)

	must(client.PutResourceConfig(bg, putResource("AWS::EC2::Volume", "vol-old", "", `{"volumeId":"vol-old","state":"in-use","encrypted":false}`)))(t)
	must(client.PutConfigRule(bg, managedRule("encrypted-volumes", "ENCRYPTED_VOLUMES", "")))(t)
	if got := compliance(t, client, "encrypted-volumes"); got["vol-old"] != "NON_COMPLIANT" {
		t.Fatalf("a new rule did not evaluate the existing volume: %v", got)
	}
	must(client.PutResourceConfig(bg, putResource("AWS::EC2::Volume", "vol-1", "", `{"volumeId":"vol-1","state":"in-use","encrypted":true}`)))(t)
	must(client.PutResourceConfig(bg, putResource("AWS::EC2::Volume", "vol-2", "", `{"volumeId":"vol-2","state":"available","encrypted":false}`)))(t)
	must(client.PutResourceConfig(bg, putResource("AWS::S3::Bucket", "b1", "b1", `{"name":"b1"}`)))(t)
	got := compliance(t, client, "encrypted-volumes")
	if len(got) != 3 || got["vol-1"] != "COMPLIANT" || got["vol-2"] != "NOT_APPLICABLE" {
		t.Fatalf("results = %v", got)
	}
	if c := ruleCompliance(t, client, "encrypted-volumes"); c != "NON_COMPLIANT" {
		t.Fatalf("rule compliance = %s", c)
	}
	// The default detail types leave NOT_APPLICABLE out.
	details := must(client.GetComplianceDetailsByConfigRule(bg, &configservice.GetComplianceDetailsByConfigRuleInput{ConfigRuleName: aws.String("encrypted-volumes")}))(t)
	if len(details.EvaluationResults) != 2 {
		t.Fatalf("default details = %d results", len(details.EvaluationResults))
	}

	must(client.PutResourceConfig(bg, putResource("AWS::EC2::Volume", "vol-old", "", `{"volumeId":"vol-old","state":"in-use","encrypted":true}`)))(t)
	must(client.DeleteResourceConfig(bg, &configservice.DeleteResourceConfigInput{ResourceType: aws.String("AWS::EC2::Volume"), ResourceId: aws.String("vol-2")}))(t)
	if got := compliance(t, client, "encrypted-volumes"); len(got) != 2 || got["vol-old"] != "COMPLIANT" {
		t.Fatalf("after the change and the delete = %v", got)
	}
	if c := ruleCompliance(t, client, "encrypted-volumes"); c != "COMPLIANT" {
		t.Fatalf("rule compliance = %s", c)
	}

	// A periodic account-level rule reads the AWS::::Account item.
	must(client.PutConfigRule(bg, managedRule("password-policy", "IAM_PASSWORD_POLICY", `{"MinimumPasswordLength":"8"}`)))(t)
	if c := ruleCompliance(t, client, "password-policy"); c != "INSUFFICIENT_DATA" {
		t.Fatalf("without an account item = %s", c)
	}
	must(client.PutResourceConfig(bg, putResource("AWS::::Account", acct, "", `{"passwordPolicy":{"MinimumPasswordLength":10,
		"RequireSymbols":true,"RequireNumbers":true,"RequireUppercaseCharacters":true,"RequireLowercaseCharacters":true,
		"MaxPasswordAge":90,"PasswordReusePrevention":24}}`)))(t)
	must(client.StartConfigRulesEvaluation(bg, &configservice.StartConfigRulesEvaluationInput{ConfigRuleNames: []string{"password-policy"}}))(t)
	if got := compliance(t, client, "password-policy"); got[acct] != "COMPLIANT" {
		t.Fatalf("password policy = %v", got)
	}

	// Compliance by resource, and the summaries.
	byRes := must(client.DescribeComplianceByResource(bg, &configservice.DescribeComplianceByResourceInput{ResourceType: aws.String("AWS::EC2::Volume")}))(t)
	if len(byRes.ComplianceByResources) != 2 || byRes.ComplianceByResources[0].Compliance.ComplianceType != "COMPLIANT" {
		t.Fatalf("DescribeComplianceByResource = %+v", byRes.ComplianceByResources)
	}
	det := must(client.GetComplianceDetailsByResource(bg, &configservice.GetComplianceDetailsByResourceInput{ResourceType: aws.String("AWS::::Account"),
		ResourceId: aws.String(acct)}))(t).EvaluationResults
	if len(det) != 1 || aws.ToString(det[0].EvaluationResultIdentifier.EvaluationResultQualifier.ConfigRuleName) != "password-policy" {
		t.Fatalf("GetComplianceDetailsByResource = %+v", det)
	}
	sum := must(client.GetComplianceSummaryByConfigRule(bg, &configservice.GetComplianceSummaryByConfigRuleInput{}))(t).ComplianceSummary
	if sum.CompliantResourceCount.CappedCount != 2 || sum.NonCompliantResourceCount.CappedCount != 0 {
		t.Fatalf("summary by rule = %+v %+v", sum.CompliantResourceCount, sum.NonCompliantResourceCount)
	}
	byType := must(client.GetComplianceSummaryByResourceType(bg, &configservice.GetComplianceSummaryByResourceTypeInput{
		ResourceTypes: []string{"AWS::EC2::Volume"}}))(t).ComplianceSummariesByResourceType
	if len(byType) != 1 || byType[0].ComplianceSummary.CompliantResourceCount.CappedCount != 2 {
		t.Fatalf("summary by type = %+v", byType)
	}

	// A managed rule conforms does not implement says so, and has no results.
	must(client.PutConfigRule(bg, managedRule("backup-plan", "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK", "")))(t)
	st := must(client.DescribeConfigRuleEvaluationStatus(bg, &configservice.DescribeConfigRuleEvaluationStatusInput{
		ConfigRuleNames: []string{"backup-plan", "encrypted-volumes"}}))(t).ConfigRulesEvaluationStatus
	if aws.ToString(st[0].LastErrorCode) != "RuleNotImplemented" || aws.ToString(st[1].LastErrorCode) != "" ||
		!st[1].FirstEvaluationStarted || st[1].LastSuccessfulEvaluationTime == nil {
		t.Fatalf("evaluation statuses = %+v", st)
	}

	// A rule whose scope narrows forgets the resources out of it.
	narrowed := managedRule("encrypted-volumes", "ENCRYPTED_VOLUMES", "")
	narrowed.ConfigRule.Scope = &types.Scope{ComplianceResourceTypes: []string{"AWS::EC2::Volume"}, ComplianceResourceId: aws.String("vol-1")}
	must(client.PutConfigRule(bg, narrowed))(t)
	if got := compliance(t, client, "encrypted-volumes"); len(got) != 1 || got["vol-1"] != "COMPLIANT" {
		t.Fatalf("after narrowing the scope = %v", got)
	}
}

// TestEvaluation_External: process checks take their results from
// PutExternalEvaluation, custom rules from PutEvaluations (the ResultToken
// is the rule's name or ARN).
func TestEvaluation_External(t *testing.T) {
	s := mustStart(t, "")
	client := s.config(s.root())
	acct := s.RootKey().AccountID
	(&org{s: s, mgmt: s.root()}).record(t, acct)
	must(client.PutConfigRule(bg, managedRule("manual", "AWS_CONFIG_PROCESS_CHECK", "")))(t)
	at := aws.Time(time.Now())
	_, err := client.PutExternalEvaluation(bg, &configservice.PutExternalEvaluationInput{ConfigRuleName: aws.String("manual"),
		ExternalEvaluation: &types.ExternalEvaluation{ComplianceResourceType: aws.String("AWS::::Account"), ComplianceResourceId: aws.String(acct),
			ComplianceType: "INSUFFICIENT_DATA", OrderingTimestamp: at}})
	wantAPIError(t, err, "InvalidParameterValueException", "INSUFFICIENT_DATA")
	must(client.PutExternalEvaluation(bg, &configservice.PutExternalEvaluationInput{ConfigRuleName: aws.String("manual"),
		ExternalEvaluation: &types.ExternalEvaluation{ComplianceResourceType: aws.String("AWS::::Account"), ComplianceResourceId: aws.String(acct),
			ComplianceType: "NON_COMPLIANT", Annotation: aws.String("no incident plan"), OrderingTimestamp: at}}))(t)
	if got := compliance(t, client, "manual"); got[acct] != "NON_COMPLIANT" {
		t.Fatalf("process check = %v", got)
	}

	custom := &configservice.PutConfigRuleInput{ConfigRule: &types.ConfigRule{ConfigRuleName: aws.String("custom"),
		Source: &types.Source{Owner: types.OwnerCustomLambda, SourceIdentifier: aws.String("arn:aws:lambda:us-east-1:" + acct + ":function:f"),
			SourceDetails: []types.SourceDetail{{EventSource: "aws.config", MessageType: "ConfigurationItemChangeNotification"}}}}}
	must(client.PutConfigRule(bg, custom))(t)
	arn := aws.ToString(must(client.DescribeConfigRules(bg, &configservice.DescribeConfigRulesInput{ConfigRuleNames: []string{"custom"}}))(t).ConfigRules[0].ConfigRuleArn)
	evs := []types.Evaluation{{ComplianceResourceType: aws.String("AWS::S3::Bucket"), ComplianceResourceId: aws.String("b1"),
		ComplianceType: "COMPLIANT", OrderingTimestamp: at}}
	must(client.PutEvaluations(bg, &configservice.PutEvaluationsInput{ResultToken: aws.String("custom"), Evaluations: evs, TestMode: true}))(t)
	if got := compliance(t, client, "custom"); len(got) != 0 {
		t.Fatalf("TestMode recorded %v", got)
	}
	must(client.PutEvaluations(bg, &configservice.PutEvaluationsInput{ResultToken: aws.String(arn), Evaluations: evs}))(t)
	if got := compliance(t, client, "custom"); got["b1"] != "COMPLIANT" {
		t.Fatalf("custom = %v", got)
	}
	_, err = client.PutEvaluations(bg, &configservice.PutEvaluationsInput{ResultToken: aws.String("nope"), Evaluations: evs})
	wantAPIError(t, err, "InvalidResultTokenException", "nope")
}

// TestEvaluation_Periodic: a periodic rule runs again once its frequency
// has passed on the server's clock, not on configuration changes.
func TestEvaluation_Periodic(t *testing.T) {
	s := mustStart(t, "")
	client := s.config(s.root())
	acct := s.RootKey().AccountID
	(&org{s: s, mgmt: s.root()}).record(t, acct)
	policy := func(length int) *configservice.PutResourceConfigInput {
		return putResource("AWS::::Account", acct, "", fmt.Sprintf(`{"passwordPolicy":{"MinimumPasswordLength":%d,"RequireSymbols":true,
			"RequireNumbers":true,"RequireUppercaseCharacters":true,"RequireLowercaseCharacters":true,"MaxPasswordAge":90,"PasswordReusePrevention":24}}`, length))
	}
	must(client.PutResourceConfig(bg, policy(14)))(t)
	rule := managedRule("passwords", "IAM_PASSWORD_POLICY", "")
	rule.ConfigRule.MaximumExecutionFrequency = types.MaximumExecutionFrequencySixHours
	must(client.PutConfigRule(bg, rule))(t)
	if got := compliance(t, client, "passwords"); got[acct] != "COMPLIANT" {
		t.Fatalf("first evaluation = %v", got)
	}
	must(client.PutResourceConfig(bg, policy(8)))(t) // a change: a periodic rule does not run
	if n := must(s.control.EvaluatePeriodicRules(bg))(t); n != 0 || compliance(t, client, "passwords")[acct] != "COMPLIANT" {
		t.Fatalf("before six hours: %d rules evaluated", n)
	}
	s.clock.Add(6*time.Hour + time.Minute)
	if n := must(s.control.EvaluatePeriodicRules(bg))(t); n != 1 {
		t.Fatalf("after six hours: %d rules evaluated", n)
	}
	if got := compliance(t, client, "passwords"); got[acct] != "NON_COMPLIANT" {
		t.Fatalf("after six hours = %v", got)
	}
}

// TestEvaluation_Stale: a resource that leaves a rule's scope loses its
// result; a rule whose source changes loses the old source's results; a
// forged history token is refused.
func TestEvaluation_Stale(t *testing.T) {
	s := mustStart(t, "")
	client := s.config(s.root())
	acct := s.RootKey().AccountID
	(&org{s: s, mgmt: s.root()}).record(t, acct)
	tagged := managedRule("prod-volumes", "ENCRYPTED_VOLUMES", "")
	tagged.ConfigRule.Scope = &types.Scope{TagKey: aws.String("env")}
	must(client.PutConfigRule(bg, tagged))(t)
	vol := putResource("AWS::EC2::Volume", "vol-1", "", `{"volumeId":"vol-1","state":"in-use","encrypted":false}`)
	vol.Tags = map[string]string{"env": "prod"}
	must(client.PutResourceConfig(bg, vol))(t)
	if got := compliance(t, client, "prod-volumes"); got["vol-1"] != "NON_COMPLIANT" {
		t.Fatalf("tagged volume = %v", got)
	}
	vol.Tags = nil
	must(client.PutResourceConfig(bg, vol))(t)
	if got := compliance(t, client, "prod-volumes"); len(got) != 0 {
		t.Fatalf("after the tag was removed = %v", got)
	}

	must(client.PutConfigRule(bg, managedRule("volumes", "ENCRYPTED_VOLUMES", "")))(t)
	if got := compliance(t, client, "volumes"); got["vol-1"] != "NON_COMPLIANT" {
		t.Fatalf("volumes = %v", got)
	}
	custom := &configservice.PutConfigRuleInput{ConfigRule: &types.ConfigRule{ConfigRuleName: aws.String("volumes"),
		Source: &types.Source{Owner: types.OwnerCustomLambda, SourceIdentifier: aws.String("arn:aws:lambda:us-east-1:" + acct + ":function:f"),
			SourceDetails: []types.SourceDetail{{EventSource: "aws.config", MessageType: "ConfigurationItemChangeNotification"}}}}}
	must(client.PutConfigRule(bg, custom))(t)
	if got := compliance(t, client, "volumes"); len(got) != 0 {
		t.Fatalf("after the source changed = %v", got)
	}

	forged := base64.RawURLEncoding.EncodeToString([]byte("history\x00garbage"))
	_, err := client.GetResourceConfigHistory(bg, &configservice.GetResourceConfigHistoryInput{ResourceType: "AWS::EC2::Volume",
		ResourceId: aws.String("vol-1"), NextToken: aws.String(forged)})
	wantAPIError(t, err, "InvalidNextTokenException", "")
}
