package rules

func init() {
	register(&Rule{Identifier: "ENCRYPTED_VOLUMES", ResourceTypes: []string{"AWS::EC2::Volume"}, Evaluate: encryptedVolumes})
}

// encryptedVolumes checks that attached volumes are encrypted, with the key
// kmsId when given (docs: encrypted-volumes). Volumes that are not attached
// are NOT_APPLICABLE, as AWS documents ("in an attached state").
func encryptedVolumes(it *Item, p Params, _ Env) (Result, error) {
	if Str(it.Config("state")) != "in-use" && len(Slice(it.Config("attachments"))) == 0 {
		return notApplicable("Volume %s is not attached.", it.ResourceID), nil
	}
	if !IsTrue(it.Config("encrypted")) {
		return nonCompliant("Volume %s is not encrypted.", it.ResourceID), nil
	}
	if key := p.String("kmsId", ""); key != "" {
		have := Str(it.Config("kmsKeyId"))
		if have != key && !hasSuffixID(have, key) {
			return nonCompliant("Volume %s is encrypted with %s, not %s.", it.ResourceID, have, key), nil
		}
	}
	return Result{Compliance: Compliant}, nil
}

// hasSuffixID reports whether a key ARN ends with the key id given.
func hasSuffixID(arn, id string) bool {
	return len(arn) > len(id) && arn[len(arn)-len(id)-1:] == "/"+id
}
