package rules_test

import (
	"net/url"
	"testing"

	"conforms/rules"
)

const (
	iamxPolicyCI = "rdk-example-ci/AWS_IAM_Policy.json"
	iamxUserCI   = "rdk-example-ci/AWS_IAM_User.json"
	iamxGroupCI  = "rdk-example-ci/AWS_IAM_Group.json"
	iamxRoleCI   = "rdk-example-ci/AWS_IAM_Role.json"
)

// iamxEncoded URL-encodes a policy document, as real IAM CIs carry it.
func iamxEncoded(doc string) string { return url.QueryEscape(doc) }

// iamxPolicy returns the corpus managed policy with its one (default)
// version's document replaced by doc, URL-encoded.
func iamxPolicy(t *testing.T, doc string, more ...func(map[string]any)) *rules.Item {
	t.Helper()
	return corpusItem(t, iamxPolicyCI, edits(append([]func(map[string]any){func(ci map[string]any) {
		v := ci["configuration"].(map[string]any)["policyVersionList"].([]any)[0].(map[string]any)
		v["document"] = iamxEncoded(doc)
	}}, more...)...))
}

// iamxStatement is a policy document of one statement.
func iamxStatement(stmt string) string {
	return `{"Version":"2012-10-17","Statement":[` + stmt + `]}`
}

// iamxUser returns the corpus user with the credential report row given as
// JSON (none for "").
func iamxUser(t *testing.T, report string, more ...func(map[string]any)) *rules.Item {
	t.Helper()
	fs := []func(map[string]any){}
	if report != "" {
		fs = append(fs, set("supplementaryConfiguration.CredentialReport", report))
	}
	return corpusItem(t, iamxUserCI, edits(append(fs, more...)...))
}

