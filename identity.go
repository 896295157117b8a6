package conforms

import (
	"context"
	"strings"
	"time"
)

// Role is an IAM role that can be assumed through STS AssumeRole.
type Role struct {
	AccountID string
	Name      string
	ID        string // AROA followed by 17 upper-case characters
	Path      string // "/" unless set
	// TrustedAccounts lists the accounts whose principals may assume the role,
	// the part of a trust policy this server evaluates.
	TrustedAccounts    []string
	MaxSessionDuration time.Duration
	CreatedAt          time.Time
}

// Arn returns the role's ARN.
func (r *Role) Arn() string {
	return "arn:aws:iam::" + r.AccountID + ":role" + r.Path + r.Name
}

// AccessKey is a credential the server accepts: an account's root key, or the
// temporary key of an STS session.
type AccessKey struct {
	ID        string
	Secret    string
	AccountID string
	// PrincipalArn is the ARN of the caller the key authenticates:
	// arn:aws:iam::<account>:root, or arn:aws:sts::<account>:assumed-role/<role>/<session>.
	PrincipalArn string
	// UserID is what GetCallerIdentity reports as UserId: the account id for a
	// root key, "<role id>:<session name>" for a session.
	UserID string
	// SessionToken is set for temporary credentials only; requests must present it.
	SessionToken string
	ExpiresAt    time.Time // zero for keys that do not expire
	CreatedAt    time.Time
}

// Expired reports whether the key has expired at now.
func (k *AccessKey) Expired(now time.Time) bool {
	return !k.ExpiresAt.IsZero() && !now.Before(k.ExpiresAt)
}

// Caller is the authenticated principal of a request, and where it is acting.
type Caller struct {
	AccountID    string
	PrincipalArn string
	UserID       string
	AccessKeyID  string
	Region       string
}

// IsRoot reports whether the caller is its account's root user.
func (c *Caller) IsRoot() bool { return strings.HasSuffix(c.PrincipalArn, ":root") }

// RootArn returns the ARN of an account's root user.
func RootArn(accountID string) string { return "arn:aws:iam::" + accountID + ":root" }

type callerKey struct{}

// WithCaller returns a context that carries c.
func WithCaller(ctx context.Context, c *Caller) context.Context {
	return context.WithValue(ctx, callerKey{}, c)
}

// CallerFrom returns the caller carried by ctx, or nil.
func CallerFrom(ctx context.Context) *Caller {
	c, _ := ctx.Value(callerKey{}).(*Caller)
	return c
}
