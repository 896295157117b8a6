package rules

import (
	"fmt"
	"strings"
	"time"
)

// Keys of the AWS::::Account configuration read here that account.go does
// not list.
const (
	// trailxGuardDutyAdministrator: in guardDuty, GuardDuty
	// GetAdministratorAccount's Administrator for the region's detector,
	// e.g. "guardDuty": {"enabled": true, "administrator":
	// {"AccountId": "111122223333", "RelationshipStatus": "Enabled"}};
	// absent or null: the detector has no administrator account.
	trailxGuardDutyAdministrator = "administrator"
)

func init() {
	account := []string{AccountResourceType}
	register(
		&Rule{Identifier: "IAM_ROOT_ACCESS_KEY_CHECK", ResourceTypes: account, Evaluate: iamRootAccessKeyCheck},
		&Rule{Identifier: "S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC", ResourceTypes: account, Evaluate: s3AccountLevelPublicAccessBlocksPeriodic},
		&Rule{Identifier: "EC2_EBS_ENCRYPTION_BY_DEFAULT", ResourceTypes: account, Evaluate: ec2EbsEncryptionByDefault},
		&Rule{Identifier: "SECURITYHUB_ENABLED", ResourceTypes: account, Evaluate: securityhubEnabled},
		&Rule{Identifier: "GUARDDUTY_ENABLED_CENTRALIZED", ResourceTypes: account, Evaluate: guarddutyEnabledCentralized},
		&Rule{Identifier: "ROOT_ACCOUNT_MFA_ENABLED", ResourceTypes: account, Evaluate: rootAccountMfaEnabled},
		&Rule{Identifier: "ROOT_ACCOUNT_HARDWARE_MFA_ENABLED", ResourceTypes: account, Evaluate: rootAccountHardwareMfaEnabled},
		&Rule{Identifier: "GUARDDUTY_NON_ARCHIVED_FINDINGS", ResourceTypes: account, Evaluate: guarddutyNonArchivedFindings},
		&Rule{Identifier: "ACCOUNT_PART_OF_ORGANIZATIONS", ResourceTypes: account, Evaluate: accountPartOfOrganizations},
	)
}

// trailxUnknown is the NOT_APPLICABLE answer for a fact the account item
// does not carry (account.go).
func trailxUnknown(key string) Result {
	return notApplicable("The account item does not record %s.", key)
}

// iamRootAccessKeyCheck checks that the root user has no access key:
// accountSummary.AccountAccessKeysPresent is 0 (docs:
// iam-root-access-key-check).
func iamRootAccessKeyCheck(it *Item, _ Params, _ Env) (Result, error) {
	n, ok := Num(it.Config(AccountSummary, "AccountAccessKeysPresent"))
	if !ok {
		return trailxUnknown(AccountSummary + ".AccountAccessKeysPresent"), nil
	}
	return compliantIf(n == 0, "The root user has an access key."), nil
}

// s3AccountLevelPublicAccessBlocksPeriodic checks the account's S3 Block
// Public Access settings (docs:
// s3-account-level-public-access-blocks-periodic). Each parameter
// (BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy,
// RestrictPublicBuckets; "true" or "false" in any case, default true) says
// whether the setting is enforced: a setting whose parameter is true must
// be on; one whose parameter is false is not checked (the docs say
// "enforced or not"; an account stricter than asked is not faulted). The
// settings are the account item's s3PublicAccessBlock, else the
// AWS::S3::AccountPublicAccessBlock item (env); a null s3PublicAccessBlock
// means the account has none, and unknown settings are NOT_APPLICABLE.
func s3AccountLevelPublicAccessBlocksPeriodic(it *Item, p Params, env Env) (Result, error) {
	var settings map[string]any
	if v, ok := it.Configuration[AccountS3PublicAccessBlock]; ok {
		settings = Map(v)
		if settings == nil {
			settings = map[string]any{}
		}
	} else {
		for _, pab := range env.Items("AWS::S3::AccountPublicAccessBlock") {
			if !pab.Deleted() && (pab.AccountID == "" || it.AccountID == "" || pab.AccountID == it.AccountID) {
				settings = pab.Configuration
				if settings == nil {
					settings = map[string]any{}
				}
				break
			}
		}
	}
	if settings == nil {
		return trailxUnknown(AccountS3PublicAccessBlock), nil
	}
	var off []string
	for _, name := range []string{"BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"} {
		want, err := p.Bool(name, true)
		if err != nil {
			return Result{}, err
		}
		if want && !IsTrue(s3xField(settings, name)) {
			off = append(off, name)
		}
	}
	return compliantIf(len(off) == 0, "The account's S3 public access block does not set %s.", strings.Join(off, ", ")), nil
}

