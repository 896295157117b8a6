package sigv4

import (
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// signedJSON returns a wire request signed by the SDK at tm and its body.
func signedJSON(t testing.TB, tm time.Time) (*http.Request, []byte) {
	t.Helper()
	c := oracleCases[0]
	client, body := c.sign(t, tm)
	return toWire(t, client, body), body
}

func TestClock(t *testing.T) {
	signedAt := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name    string
		now     time.Time
		maxSkew time.Duration
		want    Reason // 0 = accepted
		msg     string
	}{
		{name: "on time", now: signedAt},
		{name: "server 10 min later", now: signedAt.Add(10 * time.Minute)},
		{name: "server 10 min earlier", now: signedAt.Add(-10 * time.Minute)},
		{name: "exactly 15 min late", now: signedAt.Add(15 * time.Minute)},
		{name: "exactly 15 min early", now: signedAt.Add(-15 * time.Minute)},
		{name: "15 min 1 s late", now: signedAt.Add(15*time.Minute + time.Second), want: ReasonRequestExpired,
			msg: "Signature expired: 20261124T120000Z is now earlier than 20261124T120001Z (20261124T121501Z - 15 min.)"},
		{name: "server 30 min later", now: signedAt.Add(30 * time.Minute), want: ReasonRequestExpired,
			msg: "Signature expired: 20261124T120000Z is now earlier than 20261124T121500Z (20261124T123000Z - 15 min.)"},
		{name: "server 20 min later", now: signedAt.Add(20 * time.Minute), want: ReasonRequestExpired,
			msg: "Signature expired: 20261124T120000Z is now earlier than 20261124T120500Z (20261124T122000Z - 15 min.)"},
		{name: "server 20 min earlier", now: signedAt.Add(-20 * time.Minute), want: ReasonRequestExpired,
			msg: "Signature not yet current: 20261124T120000Z is still later than 20261124T115500Z (20261124T114000Z + 15 min.)"},
		{name: "custom skew 5 min, 10 min late", now: signedAt.Add(10 * time.Minute), maxSkew: 5 * time.Minute, want: ReasonRequestExpired,
			msg: "Signature expired: 20261124T120000Z is now earlier than 20261124T120500Z (20261124T121000Z - 5 min.)"},
		{name: "custom skew 90 s, 2 min early", now: signedAt.Add(-2 * time.Minute), maxSkew: 90 * time.Second, want: ReasonRequestExpired,
			msg: "Signature not yet current: 20261124T120000Z is still later than 20261124T115930Z (20261124T115800Z + 1.5 min.)"},
		{name: "custom skew 1 h, 50 min late", now: signedAt.Add(50 * time.Minute), maxSkew: time.Hour},
	}
	r, body := signedJSON(t, signedAt)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := &Verifier{MaxSkew: c.maxSkew, Now: func() time.Time { return c.now.In(time.FixedZone("X", 3600)) }}
			_, err := verifyFull(v, r, body, testSecret)
			if c.want == 0 {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			e := wantReason(t, err, c.want)
			if e.Message != c.msg {
				t.Errorf("message\n%q\nwant\n%q", e.Message, c.msg)
			}
			if !e.RequestTime.Equal(signedAt) || !e.ServerTime.Equal(c.now) {
				t.Errorf("times %v %v", e.RequestTime, e.ServerTime)
			}
		})
	}
}

func TestScopeDateMismatch(t *testing.T) {
	t.Run("X-Amz-Date", func(t *testing.T) {
		r, body := signedJSON(t, testTime)
		r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "/20261124/", "/20261123/", 1))
		_, err := verifyFull(fixedVerifier(testTime), r, body, testSecret)
		e := wantReason(t, err, ReasonScopeDateMismatch)
		want := "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261123' != '20261124', from '20261124T170240Z'."
		if e.Message != want {
			t.Errorf("message %q", e.Message)
		}
	})
	t.Run("Date header", func(t *testing.T) {
		r, body := signedJSON(t, testTime)
		r.Header.Del("X-Amz-Date")
		r.Header.Set("Date", "Mon, 23 Nov 2026 23:59:00 GMT")
		a := strings.Replace(r.Header.Get("Authorization"), "x-amz-date", "date", 1)
		r.Header.Set("Authorization", a)
		_, err := verifyFull(fixedVerifier(time.Date(2026, 11, 24, 0, 1, 0, 0, time.UTC)), r, body, testSecret)
		e := wantReason(t, err, ReasonScopeDateMismatch)
		want := "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261124' != '20261123', from 'Mon, 23 Nov 2026 23:59:00 GMT'."
		if e.Message != want {
			t.Errorf("message %q", e.Message)
		}
	})
	t.Run("garbage scope date", func(t *testing.T) {
		r, body := signedJSON(t, testTime)
		r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "/20261124/", "/2026-11-24/", 1))
		_, err := verifyFull(fixedVerifier(testTime), r, body, testSecret)
		wantReason(t, err, ReasonScopeDateMismatch)
	})
}

