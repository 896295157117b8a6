package control

import (
	"cmp"
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"conforms"
	"conforms/iampolicy"
)

// Error codes of S3 that this package returns. The S3 model is not vendored,
// so they are not in codes_gen.go; AccessDenied is conforms.CodeAccessDenied.
const (
	CodeBucketAlreadyExists       = "BucketAlreadyExists"
	CodeBucketAlreadyOwnedByYou   = "BucketAlreadyOwnedByYou"
	CodeBucketNotEmpty            = "BucketNotEmpty"
	CodeInvalidArgument           = "InvalidArgument"
	CodeInvalidBucketName         = "InvalidBucketName"
	CodeInvalidLocationConstraint = "InvalidLocationConstraint"
	CodeKeyTooLongError           = "KeyTooLongError"
	CodeMalformedPolicy           = "MalformedPolicy"
	CodeMetadataTooLarge          = "MetadataTooLarge"
	CodeMethodNotAllowed          = "MethodNotAllowed"
	CodeNoSuchBucket              = "NoSuchBucket"
	CodeNoSuchBucketPolicy        = "NoSuchBucketPolicy"
	CodeNoSuchKey                 = "NoSuchKey"
)

// Limits of S3, as AWS sets them.
const (
	maxKeyBytes        = 1024
	maxMetadataBytes   = 2 << 10  // user metadata, names and values
	maxPolicyBytes     = 20 << 10 // a bucket policy document
	maxListKeys        = 1000     // ListObjectsV2 max-keys
	defaultRegion      = "us-east-1"
	defaultContentType = "binary/octet-stream"
)

// The S3 actions that bucket policies control.
const (
	actionGetObject          = "s3:GetObject"
	actionPutObject          = "s3:PutObject"
	actionDeleteObject       = "s3:DeleteObject"
	actionListBucket         = "s3:ListBucket"
	actionDeleteBucket       = "s3:DeleteBucket"
	actionGetBucketAcl       = "s3:GetBucketAcl"
	actionGetBucketPolicy    = "s3:GetBucketPolicy"
	actionPutBucketPolicy    = "s3:PutBucketPolicy"
	actionDeleteBucketPolicy = "s3:DeleteBucketPolicy"
)

var (
	errAccessDenied   = conforms.Errorf(conforms.CodeAccessDenied, "Access Denied")
	errNoSuchKey      = conforms.Errorf(CodeNoSuchKey, "The specified key does not exist.")
	errNoSuchBucket   = conforms.Errorf(CodeNoSuchBucket, "The specified bucket does not exist")
	errBadBucketName  = conforms.Errorf(CodeInvalidBucketName, "The specified bucket is not valid.")
	errBadLocation    = conforms.Errorf(CodeInvalidLocationConstraint, "The specified location-constraint is not valid")
	errInvalidToken   = conforms.Errorf(CodeInvalidArgument, "The continuation token provided is incorrect")
	errPolicyResource = conforms.Errorf(CodeMalformedPolicy, "Policy has invalid resource")
)

// Origin is where an S3 request comes from, for the condition keys of bucket
// policies that do not depend on the caller.
type Origin struct {
	SecureTransport bool   // aws:SecureTransport: the request came over TLS
	SourceIP        string // aws:SourceIp; "" leaves the key out
}

type originKey struct{}

// WithOrigin returns a context that carries o, for the S3 operations.
func WithOrigin(ctx context.Context, o Origin) context.Context {
	return context.WithValue(ctx, originKey{}, o)
}

// originFrom returns the origin carried by ctx. Without one, the request is
// the server's own, as a service over TLS: aws:SecureTransport is true and
// there is no aws:SourceIp.
func originFrom(ctx context.Context) Origin {
	if o, ok := ctx.Value(originKey{}).(Origin); ok {
		return o
	}
	return Origin{SecureTransport: true}
}

// Owner is the owner of a bucket as S3 shows it: a canonical user id and a
// display name.
type Owner struct {
	ID          string
	DisplayName string
}

// canonicalUserID is the S3 canonical user id of an account: 64 hex digits,
// derived from the account id.
func canonicalUserID(accountID string) string {
	sum := sha256.Sum256([]byte("conforms canonical user " + accountID))
	return hex.EncodeToString(sum[:])
}

