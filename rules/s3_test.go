package rules_test

import (
	"testing"

	"conforms/rules"
)

const s3xBucketCI = "rdk-example-ci/AWS_S3_Bucket.json"

// s3xPolicy returns an edit setting the bucket policy to the statements
// (JSON text of a list), as CIs carry it: JSON text in policyText.
func s3xPolicy(statements string) func(map[string]any) {
	return set("supplementaryConfiguration.BucketPolicy.policyText", `{"Version":"2012-10-17","Statement":`+statements+`}`)
}

// s3xACL returns an edit setting the bucket ACL (JSON text, as in CIs) to
// the owner's FullControl plus the grants given (JSON objects).
func s3xACL(grants string) func(map[string]any) {
	owner := `{"grantee":{"id":"8ac813c84b8ad4d9f3e35f80aaeb254f85922a902ce87ed6b49ccbfa188f5a12","displayName":null},"permission":"FullControl"}`
	if grants != "" {
		owner += "," + grants
	}
	return set("supplementaryConfiguration.AccessControlList", `{"grantSet":null,"grantList":[`+owner+
		`],"owner":{"displayName":null,"id":"8ac813c84b8ad4d9f3e35f80aaeb254f85922a902ce87ed6b49ccbfa188f5a12"},"isRequesterCharged":false}`)
}

// s3xBlock returns an edit setting the bucket's Block Public Access settings.
func s3xBlock(blockAcls, ignoreAcls, blockPolicy, restrict bool) func(map[string]any) {
	return set("supplementaryConfiguration.PublicAccessBlockConfiguration", map[string]any{
		"blockPublicAcls": blockAcls, "ignorePublicAcls": ignoreAcls, "blockPublicPolicy": blockPolicy, "restrictPublicBuckets": restrict})
}

// s3xAccountEnv is an Env whose AWS::::Account item (account 934654633380,
// the corpus bucket's) has the given configuration.
func s3xAccountEnv(t *testing.T, configuration string) rules.Env {
	acct, err := rules.ParseItem([]byte(`{"resourceType":"AWS::::Account","resourceId":"934654633380","awsAccountId":"934654633380",
		"awsRegion":"us-east-1","configurationItemStatus":"OK","configuration":` + configuration + `}`))
	if err != nil {
		t.Fatal(err)
	}
	return rules.StaticEnv{At: testNow, ByType: map[string][]*rules.Item{rules.AccountResourceType: {acct}}}
}

const (
	s3xPublicGet = `[{"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::mborch-test-bucket-config-item/*"}]`
	s3xPublicPut = `[{"Sid":"PublicWrite","Effect":"Allow","Principal":{"AWS":"*"},"Action":["s3:PutObject"],"Resource":"arn:aws:s3:::mborch-test-bucket-config-item/*"}]`
)

func s3xGrant(grantee, perm string) string {
	return `{"grantee":` + grantee + `,"permission":"` + perm + `"}`
}