func TestParseErrors(t *testing.T) {
	const goodCred = "Credential=AKIDEXAMPLE/20261124/us-east-1/config/aws4_request"
	const goodRest = ", SignedHeaders=content-type;host;x-amz-date, Signature=" + EmptyPayloadHash
	const date = "20261124T170240Z"
	cases := []struct {
		name    string
		auth    string            // Authorization header; "" = none
		hdr     map[string]string // extra headers; X-Amz-Date is set unless "-"
		query   string
		want    Reason
		msg     string // exact message, if set
		msgPart string // substring of the message, if set
	}{
		{name: "nothing", want: ReasonMissingAuthentication, msg: "Request is missing Authentication Token"},
		{name: "unrelated query", query: "a=b&X-Amz-Date=" + date, want: ReasonMissingAuthentication},
		{name: "bearer token", auth: "Bearer eyJ0eXAi.x.y", want: ReasonIncompleteSignature,
			msg: "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
				"Authorization header requires 'SignedHeaders' parameter. Authorization=Bearer eyJ0eXAi.x.y"},
		{name: "bearer token, no date", auth: "Bearer x", hdr: map[string]string{"X-Amz-Date": "-"}, want: ReasonIncompleteSignature,
			msg: "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
				"Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=Bearer x"},
		{name: "sigv2", auth: "AWS AKIDEXAMPLE:qaNdqGsI6bq4Hi+9Gzovwyjbh0E=", want: ReasonIncompleteSignature,
			msgPart: "requires 'Credential' parameter"},
		{name: "algorithm only", auth: "AWS4-HMAC-SHA256", want: ReasonIncompleteSignature,
			msg: "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
				"Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256"},
		{name: "wrong algorithm", auth: "AWS4-HMAC-SHA512 " + goodCred + goodRest, want: ReasonIncompleteSignature,
			msg: "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512'."},
		{name: "lower-case algorithm", auth: "aws4-hmac-sha256 " + goodCred + goodRest, want: ReasonIncompleteSignature,
			msgPart: "requires 'Credential'"},
		{name: "missing signature", auth: "AWS4-HMAC-SHA256 " + goodCred + ", SignedHeaders=host", want: ReasonIncompleteSignature,
			msg: "Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256 " + goodCred + ", SignedHeaders=host"},
		{name: "empty signature", auth: "AWS4-HMAC-SHA256 " + goodCred + ", SignedHeaders=host, Signature=", want: ReasonIncompleteSignature,
			msgPart: "requires 'Signature' parameter"},
		{name: "missing signed headers", auth: "AWS4-HMAC-SHA256 " + goodCred + ", Signature=abc", want: ReasonIncompleteSignature,
			msgPart: "requires 'SignedHeaders' parameter"},
		{name: "missing credential", auth: "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=abc", want: ReasonIncompleteSignature,
			msgPart: "Authorization header requires 'Credential' parameter. Authorization="},
		{name: "space after equal sign", auth: "AWS4-HMAC-SHA256 Credential= AKIDEXAMPLE/20261124/us-east-1/config/aws4_request" + goodRest,
			want: ReasonIncompleteSignature,
			msg: "'AKIDEXAMPLE/20261124/us-east-1/config/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header: " +
				"'AWS4-HMAC-SHA256 Credential= AKIDEXAMPLE/20261124/us-east-1/config/aws4_request" + goodRest + "'."},
		{name: "duplicate credential", auth: "AWS4-HMAC-SHA256 " + goodCred + ", " + goodCred + goodRest, want: ReasonIncompleteSignature,
			msgPart: "duplicate 'Credential'"},
		{name: "credential with 4 parts", auth: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261124/us-east-1/aws4_request" + goodRest,
			want: ReasonIncompleteSignature,
			msg:  "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIDEXAMPLE/20261124/us-east-1/aws4_request'"},
		{name: "credential with 6 parts", auth: "AWS4-HMAC-SHA256 Credential=A/B/20261124/us-east-1/config/aws4_request" + goodRest,
			want: ReasonIncompleteSignature, msgPart: "exactly 5 slash-delimited elements"},
		{name: "wrong terminator", auth: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261124/us-east-1/config/x" + goodRest,
			want: ReasonIncompleteSignature, msg: "Credential should be scoped with a valid terminator: 'aws4_request', not 'x'."},
		{name: "no date header", auth: "AWS4-HMAC-SHA256 " + goodCred + goodRest, hdr: map[string]string{"X-Amz-Date": "-"},
			want: ReasonIncompleteSignature,
			msg:  "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 " + goodCred + goodRest},
		{name: "extended ISO date", auth: "AWS4-HMAC-SHA256 " + goodCred + goodRest, hdr: map[string]string{"X-Amz-Date": "2026-11-24T17:02:40Z"},
			want: ReasonIncompleteSignature,
			msg:  "Date must be in ISO-8601 'basic format'. Got '2026-11-24T17:02:40Z'. See http://en.wikipedia.org/wiki/ISO_8601"},
		{name: "impossible date", auth: "AWS4-HMAC-SHA256 " + goodCred + goodRest, hdr: map[string]string{"X-Amz-Date": "20261131T170240Z"},
			want: ReasonIncompleteSignature, msgPart: "ISO-8601 'basic format'"},
		{name: "hour 24", auth: "AWS4-HMAC-SHA256 " + goodCred + goodRest, hdr: map[string]string{"X-Amz-Date": "20261124T240000Z"},
			want: ReasonIncompleteSignature, msgPart: "ISO-8601 'basic format'"},
		{name: "bad Date header", auth: "AWS4-HMAC-SHA256 " + goodCred + goodRest, hdr: map[string]string{"X-Amz-Date": "-", "Date": "yesterday"},
			want: ReasonIncompleteSignature, msgPart: "Got 'yesterday'"},
		{name: "host not signed", auth: "AWS4-HMAC-SHA256 " + goodCred + ", SignedHeaders=content-type;x-amz-date, Signature=abc",
			want: ReasonIncompleteSignature, msg: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."},
		{name: "signed header absent", auth: "AWS4-HMAC-SHA256 " + goodCred + ", SignedHeaders=host;x-amz-date;x-amz-target, Signature=abc",
			want: ReasonIncompleteSignature, msg: "Signed header 'x-amz-target' is not present in the request."},
		{name: "empty name in signed headers", auth: "AWS4-HMAC-SHA256 " + goodCred + ", SignedHeaders=host;;x-amz-date, Signature=abc",
			want: ReasonIncompleteSignature, msgPart: "empty header name"},
		{name: "trailing semicolon in signed headers", auth: "AWS4-HMAC-SHA256 " + goodCred + ", SignedHeaders=host;, Signature=abc",
			want: ReasonIncompleteSignature, msgPart: "empty header name"},
		{name: "header and query auth", auth: "AWS4-HMAC-SHA256 " + goodCred + goodRest, query: "X-Amz-Algorithm=AWS4-HMAC-SHA256",
			want: ReasonIncompleteSignature, msg: MsgTwoAuthMechanisms},

		// Presigned URLs.
		{name: "presigned, signature only", query: "X-Amz-Signature=abc", want: ReasonAuthorizationQueryParameters, msg: MsgQueryParamsMissing},
		{name: "presigned, bad algorithm", query: presignQuery("X-Amz-Algorithm", "AWS4-HMAC-SHA1"),
			want: ReasonAuthorizationQueryParameters, msg: `X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"`},
		{name: "presigned, bad credential", query: presignQuery("X-Amz-Credential", "AKIDEXAMPLE/20261124/us-east-1/aws4_request"),
			want: ReasonAuthorizationQueryParameters, msgPart: "the Credential is mal-formed"},
		{name: "presigned, bad terminator", query: presignQuery("X-Amz-Credential", "AKIDEXAMPLE/20261124/us-east-1/s3/aws5_request"),
			want: ReasonAuthorizationQueryParameters, msg: `Error parsing the X-Amz-Credential parameter; incorrect terminal "aws5_request". This endpoint uses "aws4_request".`},
		{name: "presigned, bad date", query: presignQuery("X-Amz-Date", "20261124"),
			want: ReasonAuthorizationQueryParameters, msg: `X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`},
		{name: "presigned, expires not a number", query: presignQuery("X-Amz-Expires", "1h"),
			want: ReasonAuthorizationQueryParameters, msg: "X-Amz-Expires should be a number"},
		{name: "presigned, negative expires", query: presignQuery("X-Amz-Expires", "-1"),
			want: ReasonAuthorizationQueryParameters, msg: "X-Amz-Expires must be non-negative"},
		{name: "presigned, expires over a week", query: presignQuery("X-Amz-Expires", "604801"),
			want: ReasonAuthorizationQueryParameters, msg: "X-Amz-Expires must be less than a week (in seconds) that is 604800"},
		{name: "presigned, huge expires", query: presignQuery("X-Amz-Expires", "99999999999999999999999"),
			want: ReasonAuthorizationQueryParameters, msgPart: "less than a week"},
		{name: "presigned, host not signed", query: presignQuery("X-Amz-SignedHeaders", "x-amz-date"),
			want: ReasonIncompleteSignature, msg: MsgHostNotSigned},
		{name: "presigned, signed header absent", query: presignQuery("X-Amz-SignedHeaders", "content-type;host"),
			want: ReasonIncompleteSignature, msgPart: "'content-type' is not present"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			target := "/"
			if c.query != "" {
				target += "?" + c.query
			}
			r := newClientRequest(t, "GET", "http://example.com"+target, nil)
			r.Header.Set("X-Amz-Date", date)
			for k, v := range c.hdr {
				if v == "-" {
					r.Header.Del(k)
				} else {
					r.Header.Set(k, v)
				}
			}
			if c.auth != "" {
				r.Header.Set("Authorization", c.auth)
			}
			for _, req := range []*http.Request{r, toWire(t, r, nil)} {
				sr, err := Parse(req)
				if sr != nil {
					t.Fatalf("Parse returned %+v with error %v", sr, err)
				}
				e := wantReason(t, err, c.want)
				if c.msg != "" && e.Message != c.msg {
					t.Errorf("message\n%q\nwant\n%q", e.Message, c.msg)
				}
				if c.msgPart != "" && !strings.Contains(e.Message, c.msgPart) {
					t.Errorf("message %q does not contain %q", e.Message, c.msgPart)
				}
				// Verify with sr == nil parses and reports the same.
				if err2 := fixedVerifier(testTime).Verify(req, nil, testSecret, EmptyPayloadHash); err2.Error() != err.Error() {
					t.Errorf("Verify(nil) = %v, Parse = %v", err2, err)
				}
			}
		})
	}
}