// ec2EbsEncryptionByDefault checks that EBS encryption by default is on in
// the region: ebsEncryptionByDefault (docs: ec2-ebs-encryption-by-default).
func ec2EbsEncryptionByDefault(it *Item, _ Params, _ Env) (Result, error) {
	on, ok := Bool(it.Config(AccountEbsEncryption))
	if !ok {
		return trailxUnknown(AccountEbsEncryption), nil
	}
	return compliantIf(on, "EBS encryption by default is not enabled in %s.", it.Region), nil
}

// securityhubEnabled checks that Security Hub is enabled in the region:
// securityHub.enabled (docs: securityhub-enabled).
func securityhubEnabled(it *Item, _ Params, _ Env) (Result, error) {
	on, ok := Bool(it.Config(AccountSecurityHub, "enabled"))
	if !ok {
		return trailxUnknown(AccountSecurityHub), nil
	}
	return compliantIf(on, "Security Hub is not enabled in %s.", it.Region), nil
}

// guarddutyEnabledCentralized checks that GuardDuty is enabled in the
// region: guardDuty.enabled (docs: guardduty-enabled-centralized). With
// CentralMonitoringAccount (a list of account ids), an account that is not
// one of them must also have one of them as its GuardDuty administrator
// (guardDuty.administrator, see trailxGuardDutyAdministrator) with the
// relationship not disabled or removed.
func guarddutyEnabledCentralized(it *Item, p Params, _ Env) (Result, error) {
	on, ok := Bool(it.Config(AccountGuardDuty, "enabled"))
	if !ok {
		return trailxUnknown(AccountGuardDuty), nil
	}
	if !on {
		return nonCompliant("GuardDuty is not enabled in %s.", it.Region), nil
	}
	central := p.List("CentralMonitoringAccount")
	if len(central) == 0 || trailxContainsFold(central, it.ResourceID) || trailxContainsFold(central, it.AccountID) {
		return Result{Compliance: Compliant}, nil
	}
	admin := Map(it.Config(AccountGuardDuty, trailxGuardDutyAdministrator))
	id := Str(trailxField(admin, "AccountId"))
	if id == "" {
		return nonCompliant("GuardDuty in %s has no administrator account; expected one of %s.", it.Region, strings.Join(central, ", ")), nil
	}
	if !trailxContainsFold(central, id) {
		return nonCompliant("GuardDuty's administrator account %s is not one of %s.", id, strings.Join(central, ", ")), nil
	}
	switch status := Str(trailxField(admin, "RelationshipStatus")); status {
	case "Disabled", "Removed", "Resigned", "EmailVerificationFailed":
		return nonCompliant("GuardDuty's relationship with administrator account %s is %s.", id, status), nil
	}
	return Result{Compliance: Compliant}, nil
}

// rootAccountMfaEnabled checks that the root user has MFA:
// accountSummary.AccountMFAEnabled is 1 (docs: root-account-mfa-enabled).
func rootAccountMfaEnabled(it *Item, _ Params, _ Env) (Result, error) {
	n, ok := Num(it.Config(AccountSummary, "AccountMFAEnabled"))
	if !ok {
		return trailxUnknown(AccountSummary + ".AccountMFAEnabled"), nil
	}
	return compliantIf(n == 1, "The root user does not have MFA enabled."), nil
}