func TestS3BucketPublicReadProhibited(t *testing.T) {
	runCases(t, "S3_BUCKET_PUBLIC_READ_PROHIBITED", []ruleCase{
		{name: "owner only, deny-insecure policy", item: corpusItem(t, s3xBucketCI, nil), want: rules.Compliant},
		{name: "policy allows everyone GetObject", item: corpusItem(t, s3xBucketCI, s3xPolicy(s3xPublicGet)), want: rules.NonCompliant},
		{name: "policy allows s3:Get* to a wildcard AWS principal", item: corpusItem(t, s3xBucketCI, s3xPolicy(
			`[{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":"s3:Get*","Resource":"*"}]`)), want: rules.NonCompliant},
		{name: "public statement limited to a VPC endpoint", item: corpusItem(t, s3xBucketCI, s3xPolicy(
			`[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]`)),
			want: rules.Compliant},
		{name: "public statement with a wildcard org id", item: corpusItem(t, s3xBucketCI, s3xPolicy(
			`[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"StringLike":{"aws:PrincipalOrgID":"o-*"}}}]`)),
			want: rules.NonCompliant},
		{name: "public statement open to 0.0.0.0/0", item: corpusItem(t, s3xBucketCI, s3xPolicy(
			`[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}}]`)),
			want: rules.NonCompliant},
		{name: "policy grants an account only", item: corpusItem(t, s3xBucketCI, s3xPolicy(
			`[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:*","Resource":"*"}]`)), want: rules.Compliant},
		{name: "public write only", item: corpusItem(t, s3xBucketCI, s3xPolicy(s3xPublicPut)), want: rules.Compliant},
		{name: "ACL grants AllUsers Read", item: corpusItem(t, s3xBucketCI, s3xACL(s3xGrant(`"AllUsers"`, "Read"))), want: rules.NonCompliant},
		{name: "ACL grants AuthenticatedUsers by URI", item: corpusItem(t, s3xBucketCI, s3xACL(
			s3xGrant(`{"uri":"http://acs.amazonaws.com/groups/global/AuthenticatedUsers"}`, "FullControl"))), want: rules.NonCompliant},
		{name: "ACL grants LogDelivery Write", item: corpusItem(t, s3xBucketCI, s3xACL(s3xGrant(`"LogDelivery"`, "Write"))), want: rules.Compliant},
		{name: "public policy, bucket restricts public buckets", item: corpusItem(t, s3xBucketCI, edits(s3xPolicy(s3xPublicGet),
			s3xBlock(false, false, false, true))), want: rules.Compliant},
		{name: "public policy, only BlockPublicPolicy", item: corpusItem(t, s3xBucketCI, edits(s3xPolicy(s3xPublicGet),
			s3xBlock(false, false, true, false))), want: rules.NonCompliant},
		{name: "public ACL, bucket ignores public ACLs", item: corpusItem(t, s3xBucketCI, edits(s3xACL(s3xGrant(`"AllUsers"`, "Read")),
			s3xBlock(false, true, false, false))), want: rules.Compliant},
		{name: "public ACL, account ignores public ACLs", item: corpusItem(t, s3xBucketCI, s3xACL(s3xGrant(`"AllUsers"`, "Read"))),
			env:  s3xAccountEnv(t, `{"s3PublicAccessBlock":{"BlockPublicAcls":false,"IgnorePublicAcls":true,"BlockPublicPolicy":false,"RestrictPublicBuckets":false}}`),
			want: rules.Compliant},
		{name: "public ACL, account blocks only new ACLs", item: corpusItem(t, s3xBucketCI, s3xACL(s3xGrant(`"AllUsers"`, "Read"))),
			env: s3xAccountEnv(t, `{"s3PublicAccessBlock":{"BlockPublicAcls":true}}`), want: rules.NonCompliant},
		{name: "public policy, account block public access CI restricts", item: corpusItem(t, s3xBucketCI, s3xPolicy(s3xPublicGet)),
			env: rules.StaticEnv{At: testNow, ByType: map[string][]*rules.Item{"AWS::S3::AccountPublicAccessBlock": {
				corpusItem(t, "rdk-example-ci/AWS_S3_AccountPublicAccessBlock.json", set("accountId", "934654633380"))}}},
			want: rules.Compliant},
	})
}