// presignQuery is a well-formed presigned query with one parameter replaced.
func presignQuery(key, value string) string {
	params := [][2]string{
		{"X-Amz-Algorithm", "AWS4-HMAC-SHA256"},
		{"X-Amz-Credential", "AKIDEXAMPLE/20261124/us-east-1/s3/aws4_request"},
		{"X-Amz-Date", "20261124T170240Z"},
		{"X-Amz-Expires", "900"},
		{"X-Amz-SignedHeaders", "host"},
		{"X-Amz-Signature", EmptyPayloadHash},
	}
	var parts []string
	for _, p := range params {
		if p[0] == key {
			p[1] = value
		}
		parts = append(parts, p[0]+"="+refEncode(p[1]))
	}
	return strings.Join(parts, "&")
}

func TestParseAuthorizationVariants(t *testing.T) {
	// Separators and ordering AWS tolerates.
	r, body := signedJSON(t, testTime)
	auth := r.Header.Get("Authorization")
	cred := "Credential=" + authField(auth, "Credential")
	sh := "SignedHeaders=" + authField(auth, "SignedHeaders")
	sig := "Signature=" + authField(auth, "Signature")
	for _, a := range []string{
		"AWS4-HMAC-SHA256 " + cred + ", " + sh + ", " + sig,
		"AWS4-HMAC-SHA256 " + cred + "," + sh + "," + sig,
		"AWS4-HMAC-SHA256  " + sig + " , " + cred + ",\t" + sh + ",",
		"AWS4-HMAC-SHA256\t" + sh + " " + cred + " " + sig + " Unknown=x",
		// Names are lower-cased: the canonical request uses lower-case names.
		"AWS4-HMAC-SHA256 " + cred + ", " + sh[:14] + strings.ToUpper(sh[14:]) + ", " + sig,
	} {
		r.Header.Set("Authorization", a)
		sr, err := verifyFull(fixedVerifier(testTime), r, body, testSecret)
		if err != nil {
			t.Errorf("%q: %v", a, err)
			continue
		}
		if got := "SignedHeaders=" + strings.Join(sr.SignedHeaders, ";"); got != sh {
			t.Errorf("%q: parsed %s", a, got)
		}
	}
}

