package rules

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// IAM rules: managed policies (AWS::IAM::Policy), users, groups and roles.
//
// Facts about an IAM user's credentials (console password, access keys,
// MFA) are not part of the AWS::IAM::User configuration AWS Config records;
// AWS's rules read IAM's credential report for them. conforms reads that
// report's row for the user from the user CI's supplementaryConfiguration,
// under the key iamxCredentialReport.

// iamxCredentialReport is the key, in an AWS::IAM::User CI's
// supplementaryConfiguration, of the user's row of the IAM credential report
// (GenerateCredentialReport / GetCredentialReport), as an object (or JSON
// text holding one) whose keys are the report's CSV column names and whose
// values are the report's cells:
//
//	{
//	  "user": "johndoe", "arn": "arn:aws:iam::111122223333:user/johndoe",
//	  "user_creation_time": "2026-01-02T03:04:05+00:00",
//	  "password_enabled": "true",                 // "true", "false" or "not_supported"
//	  "password_last_used": "2026-11-01T00:00:00+00:00", // or "N/A", "no_information"
//	  "password_last_changed": "2026-01-02T03:04:05+00:00",
//	  "mfa_active": "true",
//	  "access_key_1_active": "true", "access_key_1_last_rotated": "2026-10-01T00:00:00+00:00",
//	  "access_key_1_last_used_date": "2026-11-20T00:00:00+00:00", // or "N/A"
//	  "access_key_2_active": "false", "access_key_2_last_rotated": "N/A", "access_key_2_last_used_date": "N/A"
//	}
//
// JSON booleans count for "true"/"false". A user CI without it has unknown
// credentials: the rules that need it answer NOT_APPLICABLE.
const iamxCredentialReport = "CredentialReport"

// iamxTypes are the IAM identity types that carry inline policies.
var iamxTypes = []string{"AWS::IAM::Group", "AWS::IAM::Role", "AWS::IAM::User"}

func init() {
	register(
		&Rule{Identifier: "IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS", ResourceTypes: []string{"AWS::IAM::Policy"}, Evaluate: iamPolicyNoStatementsWithAdminAccess},
		&Rule{Identifier: "IAM_POLICY_NO_STATEMENTS_WITH_FULL_ACCESS", ResourceTypes: []string{"AWS::IAM::Policy"}, Evaluate: iamPolicyNoStatementsWithFullAccess},
		&Rule{Identifier: "IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS", ResourceTypes: []string{"AWS::IAM::Policy"}, Evaluate: iamCustomerPolicyBlockedKmsActions},
		&Rule{Identifier: "IAM_INLINE_POLICY_BLOCKED_KMS_ACTIONS", ResourceTypes: iamxTypes, Evaluate: iamInlinePolicyBlockedKmsActions},
		&Rule{Identifier: "IAM_NO_INLINE_POLICY_CHECK", ResourceTypes: iamxTypes, Evaluate: iamNoInlinePolicyCheck},
		&Rule{Identifier: "MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS", ResourceTypes: []string{"AWS::IAM::User"}, Evaluate: mfaEnabledForIamConsoleAccess},
		&Rule{Identifier: "IAM_USER_MFA_ENABLED", ResourceTypes: []string{"AWS::IAM::User"}, Evaluate: iamUserMfaEnabled},
		&Rule{Identifier: "IAM_USER_UNUSED_CREDENTIALS_CHECK", ResourceTypes: []string{"AWS::IAM::User"}, Evaluate: iamUserUnusedCredentialsCheck},
		&Rule{Identifier: "ACCESS_KEYS_ROTATED", ResourceTypes: []string{"AWS::IAM::User"}, Evaluate: accessKeysRotated},
		&Rule{Identifier: "IAM_USER_NO_POLICIES_CHECK", ResourceTypes: []string{"AWS::IAM::User"}, Evaluate: iamUserNoPoliciesCheck},
		&Rule{Identifier: "IAM_USER_GROUP_MEMBERSHIP_CHECK", ResourceTypes: []string{"AWS::IAM::User"}, Evaluate: iamUserGroupMembershipCheck},
		&Rule{Identifier: "IAM_GROUP_HAS_USERS_CHECK", ResourceTypes: []string{"AWS::IAM::Group"}, Evaluate: iamGroupHasUsersCheck},
	)
}

