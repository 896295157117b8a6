package control

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"conforms"
)

const (
	defaultSessionDuration = time.Hour
	minSessionDuration     = 15 * time.Minute
	maxSessionDuration     = 12 * time.Hour
	// Role chaining (a session assuming another role) is capped at one hour.
	maxChainedSession = time.Hour
)

// Credential is what the transport needs to check a request's signature and
// then identify the caller.
type Credential struct {
	Key *conforms.AccessKey
	// SkipSignature is set for keys accepted by the account-id mode, where any
	// secret is accepted.
	SkipSignature bool
}

// Authenticator resolves access key ids. The zero value accepts only stored
// keys. It is safe for concurrent use.
type Authenticator struct {
	Service *Service
	// AccountIDKeys turns on the account-id mode: an access key id of 12 digits
	// stands for that account's root, with any secret. The account is created
	// on first use.
	AccountIDKeys bool

	// Stored keys never change once written (sessions are only deleted after
	// they expire, and expiry is checked on every use), so every replica may
	// keep the keys it has seen.
	mu   sync.RWMutex
	keys map[string]*conforms.AccessKey
}

// maxCachedKeys bounds the key cache; past it the cache starts afresh.
const maxCachedKeys = 10000

var accountIDPattern = regexp.MustCompile(`^\d{12}$`)

// keyIDPattern matches the access key ids that can exist: AWS's are 16 to
// 128 word characters (IAM's AccessKeyIdType); conforms' are of that kind.
var keyIDPattern = regexp.MustCompile(`^\w{1,128}$`)

// Credential returns the credential for an access key id. The error is an
// *conforms.Error with a transport-neutral code: UnrecognizedClientException
// for an unknown key or session token, ExpiredTokenException for an expired one.
func (a *Authenticator) Credential(ctx context.Context, keyID, sessionToken string) (*Credential, error) {
	s := a.Service
	if a.AccountIDKeys && accountIDPattern.MatchString(keyID) && sessionToken == "" {
		if err := s.ensureAccount(ctx, keyID); err != nil {
			return nil, err
		}
		return &Credential{SkipSignature: true, Key: &conforms.AccessKey{
			ID: keyID, AccountID: keyID, PrincipalArn: conforms.RootArn(keyID), UserID: keyID,
		}}, nil
	}
	if !keyIDPattern.MatchString(keyID) { // never stored: not worth a lookup
		return nil, conforms.Errorf(conforms.CodeUnrecognizedClientException, "The security token included in the request is invalid.")
	}
	k, err := a.key(ctx, keyID)
	if errors.Is(err, conforms.ErrNotFound) {
		return nil, conforms.Errorf(conforms.CodeUnrecognizedClientException, "The security token included in the request is invalid.")
	} else if err != nil {
		return nil, err
	}
	if subtle.ConstantTimeCompare([]byte(k.SessionToken), []byte(sessionToken)) != 1 {
		return nil, conforms.Errorf(conforms.CodeUnrecognizedClientException, "The security token included in the request is invalid.")
	}
	if k.Expired(s.now()) {
		return nil, conforms.Errorf(conforms.CodeExpiredTokenException, "The security token included in the request is expired")
	}
	return &Credential{Key: k}, nil
}

// key returns a stored key, from the cache when it can.
func (a *Authenticator) key(ctx context.Context, id string) (*conforms.AccessKey, error) {
	a.mu.RLock()
	k := a.keys[id]
	a.mu.RUnlock()
	if k != nil {
		return k, nil
	}
	err := a.Service.Store.View(ctx, func(tx conforms.Tx) (err error) {
		k, err = tx.AccessKey(id)
		return err
	})
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	if a.keys == nil || len(a.keys) >= maxCachedKeys {
		a.keys = map[string]*conforms.AccessKey{}
	}
	a.keys[id] = k
	a.mu.Unlock()
	return k, nil
}

// ensureAccount creates a standalone account for the account-id mode.
func (s *Service) ensureAccount(ctx context.Context, id string) error {
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		_, err := tx.Account(id)
		return err
	})
	if !errors.Is(err, conforms.ErrNotFound) {
		return err
	}
	return s.Store.Update(ctx, func(tx conforms.Tx) error {
		if _, err := tx.Account(id); err == nil {
			return nil
		}
		return tx.PutAccount(&conforms.Account{
			ID: id, Name: id, Email: id + "@accounts.conforms.invalid", Status: conforms.AccountActive, CreatedAt: s.now(),
		})
	})
}

// Identity is what GetCallerIdentity reports.
type Identity struct {
	UserID    string
	AccountID string
	Arn       string
}