func TestCheckScope(t *testing.T) {
	sr := &Request{Region: "us-east-1", Service: "config", Date: "20261124"}
	if err := sr.CheckScope("us-east-1", "config"); err != nil {
		t.Fatal(err)
	}
	if err := sr.CheckScope("", ""); err != nil {
		t.Fatal(err)
	}
	e := wantReason(t, sr.CheckScope("eu-west-1", "config"), ReasonSignatureDoesNotMatch)
	if e.Message != "Credential should be scoped to a valid region, not 'us-east-1'." {
		t.Error(e.Message)
	}
	e = wantReason(t, sr.CheckScope("us-east-1", "organizations"), ReasonSignatureDoesNotMatch)
	if e.Message != "Credential should be scoped to correct service: 'organizations'." {
		t.Error(e.Message)
	}
	if sr.Scope() != "20261124/us-east-1/config/aws4_request" {
		t.Error(sr.Scope())
	}
}

func TestPayloadHash(t *testing.T) {
	body := []byte(`{"hello":"world"}`)
	h := sha256Hex(body)
	cases := []struct {
		name   string
		header string
		query  string
		want   string
		reason Reason
	}{
		{name: "no header", want: h},
		{name: "no header, empty body", want: EmptyPayloadHash},
		{name: "literal hash", header: h, want: h},
		{name: "literal hash, upper case", header: strings.ToUpper(h), want: strings.ToUpper(h)},
		{name: "wrong literal hash", header: EmptyPayloadHash, reason: ReasonContentSHA256Mismatch},
		{name: "UNSIGNED-PAYLOAD", header: UnsignedPayload, want: UnsignedPayload},
		{name: "streaming", header: "STREAMING-UNSIGNED-PAYLOAD-TRAILER", want: "STREAMING-UNSIGNED-PAYLOAD-TRAILER"},
		{name: "streaming signed", header: "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", want: "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"},
		{name: "garbage", header: "sha256", reason: ReasonInvalidContentSHA256},
		{name: "63 hex digits", header: h[1:], reason: ReasonInvalidContentSHA256},
		{name: "presigned", query: "X-Amz-Signature=abc", want: UnsignedPayload},
		{name: "presigned with header", query: "X-Amz-Signature=abc", header: h, want: h},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := body
			if strings.Contains(c.name, "empty body") {
				b = nil
			}
			r := newClientRequest(t, "PUT", "http://example.com/b/k?"+c.query, nil)
			if c.header != "" {
				r.Header.Set("X-Amz-Content-Sha256", c.header)
			}
			got, err := PayloadHash(r, b)
			if c.reason != 0 {
				e := wantReason(t, err, c.reason)
				if c.reason == ReasonContentSHA256Mismatch && e.Message != MsgContentSHA256Mismatch {
					t.Error(e.Message)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("got %q, %v; want %q", got, err, c.want)
			}
		})
	}
}

