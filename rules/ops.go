package rules

import (
	"strings"
	"time"
)

// Operations rules: Lambda, Systems Manager, CodeBuild, SNS, CloudWatch
// (alarms and Logs log groups) and ACM.

// opsxDocumentPermission is the key, in an AWS::SSM::Document CI's
// supplementaryConfiguration, of the document's sharing permissions, which
// AWS Config does not record in the configuration: the response of SSM
// DescribeDocumentPermission (PermissionType Share), as an object (or JSON
// text holding one):
//
//	{"AccountIds": ["all"], "AccountSharingInfoList": [{"AccountId": "all", "SharedDocumentVersion": "$DEFAULT"}]}
//
// "all" among the account ids means the document is public. A document CI
// without it has unknown sharing: SSM_DOCUMENT_NOT_PUBLIC answers
// NOT_APPLICABLE.
const opsxDocumentPermission = "DocumentPermission"

func init() {
	register(
		&Rule{Identifier: "LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED", ResourceTypes: []string{"AWS::Lambda::Function"}, Evaluate: lambdaFunctionPublicAccessProhibited},
		&Rule{Identifier: "LAMBDA_INSIDE_VPC", ResourceTypes: []string{"AWS::Lambda::Function"}, Evaluate: lambdaInsideVpc},
		&Rule{Identifier: "EC2_MANAGEDINSTANCE_ASSOCIATION_COMPLIANCE_STATUS_CHECK", ResourceTypes: []string{"AWS::SSM::AssociationCompliance"},
			Evaluate: ec2ManagedinstanceAssociationComplianceStatusCheck},
		&Rule{Identifier: "EC2_MANAGEDINSTANCE_PATCH_COMPLIANCE_STATUS_CHECK", ResourceTypes: []string{"AWS::SSM::PatchCompliance"},
			Evaluate: ec2ManagedinstancePatchComplianceStatusCheck},
		&Rule{Identifier: "EC2_INSTANCE_MANAGED_BY_SSM", ResourceTypes: []string{"AWS::EC2::Instance", "AWS::SSM::ManagedInstanceInventory"},
			Evaluate: ec2InstanceManagedBySsm},
		&Rule{Identifier: "SNS_ENCRYPTED_KMS", ResourceTypes: []string{"AWS::SNS::Topic"}, Evaluate: snsEncryptedKms},
		&Rule{Identifier: "CLOUDWATCH_LOG_GROUP_ENCRYPTED", ResourceTypes: []string{"AWS::Logs::LogGroup"}, Evaluate: cloudwatchLogGroupEncrypted},
		&Rule{Identifier: "CW_LOGGROUP_RETENTION_PERIOD_CHECK", ResourceTypes: []string{"AWS::Logs::LogGroup"}, Evaluate: cwLoggroupRetentionPeriodCheck},
		&Rule{Identifier: "SSM_DOCUMENT_NOT_PUBLIC", ResourceTypes: []string{"AWS::SSM::Document"}, Evaluate: ssmDocumentNotPublic},
		&Rule{Identifier: "ACM_CERTIFICATE_EXPIRATION_CHECK", ResourceTypes: []string{"AWS::ACM::Certificate"}, Evaluate: acmCertificateExpirationCheck},
		&Rule{Identifier: "CLOUDWATCH_ALARM_ACTION_CHECK", ResourceTypes: []string{"AWS::CloudWatch::Alarm"}, Evaluate: cloudwatchAlarmActionCheck},
		&Rule{Identifier: "CODEBUILD_PROJECT_ENVVAR_AWSCRED_CHECK", ResourceTypes: []string{"AWS::CodeBuild::Project"}, Evaluate: codebuildProjectEnvvarAwscredCheck},
	)
}

// opsxConfig returns the first of the configuration keys that is set:
// resource types recorded through CloudFormation's schema (AWS::Logs::
// LogGroup) spell properties in PascalCase, the describe APIs in camelCase.
func opsxConfig(it *Item, keys ...string) any {
	for _, k := range keys {
		if v := it.Config(k); v != nil {
			return v
		}
	}
	return nil
}

// opsxName names a resource in annotations.
func opsxName(it *Item) string { return cmpOr(it.ResourceName, it.ResourceID) }

