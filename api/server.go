// Package api is the AWS wire layer: it authenticates requests with
// Signature Version 4, routes them through one dispatch table keyed by
// X-Amz-Target (JSON 1.1 services) or Action (query services), decodes and
// validates inputs against the generated models, calls the handlers in this
// package (one file per service or resource family), and encodes results and
// errors the way AWS does.
package api

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"regexp"
	"runtime/debug"
	"time"

	"conforms"
	"conforms/api/awsconfig"
	"conforms/api/organizations"
	"conforms/api/shape"
	"conforms/api/sigv4"
	"conforms/control"
)

// MaxBodyBytes bounds a request body; the largest legitimate JSON request, a
// conformance pack with a 51,200-byte template, is far below it.
const MaxBodyBytes = 1 << 20

// Server serves the AWS APIs. Create it with [NewServer].
type Server struct {
	control    *control.Service
	auth       *control.Authenticator
	verifier   *sigv4.Verifier
	s3Verifier *sigv4.Verifier // S3 signs the path as sent
	logger     *slog.Logger
	metrics    *Metrics
	// routes is the dispatch table of the JSON services, keyed by X-Amz-Target.
	routes map[string]route
}

// route is one operation of a JSON service, bound to its handler.
type route struct {
	service *shape.Service
	op      *shape.Operation
	handler any
}

// Options configure a [Server].
type Options struct {
	Control       *control.Service
	Authenticator *control.Authenticator
	Logger        *slog.Logger // slog.Default when nil
	Metrics       *Metrics     // no metrics when nil
	Now           func() time.Time
}

// NewServer returns a server for the options.
func NewServer(o Options) *Server {
	s := &Server{
		control:    o.Control,
		auth:       o.Authenticator,
		verifier:   &sigv4.Verifier{Now: o.Now},
		s3Verifier: &sigv4.Verifier{Now: o.Now, DisableURIPathEscaping: true},
		logger:     o.Logger,
		metrics:    o.Metrics,
		routes:     map[string]route{},
	}
	if s.logger == nil {
		s.logger = slog.Default()
	}
	s.addRoutes(awsconfig.Service, &configHandler{c: o.Control})
	s.addRoutes(organizations.Service, &organizationsHandler{c: o.Control})
	return s
}

func (s *Server) addRoutes(svc *shape.Service, h any) {
	for name, op := range svc.Operations {
		s.routes[svc.TargetPrefix+"."+name] = route{service: svc, op: op, handler: h}
	}
}

// call is one request in flight.
type call struct {
	w         http.ResponseWriter
	r         *http.Request
	body      []byte
	requestID string
	start     time.Time
	service   string // signing name, for metrics
	operation string
	s3        bool // an S3 request: errors are S3's XML
}

// ServeHTTP serves one AWS request: JSON 1.1 when it has X-Amz-Target, the
// query protocol (STS) when it is a form POST or has an Action parameter,
// S3 (path-style) otherwise. S3 reads its own, larger, bodies.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := &call{w: w, r: r, requestID: newRequestID(), start: time.Now(), service: "unknown", operation: "unknown"}
	defer s.recoverPanic(c)
	switch {
	case r.URL.Path == ImportPath:
		s.serveImport(c)
	case r.Header.Get("X-Amz-Target") != "":
		s.serveJSON(c, readBody(c))
	case isQueryRequest(r):
		s.serveQuery(c, readBody(c))
	default:
		s.serveS3(c)
	}
}

// readBody reads a JSON or query request's body, of at most MaxBodyBytes.
func readBody(c *call) error {
	body, err := io.ReadAll(http.MaxBytesReader(c.w, c.r.Body, MaxBodyBytes))
	c.body = body
	return err
}