func TestReasonStrings(t *testing.T) {
	for r := ReasonMissingAuthentication; r <= ReasonInvalidContentSHA256; r++ {
		if s := r.String(); s == "" || strings.HasPrefix(s, "Reason(") {
			t.Errorf("%d has no name", r)
		}
	}
	if Reason(99).String() != "Reason(99)" {
		t.Error(Reason(99).String())
	}
	err := fmt.Errorf("wrapped: %w", newError(ReasonRequestExpired, "m"))
	if ReasonOf(err) != ReasonRequestExpired || ReasonOf(fmt.Errorf("x")) != 0 {
		t.Error("ReasonOf")
	}
	if newError(ReasonRequestExpired, "m").Error() != "RequestExpired: m" {
		t.Error(newError(ReasonRequestExpired, "m").Error())
	}
}

func TestHMACMatchesStdlib(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var buf []byte
	for _, n := range []int{0, 1, 32, 63, 64, 65, 100, 200} {
		for range 20 {
			key := make([]byte, n)
			msg := make([]byte, rng.IntN(300))
			for i := range key {
				key[i] = byte(rng.UintN(256))
			}
			for i := range msg {
				msg[i] = byte(rng.UintN(256))
			}
			var got [32]byte
			got, buf = hmacSHA256(key, msg, buf)
			h := hmac.New(sha256.New, key)
			h.Write(msg)
			if !hmac.Equal(got[:], h.Sum(nil)) {
				t.Fatalf("key len %d msg len %d: mismatch", n, len(msg))
			}
		}
	}
}

