package main

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

const orgBucket = "awsconfigconforms-org"

// seedPolicy returns the bucket policy of ../shared/seed/, with the bucket
// name and the organization id filled in.
func seedPolicy(t *testing.T, orgID string) string {
	t.Helper()
	page := string(must(os.ReadFile(filepath.Join("..", "..", "..", "shared", "seed", "conformance-packs-across-organization.md")))(t))
	_, rest, ok := strings.Cut(page, "```\n")
	policy, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("no policy in the seed page")
	}
	policy = strings.ReplaceAll(policy, "awsconfigconformscustomer_bucket_name", orgBucket)
	return strings.ReplaceAll(policy, "customer_org_id", orgID)
}

// record gives an account a configuration recorder and a delivery channel,
// and starts recording.
func (o *org) record(t *testing.T, accountID string) {
	t.Helper()
	c := o.s.root()
	if accountID != o.s.RootKey().AccountID {
		c = o.assume(t, accountID)
	}
	client := o.s.config(c)
	mustRecorder(t, client, accountID)
	must(client.PutDeliveryChannel(bg, &configservice.PutDeliveryChannelInput{DeliveryChannel: &types.DeliveryChannel{
		Name: aws.String("default"), S3BucketName: aws.String("config-" + accountID),
	}}))(t)
	must(client.StartConfigurationRecorder(bg, &configservice.StartConfigurationRecorderInput{ConfigurationRecorderName: aws.String("default")}))(t)
}

// mustOrgBucket creates the delivery bucket in the management account with
// the given policy.
func (o *org) mustOrgBucket(t *testing.T, policy string) {
	t.Helper()
	client := o.s.s3(o.mgmt)
	mustCreateBucket(t, client, orgBucket)
	must(client.PutBucketPolicy(bg, &s3.PutBucketPolicyInput{Bucket: aws.String(orgBucket), Policy: aws.String(policy)}))(t)
}

