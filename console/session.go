package console

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"conforms"
)

// cookieName is the session cookie's name; its Path is /console.
const cookieName = "conforms_console"

// sessionTTL is how long a session lasts at most; never past the expiry of
// the key it was opened with.
const sessionTTL = 8 * time.Hour

// session is what the signed cookie carries: who signed in, with which
// key, where they act, until when, and a nonce the CSRF token derives from.
type session struct {
	KeyID        string `json:"k"`
	AccountID    string `json:"a"`
	PrincipalArn string `json:"p"`
	UserID       string `json:"u"`
	Region       string `json:"r"`
	Expires      int64  `json:"e"` // Unix seconds
	Nonce        string `json:"n"`
}

// caller returns the caller the session acts as, as the API layer builds it
// from a verified credential.
func (s *session) caller() *conforms.Caller {
	return &conforms.Caller{AccountID: s.AccountID, PrincipalArn: s.PrincipalArn, UserID: s.UserID, AccessKeyID: s.KeyID, Region: s.Region}
}

var errBadCookie = errors.New("console: bad session cookie")

// encode returns the cookie value: the base64url JSON payload, a dot, and
// the base64url HMAC-SHA256 of the payload under key.
func (s *session) encode(key []byte) string {
	payload, _ := json.Marshal(s)
	p := base64.RawURLEncoding.EncodeToString(payload)
	return p + "." + base64.RawURLEncoding.EncodeToString(sign(key, "session", p))
}

// decodeSession verifies a cookie value and returns its session, refusing
// a bad signature and an expired session.
func decodeSession(key []byte, value string, now time.Time) (*session, error) {
	p, sig, ok := strings.Cut(value, ".")
	if !ok {
		return nil, errBadCookie
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, sign(key, "session", p)) {
		return nil, errBadCookie
	}
	payload, err := base64.RawURLEncoding.DecodeString(p)
	if err != nil {
		return nil, errBadCookie
	}
	var s session
	if err := json.Unmarshal(payload, &s); err != nil || s.AccountID == "" || s.Region == "" {
		return nil, errBadCookie
	}
	if !now.Before(time.Unix(s.Expires, 0)) {
		return nil, errBadCookie
	}
	return &s, nil
}

// csrfToken is the token that the session's forms must carry.
func (s *session) csrfToken(key []byte) string {
	return base64.RawURLEncoding.EncodeToString(sign(key, "csrf", s.Nonce))
}

func (s *session) checkCSRF(key []byte, token string) bool {
	got, err := base64.RawURLEncoding.DecodeString(token)
	return err == nil && hmac.Equal(got, sign(key, "csrf", s.Nonce))
}

// sign is HMAC-SHA256 under key of a purpose and a message, so that a value
// signed for one purpose is never accepted for another.
func sign(key []byte, purpose, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(purpose + "\x00" + msg))
	return m.Sum(nil)
}

func newNonce() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// setCookie writes the session cookie: HttpOnly, SameSite=Strict, under
// /console, Secure when the request came over TLS.
func setCookie(w http.ResponseWriter, r *http.Request, value string, expires time.Time) {
	c := &http.Cookie{Name: cookieName, Value: value, Path: "/console", HttpOnly: true, SameSite: http.SameSiteStrictMode,
		Secure: r.TLS != nil, Expires: expires}
	if value == "" {
		c.MaxAge = -1
	}
	http.SetCookie(w, c)
}

// sameOrigin reports whether a state-changing request comes from the
// console's own pages: its Origin (or, without one, its Referer) names the
// host it was sent to. Requests with neither header, such as those of
// non-browser clients, pass; the session's CSRF token still protects them.
func sameOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		origin = r.Header.Get("Referer")
	}
	if origin == "" {
		return true
	}
	rest, ok := strings.CutPrefix(origin, "http://")
	if !ok {
		if rest, ok = strings.CutPrefix(origin, "https://"); !ok {
			return false
		}
	}
	host, _, _ := strings.Cut(rest, "/")
	return host == r.Host
}