func TestS3BucketPublicWriteProhibited(t *testing.T) {
	runCases(t, "S3_BUCKET_PUBLIC_WRITE_PROHIBITED", []ruleCase{
		{name: "owner only", item: corpusItem(t, s3xBucketCI, nil), want: rules.Compliant},
		{name: "policy allows everyone PutObject", item: corpusItem(t, s3xBucketCI, s3xPolicy(s3xPublicPut)), want: rules.NonCompliant},
		{name: "policy allows everyone s3:*", item: corpusItem(t, s3xBucketCI, s3xPolicy(
			`[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]`)), want: rules.NonCompliant},
		{name: "NotPrincipal allow", item: corpusItem(t, s3xBucketCI, s3xPolicy(
			`[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:DeleteObject","Resource":"*"}]`)), want: rules.NonCompliant},
		{name: "public read only", item: corpusItem(t, s3xBucketCI, s3xPolicy(s3xPublicGet)), want: rules.Compliant},
		{name: "public put from a fixed source account", item: corpusItem(t, s3xBucketCI, s3xPolicy(
			`[{"Effect":"Allow","Principal":"*","Action":"s3:PutObject","Resource":"*","Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}}}]`)),
			want: rules.Compliant},
		{name: "public put, IfExists condition does not restrict", item: corpusItem(t, s3xBucketCI, s3xPolicy(
			`[{"Effect":"Allow","Principal":"*","Action":"s3:PutObject","Resource":"*","Condition":{"StringEqualsIfExists":{"aws:SourceAccount":"111122223333"}}}]`)),
			want: rules.NonCompliant},
		{name: "ACL grants AllUsers Write", item: corpusItem(t, s3xBucketCI, s3xACL(s3xGrant(`"AllUsers"`, "Write"))), want: rules.NonCompliant},
		{name: "ACL grants AllUsers WriteAcp", item: corpusItem(t, s3xBucketCI, s3xACL(s3xGrant(`"AllUsers"`, "WriteAcp"))), want: rules.NonCompliant},
		{name: "ACL grants AllUsers Read", item: corpusItem(t, s3xBucketCI, s3xACL(s3xGrant(`"AllUsers"`, "Read"))), want: rules.Compliant},
		{name: "public put, bucket restricts public buckets", item: corpusItem(t, s3xBucketCI, edits(s3xPolicy(s3xPublicPut),
			s3xBlock(true, true, true, true))), want: rules.Compliant},
	})
}

func TestS3BucketLoggingEnabled(t *testing.T) {
	logging := set("supplementaryConfiguration.BucketLoggingConfiguration", map[string]any{"destinationBucketName": "access-logs", "logFilePrefix": "s3/"})
	runCases(t, "S3_BUCKET_LOGGING_ENABLED", []ruleCase{
		{name: "not logging", item: corpusItem(t, s3xBucketCI, nil), want: rules.NonCompliant},
		{name: "logging", item: corpusItem(t, s3xBucketCI, logging), want: rules.Compliant},
		{name: "the wanted bucket and prefix", item: corpusItem(t, s3xBucketCI, logging), params: `{"targetBucket":"access-logs","targetPrefix":"s3/"}`,
			want: rules.Compliant},
		{name: "another bucket", item: corpusItem(t, s3xBucketCI, logging), params: `{"targetBucket":"central-logs"}`, want: rules.NonCompliant},
		{name: "another prefix", item: corpusItem(t, s3xBucketCI, logging), params: `{"targetPrefix":"logs/"}`, want: rules.NonCompliant},
	})
}

// s3xSSE returns an edit setting the bucket's default encryption.
func s3xSSE(alg, key string) func(map[string]any) {
	d := map[string]any{"sseAlgorithm": alg, "kmsMasterKeyID": nil}
	if key != "" {
		d["kmsMasterKeyID"] = key
	}
	return set("supplementaryConfiguration.ServerSideEncryptionConfiguration", map[string]any{
		"rules": []any{map[string]any{"applyServerSideEncryptionByDefault": d, "bucketKeyEnabled": false}}})
}

func TestS3BucketServerSideEncryptionEnabled(t *testing.T) {
	runCases(t, "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED", []ruleCase{
		{name: "no default encryption", item: corpusItem(t, s3xBucketCI, nil), want: rules.NonCompliant},
		{name: "SSE-S3", item: corpusItem(t, s3xBucketCI, s3xSSE("AES256", "")), want: rules.Compliant},
		{name: "SSE-KMS", item: corpusItem(t, s3xBucketCI, s3xSSE("aws:kms", "arn:aws:kms:us-east-1:934654633380:key/k1")), want: rules.Compliant},
		{name: "policy denies unencrypted puts", item: corpusItem(t, s3xBucketCI, s3xPolicy(
			`[{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::mborch-test-bucket-config-item/*",
			"Condition":{"StringNotEquals":{"s3:x-amz-server-side-encryption":"aws:kms"}}}]`)), want: rules.Compliant},
		{name: "policy denies puts without the header", item: corpusItem(t, s3xBucketCI, s3xPolicy(
			`[{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"s3:*","Resource":"*","Condition":{"Null":{"s3:x-amz-server-side-encryption":"true"}}}]`)),
			want: rules.Compliant},
	})
}

