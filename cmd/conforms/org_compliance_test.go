package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"
)

const compliancePack = `Resources:
  Volumes:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: encrypted-volumes
      Source: {Owner: AWS, SourceIdentifier: ENCRYPTED_VOLUMES}
  Versioning:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: s3-bucket-versioning-enabled
      Source: {Owner: AWS, SourceIdentifier: S3_BUCKET_VERSIONING_ENABLED}
  Passwords:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: iam-password-policy
      Source: {Owner: AWS, SourceIdentifier: IAM_PASSWORD_POLICY}
  Ssh:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: restricted-ssh
      Scope: {ComplianceResourceTypes: [AWS::EC2::SecurityGroup]}
      Source: {Owner: AWS, SourceIdentifier: INCOMING_SSH_DISABLED}
  Manual:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: incident-response-plan
      Source: {Owner: AWS, SourceIdentifier: AWS_CONFIG_PROCESS_CHECK}
`

// TestCompliance_OrgPack deploys an organization pack, imports
// configuration items into three members (compliant, not compliant, and
// mixed), and reads compliance per rule, per pack and as a score in each
// member, then across the organization through an aggregator.
func TestCompliance_OrgPack(t *testing.T) {
	s := mustStart(t, "")
	o := mustCreateOrg(t, s, 3)
	for _, id := range append([]string{s.RootKey().AccountID}, o.accounts...) {
		o.record(t, id)
	}
	mgmt := s.config(o.mgmt)
	must(mgmt.PutOrganizationConformancePack(bg, &configservice.PutOrganizationConformancePackInput{
		OrganizationConformancePackName: aws.String("baseline"), TemplateBody: aws.String(compliancePack)}))(t)
	if st := waitOrgPack(t, mgmt, "baseline"); st.Status != types.OrganizationResourceStatusCreateSuccessful {
		t.Fatalf("deployment = %+v", st)
	}

	good, bad, mixed := o.accounts[0], o.accounts[1], o.accounts[2]
	// The corpus security group lets SSH in from anywhere.
	closedSG, openSG := corpusCI(t, "AWS_EC2_SecurityGroup.json"), corpusCI(t, "AWS_EC2_SecurityGroup.json")
	closedSG["configuration"].(map[string]any)["ipPermissions"] = []any{}
	volume, bucket := corpusCI(t, "AWS_EC2_Volume.json"), corpusCI(t, "AWS_S3_Bucket.json")
	badVolume, badBucket := corpusCI(t, "AWS_EC2_Volume.json"), corpusCI(t, "AWS_S3_Bucket.json")
	badVolume["configuration"].(map[string]any)["encrypted"] = false
	badBucket["supplementaryConfiguration"].(map[string]any)["BucketVersioningConfiguration"] = map[string]any{"status": "Suspended"}
	account := func(id string, policy bool) map[string]any {
		config := map[string]any{}
		if policy {
			config["passwordPolicy"] = map[string]any{"MinimumPasswordLength": 14, "RequireSymbols": true, "RequireNumbers": true,
				"RequireUppercaseCharacters": true, "RequireLowercaseCharacters": true, "MaxPasswordAge": 90, "PasswordReusePrevention": 24}
		}
		return map[string]any{"resourceType": "AWS::::Account", "resourceId": id, "awsRegion": "us-east-1",
			"configurationItemCaptureTime": "2026-11-24T00:00:00Z", "configurationItemStatus": "OK", "configuration": config}
	}
	dir := t.TempDir()
	t.Setenv("AWS_ACCESS_KEY_ID", s.RootKey().ID)
	t.Setenv("AWS_SECRET_ACCESS_KEY", s.RootKey().Secret)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
	t.Setenv("AWS_CONFIG_FILE", "/dev/null")
	files := []string{
		snapshotFile(t, dir, "good.json", good, volume, bucket, account(good, true), closedSG),
		snapshotFile(t, dir, "bad.json", bad, badVolume, badBucket, account(bad, false), openSG),
		snapshotFile(t, dir, "mixed.json", mixed, corpusCI(t, "AWS_EC2_Volume.json"), corpusCI(t, "AWS_S3_Bucket.json"), account(mixed, true),
			corpusCI(t, "AWS_EC2_SecurityGroup.json")),
	}
	var progress bytes.Buffer
	if err := runImport(bg, append([]string{"--endpoint", s.endpoint}, files...), &progress); err != nil {
		t.Fatalf("import by the management account: %v (%s)", err, progress.String())
	}

	for _, tt := range []struct {
		account string
		pack    types.ConformancePackComplianceType
		rules   map[string]types.ConformancePackComplianceType
		score   string
	}{
		{good, "COMPLIANT", map[string]types.ConformancePackComplianceType{"encrypted-volumes": "COMPLIANT", "restricted-ssh": "COMPLIANT",
			"s3-bucket-versioning-enabled": "COMPLIANT", "iam-password-policy": "COMPLIANT", "incident-response-plan": "INSUFFICIENT_DATA"}, "100.00"},
		{bad, "NON_COMPLIANT", map[string]types.ConformancePackComplianceType{"encrypted-volumes": "NON_COMPLIANT", "restricted-ssh": "NON_COMPLIANT",
			"s3-bucket-versioning-enabled": "NON_COMPLIANT", "iam-password-policy": "NON_COMPLIANT", "incident-response-plan": "INSUFFICIENT_DATA"}, "0.00"},
		{mixed, "NON_COMPLIANT", map[string]types.ConformancePackComplianceType{"encrypted-volumes": "COMPLIANT", "restricted-ssh": "NON_COMPLIANT",
			"s3-bucket-versioning-enabled": "COMPLIANT", "iam-password-policy": "COMPLIANT", "incident-response-plan": "INSUFFICIENT_DATA"}, "75.00"},
	} {
		member := s.config(o.assume(t, tt.account))
		pack := aws.ToString(memberPack(t, member, "OrgConformsPack-baseline-").ConformancePackName)
		list := must(member.DescribeConformancePackCompliance(bg, &configservice.DescribeConformancePackComplianceInput{
			ConformancePackName: aws.String(pack)}))(t).ConformancePackRuleComplianceList
		if len(list) != 5 {
			t.Fatalf("%s: %d rules", tt.account, len(list))
		}
		for _, rc := range list {
			name := aws.ToString(rc.ConfigRuleName)
			base := name[:strings.Index(name, "-conformance-pack-")]
			if rc.ComplianceType != tt.rules[base] {
				t.Errorf("%s: rule %s = %s, want %s", tt.account, base, rc.ComplianceType, tt.rules[base])
			}
		}
		sum := must(member.GetConformancePackComplianceSummary(bg, &configservice.GetConformancePackComplianceSummaryInput{
			ConformancePackNames: []string{pack}}))(t).ConformancePackComplianceSummaryList
		if sum[0].ConformancePackComplianceStatus != tt.pack {
			t.Errorf("%s: pack = %s, want %s", tt.account, sum[0].ConformancePackComplianceStatus, tt.pack)
		}
		scores := must(member.ListConformancePackComplianceScores(bg, &configservice.ListConformancePackComplianceScoresInput{}))(t).ConformancePackComplianceScores
		if len(scores) != 1 || aws.ToString(scores[0].Score) != tt.score {
			t.Errorf("%s: scores = %+v, want %s", tt.account, scores, tt.score)
		}
		details := must(member.GetConformancePackComplianceDetails(bg, &configservice.GetConformancePackComplianceDetailsInput{
			ConformancePackName: aws.String(pack), Filters: &types.ConformancePackEvaluationFilters{ComplianceType: "NON_COMPLIANT"}, Limit: 1}))(t)
		if tt.account == bad && (len(details.ConformancePackRuleEvaluationResults) != 1 || details.NextToken == nil) {
			t.Errorf("%s: details page = %+v", tt.account, details)
		}
		one := must(member.GetConformancePackComplianceDetails(bg, &configservice.GetConformancePackComplianceDetailsInput{
			ConformancePackName: aws.String(pack), Limit: 1, Filters: &types.ConformancePackEvaluationFilters{
				ResourceType: aws.String("AWS::EC2::SecurityGroup"), ResourceIds: []string{"sg-1d56fc66"}}}))(t)
		if len(one.ConformancePackRuleEvaluationResults) != 1 {
			t.Errorf("%s: details of one security group = %+v", tt.account, one.ConformancePackRuleEvaluationResults)
		}
	}

	// The management account sees every account's compliance through an
	// organization aggregator.
	must(mgmt.PutConfigurationAggregator(bg, &configservice.PutConfigurationAggregatorInput{ConfigurationAggregatorName: aws.String("org"),
		OrganizationAggregationSource: &types.OrganizationAggregationSource{RoleArn: aws.String("arn:aws:iam::" + s.RootKey().AccountID + ":role/aggregator"),
			AllAwsRegions: true}}))(t)
	packs := must(mgmt.DescribeAggregateComplianceByConformancePacks(bg, &configservice.DescribeAggregateComplianceByConformancePacksInput{
		ConfigurationAggregatorName: aws.String("org")}))(t).AggregateComplianceByConformancePacks
	byAccount := map[string]types.AggregateConformancePackCompliance{}
	for _, p := range packs {
		byAccount[aws.ToString(p.AccountId)] = *p.Compliance
	}
	if len(packs) != 4 || byAccount[good].ComplianceType != "COMPLIANT" || byAccount[bad].ComplianceType != "NON_COMPLIANT" ||
		byAccount[bad].NonCompliantRuleCount != 4 || byAccount[bad].TotalRuleCount != 5 || byAccount[mixed].NonCompliantRuleCount != 1 ||
		byAccount[s.RootKey().AccountID].ComplianceType != "INSUFFICIENT_DATA" {
		t.Fatalf("aggregate packs = %+v", byAccount)
	}
	failing := must(mgmt.DescribeAggregateComplianceByConfigRules(bg, &configservice.DescribeAggregateComplianceByConfigRulesInput{
		ConfigurationAggregatorName: aws.String("org"), Filters: &types.ConfigRuleComplianceFilters{ComplianceType: "NON_COMPLIANT"}}))(t).AggregateComplianceByConfigRules
	if len(failing) != 5 || aws.ToString(failing[0].AccountId) > aws.ToString(failing[4].AccountId) {
		t.Fatalf("aggregate failing rules = %+v", failing)
	}
	// Paging visits every pack and every rule of every account once.
	packPager := configservice.NewDescribeAggregateComplianceByConformancePacksPaginator(mgmt, &configservice.DescribeAggregateComplianceByConformancePacksInput{
		ConfigurationAggregatorName: aws.String("org"), Limit: 1})
	pagedPacks := map[string]bool{}
	for packPager.HasMorePages() {
		for _, p := range must(packPager.NextPage(bg))(t).AggregateComplianceByConformancePacks {
			if pagedPacks[aws.ToString(p.AccountId)] {
				t.Fatalf("account %s's pack on two pages", aws.ToString(p.AccountId))
			}
			pagedPacks[aws.ToString(p.AccountId)] = true
		}
	}
	if len(pagedPacks) != 4 {
		t.Fatalf("paged packs of %d accounts, want 4", len(pagedPacks))
	}
	all := must(mgmt.DescribeAggregateComplianceByConfigRules(bg, &configservice.DescribeAggregateComplianceByConfigRulesInput{
		ConfigurationAggregatorName: aws.String("org")}))(t).AggregateComplianceByConfigRules
	seen := map[string]bool{}
	pager := configservice.NewDescribeAggregateComplianceByConfigRulesPaginator(mgmt, &configservice.DescribeAggregateComplianceByConfigRulesInput{
		ConfigurationAggregatorName: aws.String("org"), Limit: 3})
	for pager.HasMorePages() {
		for _, rc := range must(pager.NextPage(bg))(t).AggregateComplianceByConfigRules {
			k := aws.ToString(rc.AccountId) + "/" + aws.ToString(rc.ConfigRuleName)
			if seen[k] {
				t.Fatalf("rule %s on two pages", k)
			}
			seen[k] = true
		}
	}
	if len(all) != 20 || len(seen) != len(all) {
		t.Fatalf("aggregate rules: %d in one page, %d paged; want 20", len(all), len(seen))
	}
	details := must(mgmt.GetAggregateComplianceDetailsByConfigRule(bg, &configservice.GetAggregateComplianceDetailsByConfigRuleInput{
		ConfigurationAggregatorName: aws.String("org"), ConfigRuleName: failing[0].ConfigRuleName, AccountId: failing[0].AccountId, AwsRegion: aws.String("us-east-1")}))(t)
	if len(details.AggregateEvaluationResults) != 1 || details.AggregateEvaluationResults[0].ComplianceType != "NON_COMPLIANT" {
		t.Fatalf("aggregate details = %+v", details.AggregateEvaluationResults)
	}
	summary := must(mgmt.GetAggregateConformancePackComplianceSummary(bg, &configservice.GetAggregateConformancePackComplianceSummaryInput{
		ConfigurationAggregatorName: aws.String("org")}))(t).AggregateConformancePackComplianceSummaries
	if len(summary) != 4 {
		t.Fatalf("aggregate summary = %+v", summary)
	}
	member := s.config(o.assume(t, good))
	_, err := member.PutConfigurationAggregator(bg, &configservice.PutConfigurationAggregatorInput{ConfigurationAggregatorName: aws.String("org"),
		OrganizationAggregationSource: &types.OrganizationAggregationSource{RoleArn: aws.String("arn:aws:iam::" + good + ":role/a"), AllAwsRegions: true}})
	wantAPIError(t, err, "OrganizationAccessDeniedException", "")
	// A member may aggregate its own account, not another's.
	_, err = member.PutConfigurationAggregator(bg, &configservice.PutConfigurationAggregatorInput{ConfigurationAggregatorName: aws.String("spy"),
		AccountAggregationSources: []types.AccountAggregationSource{{AccountIds: []string{good, bad}, AllAwsRegions: true}}})
	wantAPIError(t, err, "AccessDeniedException", bad)
	must(member.PutConfigurationAggregator(bg, &configservice.PutConfigurationAggregatorInput{ConfigurationAggregatorName: aws.String("self"),
		AccountAggregationSources: []types.AccountAggregationSource{{AccountIds: []string{good}, AllAwsRegions: true}}}))(t)
	own := must(member.DescribeAggregateComplianceByConformancePacks(bg, &configservice.DescribeAggregateComplianceByConformancePacksInput{
		ConfigurationAggregatorName: aws.String("self")}))(t).AggregateComplianceByConformancePacks
	if len(own) != 1 || aws.ToString(own[0].AccountId) != good {
		t.Fatalf("a member's own aggregator = %+v", own)
	}
}