// rootAccountHardwareMfaEnabled checks that the root user has a hardware
// MFA device (docs: root-account-hardware-mfa-enabled): no MFA
// (accountSummary.AccountMFAEnabled 0) or a virtual one (rootHardwareMfa
// false) is NON_COMPLIANT; an MFA device of unknown kind is NOT_APPLICABLE.
func rootAccountHardwareMfaEnabled(it *Item, _ Params, _ Env) (Result, error) {
	if n, ok := Num(it.Config(AccountSummary, "AccountMFAEnabled")); ok && n == 0 {
		return nonCompliant("The root user does not have MFA enabled."), nil
	}
	hw, ok := Bool(it.Config(AccountRootHardwareMfa))
	if !ok {
		return trailxUnknown(AccountRootHardwareMfa), nil
	}
	return compliantIf(hw, "The root user's MFA device is not a hardware device."), nil
}

// guarddutyNonArchivedFindings checks that no GuardDuty finding stays
// unarchived longer than allowed for its severity (docs:
// guardduty-non-archived-findings): daysLowSev (default 30) for severity
// below 4, daysMediumSev (7) below 7, daysHighSev (1) from 7 up. A
// finding's age runs from its updatedAt (createdAt when absent), as
// GuardDuty's console counts "last seen". With GuardDuty not enabled
// there are no findings to judge: NOT_APPLICABLE.
func guarddutyNonArchivedFindings(it *Item, p Params, env Env) (Result, error) {
	var days [3]int
	for i, c := range []struct {
		name string
		def  int
	}{{"daysLowSev", 30}, {"daysMediumSev", 7}, {"daysHighSev", 1}} {
		d, err := p.Int(c.name, c.def)
		if err != nil {
			return Result{}, err
		}
		if d < 0 {
			return Result{}, fmt.Errorf("parameter %s must not be negative, not %d", c.name, d)
		}
		days[i] = d
	}
	gd := Map(it.Config(AccountGuardDuty))
	if gd == nil {
		return trailxUnknown(AccountGuardDuty), nil
	}
	if on, ok := Bool(gd["enabled"]); ok && !on {
		return notApplicable("GuardDuty is not enabled in %s.", it.Region), nil
	}
	names := [3]string{"low", "medium", "high"}
	for _, f := range Slice(gd["findings"]) {
		fm := Map(f)
		if IsTrue(fm["archived"]) {
			continue
		}
		sev, _ := Num(fm["severity"])
		level := 0
		switch {
		case sev >= 7:
			level = 2
		case sev >= 4:
			level = 1
		}
		at, ok := trailxTime(fm["updatedAt"])
		if !ok {
			at, ok = trailxTime(fm["createdAt"])
		}
		if !ok {
			continue
		}
		if age := env.Now().Sub(at); age > time.Duration(days[level])*24*time.Hour {
			return nonCompliant("GuardDuty %s severity finding %s has not been archived for %d days (allowed %d).",
				names[level], Str(fm["id"]), int(age.Hours()/24), days[level]), nil
		}
	}
	return Result{Compliance: Compliant}, nil
}

// accountPartOfOrganizations checks that the account is in an organization
// (organization present), whose management account is MasterAccountId when
// given (docs: account-part-of-organizations).
func accountPartOfOrganizations(it *Item, p Params, _ Env) (Result, error) {
	org := Map(it.Config(AccountOrganization))
	if org == nil {
		return nonCompliant("The account is not part of AWS Organizations."), nil
	}
	if want := p.String("MasterAccountId", ""); want != "" {
		if have := Str(org["masterAccountId"]); have != want {
			return nonCompliant("The account's organization is managed by %s, not %s.", have, want), nil
		}
	}
	return Result{Compliance: Compliant}, nil
}