// waitOrgPack polls DescribeOrganizationConformancePackStatuses by name, as
// Terraform does, until the pack leaves the in-progress states; it returns
// the status, or nil once the pack is gone.
func waitOrgPack(t *testing.T, client *configservice.Client, name string) *types.OrganizationConformancePackStatus {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		out, err := client.DescribeOrganizationConformancePackStatuses(bg, &configservice.DescribeOrganizationConformancePackStatusesInput{
			OrganizationConformancePackNames: []string{name}})
		var nsp *types.NoSuchOrganizationConformancePackException
		if errors.As(err, &nsp) {
			return nil
		}
		st := must(out, err)(t).OrganizationConformancePackStatuses[0]
		if !strings.HasSuffix(string(st.Status), "_IN_PROGRESS") {
			return &st
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("organization pack %s still in progress", name)
	return nil
}

// detailed returns the detailed statuses of a pack, every page, by account.
func detailed(t *testing.T, client *configservice.Client, name string, filters *types.OrganizationResourceDetailedStatusFilters) map[string]types.OrganizationConformancePackDetailedStatus {
	t.Helper()
	out := map[string]types.OrganizationConformancePackDetailedStatus{}
	p := configservice.NewGetOrganizationConformancePackDetailedStatusPaginator(client, &configservice.GetOrganizationConformancePackDetailedStatusInput{
		OrganizationConformancePackName: aws.String(name), Filters: filters, Limit: 2})
	for p.HasMorePages() {
		for _, d := range must(p.NextPage(bg))(t).OrganizationConformancePackDetailedStatuses {
			out[aws.ToString(d.AccountId)] = d
		}
	}
	return out
}

func wantStatuses(t *testing.T, got map[string]types.OrganizationConformancePackDetailedStatus, want map[string]types.OrganizationResourceDetailedStatus) {
	t.Helper()
	ok := len(got) == len(want)
	for id, st := range want {
		ok = ok && got[id].Status == st
	}
	if !ok {
		summary := map[string]string{}
		for id, d := range got {
			summary[id] = string(d.Status) + " " + aws.ToString(d.ErrorCode) + " " + aws.ToString(d.ErrorMessage)
		}
		t.Fatalf("detailed statuses = %v, want %v", summary, want)
	}
}

// memberPack returns the OrgConformsPack of an account, or nil.
func memberPack(t *testing.T, client *configservice.Client, prefix string) *types.ConformancePackDetail {
	t.Helper()
	for _, p := range must(client.DescribeConformancePacks(bg, &configservice.DescribeConformancePacksInput{}))(t).ConformancePackDetails {
		if strings.HasPrefix(aws.ToString(p.ConformancePackName), prefix) {
			return &p
		}
	}
	return nil
}

func putOrgPack(name string, excluded ...string) *configservice.PutOrganizationConformancePackInput {
	return &configservice.PutOrganizationConformancePackInput{
		OrganizationConformancePackName: aws.String(name), TemplateBody: aws.String(ecrPack),
		DeliveryS3Bucket: aws.String(orgBucket), DeliveryS3KeyPrefix: aws.String("packs"), ExcludedAccounts: excluded,
		ConformancePackInputParameters: []types.ConformancePackInputParameter{{ParameterName: aws.String("MaxAge"), ParameterValue: aws.String("30")}},
	}
}

// TestOrgPack_Story follows the seed: an organization whose delivery bucket
// has the seed's policy, one member not recording yet, governance over what
// the pack deployed, then the member starting to record and the pack
// converging by itself, and the pack's deletion.
func TestOrgPack_Story(t *testing.T) {
	s := mustStart(t, "")
	o := mustCreateOrg(t, s, 3)
	mgmtID := s.RootKey().AccountID
	for _, id := range []string{mgmtID, o.accounts[0], o.accounts[1]} {
		o.record(t, id)
	}
	o.mustOrgBucket(t, seedPolicy(t, o.orgID))
	client := s.config(o.mgmt)

	out := must(client.PutOrganizationConformancePack(bg, putOrgPack("baseline")))(t)
	arn := aws.ToString(out.OrganizationConformancePackArn)
	if !regexp.MustCompile(`^arn:aws:config:us-east-1:` + mgmtID + `:organization-conformance-pack/baseline-[a-z0-9]{8}$`).MatchString(arn) {
		t.Fatalf("ARN = %s", arn)
	}
	suffix := arn[len(arn)-8:]

	st := waitOrgPack(t, client, "baseline")
	if st.Status != types.OrganizationResourceStatusCreateFailed || aws.ToString(st.ErrorCode) != "NoAvailableConfigurationRecorderException" ||
		!strings.Contains(aws.ToString(st.ErrorMessage), o.accounts[2]) {
		t.Fatalf("aggregate = %s %s %s", st.Status, aws.ToString(st.ErrorCode), aws.ToString(st.ErrorMessage))
	}
	rows := detailed(t, client, "baseline", nil)
	wantStatuses(t, rows, map[string]types.OrganizationResourceDetailedStatus{
		mgmtID: "CREATE_SUCCESSFUL", o.accounts[0]: "CREATE_SUCCESSFUL", o.accounts[1]: "CREATE_SUCCESSFUL", o.accounts[2]: "CREATE_FAILED",
	})
	failed := rows[o.accounts[2]]
	if aws.ToString(failed.ErrorCode) != "NoAvailableConfigurationRecorderException" ||
		!strings.Contains(aws.ToString(failed.ErrorMessage), o.accounts[2]) || !strings.Contains(aws.ToString(failed.ErrorMessage), "us-east-1") ||
		aws.ToString(failed.ConformancePackName) != "OrgConformsPack-baseline-"+suffix {
		t.Fatalf("failed row = %+v", failed)
	}
	// Terraform's poll: the statuses by name, then the failed accounts.
	wantStatuses(t, detailed(t, client, "baseline", &types.OrganizationResourceDetailedStatusFilters{Status: "CREATE_FAILED"}),
		map[string]types.OrganizationResourceDetailedStatus{o.accounts[2]: "CREATE_FAILED"})
	wantStatuses(t, detailed(t, client, "baseline", &types.OrganizationResourceDetailedStatusFilters{AccountId: aws.String(o.accounts[0])}),
		map[string]types.OrganizationResourceDetailedStatus{o.accounts[0]: "CREATE_SUCCESSFUL"})

	// The member holds the pack, its rules and remediation, and cannot change them.
	member := s.config(o.assume(t, o.accounts[0]))
	mp := memberPack(t, member, "OrgConformsPack-")
	if mp == nil || aws.ToString(mp.ConformancePackName) != "OrgConformsPack-baseline-"+suffix ||
		aws.ToString(mp.CreatedBy) != "config-multiaccountsetup.amazonaws.com" {
		t.Fatalf("member pack = %+v", mp)
	}
	packSuffix := strings.TrimPrefix(aws.ToString(mp.ConformancePackId), "conformance-pack-")
	rules := packRuleNames(t, member)
	rule := "access-keys-rotated-conformance-pack-" + packSuffix
	if len(rules) != 2 || aws.ToString(rules[rule].InputParameters) != `{"maxAccessKeyAge":"30"}` ||
		aws.ToString(rules[rule].CreatedBy) != "config-conforms.amazonaws.com" {
		t.Fatalf("member rules = %v", rules)
	}
	_, err := member.DeleteConfigRule(bg, &configservice.DeleteConfigRuleInput{ConfigRuleName: aws.String(rule)})
	wantAPIError(t, err, "AccessDeniedException", "An AWS service owns ServiceLinkedConfigRule")
	_, err = member.PutConfigRule(bg, managedRule(rule, "ACCESS_KEYS_ROTATED", ""))
	wantAPIError(t, err, "AccessDeniedException", "An AWS service owns ServiceLinkedConfigRule")
	_, err = member.DeleteRemediationConfiguration(bg, &configservice.DeleteRemediationConfigurationInput{ConfigRuleName: aws.String(rule)})
	wantAPIError(t, err, "AccessDeniedException", "")
	_, err = member.DeleteConformancePack(bg, &configservice.DeleteConformancePackInput{ConformancePackName: mp.ConformancePackName})
	wantAPIError(t, err, "AccessDeniedException", "")
	_, err = member.PutConformancePack(bg, &configservice.PutConformancePackInput{ConformancePackName: mp.ConformancePackName, TemplateBody: aws.String(ecrPack)})
	wantAPIError(t, err, "AccessDeniedException", "")
	// Nor can it use the organization operations.
	_, err = member.PutOrganizationConformancePack(bg, putOrgPack("mine"))
	wantAPIError(t, err, "OrganizationAccessDeniedException", "management account or a delegated administrator")
	_, err = member.DeleteOrganizationConformancePack(bg, &configservice.DeleteOrganizationConformancePackInput{OrganizationConformancePackName: aws.String("baseline")})
	wantAPIError(t, err, "OrganizationAccessDeniedException", "")

	// The template is kept under the key prefix of the delivery bucket.
	if got := getBody(t, s.s3(o.mgmt), orgBucket, "packs/OrgConformsPack-baseline-"+suffix+"/template.yaml"); got != ecrPack {
		t.Fatalf("delivered template = %q", got)
	}

	// The failed member starts recording: the pack converges by itself.
	o.record(t, o.accounts[2])
	deadline := time.Now().Add(20 * time.Second)
	for st = waitOrgPack(t, client, "baseline"); st.Status != types.OrganizationResourceStatusCreateSuccessful; st = waitOrgPack(t, client, "baseline") {
		if time.Now().After(deadline) {
			t.Fatalf("aggregate after the member started recording = %s", st.Status)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if len(packRuleNames(t, s.config(o.assume(t, o.accounts[2])))) != 2 {
		t.Fatal("the converged member lacks the pack's rules")
	}
	packs := must(client.DescribeOrganizationConformancePacks(bg, &configservice.DescribeOrganizationConformancePacksInput{}))(t).OrganizationConformancePacks
	if len(packs) != 1 || aws.ToString(packs[0].OrganizationConformancePackArn) != arn || aws.ToString(packs[0].DeliveryS3KeyPrefix) != "packs" ||
		len(packs[0].ConformancePackInputParameters) != 1 || packs[0].LastUpdateTime == nil {
		t.Fatalf("DescribeOrganizationConformancePacks = %+v", packs)
	}

	// Deletion removes the pack from every account, then the pack itself.
	must(client.DeleteOrganizationConformancePack(bg, &configservice.DeleteOrganizationConformancePackInput{OrganizationConformancePackName: aws.String("baseline")}))(t)
	if st := waitOrgPack(t, client, "baseline"); st != nil {
		t.Fatalf("status after delete = %+v", st)
	}
	if mp := memberPack(t, member, "OrgConformsPack-"); mp != nil || len(packRuleNames(t, member)) != 0 {
		t.Fatalf("member still has pack %+v or rules", mp)
	}
	_, err = client.DescribeOrganizationConformancePacks(bg, &configservice.DescribeOrganizationConformancePacksInput{OrganizationConformancePackNames: []string{"baseline"}})
	wantAPIError(t, err, "NoSuchOrganizationConformancePackException", "One or more organization conformance packs")
	_, err = client.DeleteOrganizationConformancePack(bg, &configservice.DeleteOrganizationConformancePackInput{OrganizationConformancePackName: aws.String("baseline")})
	wantAPIError(t, err, "NoSuchOrganizationConformancePackException", "Could not find an OrganizationConformancePack for given request with resourceName baseline")
}

// TestOrgPack_InProgress checks ResourceInUseException while a deployment is
// in progress, with a server that has no deployment worker, and that the
// deployment resumes when a server with workers opens the same data.
func TestOrgPack_InProgress(t *testing.T) {
	dir := t.TempDir()
	s := mustStart(t, dir, func(c *Config) { c.DeployWorkers = -1 })
	o := mustCreateOrg(t, s, 2)
	for _, id := range append([]string{s.RootKey().AccountID}, o.accounts...) {
		o.record(t, id)
	}
	o.mustOrgBucket(t, seedPolicy(t, o.orgID))
	client := s.config(o.mgmt)
	must(client.PutOrganizationConformancePack(bg, putOrgPack("slow")))(t)
	st := must(client.DescribeOrganizationConformancePackStatuses(bg, &configservice.DescribeOrganizationConformancePackStatusesInput{}))(t).OrganizationConformancePackStatuses
	if len(st) != 1 || st[0].Status != types.OrganizationResourceStatusCreateInProgress {
		t.Fatalf("statuses = %+v", st)
	}
	wantStatuses(t, detailed(t, client, "slow", &types.OrganizationResourceDetailedStatusFilters{Status: "CREATE_IN_PROGRESS"}),
		map[string]types.OrganizationResourceDetailedStatus{s.RootKey().AccountID: "CREATE_IN_PROGRESS", o.accounts[0]: "CREATE_IN_PROGRESS", o.accounts[1]: "CREATE_IN_PROGRESS"})
	_, err := client.PutOrganizationConformancePack(bg, putOrgPack("slow"))
	wantAPIError(t, err, "ResourceInUseException", "being deployed (3 accounts in progress)")
	_, err = client.DeleteOrganizationConformancePack(bg, &configservice.DeleteOrganizationConformancePackInput{OrganizationConformancePackName: aws.String("slow")})
	wantAPIError(t, err, "ResourceInUseException", "being deployed")
	s.stop()

	s = mustStart(t, dir)
	client = s.config(s.root())
	if st := waitOrgPack(t, client, "slow"); st.Status != types.OrganizationResourceStatusCreateSuccessful {
		t.Fatalf("after the restart = %+v", st)
	}
}

// TestOrgPack_Excluded takes ExcludedAccounts from one account to two, then
// to none, across updates that also drop the input parameters.
func TestOrgPack_Excluded(t *testing.T) {
	s := mustStart(t, "")
	o := mustCreateOrg(t, s, 3)
	mgmtID := s.RootKey().AccountID
	for _, id := range append([]string{mgmtID}, o.accounts...) {
		o.record(t, id)
	}
	o.mustOrgBucket(t, seedPolicy(t, o.orgID))
	client := s.config(o.mgmt)
	member := func(i int) *configservice.Client { return s.config(o.assume(t, o.accounts[i])) }

	arn := aws.ToString(must(client.PutOrganizationConformancePack(bg, putOrgPack("ex", o.accounts[0])))(t).OrganizationConformancePackArn)
	if st := waitOrgPack(t, client, "ex"); st.Status != types.OrganizationResourceStatusCreateSuccessful {
		t.Fatalf("create = %+v", st)
	}
	wantStatuses(t, detailed(t, client, "ex", nil), map[string]types.OrganizationResourceDetailedStatus{
		mgmtID: "CREATE_SUCCESSFUL", o.accounts[1]: "CREATE_SUCCESSFUL", o.accounts[2]: "CREATE_SUCCESSFUL"})
	if memberPack(t, member(0), "OrgConformsPack-") != nil {
		t.Fatal("the excluded account got the pack")
	}

	in := putOrgPack("ex", o.accounts[1], o.accounts[0])
	in.ConformancePackInputParameters = nil
	again := aws.ToString(must(client.PutOrganizationConformancePack(bg, in))(t).OrganizationConformancePackArn)
	if again != arn {
		t.Fatalf("ARN changed on update: %s, then %s", arn, again)
	}
	if st := waitOrgPack(t, client, "ex"); st.Status != types.OrganizationResourceStatusUpdateSuccessful {
		t.Fatalf("update = %+v", st)
	}
	wantStatuses(t, detailed(t, client, "ex", nil), map[string]types.OrganizationResourceDetailedStatus{
		mgmtID: "UPDATE_SUCCESSFUL", o.accounts[2]: "UPDATE_SUCCESSFUL"})
	if memberPack(t, member(1), "OrgConformsPack-") != nil || len(packRuleNames(t, member(1))) != 0 {
		t.Fatal("the newly excluded account kept the pack")
	}
	rules := packRuleNames(t, member(2))
	for name, r := range rules {
		if strings.HasPrefix(name, "access-keys-rotated") && aws.ToString(r.InputParameters) != `{"maxAccessKeyAge":"90"}` {
			t.Fatalf("the parameter was not cleared: %s", aws.ToString(r.InputParameters))
		}
	}
	packs := must(client.DescribeOrganizationConformancePacks(bg, &configservice.DescribeOrganizationConformancePacksInput{
		OrganizationConformancePackNames: []string{"ex"}}))(t).OrganizationConformancePacks
	if got := packs[0].ExcludedAccounts; len(got) != 2 || !slices.Contains(got, o.accounts[0]) || len(packs[0].ConformancePackInputParameters) != 0 {
		t.Fatalf("described = %+v", packs[0])
	}

	in = putOrgPack("ex")
	in.ConformancePackInputParameters = nil
	must(client.PutOrganizationConformancePack(bg, in))(t)
	if st := waitOrgPack(t, client, "ex"); st.Status != types.OrganizationResourceStatusUpdateSuccessful {
		t.Fatalf("second update = %+v", st)
	}
	wantStatuses(t, detailed(t, client, "ex", nil), map[string]types.OrganizationResourceDetailedStatus{
		mgmtID: "UPDATE_SUCCESSFUL", o.accounts[0]: "CREATE_SUCCESSFUL", o.accounts[1]: "CREATE_SUCCESSFUL", o.accounts[2]: "UPDATE_SUCCESSFUL"})
	for i := range 3 {
		if len(packRuleNames(t, member(i))) != 2 {
			t.Fatalf("account %d lacks the pack's rules", i)
		}
	}
	packs = must(client.DescribeOrganizationConformancePacks(bg, &configservice.DescribeOrganizationConformancePacksInput{}))(t).OrganizationConformancePacks
	if len(packs[0].ExcludedAccounts) != 0 {
		t.Fatalf("excluded accounts after clearing = %v", packs[0].ExcludedAccounts)
	}
}

// TestOrgPack_JoinAndLeave: an account created after the deployment gets the
// pack once it records; an account removed from the organization loses it.
func TestOrgPack_JoinAndLeave(t *testing.T) {
	s := mustStart(t, "")
	o := mustCreateOrg(t, s, 2)
	mgmtID := s.RootKey().AccountID
	for _, id := range append([]string{mgmtID}, o.accounts...) {
		o.record(t, id)
	}
	client := s.config(o.mgmt)
	in := putOrgPack("joins")
	in.DeliveryS3Bucket, in.DeliveryS3KeyPrefix = nil, nil
	must(client.PutOrganizationConformancePack(bg, in))(t)
	if st := waitOrgPack(t, client, "joins"); st.Status != types.OrganizationResourceStatusCreateSuccessful {
		t.Fatalf("create = %+v", st)
	}
	leaver := s.config(o.assume(t, o.accounts[1]))

	ca := must(s.orgs(o.mgmt).CreateAccount(bg, &organizations.CreateAccountInput{AccountName: aws.String("late"), Email: aws.String("late@example.com")}))(t)
	late := aws.ToString(ca.CreateAccountStatus.AccountId)
	if st := waitOrgPack(t, client, "joins"); st.Status != types.OrganizationResourceStatusCreateFailed {
		t.Fatalf("after a join without a recorder = %+v", st)
	}
	o.record(t, late)
	for deadline := time.Now().Add(20 * time.Second); waitOrgPack(t, client, "joins").Status != types.OrganizationResourceStatusCreateSuccessful; {
		if time.Now().After(deadline) {
			t.Fatal("the new account did not converge")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if len(packRuleNames(t, s.config(o.assume(t, late)))) != 2 {
		t.Fatal("the new account lacks the pack's rules")
	}

	must(s.orgs(o.mgmt).RemoveAccountFromOrganization(bg, &organizations.RemoveAccountFromOrganizationInput{AccountId: aws.String(o.accounts[1])}))(t)
	if st := waitOrgPack(t, client, "joins"); st.Status != types.OrganizationResourceStatusCreateSuccessful {
		t.Fatalf("after a leave = %+v", st)
	}
	wantStatuses(t, detailed(t, client, "joins", nil), map[string]types.OrganizationResourceDetailedStatus{
		mgmtID: "CREATE_SUCCESSFUL", o.accounts[0]: "CREATE_SUCCESSFUL", late: "CREATE_SUCCESSFUL"})
	if memberPack(t, leaver, "OrgConformsPack-") != nil || len(packRuleNames(t, leaver)) != 0 {
		t.Fatal("the account that left kept the pack")
	}
	// A member whose recorder is stopped fails an update with the reason,
	// and converges when it records again.
	stayer := s.config(o.assume(t, o.accounts[0]))
	must(stayer.StopConfigurationRecorder(bg, &configservice.StopConfigurationRecorderInput{ConfigurationRecorderName: aws.String("default")}))(t)
	must(client.PutOrganizationConformancePack(bg, in))(t)
	if st := waitOrgPack(t, client, "joins"); st.Status != types.OrganizationResourceStatusUpdateFailed {
		t.Fatalf("update with a stopped recorder = %+v", st)
	}
	row := detailed(t, client, "joins", nil)[o.accounts[0]]
	if row.Status != "UPDATE_FAILED" || !strings.Contains(aws.ToString(row.ErrorMessage), "is not recording") {
		t.Fatalf("row of the stopped account = %s %s", row.Status, aws.ToString(row.ErrorMessage))
	}
	must(stayer.StartConfigurationRecorder(bg, &configservice.StartConfigurationRecorderInput{ConfigurationRecorderName: aws.String("default")}))(t)
	for deadline := time.Now().Add(20 * time.Second); waitOrgPack(t, client, "joins").Status != types.OrganizationResourceStatusUpdateSuccessful; {
		if time.Now().After(deadline) {
			t.Fatal("the account did not converge once recording again")
		}
		time.Sleep(20 * time.Millisecond)
	}

	// Outside any organization, the organization operations answer as AWS does.
	_, err := leaver.DescribeOrganizationConformancePacks(bg, &configservice.DescribeOrganizationConformancePacksInput{})
	wantAPIError(t, err, "OrganizationAccessDeniedException", "This action can only be made by accounts in an AWS Organization")
}

// TestOrgPack_BucketPolicy leaves one member out of the delivery bucket's
// policy: that member fails with the bucket and the action named, the
// others succeed.
func TestOrgPack_BucketPolicy(t *testing.T) {
	s := mustStart(t, "")
	o := mustCreateOrg(t, s, 2)
	mgmtID := s.RootKey().AccountID
	for _, id := range append([]string{mgmtID}, o.accounts...) {
		o.record(t, id)
	}
	policy := strings.Replace(seedPolicy(t, o.orgID), `"Statement": [`, `"Statement": [
        {"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::`+orgBucket+`/*",
         "Condition": {"StringEquals": {"aws:PrincipalAccount": "`+o.accounts[1]+`"}}},`, 1)
	o.mustOrgBucket(t, policy)
	client := s.config(o.mgmt)
	must(client.PutOrganizationConformancePack(bg, putOrgPack("guarded")))(t)
	if st := waitOrgPack(t, client, "guarded"); st.Status != types.OrganizationResourceStatusCreateFailed {
		t.Fatalf("aggregate = %+v", st)
	}
	rows := detailed(t, client, "guarded", nil)
	wantStatuses(t, rows, map[string]types.OrganizationResourceDetailedStatus{
		mgmtID: "CREATE_SUCCESSFUL", o.accounts[0]: "CREATE_SUCCESSFUL", o.accounts[1]: "CREATE_FAILED"})
	msg := aws.ToString(rows[o.accounts[1]].ErrorMessage)
	if aws.ToString(rows[o.accounts[1]].ErrorCode) != "InsufficientDeliveryPolicyException" || !strings.Contains(msg, orgBucket) ||
		!strings.Contains(msg, "s3:PutObject") || !strings.Contains(msg, "AWSServiceRoleForConfigConforms") {
		t.Fatalf("failed row = %s: %s", aws.ToString(rows[o.accounts[1]].ErrorCode), msg)
	}
}

// TestOrgPack_DelegatedAdministrator: a delegated administrator deploys its
// own packs, and it and the management account do not see each other's.
func TestOrgPack_DelegatedAdministrator(t *testing.T) {
	s := mustStart(t, "")
	o := mustCreateOrg(t, s, 2)
	for _, id := range append([]string{s.RootKey().AccountID}, o.accounts...) {
		o.record(t, id)
	}
	orgs := s.orgs(o.mgmt)
	admin := s.config(o.assume(t, o.accounts[0]))
	_, err := admin.PutOrganizationConformancePack(bg, putOrgPack("admins"))
	wantAPIError(t, err, "OrganizationAccessDeniedException", "")
	must(orgs.EnableAWSServiceAccess(bg, &organizations.EnableAWSServiceAccessInput{ServicePrincipal: aws.String("config-multiaccountsetup.amazonaws.com")}))(t)
	must(orgs.RegisterDelegatedAdministrator(bg, &organizations.RegisterDelegatedAdministratorInput{
		AccountId: aws.String(o.accounts[0]), ServicePrincipal: aws.String("config-multiaccountsetup.amazonaws.com")}))(t)

	in := putOrgPack("admins")
	in.DeliveryS3Bucket, in.DeliveryS3KeyPrefix = nil, nil
	arn := aws.ToString(must(admin.PutOrganizationConformancePack(bg, in))(t).OrganizationConformancePackArn)
	if !strings.Contains(arn, ":"+o.accounts[0]+":organization-conformance-pack/admins-") {
		t.Fatalf("ARN = %s", arn)
	}
	if st := waitOrgPack(t, admin, "admins"); st.Status != types.OrganizationResourceStatusCreateSuccessful {
		t.Fatalf("aggregate = %+v", st)
	}
	if rows := detailed(t, admin, "admins", nil); len(rows) != 3 {
		t.Fatalf("the delegated administrator's pack reached %d accounts, want 3", len(rows))
	}
	mgmt := s.config(o.mgmt)
	if packs := must(mgmt.DescribeOrganizationConformancePacks(bg, &configservice.DescribeOrganizationConformancePacksInput{}))(t).OrganizationConformancePacks; len(packs) != 0 {
		t.Fatalf("the management account sees %d packs of the delegated administrator", len(packs))
	}
	_, err = mgmt.GetOrganizationConformancePackDetailedStatus(bg, &configservice.GetOrganizationConformancePackDetailedStatusInput{OrganizationConformancePackName: aws.String("admins")})
	wantAPIError(t, err, "NoSuchOrganizationConformancePackException", "")
	_, err = mgmt.PutOrganizationConformancePack(bg, in)
	wantAPIError(t, err, "ResourceInUseException", o.accounts[0])
	_, err = s.config(o.assume(t, o.accounts[1])).DescribeOrganizationConformancePackStatuses(bg, &configservice.DescribeOrganizationConformancePackStatusesInput{})
	wantAPIError(t, err, "OrganizationAccessDeniedException", "delegated administrator")
}

// TestOrgPack_Validation covers the synchronous errors of Put and the reads.
func TestOrgPack_Validation(t *testing.T) {
	s := mustStart(t, "", func(c *Config) { c.Limits.OrgConformancePacks = 2 })
	client := s.config(s.root())
	_, err := client.PutOrganizationConformancePack(bg, putOrgPack("early"))
	wantAPIError(t, err, "OrganizationAccessDeniedException", "This action can only be made by accounts in an AWS Organization")

	o := mustCreateOrg(t, s, 1)
	in := putOrgPack("bad")
	in.DeliveryS3Bucket = aws.String("my-bucket")
	_, err = client.PutOrganizationConformancePack(bg, in)
	wantAPIError(t, err, "ValidationException", "awsconfigconforms")
	_, err = client.PutOrganizationConformancePack(bg, putOrgPack("bad"))
	wantAPIError(t, err, "NoSuchBucketException", orgBucket)
	// A bucket whose policy keeps out the owner account's conforms role.
	o.mustOrgBucket(t, policy(orgBucket, "Deny", `"*"`, `"s3:PutObject"`, "/*", ""))
	_, err = client.PutOrganizationConformancePack(bg, putOrgPack("bad"))
	wantAPIError(t, err, "InsufficientDeliveryPolicyException", "AWSServiceRoleForConfigConforms")
	must(s.s3(o.mgmt).PutBucketPolicy(bg, &s3.PutBucketPolicyInput{Bucket: aws.String(orgBucket), Policy: aws.String(seedPolicy(t, o.orgID))}))(t)

	in = putOrgPack("bad")
	in.TemplateBody = aws.String(`Parameters: {MaxAge: {Type: String}}
Resources:
  A:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: a
      Source: {Owner: AWS, SourceIdentifier: NOT_A_MANAGED_RULE}
  B:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: b
      Source: {Owner: AWS, SourceIdentifier: ALSO_NOT_A_RULE}
`)
	_, err = client.PutOrganizationConformancePack(bg, in) // every problem at once
	wantAPIError(t, err, "OrganizationConformancePackTemplateValidationException", "NOT_A_MANAGED_RULE")
	wantAPIError(t, err, "OrganizationConformancePackTemplateValidationException", "ALSO_NOT_A_RULE")
	in.TemplateBody = aws.String("Resources: {B: {Type: AWS::S3::Bucket}}")
	_, err = client.PutOrganizationConformancePack(bg, in)
	wantAPIError(t, err, "OrganizationConformancePackTemplateValidationException", "AWS::S3::Bucket")
	in.TemplateBody = nil
	_, err = client.PutOrganizationConformancePack(bg, in)
	wantAPIError(t, err, "ValidationException", "TemplateBody or TemplateS3Uri")

	must(client.PutOrganizationConformancePack(bg, putOrgPack("one")))(t)
	must(client.PutOrganizationConformancePack(bg, putOrgPack("two")))(t)
	_, err = client.PutOrganizationConformancePack(bg, putOrgPack("three"))
	wantAPIError(t, err, "MaxNumberOfOrganizationConformancePacksExceededException", "2")

	page := must(client.DescribeOrganizationConformancePacks(bg, &configservice.DescribeOrganizationConformancePacksInput{Limit: 1}))(t)
	if len(page.OrganizationConformancePacks) != 1 || page.NextToken == nil {
		t.Fatalf("first page = %+v", page)
	}
	page = must(client.DescribeOrganizationConformancePacks(bg, &configservice.DescribeOrganizationConformancePacksInput{Limit: 1, NextToken: page.NextToken}))(t)
	if len(page.OrganizationConformancePacks) != 1 || aws.ToString(page.OrganizationConformancePacks[0].OrganizationConformancePackName) != "two" || page.NextToken != nil {
		t.Fatalf("second page = %+v", page)
	}
	_, err = client.DescribeOrganizationConformancePackStatuses(bg, &configservice.DescribeOrganizationConformancePackStatusesInput{NextToken: aws.String("garbage")})
	wantAPIError(t, err, "InvalidNextTokenException", "")
	_, err = client.DescribeOrganizationConformancePackStatuses(bg, &configservice.DescribeOrganizationConformancePackStatusesInput{
		OrganizationConformancePackNames: []string{"one", "nope"}})
	wantAPIError(t, err, "NoSuchOrganizationConformancePackException", "")
	_, err = client.GetOrganizationConformancePackDetailedStatus(bg, &configservice.GetOrganizationConformancePackDetailedStatusInput{
		OrganizationConformancePackName: aws.String("one"), Filters: &types.OrganizationResourceDetailedStatusFilters{AccountId: aws.String("12")}})
	wantAPIError(t, err, "ValidationException", "")
}

// TestOrgPack_Regions: organization packs are regional. A pack in each of
// two regions reaches each account in that region only, and an account that
// joins gets both.
func TestOrgPack_Regions(t *testing.T) {
	// The packs are put while no worker runs, so that a worker of the next
	// server applies the rows of both regions in one batch.
	dir := t.TempDir()
	s := mustStart(t, dir, func(c *Config) { c.DeployWorkers = -1 })
	o := mustCreateOrg(t, s, 1)
	inRegion := func(c creds, region string) *configservice.Client {
		return configservice.NewFromConfig(s.awsConfig(c), func(opt *configservice.Options) {
			opt.BaseEndpoint, opt.Region = aws.String(s.endpoint), region
		})
	}
	recordIn := func(c creds, accountID string) {
		for _, region := range []string{"us-east-1", "eu-west-1"} {
			client := inRegion(c, region)
			mustRecorder(t, client, accountID)
			must(client.PutDeliveryChannel(bg, &configservice.PutDeliveryChannelInput{DeliveryChannel: &types.DeliveryChannel{
				Name: aws.String("default"), S3BucketName: aws.String("config-" + accountID)}}))(t)
			must(client.StartConfigurationRecorder(bg, &configservice.StartConfigurationRecorderInput{ConfigurationRecorderName: aws.String("default")}))(t)
		}
	}
	recordIn(o.mgmt, s.RootKey().AccountID)
	recordIn(o.assume(t, o.accounts[0]), o.accounts[0])
	for _, region := range []string{"us-east-1", "eu-west-1"} {
		in := putOrgPack("regional")
		in.DeliveryS3Bucket, in.DeliveryS3KeyPrefix = nil, nil
		if region == "eu-west-1" { // another template, under the same name
			in.ExcludedAccounts, in.ConformancePackInputParameters = []string{o.accounts[0]}, nil
			in.TemplateBody = aws.String(`Resources:
  Versioning:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: s3-bucket-versioning-enabled
      Source: {Owner: AWS, SourceIdentifier: S3_BUCKET_VERSIONING_ENABLED}
`)
		}
		arn := aws.ToString(must(inRegion(o.mgmt, region).PutOrganizationConformancePack(bg, in))(t).OrganizationConformancePackArn)
		if !strings.HasPrefix(arn, "arn:aws:config:"+region+":") {
			t.Fatalf("ARN in %s = %s", region, arn)
		}
	}
	s.stop()
	s = mustStart(t, dir)
	o.s = s
	for _, region := range []string{"us-east-1", "eu-west-1"} {
		if st := waitOrgPack(t, inRegion(o.mgmt, region), "regional"); st.Status != types.OrganizationResourceStatusCreateSuccessful {
			t.Fatalf("%s: %+v", region, st)
		}
		client := inRegion(o.mgmt, region)
		mp := memberPack(t, client, "OrgConformsPack-regional-")
		// Each region's rules are its own template's, tagged with its pack.
		rules := packRuleNames(t, client)
		want := map[string]int{"us-east-1": 2, "eu-west-1": 1}[region]
		suffix := "-conformance-pack-" + strings.TrimPrefix(aws.ToString(mp.ConformancePackId), "conformance-pack-")
		if len(rules) != want {
			t.Fatalf("%s: the management account has rules %v, want %d", region, slices.Collect(maps.Keys(rules)), want)
		}
		for name := range rules {
			if !strings.HasSuffix(name, suffix) {
				t.Fatalf("%s: rule %s is not of the region's pack %s", region, name, aws.ToString(mp.ConformancePackName))
			}
		}
	}
	member := o.assume(t, o.accounts[0])
	if memberPack(t, inRegion(member, "us-east-1"), "OrgConformsPack-regional-") == nil || memberPack(t, inRegion(member, "eu-west-1"), "OrgConformsPack-") != nil {
		t.Fatal("the member's packs do not follow the regions and the exclusion")
	}
	ca := must(s.orgs(o.mgmt).CreateAccount(bg, &organizations.CreateAccountInput{AccountName: aws.String("late"), Email: aws.String("late@example.com")}))(t)
	late := aws.ToString(ca.CreateAccountStatus.AccountId)
	recordIn(o.assume(t, late), late)
	for _, region := range []string{"us-east-1", "eu-west-1"} {
		deadline := time.Now().Add(20 * time.Second)
		for waitOrgPack(t, inRegion(o.mgmt, region), "regional").Status != types.OrganizationResourceStatusCreateSuccessful {
			if time.Now().After(deadline) {
				t.Fatalf("%s: the new account did not converge", region)
			}
			time.Sleep(20 * time.Millisecond)
		}
		if memberPack(t, inRegion(o.assume(t, late), region), "OrgConformsPack-regional-") == nil {
			t.Fatalf("the new account has no pack in %s", region)
		}
	}
	// Deleting the eu-west-1 pack leaves no rule behind there.
	must(inRegion(o.mgmt, "eu-west-1").DeleteOrganizationConformancePack(bg, &configservice.DeleteOrganizationConformancePackInput{
		OrganizationConformancePackName: aws.String("regional")}))(t)
	if st := waitOrgPack(t, inRegion(o.mgmt, "eu-west-1"), "regional"); st != nil {
		t.Fatalf("after delete: %+v", st)
	}
	if rules := packRuleNames(t, inRegion(o.assume(t, late), "eu-west-1")); len(rules) != 0 {
		t.Fatalf("rules left in eu-west-1: %v", rules)
	}
	if rules := packRuleNames(t, inRegion(o.assume(t, late), "us-east-1")); len(rules) != 2 {
		t.Fatalf("rules in us-east-1 after the eu-west-1 delete: %v", rules)
	}
}