// opsxKeyMatches reports whether a KMS key reference (key id, key ARN,
// alias name or alias ARN) names the wanted one, in any of those forms.
func opsxKeyMatches(have, want string) bool {
	have, want = strings.TrimSpace(have), strings.TrimSpace(want)
	if have == "" || want == "" {
		return false
	}
	if have == want {
		return true
	}
	for _, pair := range [][2]string{{have, want}, {want, have}} {
		long, short := pair[0], pair[1]
		if strings.HasPrefix(long, "arn:") && (strings.HasSuffix(long, ":"+short) || strings.HasSuffix(long, "/"+short)) {
			return true
		}
	}
	return false
}

// ---- Lambda ----

// opsxRestrictingKeys are the condition keys that, with fixed values, keep
// a statement with a wildcard principal from being public.
var opsxRestrictingKeys = map[string]bool{
	"aws:sourceaccount": true, "aws:sourcearn": true, "aws:sourceowner": true, "aws:principalaccount": true,
	"aws:principalorgid": true, "aws:principalarn": true, "aws:sourcevpc": true, "aws:sourcevpce": true,
}

// opsxFixed reports whether a condition value is fixed: no wildcard and no
// policy variable.
func opsxFixed(v any) bool {
	vals := Strings(v)
	if len(vals) == 0 {
		return false
	}
	for _, s := range vals {
		if strings.ContainsAny(s, "*?") || strings.Contains(s, "${") {
			return false
		}
	}
	return true
}

// opsxRestricted reports whether a statement's condition limits it with a
// fixed value of one of keys (positive operators only; IfExists does not
// limit).
func opsxRestricted(stmt map[string]any, keys map[string]bool) bool {
	for op, block := range Map(stmt["Condition"]) {
		lop := strings.ToLower(op)
		if strings.Contains(lop, "not") || strings.HasSuffix(lop, "ifexists") || strings.HasPrefix(lop, "null") {
			continue
		}
		for k, v := range Map(block) {
			if keys[strings.ToLower(k)] && opsxFixed(v) {
				return true
			}
		}
	}
	return false
}

// opsxPublicStatement reports why an Allow statement of a resource policy
// makes the resource public, or "": a principal that is empty or holds a
// wildcard, without a restricting condition; or Amazon S3 as the principal
// without a fixed AWS:SourceAccount.
func opsxPublicStatement(stmt map[string]any) string {
	if !strings.EqualFold(Str(stmt["Effect"]), "Allow") {
		return ""
	}
	var principals []string
	var services []string
	switch p := stmt["Principal"].(type) {
	case nil:
		if stmt["NotPrincipal"] != nil {
			return "an Allow statement with NotPrincipal"
		}
		return ""
	case string:
		principals = []string{p}
	case map[string]any:
		if len(p) == 0 {
			principals = []string{""}
		}
		for k, v := range p {
			if strings.EqualFold(k, "Service") {
				services = append(services, Strings(v)...)
				continue
			}
			principals = append(principals, Strings(v)...)
		}
	}
	for _, pr := range principals {
		if pr == "" || strings.Contains(pr, "*") {
			if !opsxRestricted(stmt, opsxRestrictingKeys) {
				return "a statement allows the principal \"" + pr + "\""
			}
		}
	}
	for _, s := range services {
		if strings.EqualFold(s, "s3.amazonaws.com") && !opsxRestricted(stmt, map[string]bool{"aws:sourceaccount": true}) {
			return "Amazon S3 may invoke it without an AWS:SourceAccount condition"
		}
	}
	return ""
}

// lambdaFunctionPublicAccessProhibited: the function's resource-based
// policy must not allow public access (docs:
// lambda-function-public-access-prohibited): a principal that is empty or
// holds a wildcard is public unless a condition limits it with a fixed
// value (aws:SourceAccount, aws:SourceArn, aws:PrincipalOrgID, ...), and
// Amazon S3 as the principal needs a fixed AWS:SourceAccount. The policy is
// supplementaryConfiguration.Policy (as Config records it; JSON text). A
// function without a policy is COMPLIANT.
func lambdaFunctionPublicAccessProhibited(it *Item, _ Params, _ Env) (Result, error) {
	doc := PolicyDocument(it.Supp("Policy"))
	if doc == nil {
		doc = PolicyDocument(it.Config("policy"))
	}
	for _, s := range Statements(doc) {
		if why := opsxPublicStatement(s); why != "" {
			return nonCompliant("The policy of function %s allows public access: %s.", opsxName(it), why), nil
		}
	}
	return Result{Compliance: Compliant}, nil
}