// ---- Managed policies ----

// iamxDocument decodes a policy document as IAM CIs carry it: URL-encoded
// JSON text (real CIs), an object, JSON text, or (the RDK samples) a list
// holding one document.
func iamxDocument(v any) map[string]any {
	if l := Slice(v); len(l) > 0 {
		v = l[0]
	}
	return PolicyDocument(v)
}

// iamxDefaultVersion returns the default version's document of an
// AWS::IAM::Policy CI: the entry of policyVersionList marked
// isDefaultVersion (or whose versionId is defaultVersionId); a list of one
// version counts as that version.
func iamxDefaultVersion(it *Item) map[string]any {
	versions := Slice(it.Config("policyVersionList"))
	def := Str(it.Config("defaultVersionId"))
	for _, v := range versions {
		m := Map(v)
		if IsTrue(m["isDefaultVersion"]) || (def != "" && Str(m["versionId"]) == def) {
			return iamxDocument(m["document"])
		}
	}
	if len(versions) == 1 {
		return iamxDocument(Map(versions[0])["document"])
	}
	return nil
}

// iamxManagedPolicyScope answers NOT_APPLICABLE (ok false) for the policies
// the customer-managed-policy rules do not evaluate: AWS managed policies,
// and, when excludePermissionBoundaryPolicy is true, policies used as a
// permissions boundary (permissionsBoundaryUsageCount > 0).
func iamxManagedPolicyScope(it *Item, p Params) (Result, bool, error) {
	exclude, err := p.Bool("excludePermissionBoundaryPolicy", false)
	if err != nil {
		return Result{}, false, err
	}
	arn := cmpOr(it.ARN, Str(it.Config("arn")))
	if strings.Contains(arn, ":iam::aws:policy/") {
		return notApplicable("%s is an AWS managed policy.", iamxName(it)), false, nil
	}
	if n, _ := Num(it.Config("permissionsBoundaryUsageCount")); exclude && n > 0 {
		return notApplicable("%s is used as a permissions boundary.", iamxName(it)), false, nil
	}
	return Result{}, true, nil
}

// iamxName names an IAM resource in annotations.
func iamxName(it *Item) string {
	for _, k := range []string{"policyName", "userName", "groupName", "roleName"} {
		if s := Str(it.Config(k)); s != "" {
			return s
		}
	}
	return cmpOr(it.ResourceName, it.ResourceID)
}

// iamxAllows returns the Allow statements of a document.
func iamxAllows(doc map[string]any) []map[string]any {
	var out []map[string]any
	for _, s := range Statements(doc) {
		if strings.EqualFold(Str(s["Effect"]), "Allow") {
			out = append(out, s)
		}
	}
	return out
}

// iamxHas reports whether the list holds s.
func iamxHas(list []string, s string) bool {
	for _, x := range list {
		if strings.TrimSpace(x) == s {
			return true
		}
	}
	return false
}

// iamPolicyNoStatementsWithAdminAccess: a customer managed policy must not
// allow "Action": "*" over "Resource": "*" (docs:
// iam-policy-no-statements-with-admin-access). The default version is
// evaluated; AWS managed policies, and with excludePermissionBoundaryPolicy
// policies used as permissions boundaries, are NOT_APPLICABLE. A policy
// without a readable document is NOT_APPLICABLE.
func iamPolicyNoStatementsWithAdminAccess(it *Item, p Params, _ Env) (Result, error) {
	if r, ok, err := iamxManagedPolicyScope(it, p); !ok || err != nil {
		return r, err
	}
	doc := iamxDefaultVersion(it)
	if doc == nil {
		return notApplicable("Policy %s has no readable default version.", iamxName(it)), nil
	}
	for _, s := range iamxAllows(doc) {
		if iamxHas(Strings(s["Action"]), "*") && iamxHas(Strings(s["Resource"]), "*") {
			return nonCompliant("Policy %s allows all actions on all resources.", iamxName(it)), nil
		}
	}
	return Result{Compliance: Compliant}, nil
}

