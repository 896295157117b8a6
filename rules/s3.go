package rules

func init() {
	register(&Rule{Identifier: "S3_BUCKET_VERSIONING_ENABLED", ResourceTypes: []string{"AWS::S3::Bucket"}, Evaluate: s3BucketVersioning})
}

// s3BucketVersioning checks that versioning is enabled, and with
// isMfaDeleteEnabled "true" that MFA delete is too (docs:
// s3-bucket-versioning-enabled). A suspended configuration is
// NON_COMPLIANT.
func s3BucketVersioning(it *Item, p Params, _ Env) (Result, error) {
	mfa, err := p.Bool("isMfaDeleteEnabled", false)
	if err != nil {
		return Result{}, err
	}
	v := Map(it.Supp("BucketVersioningConfiguration"))
	if Str(v["status"]) != "Enabled" {
		return nonCompliant("Versioning is not enabled on bucket %s.", it.ResourceName), nil
	}
	if mfa && !IsTrue(v["isMfaDeleteEnabled"]) {
		return nonCompliant("MFA delete is not enabled on bucket %s.", it.ResourceName), nil
	}
	return Result{Compliance: Compliant}, nil
}