// lambdaInsideVpc: the function must be connected to a VPC (vpcConfig has
// subnets) (docs: lambda-inside-vpc). With subnetIds, the docs say the
// subnets "Lambda functions must be associated with"; they are silent on
// functions in several subnets: every subnet of the function must be one of
// subnetIds.
func lambdaInsideVpc(it *Item, p Params, _ Env) (Result, error) {
	m := Map(opsxConfig(it, "vpcConfig", "VpcConfig"))
	subnets := Strings(opsxEither(m["subnetIds"], m["SubnetIds"]))
	if len(subnets) == 0 {
		return nonCompliant("Function %s is not in a VPC.", opsxName(it)), nil
	}
	if want := p.List("subnetIds"); len(want) > 0 {
		for _, s := range subnets {
			if !iamxHas(want, s) {
				return nonCompliant("Function %s is in subnet %s, not one of subnetIds.", opsxName(it), s), nil
			}
		}
	}
	return Result{Compliance: Compliant}, nil
}

// opsxEither returns a if it is not nil, else b.
func opsxEither(a, b any) any {
	if a != nil {
		return a
	}
	return b
}

// ---- Systems Manager ----

// opsxComplianceEntries returns the entries of an SSM compliance CI's
// configuration["AWS:ComplianceItem"].Content[kind]: a map of id to entry
// (or a list of entries), without the ComplianceSummary entry, which is
// returned apart.
func opsxComplianceEntries(it *Item, kind string) (entries map[string]map[string]any, summary map[string]any) {
	content := it.Config("AWS:ComplianceItem", "Content", kind)
	entries = map[string]map[string]any{}
	switch c := content.(type) {
	case map[string]any:
		for id, v := range c {
			if id == "ComplianceSummary" {
				summary = Map(v)
				continue
			}
			if m := Map(v); m != nil {
				entries[id] = m
			}
		}
	case []any:
		for i, v := range c {
			m := Map(v)
			id := cmpOr(Str(m["Id"]), Str(float64(i+1)))
			entries[id] = m
		}
	}
	return entries, summary
}

// opsxCompliance evaluates an SSM compliance CI: NON_COMPLIANT if the
// summary's or any entry's Status is NON_COMPLIANT; NOT_APPLICABLE if there
// is nothing to read.
func opsxCompliance(it *Item, kind, what string) Result {
	entries, summary := opsxComplianceEntries(it, kind)
	if strings.EqualFold(Str(summary["Status"]), "NON_COMPLIANT") {
		return nonCompliant("The %s compliance of %s is NON_COMPLIANT.", what, opsxName(it))
	}
	for _, id := range iamxSortedKeys(entries) {
		if strings.EqualFold(Str(entries[id]["Status"]), "NON_COMPLIANT") {
			return nonCompliant("%s %s of %s is NON_COMPLIANT.", what, id, opsxName(it))
		}
	}
	if len(entries) == 0 && summary == nil {
		return notApplicable("No %s compliance is recorded for %s.", what, opsxName(it))
	}
	return Result{Compliance: Compliant}
}

// ec2ManagedinstanceAssociationComplianceStatusCheck: every association of
// the managed instance must be COMPLIANT after its execution (docs:
// ec2-managedinstance-association-compliance-status-check), from
// configuration["AWS:ComplianceItem"].Content.Association (association id
// to {"Status": ...}). A CI without associations is NOT_APPLICABLE (the
// docs are silent).
func ec2ManagedinstanceAssociationComplianceStatusCheck(it *Item, _ Params, _ Env) (Result, error) {
	return opsxCompliance(it, "Association", "association"), nil
}

// ec2ManagedinstancePatchComplianceStatusCheck: the managed instance's
// patch compliance must be COMPLIANT after patching (docs:
// ec2-managedinstance-patch-compliance-status-check), from
// configuration["AWS:ComplianceItem"].Content.Patch: its ComplianceSummary
// Status and each patch's Status. A CI without patch data is
// NOT_APPLICABLE (the docs are silent).
func ec2ManagedinstancePatchComplianceStatusCheck(it *Item, _ Params, _ Env) (Result, error) {
	return opsxCompliance(it, "Patch", "patch"), nil
}