// iamPolicyNoStatementsWithFullAccess: a customer managed policy must not
// allow every action of a service, "service:*" (docs:
// iam-policy-no-statements-with-full-access); prefixed wildcards such as
// "ec2:Describe*" are COMPLIANT. The docs are silent on "Action": "*": it
// grants full access to every service, so it is NON_COMPLIANT too. Scope as
// for IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS.
func iamPolicyNoStatementsWithFullAccess(it *Item, p Params, _ Env) (Result, error) {
	if r, ok, err := iamxManagedPolicyScope(it, p); !ok || err != nil {
		return r, err
	}
	doc := iamxDefaultVersion(it)
	if doc == nil {
		return notApplicable("Policy %s has no readable default version.", iamxName(it)), nil
	}
	for _, s := range iamxAllows(doc) {
		for _, a := range Strings(s["Action"]) {
			a = strings.TrimSpace(a)
			if a == "*" || (strings.HasSuffix(a, ":*") && !strings.ContainsAny(strings.TrimSuffix(a, ":*"), "*?")) {
				return nonCompliant("Policy %s allows full access (%s).", iamxName(it), a), nil
			}
		}
	}
	return Result{Compliance: Compliant}, nil
}

// ---- Blocked KMS actions ----

// iamxGlobsMeet reports whether two IAM wildcard patterns ('*' any run,
// '?' one character; case-insensitive) match at least one common string.
func iamxGlobsMeet(a, b string) bool {
	a, b = strings.ToLower(a), strings.ToLower(b)
	type key struct{ i, j int }
	memo := map[key]bool{}
	var meet func(i, j int) bool
	meet = func(i, j int) bool {
		k := key{i, j}
		if v, ok := memo[k]; ok {
			return v
		}
		var r bool
		switch {
		case i == len(a) && j == len(b):
			r = true
		case i < len(a) && a[i] == '*':
			r = meet(i+1, j) || (j < len(b) && meet(i, j+1))
		case j < len(b) && b[j] == '*':
			r = meet(i, j+1) || (i < len(a) && meet(i+1, j))
		case i == len(a) || j == len(b):
			r = false
		default:
			r = (a[i] == b[j] || a[i] == '?' || b[j] == '?') && meet(i+1, j+1)
		}
		memo[k] = r
		return r
	}
	return meet(0, 0)
}

// iamxGlobMatch reports whether the IAM wildcard pattern matches s
// (case-insensitive).
func iamxGlobMatch(pattern, s string) bool {
	pattern, s = strings.ToLower(pattern), strings.ToLower(s)
	// s is literal: its own '*' and '?' become characters no pattern
	// character but a wildcard matches.
	if strings.ContainsAny(s, "*?") {
		s = strings.NewReplacer("*", "\x00", "?", "\x01").Replace(s)
	}
	return iamxGlobsMeet(pattern, s)
}

// iamxAllKeys reports whether a statement's resources cover all KMS keys:
// "*", or a pattern that matches keys of any region and account.
func iamxAllKeys(s map[string]any) bool {
	if s["NotResource"] != nil {
		return true // allowed on everything but some resources
	}
	for _, r := range Strings(s["Resource"]) {
		if iamxGlobMatch(r, "arn:aws:kms:us-east-1:111111111111:key/a") && iamxGlobMatch(r, "arn:aws:kms:eu-west-3:222222222222:key/b") {
			return true
		}
	}
	return false
}

// iamxBlockedAction returns the first blocked action pattern that an Allow
// statement of doc allows on all KMS keys, or "". Conditions are not
// evaluated, as AWS documents.
func iamxBlockedAction(doc map[string]any, blocked []string) string {
	for _, s := range iamxAllows(doc) {
		if !iamxAllKeys(s) {
			continue
		}
		for _, b := range blocked {
			if s["NotAction"] != nil {
				covered := false
				for _, na := range Strings(s["NotAction"]) {
					if iamxGlobMatch(na, b) {
						covered = true
					}
				}
				if !covered {
					return b
				}
				continue
			}
			for _, a := range Strings(s["Action"]) {
				if iamxGlobsMeet(a, b) {
					return b
				}
			}
		}
	}
	return ""
}

// iamxBlockedPatterns reads the required blockedActionsPatterns parameter.
func iamxBlockedPatterns(p Params) ([]string, error) {
	blocked := p.List("blockedActionsPatterns")
	if len(blocked) == 0 {
		return nil, fmt.Errorf("parameter blockedActionsPatterns is required")
	}
	return blocked, nil
}

