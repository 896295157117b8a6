package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"
)

const ecrPack = `Resources:
  EcrPrivateImageScanningEnabled:
    Properties:
      ConfigRuleName: ecr-private-image-scanning-enabled
      Scope:
        ComplianceResourceTypes:
        - AWS::ECR::Repository
      Source:
        Owner: AWS
        SourceIdentifier: ECR_PRIVATE_IMAGE_SCANNING_ENABLED
    Type: AWS::Config::ConfigRule
  AccessKeys:
    Properties:
      ConfigRuleName: access-keys-rotated
      InputParameters:
        maxAccessKeyAge: !Ref MaxAge
      Source:
        Owner: AWS
        SourceIdentifier: ACCESS_KEYS_ROTATED
    Type: AWS::Config::ConfigRule
  Remediation:
    DependsOn: AccessKeys
    Type: AWS::Config::RemediationConfiguration
    Properties:
      ConfigRuleName: access-keys-rotated
      TargetType: SSM_DOCUMENT
      TargetId: AWSConfigRemediation-RevokeUnusedIAMUserCredentials
      Parameters:
        IAMResourceId:
          ResourceValue:
            Value: RESOURCE_ID
Parameters:
  MaxAge:
    Type: String
    Default: "90"
`

// waitPack polls DescribeConformancePackStatus until the pack leaves the
// in-progress states, and returns its status.
func waitPack(t *testing.T, client *configservice.Client, name string) types.ConformancePackStatusDetail {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		st := must(client.DescribeConformancePackStatus(bg, &configservice.DescribeConformancePackStatusInput{ConformancePackNames: []string{name}}))(t).ConformancePackStatusDetails
		if len(st) == 0 {
			return types.ConformancePackStatusDetail{}
		}
		if s := st[0].ConformancePackState; s != types.ConformancePackStateCreateInProgress && s != types.ConformancePackStateDeleteInProgress {
			return st[0]
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("pack %s still in progress", name)
	return types.ConformancePackStatusDetail{}
}

func packRuleNames(t *testing.T, client *configservice.Client) map[string]types.ConfigRule {
	t.Helper()
	out := map[string]types.ConfigRule{}
	p := configservice.NewDescribeConfigRulesPaginator(client, &configservice.DescribeConfigRulesInput{})
	for p.HasMorePages() {
		for _, r := range must(p.NextPage(bg))(t).ConfigRules {
			out[aws.ToString(r.ConfigRuleName)] = r
		}
	}
	return out
}

func TestConfig_ConformancePack(t *testing.T) {
	s := mustStart(t, "")
	client := s.config(s.root())

	// Without a recorder the pack fails, with a reason.
	must(client.PutConformancePack(bg, &configservice.PutConformancePackInput{ConformancePackName: aws.String("ecr"), TemplateBody: aws.String(ecrPack)}))(t)
	if st := waitPack(t, client, "ecr"); st.ConformancePackState != types.ConformancePackStateCreateFailed ||
		!strings.Contains(aws.ToString(st.ConformancePackStatusReason), "NoAvailableConfigurationRecorderException") {
		t.Fatalf("status without a recorder = %+v", st)
	}

	mustRecorder(t, client, s.RootKey().AccountID)
	out := must(client.PutConformancePack(bg, &configservice.PutConformancePackInput{ConformancePackName: aws.String("ecr"), TemplateBody: aws.String(ecrPack),
		ConformancePackInputParameters: []types.ConformancePackInputParameter{{ParameterName: aws.String("MaxAge"), ParameterValue: aws.String("45")}}}))(t)
	st := waitPack(t, client, "ecr")
	if st.ConformancePackState != types.ConformancePackStateCreateComplete || aws.ToString(st.ConformancePackArn) != aws.ToString(out.ConformancePackArn) {
		t.Fatalf("status = %+v", st)
	}
	id := aws.ToString(st.ConformancePackId)
	suffix := strings.TrimPrefix(id, "conformance-pack-")
	if len(suffix) != 9 || !strings.HasPrefix(aws.ToString(out.ConformancePackArn), "arn:aws:config:us-east-1:"+s.RootKey().AccountID+":conformance-pack/ecr/conformance-pack-") {
		t.Fatalf("id %s, arn %s", id, aws.ToString(out.ConformancePackArn))
	}
	rules := packRuleNames(t, client)
	keys := rules["access-keys-rotated-conformance-pack-"+suffix]
	if len(rules) != 2 || aws.ToString(keys.CreatedBy) != "config-conforms.amazonaws.com" || aws.ToString(keys.InputParameters) != `{"maxAccessKeyAge":"45"}` {
		t.Fatalf("pack rules = %+v", rules)
	}
	rem := must(client.DescribeRemediationConfigurations(bg, &configservice.DescribeRemediationConfigurationsInput{ConfigRuleNames: []string{"access-keys-rotated-conformance-pack-" + suffix}}))(t)
	if len(rem.RemediationConfigurations) != 1 || aws.ToString(rem.RemediationConfigurations[0].CreatedByService) != "config-conforms.amazonaws.com" {
		t.Fatalf("pack remediations = %+v", rem.RemediationConfigurations)
	}

	// Governance: the account cannot change what the pack created.
	_, err := client.PutConfigRule(bg, managedRule("access-keys-rotated-conformance-pack-"+suffix, "ACCESS_KEYS_ROTATED", `{"maxAccessKeyAge":"1"}`))
	wantAPIError(t, err, "AccessDeniedException", "An AWS service owns ServiceLinkedConfigRule")
	_, err = client.DeleteConfigRule(bg, &configservice.DeleteConfigRuleInput{ConfigRuleName: aws.String("ecr-private-image-scanning-enabled-conformance-pack-" + suffix)})
	wantAPIError(t, err, "AccessDeniedException", "An AWS service owns ServiceLinkedConfigRule")
	_, err = client.DeleteRemediationConfiguration(bg, &configservice.DeleteRemediationConfigurationInput{ConfigRuleName: aws.String("access-keys-rotated-conformance-pack-" + suffix)})
	wantAPIError(t, err, "AccessDeniedException", "")

	// An update applies the difference: the kept rule keeps its id, the removed one goes.
	keptID := aws.ToString(rules["ecr-private-image-scanning-enabled-conformance-pack-"+suffix].ConfigRuleId)
	onlyECR := ecrPack[:strings.Index(ecrPack, "  AccessKeys:")]
	must(client.PutConformancePack(bg, &configservice.PutConformancePackInput{ConformancePackName: aws.String("ecr"), TemplateBody: aws.String(onlyECR)}))(t)
	if st := waitPack(t, client, "ecr"); st.ConformancePackState != types.ConformancePackStateCreateComplete {
		t.Fatalf("update status = %+v", st)
	}
	rules = packRuleNames(t, client)
	if len(rules) != 1 || aws.ToString(rules["ecr-private-image-scanning-enabled-conformance-pack-"+suffix].ConfigRuleId) != keptID {
		t.Fatalf("rules after update = %+v", rules)
	}

	must(client.DeleteConformancePack(bg, &configservice.DeleteConformancePackInput{ConformancePackName: aws.String("ecr")}))(t)
	waitPack(t, client, "ecr")
	if rules := packRuleNames(t, client); len(rules) != 0 {
		t.Fatalf("rules after delete = %+v", rules)
	}
	_, err = client.DescribeConformancePacks(bg, &configservice.DescribeConformancePacksInput{ConformancePackNames: []string{"ecr"}})
	wantAPIError(t, err, "NoSuchConformancePackException", "")
}

func TestConfig_ConformancePackTemplateErrors(t *testing.T) {
	s := mustStart(t, "")
	client := s.config(s.root())
	bad := `Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Rule:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: r
      Source:
        Owner: AWS
        SourceIdentifier: NOT_A_MANAGED_RULE
  Other:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: !Ref Missing
      Source:
        Owner: AWS
        SourceIdentifier: ACCESS_KEYS_ROTATED
`
	_, err := client.PutConformancePack(bg, &configservice.PutConformancePackInput{ConformancePackName: aws.String("bad"), TemplateBody: aws.String(bad)})
	for _, want := range []string{"Resources.Bucket", "AWS::S3::Bucket", "Missing"} {
		wantAPIError(t, err, "ConformancePackTemplateValidationException", want)
	}
	_, err = client.PutConformancePack(bg, &configservice.PutConformancePackInput{ConformancePackName: aws.String("bad"), TemplateBody: aws.String(ecrPack[:strings.Index(ecrPack, "  AccessKeys:")] +
		"  Rule:\n    Type: AWS::Config::ConfigRule\n    Properties:\n      Source:\n        Owner: AWS\n        SourceIdentifier: NOT_A_MANAGED_RULE\n")})
	wantAPIError(t, err, "ConformancePackTemplateValidationException", "The sourceIdentifier NOT_A_MANAGED_RULE is invalid")
}

// corpusParameters gives a value to the corpus parameters that have no
// Default (../shared/docs/corpus.md §3).
var corpusParameters = map[string][]types.ConformancePackInputParameter{
	"Operational-Best-Practices-for-Amazon-DynamoDB-with-Remediation.yaml": {{
		ParameterName: aws.String("SnsTopicForPublishNotificationArn"), ParameterValue: aws.String("arn:aws:sns:us-east-1:123456789012:remediation")}},
	"Operational-Best-Practices-for-Amazon-S3-with-Remediation.yaml": {{
		ParameterName: aws.String("S3TargetBucketNameForEnableLogging"), ParameterValue: aws.String("access-logs-bucket")}},
	"custom-conformance-pack.yaml": {{
		ParameterName: aws.String("CustomConfigRuleLambdaArn"), ParameterValue: aws.String("arn:aws:lambda:us-east-1:123456789012:function:custom-rule")}},
}

// TestConfig_ConformancePackCorpus deploys every sample conformance pack of
// ../shared/corpus in one account and checks that each completes.
func TestConfig_ConformancePackCorpus(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "corpus", "conformance-packs")
	files, _ := filepath.Glob(filepath.Join(dir, "*.y*ml"))
	if len(files) == 0 {
		t.Skip("no corpus at " + dir)
	}
	s := mustStart(t, "")
	client := s.config(s.root())
	mustRecorder(t, client, s.RootKey().AccountID)
	total, deployed := 0, 0
	// Packs are deployed in batches, so that the applier works on several at
	// once: 7 packs of at most 130 rules stay under the quota of 1,000 rules
	// per account.
	var batch []string
	flush := func() {
		for _, name := range batch {
			if st := waitPack(t, client, name); st.ConformancePackState != types.ConformancePackStateCreateComplete {
				t.Errorf("%s: %s %s", name, st.ConformancePackState, aws.ToString(st.ConformancePackStatusReason))
			}
		}
		total += len(packRuleNames(t, client))
		for _, name := range batch {
			must(client.DeleteConformancePack(bg, &configservice.DeleteConformancePackInput{ConformancePackName: aws.String(name)}))(t)
		}
		for _, name := range batch {
			waitPack(t, client, name)
		}
		batch = batch[:0]
	}
	for _, f := range files {
		body := must(os.ReadFile(f))(t)
		if len(body) > 51200 {
			t.Logf("%s: %d bytes, too large for TemplateBody", filepath.Base(f), len(body))
			continue
		}
		deployed++
		name := fmt.Sprintf("p%03d-%s", deployed, strings.NewReplacer(".", "-", "_", "-").Replace(strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))))
		must(client.PutConformancePack(bg, &configservice.PutConformancePackInput{ConformancePackName: aws.String(name),
			TemplateBody: aws.String(string(body)), ConformancePackInputParameters: corpusParameters[filepath.Base(f)]}))(t)
		if batch = append(batch, name); len(batch) == 7 {
			flush()
		}
	}
	flush()
	t.Logf("deployed %d of %d templates, %d rules", deployed, len(files), total)
	if deployed < len(files)-2 {
		t.Errorf("only %d of %d templates fit in TemplateBody", deployed, len(files))
	}
}