// opsxInventoryOf reports whether an inventory CI is the instance's: its
// resource id is the instance id, or it relates to the instance.
func opsxInventoryOf(inv *Item, instanceID string) bool {
	if inv.ResourceID == instanceID {
		return true
	}
	for _, r := range inv.Relationships {
		if r.ResourceType == "AWS::EC2::Instance" && r.ResourceID == instanceID {
			return true
		}
	}
	return false
}

// opsxAgentStatus returns the SSM Agent status an inventory CI records
// (supplementaryConfiguration.instanceStatus, else the InstanceStatus of
// configuration["AWS:InstanceInformation"].Content[instance id]), or "".
func opsxAgentStatus(inv *Item) string {
	if s := Str(inv.Supp("instanceStatus")); s != "" {
		return s
	}
	for _, v := range Map(inv.Config("AWS:InstanceInformation", "Content")) {
		if s := Str(Map(v)["InstanceStatus"]); s != "" {
			return s
		}
	}
	return ""
}

// opsxAgentDown reports whether an agent status says the agent is not
// managing the instance.
func opsxAgentDown(status string) bool {
	switch strings.ToLower(status) {
	case "stopped", "terminated", "inactive", "connectionlost", "deregistered":
		return true
	}
	return false
}

// ec2InstanceManagedBySsm: a running EC2 instance must be managed by the
// SSM Agent (docs: ec2-instance-managed-by-ssm): NON_COMPLIANT if it is
// running and there is no AWS::SSM::ManagedInstanceInventory item for it
// (env.Items; the inventory's resource id is the instance id, or it has a
// relationship to the instance) or the
// inventory says the agent is stopped or terminated. An instance that is
// not running is NOT_APPLICABLE. An inventory item is evaluated by its own
// agent status, and is NOT_APPLICABLE when its instance (an
// AWS::EC2::Instance item of env.Items) is not running.
func ec2InstanceManagedBySsm(it *Item, _ Params, env Env) (Result, error) {
	if it.ResourceType == "AWS::SSM::ManagedInstanceInventory" {
		for _, inst := range env.Items("AWS::EC2::Instance") {
			if inst.ResourceID == it.ResourceID && Str(inst.Config("state", "name")) != "running" {
				return notApplicable("Instance %s is not running.", it.ResourceID), nil
			}
		}
		status := opsxAgentStatus(it)
		return compliantIf(!opsxAgentDown(status), "The SSM Agent of %s is %s.", it.ResourceID, status), nil
	}
	if state := Str(it.Config("state", "name")); state != "running" {
		return notApplicable("Instance %s is %s, not running.", it.ResourceID, cmpOr(state, "in an unknown state")), nil
	}
	for _, inv := range env.Items("AWS::SSM::ManagedInstanceInventory") {
		if inv.Deleted() || !opsxInventoryOf(inv, it.ResourceID) {
			continue
		}
		status := opsxAgentStatus(inv)
		return compliantIf(!opsxAgentDown(status), "The SSM Agent of instance %s is %s.", it.ResourceID, status), nil
	}
	return nonCompliant("Instance %s is not managed by Systems Manager.", it.ResourceID), nil
}

// ssmDocumentNotPublic: documents the account owns must not be shared
// publicly (docs: ssm-document-not-public). Sharing is read from
// supplementaryConfiguration.DocumentPermission (opsxDocumentPermission);
// without it the rule is NOT_APPLICABLE. Documents another account owns
// (configuration Owner not the item's account) are NOT_APPLICABLE.
func ssmDocumentNotPublic(it *Item, _ Params, _ Env) (Result, error) {
	if owner := Str(opsxConfig(it, "Owner", "owner")); owner != "" && it.AccountID != "" && owner != it.AccountID && owner != "Self" {
		return notApplicable("Document %s is owned by %s.", opsxName(it), owner), nil
	}
	perm := Map(DecodeText(it.Supp(opsxDocumentPermission)))
	if perm == nil {
		return notApplicable("The sharing of document %s is not recorded (supplementaryConfiguration.%s).", opsxName(it), opsxDocumentPermission), nil
	}
	ids := Strings(perm["AccountIds"])
	for _, s := range Slice(perm["AccountSharingInfoList"]) {
		ids = append(ids, Str(Map(s)["AccountId"]))
	}
	for _, id := range ids {
		if strings.EqualFold(id, "all") {
			return nonCompliant("Document %s is shared publicly.", opsxName(it)), nil
		}
	}
	return Result{Compliance: Compliant}, nil
}