// iamCustomerPolicyBlockedKmsActions: a customer managed policy must not
// allow any of blockedActionsPatterns (KMS action patterns such as
// "kms:Decrypt*") on all KMS keys (docs:
// iam-customer-policy-blocked-kms-actions). An action allows a pattern when
// the two wildcard patterns match a common action ("kms:*" allows
// "kms:Decrypt*"); resources cover all keys when they are "*" or a pattern
// matching keys of any region and account. Conditions are not evaluated.
// Scope as for IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS.
func iamCustomerPolicyBlockedKmsActions(it *Item, p Params, _ Env) (Result, error) {
	blocked, err := iamxBlockedPatterns(p)
	if err != nil {
		return Result{}, err
	}
	if r, ok, err := iamxManagedPolicyScope(it, p); !ok || err != nil {
		return r, err
	}
	doc := iamxDefaultVersion(it)
	if doc == nil {
		return notApplicable("Policy %s has no readable default version.", iamxName(it)), nil
	}
	if b := iamxBlockedAction(doc, blocked); b != "" {
		return nonCompliant("Policy %s allows the blocked action %s on all KMS keys.", iamxName(it), b), nil
	}
	return Result{Compliance: Compliant}, nil
}

// iamxInlinePolicies returns the inline policies of a user, group or role
// CI: name to decoded document (nil when unreadable).
func iamxInlinePolicies(it *Item) map[string]map[string]any {
	key := map[string]string{"AWS::IAM::User": "userPolicyList", "AWS::IAM::Group": "groupPolicyList", "AWS::IAM::Role": "rolePolicyList"}[it.ResourceType]
	out := map[string]map[string]any{}
	for i, v := range Slice(it.Config(key)) {
		m := Map(v)
		name := Str(m["policyName"])
		if name == "" {
			name = "#" + Str(float64(i+1))
		}
		out[name] = iamxDocument(m["policyDocument"])
	}
	return out
}

// iamxSortedKeys returns a map's keys, sorted.
func iamxSortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// iamInlinePolicyBlockedKmsActions: the inline policies of a user, group or
// role must not allow any of blockedActionsPatterns on all KMS keys (docs:
// iam-inline-policy-blocked-kms-actions); matching as for
// IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS. An identity without inline
// policies is COMPLIANT. With excludeRoleByManagementAccount "true", a role
// that only the organization's management account can assume is
// NOT_APPLICABLE: the management account is organization.masterAccountId of
// the AWS::::Account items (env.Items(AccountResourceType)).
func iamInlinePolicyBlockedKmsActions(it *Item, p Params, env Env) (Result, error) {
	blocked, err := iamxBlockedPatterns(p)
	if err != nil {
		return Result{}, err
	}
	excludeMgmt, err := p.Bool("excludeRoleByManagementAccount", false)
	if err != nil {
		return Result{}, err
	}
	if excludeMgmt && it.ResourceType == "AWS::IAM::Role" && iamxOnlyManagementAccount(it, env) {
		return notApplicable("Role %s is assumable only by the management account.", iamxName(it)), nil
	}
	policies := iamxInlinePolicies(it)
	for _, name := range iamxSortedKeys(policies) {
		if b := iamxBlockedAction(policies[name], blocked); b != "" {
			return nonCompliant("Inline policy %s of %s allows the blocked action %s on all KMS keys.", name, iamxName(it), b), nil
		}
	}
	return Result{Compliance: Compliant}, nil
}

// iamxOnlyManagementAccount reports whether every Allow statement of a
// role's trust policy names only principals of the organization's
// management account.
func iamxOnlyManagementAccount(it *Item, env Env) bool {
	var mgmt string
	for _, a := range env.Items(AccountResourceType) {
		if id := Str(a.Config(AccountOrganization, "masterAccountId")); id != "" {
			mgmt = id
			break
		}
	}
	if mgmt == "" {
		return false
	}
	allows := iamxAllows(PolicyDocument(it.Config("assumeRolePolicyDocument")))
	if len(allows) == 0 {
		return false
	}
	for _, s := range allows {
		principals := Strings(Get(s["Principal"], "AWS"))
		if len(principals) == 0 {
			return false
		}
		for _, pr := range principals {
			if pr != mgmt && !strings.HasPrefix(pr, "arn:aws:iam::"+mgmt+":") {
				return false
			}
		}
	}
	return true
}

