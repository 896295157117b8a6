package rules

// The AWS::::Account item. AWS evaluates account-level rules by calling
// service APIs (IAM, EC2, Security Hub, GuardDuty, Organizations); conforms
// has no such services, so those facts are a configuration item of its own,
// one per account and region, with resource id the account id, that users
// put (PutResourceConfig, or a snapshot import) like any other CI. Its
// configuration is:
//
//	{
//	  "passwordPolicy": {                  // IAM GetAccountPasswordPolicy's PasswordPolicy; absent or null: no policy
//	    "MinimumPasswordLength": 14, "RequireSymbols": true, "RequireNumbers": true,
//	    "RequireUppercaseCharacters": true, "RequireLowercaseCharacters": true,
//	    "AllowUsersToChangePassword": true, "ExpirePasswords": true, "MaxPasswordAge": 90,
//	    "PasswordReusePrevention": 24, "HardExpiry": false
//	  },
//	  "accountSummary": {                  // IAM GetAccountSummary's SummaryMap
//	    "AccountMFAEnabled": 1, "AccountAccessKeysPresent": 0
//	  },
//	  "rootHardwareMfa": true,             // the root user's MFA device is a hardware one
//	  "ebsEncryptionByDefault": true,      // EC2 GetEbsEncryptionByDefault, in the item's region
//	  "securityHub": {"enabled": true},    // Security Hub enabled in the region
//	  "guardDuty": {                       // GuardDuty in the region
//	    "enabled": true,
//	    "findings": [{"id": "...", "severity": 8.0, "updatedAt": "2026-11-01T00:00:00Z", "archived": false}]
//	  },
//	  "s3PublicAccessBlock": {             // S3 GetPublicAccessBlock for the account
//	    "BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true
//	  },
//	  "organization": {"id": "o-...", "masterAccountId": "111122223333"}  // absent: in no organization
//	}
//
// Rules add facts of their own where AWS reads an API that no CI reflects;
// each is documented at its constant:
//
//   - AWS::::Account "ebsPublicSnapshots" (ec2.go) and
//     "guardDuty"."administrator" (account_rules.go);
//   - supplementaryConfiguration "TrailStatus" and "EventSelectors" of
//     AWS::CloudTrail::Trail items (cloudtrail.go);
//   - supplementaryConfiguration "CredentialReport" of AWS::IAM::User items
//     (iam.go) and "DocumentPermission" of AWS::SSM::Document items (ops.go).
//
// A fact that is absent is unknown, and rules that need it answer
// NOT_APPLICABLE (the account has not been described yet) unless the rule's
// comment says otherwise; passwordPolicy and organization are exceptions:
// their absence is the fact that there is none, when the item exists.

// Keys of the AWS::::Account configuration.
const (
	AccountPasswordPolicy      = "passwordPolicy"
	AccountSummary             = "accountSummary"
	AccountRootHardwareMfa     = "rootHardwareMfa"
	AccountEbsEncryption       = "ebsEncryptionByDefault"
	AccountSecurityHub         = "securityHub"
	AccountGuardDuty           = "guardDuty"
	AccountS3PublicAccessBlock = "s3PublicAccessBlock"
	AccountOrganization        = "organization"
)

func init() {
	register(&Rule{Identifier: "IAM_PASSWORD_POLICY", ResourceTypes: []string{AccountResourceType}, Evaluate: iamPasswordPolicy})
}

// iamPasswordPolicy checks the account password policy against each given
// requirement (docs: iam-password-policy). Defaults, as documented:
// RequireUppercaseCharacters, RequireLowercaseCharacters, RequireSymbols,
// RequireNumbers true; MinimumPasswordLength 14; PasswordReusePrevention 24;
// MaxPasswordAge 90.
func iamPasswordPolicy(it *Item, p Params, _ Env) (Result, error) {
	policy := Map(it.Config(AccountPasswordPolicy))
	if policy == nil {
		return nonCompliant("The account has no password policy."), nil
	}
	for _, name := range []string{"RequireUppercaseCharacters", "RequireLowercaseCharacters", "RequireSymbols", "RequireNumbers"} {
		want, err := p.Bool(name, true)
		if err != nil {
			return Result{}, err
		}
		if want && !IsTrue(policy[name]) {
			return nonCompliant("The password policy does not set %s.", name), nil
		}
	}
	for _, c := range []struct {
		name string
		def  int
		ok   func(have, want float64) bool
		word string
	}{
		{"MinimumPasswordLength", 14, func(h, w float64) bool { return h >= w }, "at least"},
		{"PasswordReusePrevention", 24, func(h, w float64) bool { return h >= w }, "at least"},
		{"MaxPasswordAge", 90, func(h, w float64) bool { return h > 0 && h <= w }, "at most"},
	} {
		want, err := p.Int(c.name, c.def)
		if err != nil {
			return Result{}, err
		}
		have, ok := Num(policy[c.name])
		if !ok || !c.ok(have, float64(want)) {
			return nonCompliant("The password policy's %s is %s; it must be %s %d.", c.name, Str(policy[c.name]), c.word, want), nil
		}
	}
	return Result{Compliance: Compliant}, nil
}