func TestS3BucketSslRequestsOnly(t *testing.T) {
	both := s3xPolicy(`[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::mborch-test-bucket-config-item",
		"arn:aws:s3:::mborch-test-bucket-config-item/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]`)
	runCases(t, "S3_BUCKET_SSL_REQUESTS_ONLY", []ruleCase{
		{name: "bucket and objects denied over HTTP", item: corpusItem(t, s3xBucketCI, both), want: rules.Compliant},
		{name: "corpus policy covers the bucket only", item: corpusItem(t, s3xBucketCI, nil), want: rules.NonCompliant},
		{name: "no policy", item: corpusItem(t, s3xBucketCI, set("supplementaryConfiguration.BucketPolicy.policyText", nil)), want: rules.NonCompliant},
		{name: "wildcard resource, boolean condition", item: corpusItem(t, s3xBucketCI, s3xPolicy(
			`[{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"*","Resource":"arn:aws:s3:::mborch-test-bucket-config-item*","Condition":{"Bool":{"aws:SecureTransport":false}}}]`)),
			want: rules.Compliant},
		{name: "deny only GetObject", item: corpusItem(t, s3xBucketCI, s3xPolicy(
			`[{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]`)),
			want: rules.NonCompliant},
		{name: "allow without SSL", item: corpusItem(t, s3xBucketCI, s3xPolicy(s3xPublicGet)), want: rules.NonCompliant},
	})
}

// s3xReplication returns an edit giving the bucket one replication rule.
func s3xReplication(status, destBucket string) func(map[string]any) {
	return set("supplementaryConfiguration.BucketReplicationConfiguration", map[string]any{
		"roleARN": "arn:aws:iam::934654633380:role/replication",
		"rules": map[string]any{"rule-1": map[string]any{"prefix": "", "status": status,
			"destinationConfig": map[string]any{"bucketARN": "arn:aws:s3:::" + destBucket, "storageClass": nil}}},
	})
}

func TestS3BucketReplicationEnabled(t *testing.T) {
	sameRegion := rules.StaticEnv{At: testNow, ByType: map[string][]*rules.Item{"AWS::S3::Bucket": {
		corpusItem(t, s3xBucketCI, edits(set("resourceId", "replica-east"), set("resourceName", "replica-east"), set("configuration.name", "replica-east"))),
	}}}
	runCases(t, "S3_BUCKET_REPLICATION_ENABLED", []ruleCase{
		{name: "no replication", item: corpusItem(t, s3xBucketCI, nil), want: rules.NonCompliant},
		{name: "enabled rule", item: corpusItem(t, s3xBucketCI, s3xReplication("Enabled", "replica-west")), want: rules.Compliant},
		{name: "disabled rule", item: corpusItem(t, s3xBucketCI, s3xReplication("Disabled", "replica-west")), want: rules.NonCompliant},
		{name: "cross-region wanted, destination elsewhere", item: corpusItem(t, s3xBucketCI, s3xReplication("Enabled", "replica-west")),
			params: `{"ReplicationType":"CROSS-REGION"}`, env: sameRegion, want: rules.Compliant},
		{name: "cross-region wanted, destination here", item: corpusItem(t, s3xBucketCI, s3xReplication("Enabled", "replica-east")),
			params: `{"ReplicationType":"CROSS-REGION"}`, env: sameRegion, want: rules.NonCompliant},
		{name: "same-region wanted, destination here", item: corpusItem(t, s3xBucketCI, s3xReplication("Enabled", "replica-east")),
			params: `{"ReplicationType":"SAME-REGION"}`, env: sameRegion, want: rules.Compliant},
		{name: "same-region wanted, destination elsewhere", item: corpusItem(t, s3xBucketCI, s3xReplication("Enabled", "replica-west")),
			params: `{"ReplicationType":"SAME-REGION"}`, env: sameRegion, want: rules.NonCompliant},
	})
	r, _ := rules.Lookup("S3_BUCKET_REPLICATION_ENABLED")
	if _, err := r.Evaluate(corpusItem(t, s3xBucketCI, nil), rules.Params{"ReplicationType": "ANY-REGION"}, rules.StaticEnv{At: testNow}); err == nil {
		t.Error("ReplicationType ANY-REGION accepted")
	}
}