func owner(tx conforms.Tx, accountID string) (Owner, error) {
	o := Owner{ID: canonicalUserID(accountID), DisplayName: accountID}
	a, err := tx.Account(accountID)
	if err == nil {
		o.DisplayName = a.Name
	} else if !errors.Is(err, conforms.ErrNotFound) {
		return o, err
	}
	return o, nil
}

func bucketArn(name string) string        { return "arn:aws:s3:::" + name }
func objectArn(bucket, key string) string { return "arn:aws:s3:::" + bucket + "/" + key }

// CreateBucket creates a bucket owned by the caller's account in the region
// of location, a CreateBucketConfiguration LocationConstraint; without one,
// in the region the request was signed for.
func (s *Service) CreateBucket(ctx context.Context, name, location string) (*conforms.Bucket, error) {
	c := caller(ctx)
	if c.AccountID == "" {
		return nil, errAccessDenied
	}
	if !validBucketName(name) {
		return nil, errBadBucketName
	}
	region, err := bucketRegion(location, c.Region)
	if err != nil {
		return nil, err
	}
	var out *conforms.Bucket
	err = s.Store.Update(ctx, func(tx conforms.Tx) error {
		b, err := tx.Bucket(name)
		switch {
		case err == nil && b.AccountID != c.AccountID:
			return conforms.Errorf(CodeBucketAlreadyExists, "The requested bucket name is not available. The bucket namespace "+
				"is shared by all users of the system. Please select a different name and try again.")
		case err == nil && (b.Region != defaultRegion || region != defaultRegion):
			return conforms.Errorf(CodeBucketAlreadyOwnedByYou, "Your previous request to create the named bucket succeeded and you already own it.")
		case err == nil: // us-east-1 answers 200 for legacy compatibility
			out = b
			return nil
		case !errors.Is(err, conforms.ErrNotFound):
			return err
		}
		out = &conforms.Bucket{Name: name, AccountID: c.AccountID, Region: region, CreatedAt: s.now().Truncate(time.Millisecond)}
		return tx.PutBucket(out)
	})
	return out, err
}

