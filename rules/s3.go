package rules

import (
	"fmt"
	"net"
	"strconv"
	"strings"
)

const s3xBucket = "AWS::S3::Bucket"

func init() {
	register(&Rule{Identifier: "S3_BUCKET_VERSIONING_ENABLED", ResourceTypes: []string{s3xBucket}, Evaluate: s3BucketVersioning})
	register(
		&Rule{Identifier: "S3_BUCKET_PUBLIC_READ_PROHIBITED", ResourceTypes: []string{s3xBucket}, Evaluate: s3BucketPublicReadProhibited},
		&Rule{Identifier: "S3_BUCKET_PUBLIC_WRITE_PROHIBITED", ResourceTypes: []string{s3xBucket}, Evaluate: s3BucketPublicWriteProhibited},
		&Rule{Identifier: "S3_BUCKET_LOGGING_ENABLED", ResourceTypes: []string{s3xBucket}, Evaluate: s3BucketLoggingEnabled},
		&Rule{Identifier: "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED", ResourceTypes: []string{s3xBucket}, Evaluate: s3BucketServerSideEncryptionEnabled},
		&Rule{Identifier: "S3_BUCKET_SSL_REQUESTS_ONLY", ResourceTypes: []string{s3xBucket}, Evaluate: s3BucketSslRequestsOnly},
		&Rule{Identifier: "S3_BUCKET_REPLICATION_ENABLED", ResourceTypes: []string{s3xBucket}, Evaluate: s3BucketReplicationEnabled},
		&Rule{Identifier: "S3_DEFAULT_ENCRYPTION_KMS", ResourceTypes: []string{s3xBucket, "AWS::KMS::Key"}, Evaluate: s3DefaultEncryptionKms},
		&Rule{Identifier: "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED", ResourceTypes: []string{s3xBucket}, Evaluate: s3BucketLevelPublicAccessProhibited},
		&Rule{Identifier: "S3_BUCKET_DEFAULT_LOCK_ENABLED", ResourceTypes: []string{s3xBucket}, Evaluate: s3BucketDefaultLockEnabled},
	)
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

// s3xName is the bucket's name: the configuration's, else the resource's.
func s3xName(it *Item) string {
	if n := Str(it.Config("name")); n != "" {
		return n
	}
	if it.ResourceName != "" {
		return it.ResourceName
	}
	return it.ResourceID
}

// s3xField returns m[name], or the value under the name with its first
// letter in the other case: conforms' account item spells S3's block
// settings as the API does (BlockPublicAcls), S3 CIs in camelCase
// (blockPublicAcls).
func s3xField(m map[string]any, name string) any {
	if v, ok := m[name]; ok {
		return v
	}
	if name == "" {
		return nil
	}
	first := name[:1]
	if strings.ToLower(first) == first {
		return m[strings.ToUpper(first)+name[1:]]
	}
	return m[strings.ToLower(first)+name[1:]]
}

// s3xBlock is a set of S3 Block Public Access settings.
type s3xBlock struct {
	blockAcls, ignoreAcls, blockPolicy, restrictBuckets bool
}

func s3xBlockOf(m map[string]any) s3xBlock {
	return s3xBlock{
		blockAcls:       IsTrue(s3xField(m, "blockPublicAcls")),
		ignoreAcls:      IsTrue(s3xField(m, "ignorePublicAcls")),
		blockPolicy:     IsTrue(s3xField(m, "blockPublicPolicy")),
		restrictBuckets: IsTrue(s3xField(m, "restrictPublicBuckets")),
	}
}

func (b s3xBlock) or(o s3xBlock) s3xBlock {
	return s3xBlock{b.blockAcls || o.blockAcls, b.ignoreAcls || o.ignoreAcls, b.blockPolicy || o.blockPolicy, b.restrictBuckets || o.restrictBuckets}
}

func (b s3xBlock) all() bool {
	return b.blockAcls && b.ignoreAcls && b.blockPolicy && b.restrictBuckets
}

// s3xAccountBlock returns the account-level Block Public Access settings of
// the account: the AWS::::Account item's s3PublicAccessBlock when it has
// one, else the AWS::S3::AccountPublicAccessBlock item. known is false when
// neither says anything; a null s3PublicAccessBlock is known: no settings.
func s3xAccountBlock(env Env, accountID string) (b s3xBlock, known bool) {
	for _, acct := range env.Items(AccountResourceType) {
		if acct.Deleted() || (accountID != "" && acct.ResourceID != accountID && acct.AccountID != accountID) {
			continue
		}
		if v, ok := acct.Configuration[AccountS3PublicAccessBlock]; ok {
			return s3xBlockOf(Map(v)), true
		}
	}
	for _, pab := range env.Items("AWS::S3::AccountPublicAccessBlock") {
		if pab.Deleted() || (accountID != "" && pab.AccountID != "" && pab.AccountID != accountID) {
			continue
		}
		return s3xBlockOf(pab.Configuration), true
	}
	return s3xBlock{}, false
}

// s3xEffectiveBlock combines the bucket's own settings with the account's.
func s3xEffectiveBlock(it *Item, env Env) s3xBlock {
	b := s3xBlockOf(Map(it.Supp("PublicAccessBlockConfiguration")))
	acct, _ := s3xAccountBlock(env, it.AccountID)
	return b.or(acct)
}

// s3xPolicy returns the bucket policy document, or nil when there is none.
func s3xPolicy(it *Item) map[string]any {
	bp := it.Supp("BucketPolicy")
	if m := Map(bp); m != nil {
		if doc := PolicyDocument(m["policyText"]); doc != nil {
			return doc
		}
		if m["Statement"] != nil {
			return m
		}
		return nil
	}
	return PolicyDocument(bp)
}

// s3xGlob matches s against an IAM-style pattern (* and ?), ignoring case.
func s3xGlob(pattern, s string) bool {
	p, str := []rune(strings.ToLower(pattern)), []rune(strings.ToLower(s))
	pi, si, star, mark := 0, 0, -1, 0
	for si < len(str) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == str[si]):
			pi++
			si++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// s3xActionMatches reports whether a statement's Action (or NotAction)
// covers the action.
func s3xActionMatches(st map[string]any, action string) bool {
	if na, ok := st["NotAction"]; ok {
		for _, pat := range Strings(na) {
			if s3xGlob(pat, action) {
				return false
			}
		}
		return true
	}
	for _, pat := range Strings(st["Action"]) {
		if s3xGlob(pat, action) {
			return true
		}
	}
	return false
}

// s3xEveryone reports whether a principal element names everyone: "*", or
// an AWS (or CanonicalUser) principal with a wildcard.
func s3xEveryone(principal any) bool {
	if s, ok := principal.(string); ok {
		return strings.Contains(s, "*")
	}
	m := Map(principal)
	for _, k := range []string{"AWS", "CanonicalUser"} {
		for _, v := range Strings(m[k]) {
			if strings.Contains(v, "*") {
				return true
			}
		}
	}
	return false
}

// s3xRestrictingKeys are the condition keys that, compared with fixed
// values, keep a statement from being public (S3's definition of a
// non-public policy).
var s3xRestrictingKeys = map[string]bool{
	"aws:sourceip": true, "aws:sourcearn": true, "aws:sourcevpc": true, "aws:sourcevpce": true,
	"aws:sourceaccount": true, "aws:sourceowner": true, "aws:sourceorgid": true, "aws:sourceorgpaths": true,
	"aws:principalorgid": true, "aws:principalorgpaths": true, "aws:principalaccount": true, "aws:principalarn": true,
	"aws:userid": true, "s3:dataaccesspointarn": true, "s3:dataaccesspointaccount": true,
}

// s3xConditionRestricts reports whether a Condition element limits the
// statement to fixed principals or networks: a positive operator (no
// IfExists, no ForAllValues) on a restricting key whose values are all
// fixed (no wildcard, no policy variable, no open CIDR).
func s3xConditionRestricts(cond any) bool {
	for op, block := range Map(cond) {
		if strings.HasSuffix(op, "IfExists") || strings.HasPrefix(op, "ForAllValues:") {
			continue
		}
		op = strings.TrimPrefix(op, "ForAnyValue:")
		switch op {
		case "StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike", "IpAddress":
		default:
			continue
		}
		for key, vals := range Map(block) {
			if !s3xRestrictingKeys[strings.ToLower(key)] {
				continue
			}
			values := Strings(vals)
			fixed := len(values) > 0
			for _, v := range values {
				if strings.ContainsAny(v, "*?") || strings.Contains(v, "${") {
					fixed = false
				}
				if op == "IpAddress" {
					if _, n, err := net.ParseCIDR(v); err == nil {
						if ones, _ := n.Mask.Size(); ones == 0 {
							fixed = false
						}
					}
				}
			}
			if fixed {
				return true
			}
		}
	}
	return false
}

// s3xPublicStatement returns the Sid (or "#n") of the first statement that
// allows anyone one of the actions without a restricting condition, or "".
// Deny statements are not weighed against it.
func s3xPublicStatement(doc map[string]any, actions []string) string {
	for i, st := range Statements(doc) {
		if Str(st["Effect"]) != "Allow" {
			continue
		}
		if _, np := st["NotPrincipal"]; !np && !s3xEveryone(st["Principal"]) {
			continue
		}
		if s3xConditionRestricts(st["Condition"]) {
			continue
		}
		for _, a := range actions {
			if s3xActionMatches(st, a) {
				if sid := Str(st["Sid"]); sid != "" {
					return sid
				}
				return "#" + strconv.Itoa(i+1)
			}
		}
	}
	return ""
}

// s3xPublicGrants returns the public groups (AllUsers, AuthenticatedUsers)
// that the bucket ACL grants one of the permissions to, as "group:permission".
// Permissions are normalised: read, write, readacp, writeacp, fullcontrol.
func s3xPublicGrants(it *Item, perms ...string) []string {
	acl := Map(it.Supp("AccessControlList"))
	var grants []any
	grants = append(grants, Slice(acl["grantList"])...)
	grants = append(grants, Slice(acl["grantSet"])...)
	grants = append(grants, Slice(s3xField(acl, "grants"))...)
	var out []string
	for _, g := range grants {
		gm := Map(g)
		group := s3xPublicGroup(s3xField(gm, "grantee"))
		if group == "" {
			continue
		}
		perm := strings.ToLower(strings.ReplaceAll(Str(s3xField(gm, "permission")), "_", ""))
		for _, want := range perms {
			if perm == want {
				out = append(out, group+":"+perm)
			}
		}
	}
	return out
}

// s3xPublicGroup returns AllUsers or AuthenticatedUsers when the grantee
// (a group name, a group URI, or an object holding one) is that group.
func s3xPublicGroup(grantee any) string {
	var vals []string
	if s, ok := grantee.(string); ok {
		vals = []string{s}
	}
	for _, v := range Map(grantee) {
		if s, ok := v.(string); ok {
			vals = append(vals, s)
		}
	}
	for _, v := range vals {
		lv := strings.ToLower(v)
		switch {
		case strings.HasSuffix(lv, "allusers"):
			return "AllUsers"
		case strings.HasSuffix(lv, "authenticatedusers"):
			return "AuthenticatedUsers"
		}
	}
	return ""
}

// s3xPublicAccess is the shared evaluation of the public read and write
// rules: the policy counts unless RestrictPublicBuckets applies, the ACL
// unless IgnorePublicAcls applies (bucket or account level).
func s3xPublicAccess(it *Item, env Env, kind string, actions, perms []string) Result {
	block := s3xEffectiveBlock(it, env)
	if !block.restrictBuckets {
		if sid := s3xPublicStatement(s3xPolicy(it), actions); sid != "" {
			return nonCompliant("The policy of bucket %s allows public %s access (statement %s).", s3xName(it), kind, sid)
		}
	}
	if !block.ignoreAcls {
		if g := s3xPublicGrants(it, perms...); len(g) > 0 {
			return nonCompliant("The ACL of bucket %s grants public %s access (%s).", s3xName(it), kind, strings.Join(g, ", "))
		}
	}
	return Result{Compliance: Compliant}
}

// s3BucketPublicReadProhibited checks that neither the bucket policy nor
// the ACL allows public read access (docs: s3-bucket-public-read-prohibited).
// The policy is not weighed when Block Public Access restricts public
// buckets (RestrictPublicBuckets), the ACL not when it ignores public ACLs
// (IgnorePublicAcls): these are the settings that make an existing public
// grant ineffective; the bucket's settings and the account's (the
// AWS::::Account item's s3PublicAccessBlock, else the
// AWS::S3::AccountPublicAccessBlock item, read from env) both count. A
// policy statement is public when it allows Principal "*" (or a wildcard
// AWS principal, or uses NotPrincipal) s3:GetObject, s3:GetObjectVersion,
// s3:ListBucket or s3:ListBucketVersions without a condition that fixes
// the source or principal (aws:SourceIp, aws:SourceVpce, aws:PrincipalOrgID,
// ...); Deny statements are not weighed against it. ACL grants of Read or
// FullControl to AllUsers or AuthenticatedUsers are public.
func s3BucketPublicReadProhibited(it *Item, _ Params, env Env) (Result, error) {
	return s3xPublicAccess(it, env, "read",
		[]string{"s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket", "s3:ListBucketVersions"},
		[]string{"read", "fullcontrol"}), nil
}

// s3BucketPublicWriteProhibited checks that neither the bucket policy nor
// the ACL allows public write access (docs:
// s3-bucket-public-write-prohibited), as s3BucketPublicReadProhibited does
// for reads. Write actions are s3:PutObject, s3:DeleteObject,
// s3:DeleteObjectVersion, s3:PutObjectAcl, s3:PutBucketAcl and
// s3:PutBucketPolicy; ACL grants of Write, WriteAcp or FullControl to
// AllUsers or AuthenticatedUsers are public (WriteAcp lets anyone grant
// themselves write).
func s3BucketPublicWriteProhibited(it *Item, _ Params, env Env) (Result, error) {
	return s3xPublicAccess(it, env, "write",
		[]string{"s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObjectAcl", "s3:PutBucketAcl", "s3:PutBucketPolicy"},
		[]string{"write", "writeacp", "fullcontrol"}), nil
}

// s3BucketLoggingEnabled checks that server access logging is enabled
// (docs: s3-bucket-logging-enabled): the BucketLoggingConfiguration has a
// destination bucket, which must be targetBucket when given; with
// targetPrefix, the log prefix must be exactly it.
func s3BucketLoggingEnabled(it *Item, p Params, _ Env) (Result, error) {
	cfg := Map(it.Supp("BucketLoggingConfiguration"))
	dest := Str(cfg["destinationBucketName"])
	if dest == "" {
		return nonCompliant("Server access logging is not enabled on bucket %s.", s3xName(it)), nil
	}
	if want := p.String("targetBucket", ""); want != "" && dest != want {
		return nonCompliant("Bucket %s logs to %s, not %s.", s3xName(it), dest, want), nil
	}
	if want := p.String("targetPrefix", ""); want != "" && Str(cfg["logFilePrefix"]) != want {
		return nonCompliant("Bucket %s logs with prefix %q, not %q.", s3xName(it), Str(cfg["logFilePrefix"]), want), nil
	}
	return Result{Compliance: Compliant}, nil
}

// s3xDefaultEncryption returns the default encryption rules' algorithms and
// keys (applyServerSideEncryptionByDefault).
func s3xDefaultEncryption(it *Item) (algs, keys []string) {
	sse := Map(it.Supp("ServerSideEncryptionConfiguration"))
	for _, r := range Slice(sse["rules"]) {
		d := Map(Map(r)["applyServerSideEncryptionByDefault"])
		if a := Str(d["sseAlgorithm"]); a != "" {
			algs = append(algs, a)
			keys = append(keys, Str(d["kmsMasterKeyID"]))
		}
	}
	return algs, keys
}

// s3xDeniesUnencryptedPuts reports whether the policy denies everyone
// s3:PutObject when the request does not ask for AES256 or aws:kms server
// side encryption (StringNotEquals on s3:x-amz-server-side-encryption, or
// Null on it being "true").
func s3xDeniesUnencryptedPuts(doc map[string]any) bool {
	for _, st := range Statements(doc) {
		if Str(st["Effect"]) != "Deny" || !s3xEveryone(st["Principal"]) || !s3xActionMatches(st, "s3:PutObject") {
			continue
		}
		for op, block := range Map(st["Condition"]) {
			for key, vals := range Map(block) {
				if !strings.EqualFold(key, "s3:x-amz-server-side-encryption") {
					continue
				}
				switch strings.TrimSuffix(op, "IfExists") {
				case "StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike":
					for _, v := range Strings(vals) {
						if v == "AES256" || strings.HasPrefix(v, "aws:kms") {
							return true
						}
					}
				case "Null":
					if IsTrue(vals) || (len(Slice(vals)) == 1 && IsTrue(Slice(vals)[0])) {
						return true
					}
				}
			}
		}
	}
	return false
}

// s3BucketServerSideEncryptionEnabled checks that the bucket has default
// encryption (AES256, aws:kms or aws:kms:dsse), or a policy that denies
// put-object requests without server side encryption (docs:
// s3-bucket-server-side-encryption-enabled).
func s3BucketServerSideEncryptionEnabled(it *Item, _ Params, _ Env) (Result, error) {
	algs, _ := s3xDefaultEncryption(it)
	for _, a := range algs {
		if a == "AES256" || strings.HasPrefix(a, "aws:kms") {
			return Result{Compliance: Compliant}, nil
		}
	}
	if s3xDeniesUnencryptedPuts(s3xPolicy(it)) {
		return Result{Compliance: Compliant}, nil
	}
	return nonCompliant("Bucket %s has no default encryption and its policy does not deny unencrypted puts.", s3xName(it)), nil
}

// s3xInsecureDenied returns the resources of the policy's statements that
// deny everyone every S3 action (s3:* or *) when aws:SecureTransport is
// false.
func s3xInsecureDenied(doc map[string]any) []string {
	var out []string
	for _, st := range Statements(doc) {
		if Str(st["Effect"]) != "Deny" || !s3xEveryone(st["Principal"]) || st["NotAction"] != nil {
			continue
		}
		all := false
		for _, a := range Strings(st["Action"]) {
			if a == "*" || strings.EqualFold(a, "s3:*") {
				all = true
			}
		}
		if !all {
			continue
		}
		insecure := false
		for op, block := range Map(st["Condition"]) {
			if strings.TrimSuffix(op, "IfExists") != "Bool" {
				continue
			}
			for key, v := range Map(block) {
				if strings.EqualFold(key, "aws:SecureTransport") {
					if b, ok := Bool(v); ok && !b {
						insecure = true
					}
					if vs := Strings(v); len(vs) == 1 && strings.EqualFold(vs[0], "false") {
						insecure = true
					}
				}
			}
		}
		if insecure {
			out = append(out, Strings(st["Resource"])...)
		}
	}
	return out
}

// s3BucketSslRequestsOnly checks that the bucket policy requires SSL/TLS
// (docs: s3-bucket-ssl-requests-only): a Deny statement for everyone on s3:*
// with Bool aws:SecureTransport "false" must cover both the bucket
// (arn:aws:s3:::name) and its objects (arn:aws:s3:::name/*), in one
// statement or several. The docs do not say which resources must be
// covered; a policy that leaves the objects (or the bucket) reachable over
// HTTP is NON_COMPLIANT here.
func s3BucketSslRequestsOnly(it *Item, _ Params, _ Env) (Result, error) {
	doc := s3xPolicy(it)
	if doc == nil {
		return nonCompliant("Bucket %s has no policy requiring SSL.", s3xName(it)), nil
	}
	name := s3xName(it)
	bucketARN, objectARN := "arn:aws:s3:::"+name, "arn:aws:s3:::"+name+"/key"
	bucketOK, objectsOK := false, false
	for _, r := range s3xInsecureDenied(doc) {
		r = strings.Replace(r, ":aws-cn:", ":aws:", 1)
		r = strings.Replace(r, ":aws-us-gov:", ":aws:", 1)
		bucketOK = bucketOK || s3xGlob(r, bucketARN)
		objectsOK = objectsOK || s3xGlob(r, objectARN)
	}
	switch {
	case !bucketOK && !objectsOK:
		return nonCompliant("The policy of bucket %s does not deny requests without SSL.", name), nil
	case !objectsOK:
		return nonCompliant("The policy of bucket %s does not deny requests without SSL on its objects.", name), nil
	case !bucketOK:
		return nonCompliant("The policy of bucket %s does not deny requests without SSL on the bucket.", name), nil
	}
	return Result{Compliance: Compliant}, nil
}

// s3xReplicationRules returns the bucket's replication rules (a map keyed by
// rule id in CIs, or a list).
func s3xReplicationRules(it *Item) []map[string]any {
	var out []map[string]any
	switch rules := Map(it.Supp("BucketReplicationConfiguration"))["rules"].(type) {
	case map[string]any:
		for _, r := range rules {
			if m := Map(r); m != nil {
				out = append(out, m)
			}
		}
	case []any:
		for _, r := range rules {
			if m := Map(r); m != nil {
				out = append(out, m)
			}
		}
	}
	return out
}

// s3BucketReplicationEnabled checks that the bucket has replication rules
// and that all of them are enabled (docs: s3-bucket-replication-enabled).
// With ReplicationType CROSS-REGION (or SAME-REGION), every rule's
// destination must be in another region (or the same one). CIs do not give
// a destination bucket's region: a destination recorded in the account in
// this region (env's AWS::S3::Bucket items) is in the bucket's region when
// its CI's region is; one not recorded here counts as in another region.
func s3BucketReplicationEnabled(it *Item, p Params, env Env) (Result, error) {
	typ := strings.ToUpper(p.String("ReplicationType", ""))
	if typ != "" && typ != "CROSS-REGION" && typ != "SAME-REGION" {
		return Result{}, fmt.Errorf("parameter ReplicationType must be CROSS-REGION or SAME-REGION, not %q", p["ReplicationType"])
	}
	rules := s3xReplicationRules(it)
	if len(rules) == 0 {
		return nonCompliant("Bucket %s has no replication rule.", s3xName(it)), nil
	}
	regions := map[string]string{}
	for _, b := range env.Items(s3xBucket) {
		if !b.Deleted() {
			regions[s3xName(b)] = b.Region
		}
	}
	for _, r := range rules {
		if !strings.EqualFold(Str(r["status"]), "Enabled") {
			return nonCompliant("Bucket %s has a replication rule that is not enabled.", s3xName(it)), nil
		}
		if typ == "" {
			continue
		}
		dest := Str(s3xField(Map(s3xField(r, "destinationConfig")), "bucketARN"))
		if dest == "" {
			dest = Str(Map(s3xField(r, "destination"))["bucket"])
		}
		destName := dest[strings.LastIndex(dest, ":")+1:]
		region, known := regions[destName]
		same := known && (region == it.Region || region == "" || it.Region == "")
		if typ == "CROSS-REGION" && same {
			return nonCompliant("Bucket %s replicates to %s in the same region.", s3xName(it), destName), nil
		}
		if typ == "SAME-REGION" && !same {
			return nonCompliant("Bucket %s replicates to %s, which is not in its region.", s3xName(it), destName), nil
		}
	}
	return Result{Compliance: Compliant}, nil
}

// s3DefaultEncryptionKms checks that the bucket's default encryption uses
// AWS KMS (aws:kms or aws:kms:dsse), with one of kmsKeyArns when given
// (docs: s3-default-encryption-kms). A key given by id matches the ARN
// ending in it; the AWS managed key (no kmsMasterKeyID) matches no list.
// The rule also lists AWS::KMS::Key, whose changes make AWS re-evaluate
// buckets; it reports on buckets only, so key items are NOT_APPLICABLE.
func s3DefaultEncryptionKms(it *Item, p Params, _ Env) (Result, error) {
	if it.ResourceType != s3xBucket {
		return notApplicable("The rule reports on S3 buckets, not on %s.", it.ResourceType), nil
	}
	allowed := p.List("kmsKeyArns")
	algs, keys := s3xDefaultEncryption(it)
	kms := false
	for i, a := range algs {
		if !strings.HasPrefix(a, "aws:kms") {
			continue
		}
		kms = true
		if len(allowed) == 0 {
			return Result{Compliance: Compliant}, nil
		}
		for _, k := range allowed {
			if s3xSameKey(keys[i], k) {
				return Result{Compliance: Compliant}, nil
			}
		}
	}
	if kms {
		return nonCompliant("Bucket %s is encrypted with a KMS key not in kmsKeyArns.", s3xName(it)), nil
	}
	return nonCompliant("Bucket %s is not encrypted by default with an AWS KMS key.", s3xName(it)), nil
}

// s3xSameKey reports whether two KMS key references (ARNs or key ids) name
// the same key: equal, or an ARN ending in /id.
func s3xSameKey(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	return a == b || strings.HasSuffix(a, "/"+b) || strings.HasSuffix(b, "/"+a)
}

// s3BucketLevelPublicAccessProhibited checks that the bucket's own Block
// Public Access settings are all on, unless the bucket is one of
// excludedPublicBuckets, which is COMPLIANT (docs:
// s3-bucket-level-public-access-prohibited).
func s3BucketLevelPublicAccessProhibited(it *Item, p Params, _ Env) (Result, error) {
	for _, b := range p.List("excludedPublicBuckets") {
		if b == s3xName(it) {
			return Result{Compliance: Compliant}, nil
		}
	}
	if !s3xBlockOf(Map(it.Supp("PublicAccessBlockConfiguration"))).all() {
		return nonCompliant("Bucket %s does not block all public access at bucket level.", s3xName(it)), nil
	}
	return Result{Compliance: Compliant}, nil
}

// s3BucketDefaultLockEnabled checks that Object Lock is enabled on the
// bucket, and with mode (GOVERNANCE or COMPLIANCE, in any case) that the
// default retention uses that mode (docs: s3-bucket-default-lock-enabled).
func s3BucketDefaultLockEnabled(it *Item, p Params, _ Env) (Result, error) {
	mode := strings.ToUpper(p.String("mode", ""))
	if mode != "" && mode != "GOVERNANCE" && mode != "COMPLIANCE" {
		return Result{}, fmt.Errorf("parameter mode must be GOVERNANCE or COMPLIANCE, not %q", p["mode"])
	}
	lock := Map(it.Supp("ObjectLockConfiguration"))
	if !strings.EqualFold(Str(lock["objectLockEnabled"]), "Enabled") {
		return nonCompliant("Object Lock is not enabled on bucket %s.", s3xName(it)), nil
	}
	if mode != "" {
		have := Str(Get(lock, "rule", "defaultRetention", "mode"))
		if !strings.EqualFold(have, mode) {
			return nonCompliant("The default retention mode of bucket %s is %q, not %s.", s3xName(it), have, mode), nil
		}
	}
	return Result{Compliance: Compliant}, nil
}