func TestS3DefaultEncryptionKms(t *testing.T) {
	const key = "arn:aws:kms:us-east-1:934654633380:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	runCases(t, "S3_DEFAULT_ENCRYPTION_KMS", []ruleCase{
		{name: "no default encryption", item: corpusItem(t, s3xBucketCI, nil), want: rules.NonCompliant},
		{name: "SSE-S3", item: corpusItem(t, s3xBucketCI, s3xSSE("AES256", "")), want: rules.NonCompliant},
		{name: "SSE-KMS", item: corpusItem(t, s3xBucketCI, s3xSSE("aws:kms", key)), want: rules.Compliant},
		{name: "DSSE-KMS with the AWS managed key", item: corpusItem(t, s3xBucketCI, s3xSSE("aws:kms:dsse", "")), want: rules.Compliant},
		{name: "an allowed key", item: corpusItem(t, s3xBucketCI, s3xSSE("aws:kms", key)),
			params: `{"kmsKeyArns":"arn:aws:kms:us-east-1:934654633380:key/other, ` + key + `"}`, want: rules.Compliant},
		{name: "an allowed key given by id", item: corpusItem(t, s3xBucketCI, s3xSSE("aws:kms", "1234abcd-12ab-34cd-56ef-1234567890ab")),
			params: `{"kmsKeyArns":"` + key + `"}`, want: rules.Compliant},
		{name: "a key not allowed", item: corpusItem(t, s3xBucketCI, s3xSSE("aws:kms", key)),
			params: `{"kmsKeyArns":"arn:aws:kms:us-east-1:934654633380:key/other"}`, want: rules.NonCompliant},
		{name: "a KMS key item", item: corpusItem(t, "rdk-example-ci/AWS_KMS_Key.json", nil), want: rules.NotApplicable},
	})
}

func TestS3BucketLevelPublicAccessProhibited(t *testing.T) {
	runCases(t, "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED", []ruleCase{
		{name: "all blocked", item: corpusItem(t, s3xBucketCI, s3xBlock(true, true, true, true)), want: rules.Compliant},
		{name: "no settings", item: corpusItem(t, s3xBucketCI, nil), want: rules.NonCompliant},
		{name: "policy not restricted", item: corpusItem(t, s3xBucketCI, s3xBlock(true, true, true, false)), want: rules.NonCompliant},
		{name: "excluded bucket", item: corpusItem(t, s3xBucketCI, nil), params: `{"excludedPublicBuckets":"website, mborch-test-bucket-config-item"}`,
			want: rules.Compliant},
		{name: "another bucket excluded", item: corpusItem(t, s3xBucketCI, nil), params: `{"excludedPublicBuckets":"website"}`, want: rules.NonCompliant},
	})
}

func TestS3BucketDefaultLockEnabled(t *testing.T) {
	lock := func(mode string) func(map[string]any) {
		return set("supplementaryConfiguration.ObjectLockConfiguration", map[string]any{"objectLockEnabled": "Enabled",
			"rule": map[string]any{"defaultRetention": map[string]any{"mode": mode, "days": 30, "years": nil}}})
	}
	runCases(t, "S3_BUCKET_DEFAULT_LOCK_ENABLED", []ruleCase{
		{name: "no object lock", item: corpusItem(t, s3xBucketCI, nil), want: rules.NonCompliant},
		{name: "object lock", item: corpusItem(t, s3xBucketCI, lock("GOVERNANCE")), want: rules.Compliant},
		{name: "the wanted mode", item: corpusItem(t, s3xBucketCI, lock("GOVERNANCE")), params: `{"mode":"Governance"}`, want: rules.Compliant},
		{name: "another mode", item: corpusItem(t, s3xBucketCI, lock("GOVERNANCE")), params: `{"mode":"COMPLIANCE"}`, want: rules.NonCompliant},
	})
	r, _ := rules.Lookup("S3_BUCKET_DEFAULT_LOCK_ENABLED")
	if _, err := r.Evaluate(corpusItem(t, s3xBucketCI, nil), rules.Params{"mode": "STRICT"}, rules.StaticEnv{At: testNow}); err == nil {
		t.Error("mode STRICT accepted")
	}
}