// ---- SNS, CloudWatch Logs ----

// snsEncryptedKms: the topic must be encrypted with KMS (KmsMasterKeyId),
// and with kmsKeyIds with one of those keys, named by key id, key ARN,
// alias name or alias ARN (docs: sns-encrypted-kms).
func snsEncryptedKms(it *Item, p Params, _ Env) (Result, error) {
	key := Str(opsxConfig(it, "KmsMasterKeyId", "kmsMasterKeyId"))
	if key == "" {
		return nonCompliant("Topic %s is not encrypted with KMS.", opsxName(it)), nil
	}
	if want := p.List("kmsKeyIds"); len(want) > 0 {
		for _, w := range want {
			if opsxKeyMatches(key, w) {
				return Result{Compliance: Compliant}, nil
			}
		}
		return nonCompliant("Topic %s is encrypted with %s, not one of kmsKeyIds.", opsxName(it), key), nil
	}
	return Result{Compliance: Compliant}, nil
}

// opsxLogGroupName is a log group's name.
func opsxLogGroupName(it *Item) string {
	return cmpOr(Str(opsxConfig(it, "LogGroupName", "logGroupName")), opsxName(it))
}

// cloudwatchLogGroupEncrypted: the log group must be encrypted with a KMS
// key (KmsKeyId), and with the parameter KmsKeyId with that key (docs:
// cloudwatch-log-group-encrypted).
func cloudwatchLogGroupEncrypted(it *Item, p Params, _ Env) (Result, error) {
	key := Str(opsxConfig(it, "KmsKeyId", "kmsKeyId"))
	if key == "" {
		return nonCompliant("Log group %s is not encrypted with a KMS key.", opsxLogGroupName(it)), nil
	}
	if want := p.String("KmsKeyId", ""); want != "" && !opsxKeyMatches(key, want) {
		return nonCompliant("Log group %s is encrypted with %s, not %s.", opsxLogGroupName(it), key, want), nil
	}
	return Result{Compliance: Compliant}, nil
}

// cwLoggroupRetentionPeriodCheck: the log group's retention must be at
// least MinRetentionTime days (default 365); "never expire" (no
// RetentionInDays) is COMPLIANT (docs: cw-loggroup-retention-period-check).
// With LogGroupNames, only log groups whose names start with one of them
// (the docs' newest wording: name prefixes; a full name is its own prefix)
// are evaluated, the others are NOT_APPLICABLE.
func cwLoggroupRetentionPeriodCheck(it *Item, p Params, _ Env) (Result, error) {
	minDays, err := p.Int("MinRetentionTime", 365)
	if err != nil {
		return Result{}, err
	}
	name := opsxLogGroupName(it)
	if names := p.List("LogGroupNames"); len(names) > 0 {
		in := false
		for _, n := range names {
			if strings.HasPrefix(name, n) {
				in = true
			}
		}
		if !in {
			return notApplicable("Log group %s is not in LogGroupNames.", name), nil
		}
	}
	days, ok := Num(opsxConfig(it, "RetentionInDays", "retentionInDays"))
	if !ok || days <= 0 {
		return Result{Compliance: Compliant}, nil
	}
	return compliantIf(days >= float64(minDays), "Log group %s keeps events %v days; at least %d are required.", name, days, minDays), nil
}

// ---- ACM ----