// GetCallerIdentity returns the caller's identity; every authenticated caller may call it.
func (s *Service) GetCallerIdentity(ctx context.Context) *Identity {
	c := caller(ctx)
	return &Identity{UserID: c.UserID, AccountID: c.AccountID, Arn: c.PrincipalArn}
}

// AssumeRoleInput holds the arguments of AssumeRole.
type AssumeRoleInput struct {
	RoleArn     string
	SessionName string
	Duration    time.Duration // 0 for the default of one hour
}

// AssumedRole is the result of AssumeRole: temporary credentials and the
// session's identity.
type AssumedRole struct {
	Key           *conforms.AccessKey
	AssumedRoleID string
	Arn           string
}

var roleArnPattern = regexp.MustCompile(`^arn:aws:iam::(\d{12}):role(/(?:[\x21-\x7e]+/)?)?([\w+=,.@-]+)$`)

// AssumeRole issues temporary credentials for a role whose trust policy
// trusts the caller's account. Unlike AWS, a root user may assume roles here:
// the server's bootstrap credential is the management account's root key.
func (s *Service) AssumeRole(ctx context.Context, in AssumeRoleInput) (*AssumedRole, error) {
	c := caller(ctx)
	m := roleArnPattern.FindStringSubmatch(in.RoleArn)
	if m == nil {
		return nil, conforms.Errorf(conforms.CodeValidationError, "%s is invalid", in.RoleArn)
	}
	accountID, path, name := m[1], m[2], m[3]
	if path == "" {
		path = "/"
	}
	d, err := sessionDuration(c, in.Duration)
	if err != nil {
		return nil, err
	}
	var out *AssumedRole
	err = s.Store.Update(ctx, func(tx conforms.Tx) error {
		r, err := tx.Role(accountID, name)
		if errors.Is(err, conforms.ErrNotFound) || (err == nil && (r.Path != path || !trusts(r, c.AccountID))) {
			return conforms.Errorf(conforms.CodeAccessDenied,
				"User: %s is not authorized to perform: sts:AssumeRole on resource: %s", c.PrincipalArn, in.RoleArn)
		} else if err != nil {
			return err
		}
		if d > r.MaxSessionDuration && r.MaxSessionDuration > 0 {
			return conforms.Errorf(conforms.CodeValidationError,
				"The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
		}
		out = s.newSession(r, in.SessionName, d)
		return tx.PutAccessKey(out.Key)
	})
	return out, err
}

func sessionDuration(c *conforms.Caller, d time.Duration) (time.Duration, error) {
	if d == 0 {
		d = defaultSessionDuration
	}
	if d < minSessionDuration || d > maxSessionDuration {
		return 0, conforms.Errorf(conforms.CodeValidationError,
			"1 validation error detected: Value '%d' at 'durationSeconds' failed to satisfy constraint: Member must have value %s",
			int(d/time.Second), rangeText(d))
	}
	if strings.Contains(c.PrincipalArn, ":assumed-role/") && d > maxChainedSession {
		return 0, conforms.Errorf(conforms.CodeValidationError,
			"The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.")
	}
	return d, nil
}

func rangeText(d time.Duration) string {
	if d < minSessionDuration {
		return fmt.Sprintf("greater than or equal to %d", int(minSessionDuration/time.Second))
	}
	return fmt.Sprintf("less than or equal to %d", int(maxSessionDuration/time.Second))
}

func trusts(r *conforms.Role, accountID string) bool {
	for _, a := range r.TrustedAccounts {
		if a == accountID {
			return true
		}
	}
	return false
}

func (s *Service) newSession(r *conforms.Role, session string, d time.Duration) *AssumedRole {
	now := s.now()
	arn := "arn:aws:sts::" + r.AccountID + ":assumed-role/" + r.Name + "/" + session
	id := r.ID + ":" + session
	return &AssumedRole{
		AssumedRoleID: id,
		Arn:           arn,
		Key: &conforms.AccessKey{
			ID:           "ASIA" + s.random(upperAlnum, 16),
			Secret:       s.random(secretSet, 40),
			AccountID:    r.AccountID,
			PrincipalArn: arn,
			UserID:       id,
			SessionToken: "IQoJb3JpZ2luX2VjE" + s.random(secretSet, 300),
			ExpiresAt:    now.Add(d).Truncate(time.Second),
			CreatedAt:    now,
		},
	}
}

// DeleteExpiredSessions deletes the STS sessions that have expired and
// returns how many it deleted.
func (s *Service) DeleteExpiredSessions(ctx context.Context) (n int, err error) {
	err = s.Store.Update(ctx, func(tx conforms.Tx) error {
		n, err = tx.DeleteExpiredAccessKeys(s.now())
		return err
	})
	return n, err
}
