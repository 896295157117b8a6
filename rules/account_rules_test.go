package rules_test

import (
	"testing"

	"conforms/rules"
)

func TestIAMRootAccessKeyCheck(t *testing.T) {
	runCases(t, "IAM_ROOT_ACCESS_KEY_CHECK", []ruleCase{
		{name: "no root key", item: accountItem(t, `{"accountSummary":{"AccountMFAEnabled":1,"AccountAccessKeysPresent":0}}`), want: rules.Compliant},
		{name: "root key", item: accountItem(t, `{"accountSummary":{"AccountMFAEnabled":1,"AccountAccessKeysPresent":1}}`), want: rules.NonCompliant},
		{name: "unknown", item: accountItem(t, `{}`), want: rules.NotApplicable},
	})
}

func TestS3AccountLevelPublicAccessBlocksPeriodic(t *testing.T) {
	all := accountItem(t, `{"s3PublicAccessBlock":{"BlockPublicAcls":true,"IgnorePublicAcls":true,"BlockPublicPolicy":true,"RestrictPublicBuckets":true}}`)
	noPolicy := accountItem(t, `{"s3PublicAccessBlock":{"BlockPublicAcls":true,"IgnorePublicAcls":true,"BlockPublicPolicy":false,"RestrictPublicBuckets":true}}`)
	pabEnv := func(edit func(map[string]any)) rules.Env {
		return rules.StaticEnv{At: testNow, ByType: map[string][]*rules.Item{"AWS::S3::AccountPublicAccessBlock": {
			corpusItem(t, "rdk-example-ci/AWS_S3_AccountPublicAccessBlock.json", edits(set("accountId", "111122223333"), edit))}}}
	}
	runCases(t, "S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC", []ruleCase{
		{name: "all blocked", item: all, want: rules.Compliant},
		{name: "public policies allowed", item: noPolicy, want: rules.NonCompliant},
		{name: "public policies allowed, not enforced", item: noPolicy, params: `{"BlockPublicPolicy":"False"}`, want: rules.Compliant},
		{name: "public policies allowed, enforced in capitals", item: noPolicy, params: `{"BlockPublicPolicy":"TRUE"}`, want: rules.NonCompliant},
		{name: "no configuration", item: accountItem(t, `{"s3PublicAccessBlock":null}`), want: rules.NonCompliant},
		{name: "unknown", item: accountItem(t, `{}`), want: rules.NotApplicable},
		{name: "from the AccountPublicAccessBlock item", item: accountItem(t, `{}`), env: pabEnv(set("configuration.blockPublicAcls", true)),
			want: rules.Compliant},
		{name: "from the AccountPublicAccessBlock item, ACLs not ignored", item: accountItem(t, `{}`),
			env: pabEnv(set("configuration.ignorePublicAcls", false)), want: rules.NonCompliant},
	})
	r, _ := rules.Lookup("S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC")
	if _, err := r.Evaluate(all, rules.Params{"BlockPublicAcls": "yes"}, rules.StaticEnv{At: testNow}); err == nil {
		t.Error("BlockPublicAcls yes accepted")
	}
}

func TestEC2EBSEncryptionByDefault(t *testing.T) {
	runCases(t, "EC2_EBS_ENCRYPTION_BY_DEFAULT", []ruleCase{
		{name: "on", item: accountItem(t, `{"ebsEncryptionByDefault":true}`), want: rules.Compliant},
		{name: "off", item: accountItem(t, `{"ebsEncryptionByDefault":false}`), want: rules.NonCompliant},
		{name: "unknown", item: accountItem(t, `{}`), want: rules.NotApplicable},
	})
}

func TestSecurityHubEnabled(t *testing.T) {
	runCases(t, "SECURITYHUB_ENABLED", []ruleCase{
		{name: "enabled", item: accountItem(t, `{"securityHub":{"enabled":true}}`), want: rules.Compliant},
		{name: "disabled", item: accountItem(t, `{"securityHub":{"enabled":false}}`), want: rules.NonCompliant},
		{name: "unknown", item: accountItem(t, `{}`), want: rules.NotApplicable},
	})
}

func TestGuardDutyEnabledCentralized(t *testing.T) {
	member := accountItem(t, `{"guardDuty":{"enabled":true,"administrator":{"AccountId":"444455556666","RelationshipStatus":"Enabled"}}}`)
	runCases(t, "GUARDDUTY_ENABLED_CENTRALIZED", []ruleCase{
		{name: "enabled", item: accountItem(t, `{"guardDuty":{"enabled":true}}`), want: rules.Compliant},
		{name: "disabled", item: accountItem(t, `{"guardDuty":{"enabled":false}}`), want: rules.NonCompliant},
		{name: "unknown", item: accountItem(t, `{}`), want: rules.NotApplicable},
		{name: "member of the central account", item: member, params: `{"CentralMonitoringAccount":"444455556666"}`, want: rules.Compliant},
		{name: "member of another account", item: member, params: `{"CentralMonitoringAccount":"777788889999"}`, want: rules.NonCompliant},
		{name: "no administrator", item: accountItem(t, `{"guardDuty":{"enabled":true}}`), params: `{"CentralMonitoringAccount":"444455556666"}`,
			want: rules.NonCompliant},
		{name: "the central account itself", item: accountItem(t, `{"guardDuty":{"enabled":true}}`),
			params: `{"CentralMonitoringAccount":"444455556666,111122223333"}`, want: rules.Compliant},
		{name: "relationship removed", item: accountItem(t, `{"guardDuty":{"enabled":true,"administrator":{"AccountId":"444455556666","RelationshipStatus":"Removed"}}}`),
			params: `{"CentralMonitoringAccount":"444455556666"}`, want: rules.NonCompliant},
	})
}