func TestIamPolicyNoStatementsWithAdminAccess(t *testing.T) {
	const id = "IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS"
	admin := iamxStatement(`{"Sid":"VisualEditor","Effect":"Allow","Action":"*","Resource":"*"}`)
	runCases(t, id, []ruleCase{
		{name: "corpus policy (RDK document list)", item: corpusItem(t, iamxPolicyCI, nil), want: rules.Compliant},
		{name: "service wildcard", item: iamxPolicy(t, iamxStatement(`{"Effect":"Allow","Action":"service:*","Resource":"*"}`)), want: rules.Compliant},
		{name: "admin, URL-encoded", item: iamxPolicy(t, admin), want: rules.NonCompliant},
		{name: "admin in a list", item: iamxPolicy(t, iamxStatement(`{"Effect":"Allow","Action":["s3:Get*","*"],"Resource":["*"]}`)), want: rules.NonCompliant},
		{name: "deny all", item: iamxPolicy(t, iamxStatement(`{"Effect":"Deny","Action":"*","Resource":"*"}`)), want: rules.Compliant},
		{name: "all actions on one bucket", item: iamxPolicy(t, iamxStatement(`{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/*"}`)), want: rules.Compliant},
		{name: "AWS managed policy", item: iamxPolicy(t, admin, set("arn", "arn:aws:iam::aws:policy/AdministratorAccess")), want: rules.NotApplicable},
		{name: "boundary, excluded", item: iamxPolicy(t, admin, set("configuration.permissionsBoundaryUsageCount", 1)),
			params: `{"excludePermissionBoundaryPolicy":"true"}`, want: rules.NotApplicable},
		{name: "boundary, not excluded", item: iamxPolicy(t, admin, set("configuration.permissionsBoundaryUsageCount", 1)),
			params: `{"excludePermissionBoundaryPolicy":"false"}`, want: rules.NonCompliant},
		{name: "only a non-default version is admin", item: iamxPolicy(t, admin, func(ci map[string]any) {
			c := ci["configuration"].(map[string]any)
			old := c["policyVersionList"].([]any)[0].(map[string]any)
			old["isDefaultVersion"], old["versionId"] = false, "v1"
			c["policyVersionList"] = append(c["policyVersionList"].([]any), map[string]any{"versionId": "v2", "isDefaultVersion": true,
				"document": iamxEncoded(iamxStatement(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}`))})
			c["defaultVersionId"] = "v2"
		}), want: rules.Compliant},
	})
}

func TestIamPolicyNoStatementsWithFullAccess(t *testing.T) {
	runCases(t, "IAM_POLICY_NO_STATEMENTS_WITH_FULL_ACCESS", []ruleCase{
		{name: "corpus policy (Describe*)", item: corpusItem(t, iamxPolicyCI, nil), want: rules.Compliant},
		{name: "ec2:*", item: iamxPolicy(t, iamxStatement(`{"Effect":"Allow","Action":["ec2:*"],"Resource":"arn:aws:ec2:*:*:instance/*"}`)), want: rules.NonCompliant},
		{name: "all actions", item: iamxPolicy(t, iamxStatement(`{"Effect":"Allow","Action":"*","Resource":"*"}`)), want: rules.NonCompliant},
		{name: "deny ec2:*", item: iamxPolicy(t, iamxStatement(`{"Effect":"Deny","Action":"ec2:*","Resource":"*"}`)), want: rules.Compliant},
		{name: "boundary excluded", item: iamxPolicy(t, iamxStatement(`{"Effect":"Allow","Action":"ec2:*","Resource":"*"}`),
			set("configuration.permissionsBoundaryUsageCount", 2)), params: `{"excludePermissionBoundaryPolicy":true}`, want: rules.NotApplicable},
	})
}

func TestIamCustomerPolicyBlockedKmsActions(t *testing.T) {
	const id = "IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS"
	blocked := `{"blockedActionsPatterns":"kms:Decrypt*,kms:ReEncryptFrom"}`
	runCases(t, id, []ruleCase{
		{name: "corpus policy", item: corpusItem(t, iamxPolicyCI, nil), params: blocked, want: rules.Compliant},
		{name: "kms:* on all keys", item: iamxPolicy(t, iamxStatement(`{"Effect":"Allow","Action":"kms:*","Resource":"*"}`)), params: blocked, want: rules.NonCompliant},
		{name: "decrypt on every key ARN", item: iamxPolicy(t, iamxStatement(`{"Effect":"Allow","Action":"kms:Decrypt","Resource":"arn:aws:kms:*:*:key/*"}`)),
			params: blocked, want: rules.NonCompliant},
		{name: "decrypt on one key", item: iamxPolicy(t, iamxStatement(`{"Effect":"Allow","Action":"kms:Decrypt",
			"Resource":"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}`)), params: blocked, want: rules.Compliant},
		{name: "other kms actions", item: iamxPolicy(t, iamxStatement(`{"Effect":"Allow","Action":["kms:Encrypt","kms:GenerateDataKey*"],"Resource":"*"}`)),
			params: blocked, want: rules.Compliant},
		{name: "NotAction that leaves kms", item: iamxPolicy(t, iamxStatement(`{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}`)),
			params: blocked, want: rules.NonCompliant},
		{name: "AWS managed", item: iamxPolicy(t, iamxStatement(`{"Effect":"Allow","Action":"kms:*","Resource":"*"}`),
			set("arn", "arn:aws:iam::aws:policy/AWSKeyManagementServicePowerUser")), params: blocked, want: rules.NotApplicable},
	})
	r, _ := rules.Lookup(id)
	if _, err := r.Evaluate(corpusItem(t, iamxPolicyCI, nil), rules.Params{}, rules.StaticEnv{At: testNow}); err == nil {
		t.Error("no blockedActionsPatterns accepted")
	}
}

func TestIamInlinePolicyBlockedKmsActions(t *testing.T) {
	const id = "IAM_INLINE_POLICY_BLOCKED_KMS_ACTIONS"
	blocked := `{"blockedActionsPatterns":"kms:Decrypt,kms:ReEncryptFrom"}`
	kmsAll := iamxEncoded(iamxStatement(`{"Effect":"Allow","Action":"kms:*","Resource":"*"}`))
	trust := map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Allow",
		"Principal": map[string]any{"AWS": "arn:aws:iam::999988887777:root"}, "Action": "sts:AssumeRole"}}}
	mgmtEnv := rules.StaticEnv{At: testNow, ByType: map[string][]*rules.Item{
		rules.AccountResourceType: {accountItem(t, `{"organization":{"id":"o-abc","masterAccountId":"999988887777"}}`)}}}
	role := func(more ...func(map[string]any)) *rules.Item {
		return corpusItem(t, iamxRoleCI, edits(append([]func(map[string]any){
			set("configuration.rolePolicyList", []any{map[string]any{"policyName": "kms-all", "policyDocument": kmsAll}})}, more...)...))
	}
	runCases(t, id, []ruleCase{
		{name: "user, codedeploy only", item: corpusItem(t, iamxUserCI, nil), params: blocked, want: rules.Compliant},
		{name: "group without inline policies", item: corpusItem(t, iamxGroupCI, nil), params: blocked, want: rules.Compliant},
		{name: "user with kms:*", item: corpusItem(t, iamxUserCI, set("configuration.userPolicyList",
			[]any{map[string]any{"policyName": "p", "policyDocument": kmsAll}})), params: blocked, want: rules.NonCompliant},
		{name: "role with kms:*", item: role(), params: blocked, want: rules.NonCompliant},
		{name: "management account role, excluded", item: role(set("configuration.assumeRolePolicyDocument", trust)),
			params: `{"blockedActionsPatterns":"kms:Decrypt","excludeRoleByManagementAccount":"true"}`, env: mgmtEnv, want: rules.NotApplicable},
		{name: "service role, not excluded", item: role(),
			params: `{"blockedActionsPatterns":"kms:Decrypt","excludeRoleByManagementAccount":"true"}`, env: mgmtEnv, want: rules.NonCompliant},
	})
}

func TestIamNoInlinePolicyCheck(t *testing.T) {
	runCases(t, "IAM_NO_INLINE_POLICY_CHECK", []ruleCase{
		{name: "user with an inline policy", item: corpusItem(t, iamxUserCI, nil), want: rules.NonCompliant},
		{name: "user without", item: corpusItem(t, iamxUserCI, set("configuration.userPolicyList", []any{})), want: rules.Compliant},
		{name: "group without", item: corpusItem(t, iamxGroupCI, nil), want: rules.Compliant},
		{name: "role without", item: corpusItem(t, iamxRoleCI, nil), want: rules.Compliant},
		{name: "role with", item: corpusItem(t, iamxRoleCI, set("configuration.rolePolicyList",
			[]any{map[string]any{"policyName": "inline", "policyDocument": iamxEncoded(iamxStatement(`{"Effect":"Allow","Action":"s3:*","Resource":"*"}`))}})),
			want: rules.NonCompliant},
		{name: "service-linked role", item: corpusItem(t, iamxRoleCI, edits(set("configuration.path", "/aws-service-role/config.amazonaws.com/"),
			set("configuration.rolePolicyList", []any{map[string]any{"policyName": "inline", "policyDocument": "%7B%7D"}}))), want: rules.NotApplicable},
	})
}

func TestMfaEnabledForIamConsoleAccess(t *testing.T) {
	runCases(t, "MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS", []ruleCase{
		{name: "password and MFA", item: iamxUser(t, `{"user":"johndoe","password_enabled":"true","mfa_active":"true"}`), want: rules.Compliant},
		{name: "password, no MFA", item: iamxUser(t, `{"user":"johndoe","password_enabled":"true","mfa_active":"false"}`), want: rules.NonCompliant},
		{name: "JSON booleans", item: iamxUser(t, `{"password_enabled":true,"mfa_active":false}`), want: rules.NonCompliant},
		{name: "no console password", item: iamxUser(t, `{"password_enabled":"false","mfa_active":"false"}`), want: rules.NotApplicable},
		{name: "no credential report", item: iamxUser(t, ""), want: rules.NotApplicable},
	})
}

func TestIamUserMfaEnabled(t *testing.T) {
	runCases(t, "IAM_USER_MFA_ENABLED", []ruleCase{
		{name: "MFA", item: iamxUser(t, `{"password_enabled":"false","mfa_active":"true"}`), want: rules.Compliant},
		{name: "no MFA, keys only", item: iamxUser(t, `{"password_enabled":"false","mfa_active":"false","access_key_1_active":"true"}`), want: rules.NonCompliant},
		{name: "no credential report", item: iamxUser(t, ""), want: rules.NotApplicable},
	})
}

func TestIamUserUnusedCredentialsCheck(t *testing.T) {
	const id = "IAM_USER_UNUSED_CREDENTIALS_CHECK"
	// testNow is 2026-11-24.
	runCases(t, id, []ruleCase{
		{name: "recently used", item: iamxUser(t, `{"user_creation_time":"2020-01-01T00:00:00+00:00","password_enabled":"true",
			"password_last_used":"2026-11-01T10:00:00+00:00","access_key_1_active":"true","access_key_1_last_rotated":"2025-01-01T00:00:00+00:00",
			"access_key_1_last_used_date":"2026-11-20T00:00:00+00:00","access_key_2_active":"false","access_key_2_last_used_date":"N/A"}`), want: rules.Compliant},
		{name: "password unused for long", item: iamxUser(t, `{"password_enabled":"true","password_last_used":"2026-05-01T00:00:00+00:00"}`), want: rules.NonCompliant},
		{name: "password unused, larger limit", item: iamxUser(t, `{"password_enabled":"true","password_last_used":"2026-05-01T00:00:00+00:00"}`),
			params: `{"maxCredentialUsageAge":"365"}`, want: rules.Compliant},
		{name: "password never used, old", item: iamxUser(t, `{"user_creation_time":"2025-01-01T00:00:00+00:00","password_enabled":"true",
			"password_last_used":"no_information","password_last_changed":"2025-01-01T00:00:00+00:00"}`), want: rules.NonCompliant},
		{name: "password never used, new", item: iamxUser(t, `{"user_creation_time":"2026-11-01T00:00:00+00:00","password_enabled":"true",
			"password_last_used":"N/A","password_last_changed":"2026-11-01T00:00:00+00:00"}`), want: rules.Compliant},
		{name: "active key unused", item: iamxUser(t, `{"password_enabled":"false","access_key_2_active":"true",
			"access_key_2_last_rotated":"2026-01-01T00:00:00+00:00","access_key_2_last_used_date":"2026-02-01T00:00:00+00:00"}`), want: rules.NonCompliant},
		{name: "inactive key unused", item: iamxUser(t, `{"password_enabled":"false","access_key_1_active":"false",
			"access_key_1_last_rotated":"2020-01-01T00:00:00+00:00","access_key_1_last_used_date":"N/A"}`), want: rules.Compliant},
		{name: "no credential report", item: iamxUser(t, ""), want: rules.NotApplicable},
	})
}

func TestAccessKeysRotated(t *testing.T) {
	runCases(t, "ACCESS_KEYS_ROTATED", []ruleCase{
		{name: "fresh key", item: iamxUser(t, `{"access_key_1_active":"true","access_key_1_last_rotated":"2026-10-01T00:00:00+00:00"}`), want: rules.Compliant},
		{name: "old key", item: iamxUser(t, `{"access_key_1_active":"true","access_key_1_last_rotated":"2026-01-01T00:00:00+00:00"}`), want: rules.NonCompliant},
		{name: "old key, larger limit", item: iamxUser(t, `{"access_key_1_active":"true","access_key_1_last_rotated":"2026-01-01T00:00:00+00:00"}`),
			params: `{"maxAccessKeyAge":"400"}`, want: rules.Compliant},
		{name: "old second key", item: iamxUser(t, `{"access_key_1_active":"false","access_key_1_last_rotated":"2020-01-01T00:00:00+00:00",
			"access_key_2_active":"true","access_key_2_last_rotated":"2026-08-01T00:00:00+00:00"}`), params: `{"maxAccessKeyAge":"30"}`, want: rules.NonCompliant},
		{name: "no active keys", item: iamxUser(t, `{"access_key_1_active":"false","access_key_2_active":"false"}`), want: rules.Compliant},
		{name: "no credential report", item: iamxUser(t, ""), want: rules.NotApplicable},
	})
}

func TestIamUserNoPoliciesCheck(t *testing.T) {
	runCases(t, "IAM_USER_NO_POLICIES_CHECK", []ruleCase{
		{name: "corpus user with policies", item: corpusItem(t, iamxUserCI, nil), want: rules.NonCompliant},
		{name: "only an inline policy", item: corpusItem(t, iamxUserCI, set("configuration.attachedManagedPolicies", []any{})), want: rules.NonCompliant},
		{name: "none", item: corpusItem(t, iamxUserCI, edits(set("configuration.attachedManagedPolicies", []any{}),
			set("configuration.userPolicyList", []any{}))), want: rules.Compliant},
	})
}

func TestIamUserGroupMembershipCheck(t *testing.T) {
	runCases(t, "IAM_USER_GROUP_MEMBERSHIP_CHECK", []ruleCase{
		{name: "in a group", item: corpusItem(t, iamxUserCI, nil), want: rules.Compliant},
		{name: "in no group", item: corpusItem(t, iamxUserCI, set("configuration.groupList", []any{})), want: rules.NonCompliant},
		{name: "in a wanted group", item: corpusItem(t, iamxUserCI, nil), params: `{"groupNames":"Admins, MyTestGroup"}`, want: rules.Compliant},
		{name: "not in the wanted groups", item: corpusItem(t, iamxUserCI, nil), params: `{"groupNames":"Admins,Developers"}`, want: rules.NonCompliant},
	})
}

func TestIamGroupHasUsersCheck(t *testing.T) {
	empty := corpusItem(t, iamxGroupCI, set("relationships", []any{}))
	withMember := rules.StaticEnv{At: testNow, ByType: map[string][]*rules.Item{"AWS::IAM::User": {corpusItem(t, iamxUserCI, nil)}}}
	runCases(t, "IAM_GROUP_HAS_USERS_CHECK", []ruleCase{
		{name: "users in relationships", item: corpusItem(t, iamxGroupCI, nil), want: rules.Compliant},
		{name: "no users", item: empty, want: rules.NonCompliant},
		{name: "a user item names the group", item: empty, env: withMember, want: rules.Compliant},
	})
}
