package rules

import "strings"

// KMS key rules (AWS::KMS::Key).

func init() {
	register(
		&Rule{Identifier: "CMK_BACKING_KEY_ROTATION_ENABLED", ResourceTypes: []string{"AWS::KMS::Key"}, Evaluate: cmkBackingKeyRotationEnabled},
		&Rule{Identifier: "KMS_CMK_NOT_SCHEDULED_FOR_DELETION", ResourceTypes: []string{"AWS::KMS::Key"}, Evaluate: kmsCmkNotScheduledForDeletion},
	)
}

// kmsxKeyID is a key CI's key id.
func kmsxKeyID(it *Item) string { return cmpOr(Str(it.Config("keyId")), it.ResourceID) }

// cmkBackingKeyRotationEnabled: a customer managed key must have automatic
// rotation on (supplementaryConfiguration.KeyRotationStatus) (docs:
// cmk-backing-key-rotation-enabled). Keys that cannot rotate automatically,
// as the docs list them (asymmetric and HMAC keys: keySpec other than
// SYMMETRIC_DEFAULT; imported material: origin EXTERNAL; custom key
// stores), are NOT_APPLICABLE; so are AWS managed keys (keyManager AWS),
// which AWS rotates, and keys pending deletion or import, which cannot
// change (the docs are silent on these).
func cmkBackingKeyRotationEnabled(it *Item, _ Params, _ Env) (Result, error) {
	id := kmsxKeyID(it)
	if strings.EqualFold(Str(it.Config("keyManager")), "AWS") {
		return notApplicable("Key %s is an AWS managed key.", id), nil
	}
	if spec := cmpOr(Str(it.Config("keySpec")), Str(it.Config("customerMasterKeySpec"))); spec != "" && spec != "SYMMETRIC_DEFAULT" {
		return notApplicable("Key %s is a %s key, which cannot rotate automatically.", id, spec), nil
	}
	if origin := Str(it.Config("origin")); origin != "" && origin != "AWS_KMS" {
		return notApplicable("Key %s has key material of origin %s, which cannot rotate automatically.", id, origin), nil
	}
	if Str(it.Config("customKeyStoreId")) != "" {
		return notApplicable("Key %s is in a custom key store.", id), nil
	}
	switch state := Str(it.Config("keyState")); state {
	case "PendingDeletion", "PendingReplicaDeletion", "PendingImport":
		return notApplicable("Key %s is %s.", id, state), nil
	}
	return compliantIf(IsTrue(it.Supp("KeyRotationStatus")), "Automatic rotation is not enabled for key %s.", id), nil
}

// kmsCmkNotScheduledForDeletion: a customer managed key must not be
// scheduled for deletion (keyState PendingDeletion or
// PendingReplicaDeletion, or a deletionDate) (docs:
// kms-cmk-not-scheduled-for-deletion). With kmsKeyIds, only those keys (by
// key id or key ARN) are evaluated, the others are NOT_APPLICABLE. AWS
// managed keys, which cannot be scheduled for deletion, are NOT_APPLICABLE.
func kmsCmkNotScheduledForDeletion(it *Item, p Params, _ Env) (Result, error) {
	id := kmsxKeyID(it)
	if want := p.List("kmsKeyIds"); len(want) > 0 {
		arn := cmpOr(it.ARN, Str(it.Config("arn")))
		in := false
		for _, w := range want {
			if w == id || w == arn || opsxKeyMatches(arn, w) {
				in = true
			}
		}
		if !in {
			return notApplicable("Key %s is not in kmsKeyIds.", id), nil
		}
	}
	if strings.EqualFold(Str(it.Config("keyManager")), "AWS") {
		return notApplicable("Key %s is an AWS managed key.", id), nil
	}
	state := Str(it.Config("keyState"))
	scheduled := state == "PendingDeletion" || state == "PendingReplicaDeletion" || it.Config("deletionDate") != nil
	return compliantIf(!scheduled, "Key %s is scheduled for deletion.", id), nil
}