func TestRootAccountMFAEnabled(t *testing.T) {
	runCases(t, "ROOT_ACCOUNT_MFA_ENABLED", []ruleCase{
		{name: "MFA", item: accountItem(t, `{"accountSummary":{"AccountMFAEnabled":1,"AccountAccessKeysPresent":0}}`), want: rules.Compliant},
		{name: "no MFA", item: accountItem(t, `{"accountSummary":{"AccountMFAEnabled":0,"AccountAccessKeysPresent":0}}`), want: rules.NonCompliant},
		{name: "unknown", item: accountItem(t, `{}`), want: rules.NotApplicable},
	})
}

func TestRootAccountHardwareMFAEnabled(t *testing.T) {
	runCases(t, "ROOT_ACCOUNT_HARDWARE_MFA_ENABLED", []ruleCase{
		{name: "hardware MFA", item: accountItem(t, `{"accountSummary":{"AccountMFAEnabled":1},"rootHardwareMfa":true}`), want: rules.Compliant},
		{name: "virtual MFA", item: accountItem(t, `{"accountSummary":{"AccountMFAEnabled":1},"rootHardwareMfa":false}`), want: rules.NonCompliant},
		{name: "no MFA", item: accountItem(t, `{"accountSummary":{"AccountMFAEnabled":0}}`), want: rules.NonCompliant},
		{name: "MFA of unknown kind", item: accountItem(t, `{"accountSummary":{"AccountMFAEnabled":1}}`), want: rules.NotApplicable},
	})
}

func TestGuardDutyNonArchivedFindings(t *testing.T) {
	// testNow is 2026-11-24T12:00:00Z.
	findings := func(list string) *rules.Item {
		return accountItem(t, `{"guardDuty":{"enabled":true,"findings":`+list+`}}`)
	}
	runCases(t, "GUARDDUTY_NON_ARCHIVED_FINDINGS", []ruleCase{
		{name: "no findings", item: findings(`[]`), want: rules.Compliant},
		{name: "fresh high finding", item: findings(`[{"id":"f1","severity":8.0,"updatedAt":"2026-11-24T00:00:00Z","archived":false}]`), want: rules.Compliant},
		{name: "old high finding", item: findings(`[{"id":"f1","severity":8.0,"updatedAt":"2026-11-22T00:00:00Z","archived":false}]`), want: rules.NonCompliant},
		{name: "old high finding, archived", item: findings(`[{"id":"f1","severity":8.0,"updatedAt":"2026-11-01T00:00:00Z","archived":true}]`), want: rules.Compliant},
		{name: "medium finding of 5 days", item: findings(`[{"id":"f2","severity":5.0,"updatedAt":"2026-11-19T12:00:00Z","archived":false}]`), want: rules.Compliant},
		{name: "medium finding of 10 days", item: findings(`[{"id":"f2","severity":5.0,"updatedAt":"2026-11-14T12:00:00Z","archived":false}]`), want: rules.NonCompliant},
		{name: "low finding of 20 days", item: findings(`[{"id":"f3","severity":2.0,"updatedAt":"2026-11-04T12:00:00Z","archived":false}]`), want: rules.Compliant},
		{name: "low finding of 20 days, 14 allowed", item: findings(`[{"id":"f3","severity":2.0,"updatedAt":"2026-11-04T12:00:00Z","archived":false}]`),
			params: `{"daysLowSev":"14"}`, want: rules.NonCompliant},
		{name: "high finding of 2 days, 3 allowed", item: findings(`[{"id":"f1","severity":7.5,"updatedAt":"2026-11-22T12:00:00Z","archived":false}]`),
			params: `{"daysHighSev":"3","daysMediumSev":"7"}`, want: rules.Compliant},
		{name: "GuardDuty disabled", item: accountItem(t, `{"guardDuty":{"enabled":false}}`), want: rules.NotApplicable},
		{name: "unknown", item: accountItem(t, `{}`), want: rules.NotApplicable},
	})
}

func TestAccountPartOfOrganizations(t *testing.T) {
	member := accountItem(t, `{"organization":{"id":"o-a1b2c3d4e5","masterAccountId":"444455556666"}}`)
	runCases(t, "ACCOUNT_PART_OF_ORGANIZATIONS", []ruleCase{
		{name: "member", item: member, want: rules.Compliant},
		{name: "no organization", item: accountItem(t, `{}`), want: rules.NonCompliant},
		{name: "the wanted management account", item: member, params: `{"MasterAccountId":"444455556666"}`, want: rules.Compliant},
		{name: "another management account", item: member, params: `{"MasterAccountId":"777788889999"}`, want: rules.NonCompliant},
	})
}
