package rules_test

import (
	"testing"

	"conforms/rules"
)

func TestIAMPasswordPolicy(t *testing.T) {
	strong := `{"passwordPolicy":{"MinimumPasswordLength":14,"RequireSymbols":true,"RequireNumbers":true,"RequireUppercaseCharacters":true,
		"RequireLowercaseCharacters":true,"MaxPasswordAge":90,"PasswordReusePrevention":24}}`
	runCases(t, "IAM_PASSWORD_POLICY", []ruleCase{
		{name: "strong policy", item: accountItem(t, strong), want: rules.Compliant},
		{name: "no policy", item: accountItem(t, `{}`), want: rules.NonCompliant},
		{name: "too short for the parameter", item: accountItem(t, strong), params: `{"MinimumPasswordLength":"16"}`, want: rules.NonCompliant},
		{name: "symbols not required by the parameter", item: accountItem(t, `{"passwordPolicy":{"MinimumPasswordLength":14,"RequireNumbers":true,
			"RequireUppercaseCharacters":true,"RequireLowercaseCharacters":true,"MaxPasswordAge":60,"PasswordReusePrevention":24}}`),
			params: `{"RequireSymbols":"false"}`, want: rules.Compliant},
		{name: "passwords never expire", item: accountItem(t, `{"passwordPolicy":{"MinimumPasswordLength":14,"RequireSymbols":true,"RequireNumbers":true,
			"RequireUppercaseCharacters":true,"RequireLowercaseCharacters":true,"PasswordReusePrevention":24}}`), want: rules.NonCompliant},
	})
}

func TestS3BucketVersioningEnabled(t *testing.T) {
	const bucket = "rdk-example-ci/AWS_S3_Bucket.json"
	runCases(t, "S3_BUCKET_VERSIONING_ENABLED", []ruleCase{
		{name: "enabled", item: corpusItem(t, bucket, nil), want: rules.Compliant},
		{name: "suspended", item: corpusItem(t, bucket, set("supplementaryConfiguration.BucketVersioningConfiguration.status", "Suspended")), want: rules.NonCompliant},
		{name: "off", item: corpusItem(t, bucket, set("supplementaryConfiguration.BucketVersioningConfiguration.status", "Off")), want: rules.NonCompliant},
		{name: "MFA delete required but off", item: corpusItem(t, bucket, nil), params: `{"isMfaDeleteEnabled":"true"}`, want: rules.NonCompliant},
		{name: "MFA delete required and on", item: corpusItem(t, bucket, set("supplementaryConfiguration.BucketVersioningConfiguration.isMfaDeleteEnabled", true)),
			params: `{"isMfaDeleteEnabled":"true"}`, want: rules.Compliant},
	})
}

func TestEncryptedVolumes(t *testing.T) {
	const volume = "rdk-example-ci/AWS_EC2_Volume.json"
	runCases(t, "ENCRYPTED_VOLUMES", []ruleCase{
		{name: "attached and encrypted", item: corpusItem(t, volume, nil), want: rules.Compliant},
		{name: "attached, not encrypted", item: corpusItem(t, volume, set("configuration.encrypted", false)), want: rules.NonCompliant},
		{name: "not attached", item: corpusItem(t, volume, edits(set("configuration.state", "available"), set("configuration.attachments", []any{}),
			set("configuration.encrypted", false))), want: rules.NotApplicable},
		{name: "the wanted key", item: corpusItem(t, volume, nil), params: `{"kmsId":"bd41e26b-d347-4c59-ab0b-32aee30fcf8d"}`, want: rules.Compliant},
		{name: "another key", item: corpusItem(t, volume, nil), params: `{"kmsId":"arn:aws:kms:us-east-1:111122223333:key/other"}`, want: rules.NonCompliant},
	})
}
