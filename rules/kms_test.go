package rules_test

import (
	"testing"

	"conforms/rules"
)

// kmsxKey is the corpus key (an AWS managed key there) made customer
// managed, with more edits.
func kmsxKey(t *testing.T, more ...func(map[string]any)) *rules.Item {
	t.Helper()
	return corpusItem(t, "rdk-example-ci/AWS_KMS_Key.json", edits(append([]func(map[string]any){
		set("configuration.keyManager", "CUSTOMER"), set("configuration.description", "app data"),
		set("configuration.arn", "arn:aws:kms:us-east-1:123456789012:key/test")}, more...)...))
}

func TestCmkBackingKeyRotationEnabled(t *testing.T) {
	const id = "CMK_BACKING_KEY_ROTATION_ENABLED"
	runCases(t, id, []ruleCase{
		{name: "rotation on", item: kmsxKey(t, set("supplementaryConfiguration.KeyRotationStatus", true)), want: rules.Compliant},
		{name: "rotation on, as text", item: kmsxKey(t, set("supplementaryConfiguration.KeyRotationStatus", "true")), want: rules.Compliant},
		{name: "rotation off", item: kmsxKey(t, set("supplementaryConfiguration.KeyRotationStatus", false)), want: rules.NonCompliant},
		{name: "rotation not recorded", item: kmsxKey(t), want: rules.NonCompliant},
		{name: "AWS managed key", item: corpusItem(t, "rdk-example-ci/AWS_KMS_Key.json", nil), want: rules.NotApplicable},
		{name: "asymmetric key", item: kmsxKey(t, set("configuration.keySpec", "RSA_2048"), set("configuration.keyUsage", "SIGN_VERIFY")), want: rules.NotApplicable},
		{name: "imported material", item: kmsxKey(t, set("configuration.origin", "EXTERNAL")), want: rules.NotApplicable},
		{name: "custom key store", item: kmsxKey(t, set("configuration.customKeyStoreId", "cks-1234567890abcdef0")), want: rules.NotApplicable},
	})
}

func TestKmsCmkNotScheduledForDeletion(t *testing.T) {
	pending := func() *rules.Item {
		return kmsxKey(t, set("configuration.keyState", "PendingDeletion"), set("configuration.enabled", false),
			set("configuration.deletionDate", 1795000000000.0), set("configuration.pendingDeletionWindowInDays", 30))
	}
	runCases(t, "KMS_CMK_NOT_SCHEDULED_FOR_DELETION", []ruleCase{
		{name: "enabled", item: kmsxKey(t), want: rules.Compliant},
		{name: "disabled, not scheduled", item: kmsxKey(t, set("configuration.keyState", "Disabled"), set("configuration.enabled", false)), want: rules.Compliant},
		{name: "pending deletion", item: pending(), want: rules.NonCompliant},
		{name: "listed and pending", item: pending(), params: `{"kmsKeyIds":"other,test"}`, want: rules.NonCompliant},
		{name: "listed by ARN", item: pending(), params: `{"kmsKeyIds":"arn:aws:kms:us-east-1:123456789012:key/test"}`, want: rules.NonCompliant},
		{name: "not listed", item: pending(), params: `{"kmsKeyIds":"1234abcd-12ab-34cd-56ef-1234567890ab"}`, want: rules.NotApplicable},
		{name: "AWS managed key", item: corpusItem(t, "rdk-example-ci/AWS_KMS_Key.json", nil), want: rules.NotApplicable},
	})
}
