package control

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"conforms"
	"conforms/iampolicy"
)

// Who may act on a bucket (S3's rules; docs/decisions.md "S3"):
//
//   - The owner account's principals may do everything, since conforms has no
//     identity policies to restrict them, unless the bucket policy explicitly
//     denies it. An explicit Deny binds them too, except the owner's root user
//     for the three bucket-policy operations, so that the owner can never lock
//     itself out of its bucket.
//   - Other accounts, and anonymous callers, need an Allow from the bucket
//     policy and no explicit Deny. (AWS would also require an Allow from the
//     caller's own identity policies; conforms has none, so that side always
//     allows.)
//   - Only the owner account may read, set or delete the bucket policy. Another
//     account gets AccessDenied, or MethodNotAllowed if the policy allows it
//     the action, as in S3.

// bucketFor loads a bucket and checks that the caller of ctx may perform
// action on resource in it. conditions adds request-specific condition keys
// (s3:prefix, ...). A missing bucket is NoSuchBucket, whoever asks.
func (s *Service) bucketFor(ctx context.Context, tx conforms.Tx, name, action, resource string, conditions map[string][]string) (*conforms.Bucket, error) {
	b, err := loadBucket(tx, name)
	if err != nil {
		return nil, err
	}
	c := caller(ctx)
	d, err := s.evaluate(ctx, tx, c, b, action, resource, conditions)
	if err != nil {
		return nil, err
	}
	switch {
	case d == iampolicy.ExplicitDeny:
		return nil, errAccessDenied
	case c.AccountID == b.AccountID || d == iampolicy.Allow:
		return b, nil
	}
	return nil, errAccessDenied
}

// policyBucket loads a bucket for one of the bucket-policy operations, which
// only the owner account may perform.
func (s *Service) policyBucket(ctx context.Context, tx conforms.Tx, name, action string) (*conforms.Bucket, error) {
	b, err := loadBucket(tx, name)
	if err != nil {
		return nil, err
	}
	c := caller(ctx)
	d, err := s.evaluate(ctx, tx, c, b, action, bucketArn(name), nil)
	if err != nil {
		return nil, err
	}
	switch {
	case c.AccountID == b.AccountID && (d != iampolicy.ExplicitDeny || c.IsRoot()):
		return b, nil
	case c.AccountID != b.AccountID && d == iampolicy.Allow:
		return nil, conforms.Errorf(CodeMethodNotAllowed, "The specified method is not allowed against this resource.")
	}
	return nil, errAccessDenied
}

func loadBucket(tx conforms.Tx, name string) (*conforms.Bucket, error) {
	b, err := tx.Bucket(name)
	if errors.Is(err, conforms.ErrNotFound) {
		return nil, errNoSuchBucket
	}
	return b, err
}

// evaluate evaluates the bucket policy of b, if any, for the request.
func (s *Service) evaluate(ctx context.Context, tx conforms.Tx, c *conforms.Caller, b *conforms.Bucket, action, resource string, conditions map[string][]string) (iampolicy.Decision, error) {
	if b.Policy == "" {
		return iampolicy.ImplicitDeny, nil
	}
	p, err := iampolicy.Parse([]byte(b.Policy))
	if err != nil {
		return 0, err // PutBucketPolicy stores only valid policies
	}
	r, err := s.policyRequest(ctx, tx, c, action, resource)
	if err != nil {
		return 0, err
	}
	for k, v := range conditions {
		r.Context[k] = v
	}
	return p.Evaluate(r), nil
}

// policyRequest describes a request for policy evaluation, with the global
// condition keys conforms knows: aws:PrincipalArn (for a role session, the
// role's ARN with its path), aws:PrincipalAccount, aws:PrincipalOrgID,
// aws:PrincipalType, aws:userid, aws:SecureTransport, aws:SourceIp,
// aws:CurrentTime and aws:EpochTime.
func (s *Service) policyRequest(ctx context.Context, tx conforms.Tx, c *conforms.Caller, action, resource string) (*iampolicy.Request, error) {
	o, now := originFrom(ctx), s.now()
	r := &iampolicy.Request{Action: action, Resource: resource, Context: map[string][]string{
		"aws:SecureTransport": {strconv.FormatBool(o.SecureTransport)},
		"aws:CurrentTime":     {now.Format("2006-01-02T15:04:05Z")},
		"aws:EpochTime":       {strconv.FormatInt(now.Unix(), 10)},
	}}
	if o.SourceIP != "" {
		r.Context["aws:SourceIp"] = []string{o.SourceIP}
	}
	if c.AccountID == "" {
		r.Context["aws:PrincipalType"] = []string{"Anonymous"}
		return r, nil
	}
	r.Principal = iampolicy.Principal{Account: c.AccountID, Arn: c.PrincipalArn, CanonicalUser: canonicalUserID(c.AccountID)}
	arn, kind, err := principalArn(tx, c)
	if err != nil {
		return nil, err
	}
	r.Context["aws:PrincipalArn"] = []string{arn}
	r.Context["aws:PrincipalType"] = []string{kind}
	r.Context["aws:PrincipalAccount"] = []string{c.AccountID}
	if c.UserID != "" {
		r.Context["aws:userid"] = []string{c.UserID}
	}
	a, err := tx.Account(c.AccountID)
	if err != nil && !errors.Is(err, conforms.ErrNotFound) {
		return nil, err
	}
	if err == nil && a.OrgID != "" {
		r.Context["aws:PrincipalOrgID"] = []string{a.OrgID}
	}
	return r, nil
}

// principalArn returns the aws:PrincipalArn of a caller and its
// aws:PrincipalType: a session's role ARN, path included, is looked up.
func principalArn(tx conforms.Tx, c *conforms.Caller) (arn, kind string, err error) {
	prefix := "arn:aws:sts::" + c.AccountID + ":assumed-role/"
	role, _, isSession := strings.Cut(strings.TrimPrefix(c.PrincipalArn, prefix), "/")
	switch {
	case c.IsRoot():
		return c.PrincipalArn, "Account", nil
	case !strings.HasPrefix(c.PrincipalArn, prefix) || !isSession:
		return c.PrincipalArn, "User", nil
	}
	r, err := tx.Role(c.AccountID, role)
	if errors.Is(err, conforms.ErrNotFound) {
		return "arn:aws:iam::" + c.AccountID + ":role/" + role, "AssumedRole", nil
	} else if err != nil {
		return "", "", err
	}
	return r.Arn(), "AssumedRole", nil
}