var (
	regionPattern = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d{1,2}$`)
	ipv4Pattern   = regexp.MustCompile(`^\d+\.\d+\.\d+\.\d+$`)
)

// bucketRegion returns the region of a new bucket.
func bucketRegion(location, signed string) (string, error) {
	switch {
	case location == "" && signed == "":
		return defaultRegion, nil
	case location == "":
		return signed, nil
	case location == "EU":
		return "eu-west-1", nil
	case location == defaultRegion || !regionPattern.MatchString(location):
		return "", errBadLocation // AWS refuses an explicit us-east-1 too
	}
	return location, nil
}

// validBucketName applies the naming rules of general purpose buckets.
func validBucketName(name string) bool {
	if len(name) < 3 || len(name) > 63 || strings.Contains(name, "..") || ipv4Pattern.MatchString(name) {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		alnum := 'a' <= c && c <= 'z' || '0' <= c && c <= '9'
		if !alnum && ((c != '.' && c != '-') || i == 0 || i == len(name)-1) {
			return false
		}
	}
	for _, p := range []string{"xn--", "sthree-", "amzn-s3-demo-"} {
		if strings.HasPrefix(name, p) {
			return false
		}
	}
	for _, sfx := range []string{"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"} {
		if strings.HasSuffix(name, sfx) {
			return false
		}
	}
	return true
}

// HeadBucket returns a bucket the caller may list (s3:ListBucket).
func (s *Service) HeadBucket(ctx context.Context, name string) (*conforms.Bucket, error) {
	var b *conforms.Bucket
	err := s.Store.View(ctx, func(tx conforms.Tx) (err error) {
		b, err = s.bucketFor(ctx, tx, name, actionListBucket, bucketArn(name), nil)
		return err
	})
	return b, err
}

// DeleteBucket deletes an empty bucket (s3:DeleteBucket).
func (s *Service) DeleteBucket(ctx context.Context, name string) error {
	return s.Store.Update(ctx, func(tx conforms.Tx) error {
		if _, err := s.bucketFor(ctx, tx, name, actionDeleteBucket, bucketArn(name), nil); err != nil {
			return err
		}
		err := tx.DeleteBucket(name)
		if errors.Is(err, conforms.ErrConflict) {
			return conforms.Errorf(CodeBucketNotEmpty, "The bucket you tried to delete is not empty")
		}
		return err
	})
}

// BucketList is a page of ListBuckets.
type BucketList struct {
	Owner   Owner
	Buckets []*conforms.Bucket
	// ContinuationToken asks for the next page; "" on the last page.
	ContinuationToken string
}

// ListBuckets lists the buckets of the caller's account, at most maxBuckets
// of them (0: all) after the bucket that token names.
func (s *Service) ListBuckets(ctx context.Context, token string, maxBuckets int) (*BucketList, error) {
	c := caller(ctx)
	if c.AccountID == "" {
		return nil, errAccessDenied
	}
	after, ok := decodeToken("s3:buckets", token)
	if !ok {
		return nil, errInvalidToken
	}
	out := &BucketList{}
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		var err error
		if out.Owner, err = owner(tx, c.AccountID); err != nil {
			return err
		}
		limit := 0
		if maxBuckets > 0 {
			limit = maxBuckets + 1
		}
		buckets, err := tx.ListBuckets(conforms.BucketFilter{AccountID: c.AccountID, Page: conforms.Page{After: after, Limit: limit}})
		out.Buckets, out.ContinuationToken = paged("s3:buckets", buckets, maxBuckets, func(b *conforms.Bucket) string { return b.Name })
		return err
	})
	return out, err
}

// PutBucketPolicy sets the policy of a bucket. Only the owner account may,
// with s3:PutBucketPolicy. Every resource of the policy must be in the bucket.
func (s *Service) PutBucketPolicy(ctx context.Context, name, doc string) error {
	return s.Store.Update(ctx, func(tx conforms.Tx) error {
		b, err := s.policyBucket(ctx, tx, name, actionPutBucketPolicy)
		if err != nil {
			return err
		}
		if err := checkBucketPolicy(name, doc); err != nil {
			return err
		}
		b.Policy = doc
		return tx.PutBucket(b)
	})
}

// checkBucketPolicy checks that doc is a valid resource policy for bucket.
func checkBucketPolicy(bucket, doc string) error {
	if len(doc) > maxPolicyBytes {
		return conforms.Errorf(CodeMalformedPolicy, "Policies must be no larger than %d bytes", maxPolicyBytes)
	}
	p, err := iampolicy.Parse([]byte(doc))
	var pe *iampolicy.Error
	if errors.As(err, &pe) {
		return conforms.Errorf(CodeMalformedPolicy, "%s", pe.Message)
	} else if err != nil {
		return err
	}
	arn := bucketArn(bucket)
	for _, st := range p.Statements() {
		for _, r := range append(st.Resources, st.NotResources...) {
			if r != arn && !strings.HasPrefix(r, arn+"/") {
				return errPolicyResource
			}
		}
	}
	return nil
}

// GetBucketPolicy returns the policy document of a bucket as it was sent.
func (s *Service) GetBucketPolicy(ctx context.Context, name string) (string, error) {
	var doc string
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		b, err := s.policyBucket(ctx, tx, name, actionGetBucketPolicy)
		if err != nil {
			return err
		}
		if b.Policy == "" {
			return conforms.Errorf(CodeNoSuchBucketPolicy, "The bucket policy does not exist")
		}
		doc = b.Policy
		return nil
	})
	return doc, err
}

// DeleteBucketPolicy removes the policy of a bucket; removing none is no error.
func (s *Service) DeleteBucketPolicy(ctx context.Context, name string) error {
	return s.Store.Update(ctx, func(tx conforms.Tx) error {
		b, err := s.policyBucket(ctx, tx, name, actionDeleteBucketPolicy)
		if err != nil || b.Policy == "" {
			return err
		}
		b.Policy = ""
		return tx.PutBucket(b)
	})
}

// GetBucketAcl returns the owner of a bucket, who is the only grantee (with
// FULL_CONTROL): conforms has no ACLs.
func (s *Service) GetBucketAcl(ctx context.Context, name string) (*Owner, error) {
	var o Owner
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		b, err := s.bucketFor(ctx, tx, name, actionGetBucketAcl, bucketArn(name), nil)
		if err != nil {
			return err
		}
		o, err = owner(tx, b.AccountID)
		return err
	})
	return &o, err
}

// PutObject stores o.Body under o.Key in o.Bucket, with o.ContentType and
// o.Metadata, and returns the stored object (without body) with its ETag.
func (s *Service) PutObject(ctx context.Context, o *conforms.Object) (*conforms.Object, error) {
	if err := checkObject(o); err != nil {
		return nil, err
	}
	stored := s.newObject(o.Bucket, o.Key, o.Body, o.ContentType)
	stored.Metadata = o.Metadata
	err := s.Store.Update(ctx, func(tx conforms.Tx) error {
		if _, err := s.bucketFor(ctx, tx, o.Bucket, actionPutObject, objectArn(o.Bucket, o.Key), nil); err != nil {
			return err
		}
		return tx.PutObject(stored)
	})
	stored.Body = nil
	return stored, err
}

// newObject returns an object to store, with its ETag, size and time.
func (s *Service) newObject(bucket, key string, body []byte, contentType string) *conforms.Object {
	sum := md5.Sum(body)
	return &conforms.Object{Bucket: bucket, Key: key, Body: body, Size: int64(len(body)),
		ETag: `"` + hex.EncodeToString(sum[:]) + `"`, ContentType: cmp.Or(contentType, defaultContentType),
		LastModified: s.now().Truncate(time.Millisecond)}
}

func checkObject(o *conforms.Object) error {
	switch {
	case o.Key == "" || !utf8.ValidString(o.Key):
		return conforms.Errorf(CodeInvalidArgument, "Object key must be a non-empty UTF-8 string.")
	case len(o.Key) > maxKeyBytes:
		return conforms.Errorf(CodeKeyTooLongError, "Your key is too long")
	}
	n := 0
	for k, v := range o.Metadata {
		n += len(k) + len(v)
	}
	if n > maxMetadataBytes {
		return conforms.Errorf(CodeMetadataTooLarge, "Your metadata headers exceed the maximum allowed metadata size.")
	}
	return nil
}

// GetObject returns an object with its body (s3:GetObject). A missing key is
// NoSuchKey to callers who may list the bucket (s3:ListBucket), and
// AccessDenied to the others, as in S3.
func (s *Service) GetObject(ctx context.Context, bucket, key string) (*conforms.Object, error) {
	return s.ReadObjectAs(ctx, conforms.CallerFrom(ctx), bucket, key)
}

// ReadObjectAs reads an object as caller would read it with GetObject, with
// the same authorization: NoSuchBucket, AccessDenied or NoSuchKey as GetObject
// answers them. A nil caller is anonymous. The condition keys
// aws:SecureTransport and aws:SourceIp come from the Origin that ctx carries
// (WithOrigin); without one the read is the server's own, over TLS and
// without a source address, as AWS services read templates for their callers.
func (s *Service) ReadObjectAs(ctx context.Context, caller *conforms.Caller, bucket, key string) (*conforms.Object, error) {
	if caller == nil {
		caller = &conforms.Caller{}
	}
	ctx = conforms.WithCaller(ctx, caller)
	var o *conforms.Object
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		if _, err := s.bucketFor(ctx, tx, bucket, actionGetObject, objectArn(bucket, key), nil); err != nil {
			return err
		}
		var err error
		o, err = tx.Object(bucket, key)
		if !errors.Is(err, conforms.ErrNotFound) {
			return err
		}
		if _, err := s.bucketFor(ctx, tx, bucket, actionListBucket, bucketArn(bucket), nil); err != nil {
			return err
		}
		return errNoSuchKey
	})
	return o, err
}

// DeleteObject deletes an object (s3:DeleteObject); deleting a missing key
// is no error.
func (s *Service) DeleteObject(ctx context.Context, bucket, key string) error {
	return s.Store.Update(ctx, func(tx conforms.Tx) error {
		if _, err := s.bucketFor(ctx, tx, bucket, actionDeleteObject, objectArn(bucket, key), nil); err != nil {
			return err
		}
		if err := tx.DeleteObject(bucket, key); !errors.Is(err, conforms.ErrNotFound) {
			return err
		}
		return nil
	})
}

// ObjectQuery asks ListObjectsV2 for a page of a bucket's objects.
type ObjectQuery struct {
	Bucket    string
	Prefix    string
	Delimiter string
	// MaxKeys bounds the keys and common prefixes of the page (at most 1000).
	MaxKeys           int
	ContinuationToken string // from a previous page
	StartAfter        string // used without ContinuationToken
}

// ObjectList is a page of ListObjectsV2.
type ObjectList struct {
	Objects        []*conforms.Object // without bodies
	CommonPrefixes []string
	// NextContinuationToken asks for the next page; "" on the last page.
	NextContinuationToken string
}

// ListObjectsV2 lists the objects of a bucket (s3:ListBucket) whose keys
// start with q.Prefix, in key order. With a delimiter, keys that have it
// after the prefix are rolled up into one common prefix each, which counts
// as one key of the page.
func (s *Service) ListObjectsV2(ctx context.Context, q ObjectQuery) (*ObjectList, error) {
	list := "s3:objects:" + q.Bucket
	after, ok := decodeToken(list, q.ContinuationToken)
	if !ok {
		return nil, errInvalidToken
	}
	if q.ContinuationToken == "" {
		after = q.StartAfter
	}
	q.MaxKeys = min(q.MaxKeys, maxListKeys)
	conditions := map[string][]string{"s3:prefix": {q.Prefix}, "s3:max-keys": {strconv.Itoa(q.MaxKeys)}}
	if q.Delimiter != "" {
		conditions["s3:delimiter"] = []string{q.Delimiter}
	}
	out := &ObjectList{}
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		if _, err := s.bucketFor(ctx, tx, q.Bucket, actionListBucket, bucketArn(q.Bucket), conditions); err != nil {
			return err
		}
		if q.MaxKeys <= 0 {
			return nil
		}
		last, err := listObjects(tx, q, after, q.ContinuationToken != "", out)
		if last != "" {
			out.NextContinuationToken = encodeToken(list, last)
		}
		return err
	})
	return out, err
}

// listObjects fills out with one page of q starting after after, reading the
// store in batches, and returns the last key or common prefix of the page if
// more follow. When resuming from a page that ended on a common prefix,
// after is that prefix, and the keys under it are skipped.
func listObjects(tx conforms.Tx, q ObjectQuery, after string, resumed bool, out *ObjectList) (string, error) {
	skip := "" // the common prefix being rolled up
	if resumed && q.Delimiter != "" && commonPrefix(after, q.Prefix, q.Delimiter) == after {
		skip = after
	}
	batch := max(q.MaxKeys+1, 2)
	for n := 0; ; {
		objs, err := tx.ListObjects(conforms.ObjectFilter{Bucket: q.Bucket, Prefix: q.Prefix, Page: conforms.Page{After: after, Limit: batch}})
		if err != nil {
			return "", err
		}
		for _, o := range objs {
			after = o.Key
			cp := commonPrefix(o.Key, q.Prefix, q.Delimiter)
			if cp != "" && cp == skip {
				continue
			}
			if n == q.MaxKeys {
				return lastOf(out), nil
			}
			n++
			if cp != "" {
				skip = cp
				out.CommonPrefixes = append(out.CommonPrefixes, cp)
			} else {
				out.Objects = append(out.Objects, o)
			}
		}
		if len(objs) < batch {
			return "", nil
		}
	}
}

// commonPrefix returns the prefix of key up to and including the first
// delimiter after prefix, or "" if there is none.
func commonPrefix(key, prefix, delim string) string {
	if delim == "" || !strings.HasPrefix(key, prefix) {
		return ""
	}
	i := strings.Index(key[len(prefix):], delim)
	if i < 0 {
		return ""
	}
	return key[:len(prefix)+i+len(delim)]
}

// lastOf returns the key or common prefix that sorts last in a page.
func lastOf(l *ObjectList) string {
	var last string
	if n := len(l.Objects); n > 0 {
		last = l.Objects[n-1].Key
	}
	if n := len(l.CommonPrefixes); n > 0 && l.CommonPrefixes[n-1] > last {
		last = l.CommonPrefixes[n-1]
	}
	return last
}