// opsxTime reads a time as CIs spell it: ISO 8601 text, or epoch seconds or
// milliseconds.
func opsxTime(v any) (time.Time, bool) {
	if f, ok := v.(float64); ok {
		if f > 1e11 {
			return time.UnixMilli(int64(f)).UTC(), true
		}
		return time.Unix(int64(f), 0).UTC(), true
	}
	s := strings.TrimSpace(Str(v))
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.000Z0700", "2006-01-02T15:04:05Z0700", "2006-01-02 15:04:05Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// acmCertificateExpirationCheck: the certificate must not expire within
// daysToExpiration days (default 14) (docs:
// acm-certificate-expiration-check); an expired one is NON_COMPLIANT too.
// Certificates without an expiry date (pending validation, failed) are
// NOT_APPLICABLE.
func acmCertificateExpirationCheck(it *Item, p Params, env Env) (Result, error) {
	days, err := p.Int("daysToExpiration", 14)
	if err != nil {
		return Result{}, err
	}
	notAfter, ok := opsxTime(it.Config("notAfter"))
	if !ok {
		return notApplicable("Certificate %s has no expiry date (status %s).", opsxName(it), Str(it.Config("status"))), nil
	}
	left := notAfter.Sub(env.Now())
	if left <= 0 {
		return nonCompliant("Certificate %s expired on %s.", opsxName(it), notAfter.Format(time.DateOnly)), nil
	}
	return compliantIf(left > time.Duration(days)*24*time.Hour, "Certificate %s expires on %s, within %d days.",
		opsxName(it), notAfter.Format(time.DateOnly), days), nil
}

// ---- CloudWatch alarms ----

// cloudwatchAlarmActionCheck: the alarm must have actions for the states
// whose parameter is true: alarmActionRequired (default true) for ALARM,
// insufficientDataActionRequired (default true) for INSUFFICIENT_DATA,
// okActionRequired (default false) for OK (docs:
// cloudwatch-alarm-action-check). With action1..action5, at least one of
// the alarm's actions must be one of those ARNs (the docs: "optionally
// checks if any actions match a named ARN").
func cloudwatchAlarmActionCheck(it *Item, p Params, _ Env) (Result, error) {
	var all []string
	for _, s := range []struct {
		param, state string
		def          bool
		keys         []string
	}{
		{"alarmActionRequired", "ALARM", true, []string{"alarmActions", "AlarmActions"}},
		{"insufficientDataActionRequired", "INSUFFICIENT_DATA", true, []string{"insufficientDataActions", "InsufficientDataActions"}},
		{"okActionRequired", "OK", false, []string{"okactions", "okActions", "OKActions"}},
	} {
		required, err := p.Bool(s.param, s.def)
		if err != nil {
			return Result{}, err
		}
		actions := Strings(opsxConfig(it, s.keys...))
		all = append(all, actions...)
		if required && len(actions) == 0 {
			return nonCompliant("Alarm %s has no action for the %s state.", opsxName(it), s.state), nil
		}
	}
	var named []string
	for _, k := range []string{"action1", "action2", "action3", "action4", "action5"} {
		if a := p.String(k, ""); a != "" {
			named = append(named, a)
		}
	}
	if len(named) == 0 {
		return Result{Compliance: Compliant}, nil
	}
	for _, a := range all {
		if iamxHas(named, a) {
			return Result{Compliance: Compliant}, nil
		}
	}
	return nonCompliant("No action of alarm %s is one of the named ARNs.", opsxName(it)), nil
}

// ---- CodeBuild ----

// codebuildProjectEnvvarAwscredCheck: the project's environment must not
// hold AWS credentials in plaintext: a variable AWS_ACCESS_KEY_ID or
// AWS_SECRET_ACCESS_KEY of type PLAINTEXT (the default type) is
// NON_COMPLIANT; from Parameter Store or Secrets Manager it is fine (docs:
// codebuild-project-envvar-awscred-check).
func codebuildProjectEnvvarAwscredCheck(it *Item, _ Params, _ Env) (Result, error) {
	for _, v := range Slice(it.Config("environment", "environmentVariables")) {
		m := Map(v)
		name := Str(m["name"])
		if name != "AWS_ACCESS_KEY_ID" && name != "AWS_SECRET_ACCESS_KEY" {
			continue
		}
		if t := Str(m["type"]); t == "" || strings.EqualFold(t, "PLAINTEXT") {
			return nonCompliant("Project %s has %s in a plaintext environment variable.", cmpOr(Str(it.Config("name")), opsxName(it)), name), nil
		}
	}
	return Result{Compliance: Compliant}, nil
}