// TestKeyCache: keys are per secret (a cached key is never used for another
// secret), the cache is bounded, and the Verifier is safe for concurrent use
// (run with -race).
func TestKeyCache(t *testing.T) {
	v := fixedVerifier(testTime)
	r, body := signedJSON(t, testTime)
	ph := sha256Hex(body)
	if err := v.Verify(r, nil, testSecret, ph); err != nil {
		t.Fatal(err)
	}
	// Same scope, other secret: must not reuse the cached key.
	wantReason(t, v.Verify(r, nil, testSecret+"2", ph), ReasonSignatureDoesNotMatch)
	if err := v.Verify(r, nil, testSecret, ph); err != nil {
		t.Fatal(err)
	}
	if len(v.keys) != 2 {
		t.Errorf("%d cached keys, want 2", len(v.keys))
	}

	// Long secrets (> 60 bytes, so "AWS4"+secret is longer than a block).
	long := strings.Repeat("s", 100)
	s := &scratch{}
	k1 := v.signingKey(long, "20261124", "us-east-1", "config", s)
	mac := func(k []byte, m string) []byte { h := hmac.New(sha256.New, k); h.Write([]byte(m)); return h.Sum(nil) }
	want := mac(mac(mac(mac([]byte("AWS4"+long), "20261124"), "us-east-1"), "config"), "aws4_request")
	if !hmac.Equal(k1[:], want) {
		t.Error("long-secret key differs from the HMAC chain")
	}

	// Bounded.
	for i := range 3 * maxCachedKeys {
		v.signingKey(fmt.Sprint("secret", i), "20261124", "us-east-1", "config", s)
	}
	if len(v.keys) > maxCachedKeys {
		t.Errorf("%d cached keys, max %d", len(v.keys), maxCachedKeys)
	}

	// Concurrent use with several secrets and scopes.
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				if g%2 == 0 {
					if err := v.Verify(r, nil, testSecret, ph); err != nil {
						t.Error(err)
						return
					}
				} else if v.Verify(r, nil, fmt.Sprint("other", i%7), ph) == nil {
					t.Error("wrong secret accepted")
					return
				}
			}
		}()
	}
	wg.Wait()
}

// TestHandBuiltRequest: Verify must cope with a Request not made by Parse.
func TestHandBuiltRequest(t *testing.T) {
	r, body := signedJSON(t, testTime)
	v := fixedVerifier(testTime)
	for _, sr := range []*Request{
		{},
		{Time: testTime, Date: "20261124"},
		{Time: testTime, Date: "20261124", SignedHeaders: []string{"host", "x-missing"}},
		{Time: time.Date(-5, 1, 1, 0, 0, 0, 0, time.UTC), Date: "x"},
		{Time: testTime, Date: "20261124", SignedHeaders: []string{"host"}, Signature: "zz"},
	} {
		if err := v.Verify(r, sr, testSecret, sha256Hex(body)); err == nil {
			t.Errorf("%+v verified", sr)
		} else if ReasonOf(err) == 0 {
			t.Errorf("%+v: %v is not *Error", sr, err)
		}
	}
}

// A presigned URL without X-Amz-Expires parses, valid for the default
// (STS URLs leave it out); S3 refuses it on its own.
func TestParse_PresignedWithoutExpires(t *testing.T) {
	r := httptest.NewRequest("GET", "/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20261124%2Fus-east-1%2Fsts%2Faws4_request"+
		"&X-Amz-Date=20261124T170240Z&X-Amz-SignedHeaders=host&X-Amz-Signature=abc", nil)
	sr, err := Parse(r)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if sr.ExpiresGiven || sr.Expires != DefaultPresignExpires {
		t.Fatalf("ExpiresGiven = %v, Expires = %v; want false, %v", sr.ExpiresGiven, sr.Expires, DefaultPresignExpires)
	}
}