// iamNoInlinePolicyCheck: users, groups and roles must have no inline
// policy (docs: iam-no-inline-policy-check). The docs are silent on
// service-linked roles (path /aws-service-role/), whose inline policies AWS
// owns and the customer cannot change: they are NOT_APPLICABLE.
func iamNoInlinePolicyCheck(it *Item, _ Params, _ Env) (Result, error) {
	if it.ResourceType == "AWS::IAM::Role" && strings.HasPrefix(Str(it.Config("path")), "/aws-service-role/") {
		return notApplicable("Role %s is a service-linked role.", iamxName(it)), nil
	}
	names := iamxSortedKeys(iamxInlinePolicies(it))
	return compliantIf(len(names) == 0, "%s has inline policies: %s.", iamxName(it), strings.Join(names, ", ")), nil
}

// ---- Users ----

// iamxReport returns the user's credential report row, or nil.
func iamxReport(it *Item) map[string]any {
	return Map(DecodeText(it.Supp(iamxCredentialReport)))
}

// iamxReportTime parses a credential report date cell; ok is false for
// "N/A", "no_information", "not_supported" and empty cells.
func iamxReportTime(v any) (time.Time, bool) {
	s := strings.TrimSpace(Str(v))
	if s == "" || strings.EqualFold(s, "N/A") || strings.EqualFold(s, "no_information") || strings.EqualFold(s, "not_supported") {
		return time.Time{}, false
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// iamxNoReport is the result for a user whose credential report row is
// absent.
func iamxNoReport(it *Item) Result {
	return notApplicable("No credential report for user %s (supplementaryConfiguration.%s).", iamxName(it), iamxCredentialReport)
}

// mfaEnabledForIamConsoleAccess: a user with a console password must have
// MFA active (docs: mfa-enabled-for-iam-console-access), from the user's
// credential report row (password_enabled, mfa_active). The docs are silent
// on users without a console password: the rule is about console access,
// so they are NOT_APPLICABLE.
func mfaEnabledForIamConsoleAccess(it *Item, _ Params, _ Env) (Result, error) {
	report := iamxReport(it)
	if report == nil {
		return iamxNoReport(it), nil
	}
	if !IsTrue(report["password_enabled"]) {
		return notApplicable("User %s has no console password.", iamxName(it)), nil
	}
	return compliantIf(IsTrue(report["mfa_active"]), "User %s has a console password and no MFA device.", iamxName(it)), nil
}

// iamUserMfaEnabled: every IAM user must have MFA active (docs:
// iam-user-mfa-enabled), from the credential report row's mfa_active.
func iamUserMfaEnabled(it *Item, _ Params, _ Env) (Result, error) {
	report := iamxReport(it)
	if report == nil {
		return iamxNoReport(it), nil
	}
	return compliantIf(IsTrue(report["mfa_active"]), "User %s has no MFA device.", iamxName(it)), nil
}

// iamxDays is the age in whole days of t at now.
func iamxDays(now, t time.Time) int {
	return int(now.Sub(t) / (24 * time.Hour))
}

// iamUserUnusedCredentialsCheck: a user's console password and active
// access keys must have been used within maxCredentialUsageAge days
// (default 90) (docs: iam-user-unused-credentials-check), from the
// credential report row. A credential never used counts from when it was
// made: the password from password_last_changed (else user_creation_time),
// a key from access_key_N_last_rotated, so new credentials are not flagged
// before they could be used. A user without a password or active keys is
// COMPLIANT.
func iamUserUnusedCredentialsCheck(it *Item, p Params, env Env) (Result, error) {
	maxAge, err := p.Int("maxCredentialUsageAge", 90)
	if err != nil {
		return Result{}, err
	}
	report := iamxReport(it)
	if report == nil {
		return iamxNoReport(it), nil
	}
	now := env.Now()
	stale := func(used, made []any) (int, bool) {
		for _, cells := range [][]any{used, made} {
			for _, c := range cells {
				if t, ok := iamxReportTime(c); ok {
					d := iamxDays(now, t)
					return d, d > maxAge
				}
			}
		}
		return 0, false
	}
	if IsTrue(report["password_enabled"]) {
		if d, old := stale([]any{report["password_last_used"]}, []any{report["password_last_changed"], report["user_creation_time"]}); old {
			return nonCompliant("User %s has not used the console password for %d days (maximum %d).", iamxName(it), d, maxAge), nil
		}
	}
	for _, n := range []string{"1", "2"} {
		k := "access_key_" + n + "_"
		if !IsTrue(report[k+"active"]) {
			continue
		}
		if d, old := stale([]any{report[k+"last_used_date"]}, []any{report[k+"last_rotated"], report["user_creation_time"]}); old {
			return nonCompliant("User %s has not used active access key %s for %d days (maximum %d).", iamxName(it), n, d, maxAge), nil
		}
	}
	return Result{Compliance: Compliant}, nil
}

// accessKeysRotated: a user's active access keys must have been rotated
// (created) within maxAccessKeyAge days (default 90) (docs:
// access-keys-rotated), from the credential report row's
// access_key_N_active and access_key_N_last_rotated. A user without active
// keys is COMPLIANT.
func accessKeysRotated(it *Item, p Params, env Env) (Result, error) {
	maxAge, err := p.Int("maxAccessKeyAge", 90)
	if err != nil {
		return Result{}, err
	}
	report := iamxReport(it)
	if report == nil {
		return iamxNoReport(it), nil
	}
	for _, n := range []string{"1", "2"} {
		k := "access_key_" + n + "_"
		if !IsTrue(report[k+"active"]) {
			continue
		}
		t, ok := iamxReportTime(report[k+"last_rotated"])
		if !ok {
			continue
		}
		if d := iamxDays(env.Now(), t); d > maxAge {
			return nonCompliant("Active access key %s of user %s is %d days old (maximum %d).", n, iamxName(it), d, maxAge), nil
		}
	}
	return Result{Compliance: Compliant}, nil
}

// iamUserNoPoliciesCheck: a user must have no policy of its own, managed
// (attachedManagedPolicies) or inline (userPolicyList) (docs:
// iam-user-no-policies-check); users get permissions from groups or roles.
func iamUserNoPoliciesCheck(it *Item, _ Params, _ Env) (Result, error) {
	var names []string
	for _, v := range Slice(it.Config("attachedManagedPolicies")) {
		names = append(names, Str(Map(v)["policyName"]))
	}
	names = append(names, iamxSortedKeys(iamxInlinePolicies(it))...)
	return compliantIf(len(names) == 0, "User %s has policies attached: %s.", iamxName(it), strings.Join(names, ", ")), nil
}

// iamUserGroupMembershipCheck: a user must belong to at least one group,
// and with groupNames to at least one of those groups (docs:
// iam-user-group-membership-check), from the user's groupList.
func iamUserGroupMembershipCheck(it *Item, p Params, _ Env) (Result, error) {
	groups := Strings(it.Config("groupList"))
	want := p.List("groupNames")
	if len(want) == 0 {
		return compliantIf(len(groups) > 0, "User %s is in no group.", iamxName(it)), nil
	}
	for _, g := range groups {
		if iamxHas(want, g) {
			return Result{Compliance: Compliant}, nil
		}
	}
	return nonCompliant("User %s is in none of the groups %s.", iamxName(it), strings.Join(want, ", ")), nil
}

// iamGroupHasUsersCheck: a group must have at least one user (docs:
// iam-group-has-users-check). Members are the CI's "Contains User"
// relationships, or else the AWS::IAM::User items (env.Items) whose
// groupList names the group.
func iamGroupHasUsersCheck(it *Item, _ Params, env Env) (Result, error) {
	for _, r := range it.Relationships {
		if r.ResourceType == "AWS::IAM::User" {
			return Result{Compliance: Compliant}, nil
		}
	}
	name := iamxName(it)
	for _, u := range env.Items("AWS::IAM::User") {
		if !u.Deleted() && iamxHas(Strings(u.Config("groupList")), name) {
			return Result{Compliance: Compliant}, nil
		}
	}
	return nonCompliant("Group %s has no users.", name), nil
}