// isQueryRequest reports whether r uses the query protocol: a form POST, or
// an Action parameter in the URL.
func isQueryRequest(r *http.Request) bool {
	if r.URL.Query().Has("Action") {
		return true
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return r.Method == http.MethodPost && mt == "application/x-www-form-urlencoded"
}

// recoverPanic turns a panic in a handler into an InternalFailure answer, so
// that a bug costs one request and not the connection.
func (s *Server) recoverPanic(c *call) {
	v := recover()
	if v == nil {
		return
	}
	err := fmt.Errorf("panic: %v\n%s", v, debug.Stack())
	if c.s3 {
		s.finish(c, s.writeS3Error(c, nil, err), err)
	} else if c.r.Header.Get("X-Amz-Target") != "" {
		s.finish(c, s.writeJSONError(c, nil, "message", err), err)
	} else {
		s.finish(c, s.writeQueryError(c, err), err)
	}
}

// authenticate verifies the request's signature for the given signing name
// and returns the context carrying the caller.
func (s *Server) authenticate(c *call, signingName string) (context.Context, error) {
	return s.authenticateWith(c, signingName, func(sr *sigv4.Request) (string, error) { return payloadHash(c, sr) })
}

// authenticateWith is authenticate with the payload hash that hash returns.
func (s *Server) authenticateWith(c *call, signingName string, hash func(*sigv4.Request) (string, error)) (context.Context, error) {
	sr, err := sigv4.Parse(c.r)
	if err != nil {
		return nil, authError(err)
	}
	if err := sr.CheckScope("", signingName); err != nil {
		return nil, authError(err)
	}
	if !regionPattern.MatchString(sr.Region) {
		return nil, conforms.Errorf(conforms.CodeIncompleteSignatureException,
			"Credential should be scoped to a valid region, not '%s'.", sr.Region)
	}
	cred, err := s.verify(c.r, sr, s.verifier, func() (string, error) { return hash(sr) })
	if err != nil {
		return nil, authError(err)
	}
	return withCaller(c.r.Context(), cred, sr), nil
}

// regionPattern is what a region in a credential scope must look like.
var regionPattern = regexp.MustCompile(`^[a-z]{2}(-[a-z0-9]+)+$`)

// payloadHash is the payload hash that JSON and query clients sign: the
// SHA-256 of the body, presigned URLs included (UNSIGNED-PAYLOAD is S3's rule
// only), unless the client sent X-Amz-Content-Sha256.
func payloadHash(c *call, sr *sigv4.Request) (string, error) {
	if sr.Presigned && c.r.Header.Get("X-Amz-Content-Sha256") == "" {
		sum := sha256.Sum256(c.body)
		return hex.EncodeToString(sum[:]), nil
	}
	return sigv4.PayloadHash(c.r, c.body)
}

// verify looks up the credential of a parsed request and checks its
// signature with v over the payload hash that payloadHash returns (called
// only when the credential needs a signature). Errors are *sigv4.Error or
// the *conforms.Error of control.Authenticator.
func (s *Server) verify(r *http.Request, sr *sigv4.Request, v *sigv4.Verifier, payloadHash func() (string, error)) (*control.Credential, error) {
	cred, err := s.auth.Credential(r.Context(), sr.AccessKeyID, sr.SessionToken)
	if err != nil {
		return nil, err
	}
	if cred.SkipSignature {
		return cred, nil
	}
	hash, err := payloadHash()
	if err != nil {
		return nil, err
	}
	if err := v.Verify(r, sr, cred.Key.Secret, hash); err != nil {
		return nil, err
	}
	return cred, nil
}

// withCaller returns ctx carrying the caller a credential authenticates.
func withCaller(ctx context.Context, cred *control.Credential, sr *sigv4.Request) context.Context {
	k := cred.Key
	return conforms.WithCaller(ctx, &conforms.Caller{
		AccountID: k.AccountID, PrincipalArn: k.PrincipalArn, UserID: k.UserID, AccessKeyID: k.ID, Region: sr.Region,
	})
}

// authError turns a sigv4 error into the error JSON services send; query
// services rename the codes (see queryCode).
func authError(err error) error {
	var se *sigv4.Error
	if !errors.As(err, &se) {
		return err
	}
	code := conforms.CodeIncompleteSignatureException
	switch se.Reason {
	case sigv4.ReasonMissingAuthentication:
		code = conforms.CodeMissingAuthenticationTokenException
	case sigv4.ReasonSignatureDoesNotMatch, sigv4.ReasonRequestExpired, sigv4.ReasonPresignExpired, sigv4.ReasonContentSHA256Mismatch:
		code = conforms.CodeInvalidSignatureException
	}
	return conforms.Errorf(code, "%s", se.Message)
}

func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// finish records the request's metrics and logs failures.
func (s *Server) finish(c *call, code string, err error) {
	s.metrics.observe(c.service, c.operation, code, time.Since(c.start))
	if code == conforms.CodeInternalFailure {
		s.logger.Error("request failed", "request_id", c.requestID, "service", c.service, "operation", c.operation, "err", err)
	} else {
		s.logger.Debug("request", "request_id", c.requestID, "service", c.service, "operation", c.operation, "code", code)
	}
}
