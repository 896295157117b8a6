package sigv4

import (
	"bufio"
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

const (
	testAKID   = "AKIDEXAMPLE"
	testSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	testRegion = "us-east-1"
)

// testTime is when the test requests are signed (the Go SDK capture of deps.md §3).
var testTime = time.Date(2026, 11, 24, 17, 2, 40, 0, time.UTC)

func fixedVerifier(now time.Time) *Verifier {
	return &Verifier{Now: func() time.Time { return now }}
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func creds(token string) aws.Credentials {
	return aws.Credentials{AccessKeyID: testAKID, SecretAccessKey: testSecret, SessionToken: token}
}

// newClientRequest builds a request the way an SDK does before signing.
func newClientRequest(t testing.TB, method, rawURL string, body []byte) *http.Request {
	t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	r, err := http.NewRequest(method, rawURL, rd)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// sdkSign signs r in place with the SDK signer (the oracle).
func sdkSign(t testing.TB, r *http.Request, payloadHash, service string, tm time.Time, token string, s3 bool) {
	t.Helper()
	err := v4.NewSigner().SignHTTP(context.Background(), creds(token), r, payloadHash, service, testRegion, tm,
		func(o *v4.SignerOptions) { o.DisableURIPathEscaping = s3 })
	if err != nil {
		t.Fatal(err)
	}
}

// toWire writes r as a client would and reads it back as net/http's server
// does, so the request has RequestURI, canonical header keys and so on.
func toWire(t testing.TB, r *http.Request, body []byte) *http.Request {
	t.Helper()
	r2, err := wire(r, body)
	if err != nil {
		t.Fatal(err)
	}
	return r2
}

func wire(r *http.Request, body []byte) (*http.Request, error) {
	if body != nil {
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	var buf bytes.Buffer
	if err := r.Write(&buf); err != nil {
		return nil, err
	}
	r2, err := http.ReadRequest(bufio.NewReader(&buf))
	if err != nil {
		return nil, err
	}
	if _, err := io.ReadAll(r2.Body); err != nil {
		return nil, err
	}
	return r2, nil
}

// verifyFull runs Parse, PayloadHash and Verify like a transport does.
func verifyFull(v *Verifier, r *http.Request, body []byte, secret string) (*Request, error) {
	sr, err := Parse(r)
	if err != nil {
		return nil, err
	}
	ph, err := PayloadHash(r, body)
	if err != nil {
		return sr, err
	}
	return sr, v.Verify(r, sr, secret, ph)
}

func wantReason(t testing.TB, err error, want Reason) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v (%T), want *Error with reason %v", err, err, want)
	}
	if e.Reason != want {
		t.Fatalf("reason = %v (%q), want %v", e.Reason, e.Message, want)
	}
	if e.Message == "" {
		t.Fatalf("empty message for %v", e.Reason)
	}
	return e
}

// refSign is an independent, deliberately naive SigV4 signer written from the
// AWS documentation. It signs exactly the headers named (in that order), so it
// can produce what the SDK cannot: signed User-Agent/Expect, the Date header
// instead of X-Amz-Date, an unsorted SignedHeaders list. It is cross-checked
// against the SDK in TestRefSignMatchesSDK.
func refSign(r *http.Request, signed []string, payloadHash, service string, amzDate string, s3 bool) string {
	// Canonical URI.
	path := r.URL.EscapedPath()
	if path == "" {
		path = "/"
	}
	if !s3 {
		segs := strings.Split(path, "/")
		for i, s := range segs {
			segs[i] = refEncode(s)
		}
		path = strings.Join(segs, "/")
	}
	// Canonical query.
	q, _ := url.ParseQuery(r.URL.RawQuery)
	var pairs []string
	for k, vs := range q {
		if k == "X-Amz-Signature" {
			continue
		}
		for _, v := range vs {
			pairs = append(pairs, refEncode(k)+"="+refEncode(v))
		}
	}
	sort.Strings(pairs) // '=' sorts below every encoded byte, so this is key-then-value
	// Canonical headers.
	var ch strings.Builder
	for _, h := range signed {
		var vals []string
		switch h {
		case "host":
			vals = []string{r.Host}
		default:
			vals = r.Header.Values(h)
		}
		for i, v := range vals {
			vals[i] = strings.Join(strings.Fields(v), " ")
		}
		ch.WriteString(h + ":" + strings.Join(vals, ",") + "\n")
	}
	canon := strings.Join([]string{r.Method, path, strings.Join(pairs, "&"), ch.String(),
		strings.Join(signed, ";"), payloadHash}, "\n")
	scope := amzDate[:8] + "/" + testRegion + "/" + service + "/aws4_request"
	sts := "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + sha256Hex([]byte(canon))
	mac := func(k []byte, s string) []byte { h := hmac.New(sha256.New, k); h.Write([]byte(s)); return h.Sum(nil) }
	k := mac([]byte("AWS4"+testSecret), amzDate[:8])
	k = mac(k, testRegion)
	k = mac(k, service)
	k = mac(k, "aws4_request")
	return "AWS4-HMAC-SHA256 Credential=" + testAKID + "/" + scope + ", SignedHeaders=" +
		strings.Join(signed, ";") + ", Signature=" + hex.EncodeToString(mac(k, sts))
}

func refEncode(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte("-_.~", c) >= 0 {
			b.WriteByte(c)
		} else {
			b.WriteString("%" + strings.ToUpper(hex.EncodeToString([]byte{c})))
		}
	}
	return b.String()
}

// authField returns one Key=value field of an Authorization header.
func authField(auth, key string) string {
	for _, f := range strings.FieldsFunc(auth, func(r rune) bool { return r == ' ' || r == ',' }) {
		if k, v, ok := strings.Cut(f, "="); ok && k == key {
			return v
		}
	}
	return ""
}
