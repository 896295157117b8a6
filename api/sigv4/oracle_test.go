package sigv4

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

const jsonBody = `{"ConformancePackInputParameters":[{"ParameterName":"MaxAgeParam","ParameterValue":"60"}],"ExcludedAccounts":["111111111111"],"OrganizationConformancePackName":"demo"}`

// oracleCase is a request signed by the SDK signer.
type oracleCase struct {
	name    string
	method  string
	url     string
	body    []byte
	service string
	s3      bool
	token   string
	// before runs before signing (headers to sign), after runs after signing
	// (headers a transport adds, which are not signed).
	before, after func(r *http.Request)
	// payloadHash overrides hex(sha256(body)) for signing.
	payloadHash string
}

func jsonHeaders(target string) func(r *http.Request) {
	return func(r *http.Request) {
		r.Header.Set("Content-Type", "application/x-amz-json-1.1")
		r.Header.Set("X-Amz-Target", target)
		r.Header.Set("Amz-Sdk-Invocation-Id", "8f8375db-1b4c-4b8e-9c1e-6f3c2f0b6a55")
		r.Header.Set("Amz-Sdk-Request", "attempt=1; max=3")
	}
}

func addUnsigned(r *http.Request) {
	r.Header.Set("Accept-Encoding", "gzip")
	r.Header.Set("User-Agent", "aws-sdk-go-v2/1.48.0 ua/2.1 os/linux lang/go#1.26.8")
	r.Header.Set("Connection", "keep-alive")
	r.Header.Set("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793")
}

var oracleCases = []oracleCase{
	{
		name: "json POST with X-Amz-Target", method: "POST", url: "http://127.0.0.1:4599/",
		body: []byte(jsonBody), service: "config",
		before: jsonHeaders("StarlingDoveService.PutOrganizationConformancePack"),
	},
	{
		name: "json POST, unsigned headers added after signing", method: "POST", url: "http://127.0.0.1:4599/",
		body: []byte(jsonBody), service: "config",
		before: jsonHeaders("StarlingDoveService.PutOrganizationConformancePack"), after: addUnsigned,
	},
	{
		name: "content-length not signed (awscli)", method: "POST", url: "http://127.0.0.1:4599/",
		body: []byte(`{}`), service: "config",
		before: func(r *http.Request) {
			r.ContentLength = 0
			r.Header.Set("Content-Type", "application/x-amz-json-1.1")
			r.Header.Set("X-Amz-Target", "StarlingDoveService.DescribeOrganizationConformancePacks")
		},
		after: func(r *http.Request) { r.ContentLength = 2; r.Header.Set("Accept-Encoding", "identity") },
	},
	{
		name: "organizations with session token", method: "POST", url: "http://localhost/",
		body: []byte(`{}`), service: "organizations", token: "FQoGZXIvYXdzEJr//////////wEaDOg+token/with=special+chars",
		before: jsonHeaders("AWSOrganizationsV20161128.ListAccounts"),
	},
	{
		name: "GET unsorted query, repeated keys, special characters", method: "GET",
		url:     "http://example.amazonaws.com/?b=2&a=3&a=1&A=0&c=hello%20world&d=a%2Fb&d=a-b&e=%E2%9C%93&f=x+y&g=~-_.&h=&i&j=%2B%3D%26&k=a=b",
		service: "config",
	},
	{
		name: "escaped path, non-S3 (double encoding)", method: "GET",
		url:     "http://example.amazonaws.com/a%20b/c%2Fd/%C3%BC/x!y*z/~t.-_/",
		service: "config",
	},
	{
		name: "empty path", method: "GET", url: "http://example.amazonaws.com", service: "config",
	},
	{
		name: "header values with runs of spaces and a repeated header", method: "POST", url: "http://127.0.0.1:4599/",
		body: []byte(`{}`), service: "config",
		before: func(r *http.Request) {
			jsonHeaders("StarlingDoveService.DescribeOrganizationConformancePacks")(r)
			r.Header.Set("X-Amz-Meta-Note", "  a   b    c  ")
			r.Header.Set("X-Custom", "\"quoted   value\"   tail")
			r.Header.Add("X-Multi", "one")
			r.Header.Add("X-Multi", "  two   too ")
		},
	},
	{
		name: "host with default port stripped by client", method: "GET", url: "http://example.amazonaws.com:80/x", service: "config",
	},
	{
		name: "S3 PUT, path escaped once", method: "PUT",
		url:  "http://127.0.0.1:4599/delivery-bucket/a%20b/%C3%BC.json?x-id=PutObject",
		body: []byte(`{"hello":"world"}`), service: "s3", s3: true,
		before: func(r *http.Request) {
			r.Header.Set("X-Amz-Content-Sha256", sha256Hex([]byte(`{"hello":"world"}`)))
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set("X-Amz-Checksum-Crc32", "w9vtkA==")
		},
		after: addUnsigned,
	},
	{
		name: "S3 PUT with UNSIGNED-PAYLOAD", method: "PUT",
		url:  "http://127.0.0.1:4599/delivery-bucket/k%2Bplus/%28x%29.txt",
		body: []byte("data"), service: "s3", s3: true, payloadHash: UnsignedPayload,
		before: func(r *http.Request) { r.Header.Set("X-Amz-Content-Sha256", UnsignedPayload) },
	},
	{
		name: "S3 GET with query", method: "GET",
		url:     "http://127.0.0.1:4599/delivery-bucket?list-type=2&prefix=a%20b%2F&max-keys=10",
		service: "s3", s3: true, payloadHash: EmptyPayloadHash,
		before: func(r *http.Request) { r.Header.Set("X-Amz-Content-Sha256", EmptyPayloadHash) },
	},
}

// sign returns the signed client request and its body.
func (c oracleCase) sign(t testing.TB, tm time.Time) (*http.Request, []byte) {
	t.Helper()
	r := newClientRequest(t, c.method, c.url, c.body)
	if c.before != nil {
		c.before(r)
	}
	ph := c.payloadHash
	if ph == "" {
		ph = sha256Hex(c.body)
	}
	// The SDK signer rewrites RawQuery into canonical (sorted, re-encoded)
	// form; other clients send their own order and encoding, so send the
	// original query to make sure it is canonicalized here.
	rawQuery := r.URL.RawQuery
	sdkSign(t, r, ph, c.service, tm, c.token, c.s3)
	r.URL.RawQuery = rawQuery
	if c.after != nil {
		c.after(r)
	}
	return r, c.body
}

func TestOracleSignedRequestsVerify(t *testing.T) {
	for _, c := range oracleCases {
		t.Run(c.name, func(t *testing.T) {
			client, body := c.sign(t, testTime)
			v := fixedVerifier(testTime.Add(3 * time.Second))
			v.DisableURIPathEscaping = c.s3

			// As built by the client, and as received by a net/http server.
			for _, r := range []*http.Request{client, toWire(t, client, body)} {
				sr, err := verifyFull(v, r, body, testSecret)
				if err != nil {
					if e, ok := err.(*Error); ok {
						t.Fatalf("verify (RequestURI %q): %v\ncanonical:\n%s", r.RequestURI, err, e.CanonicalRequest)
					}
					t.Fatalf("verify: %v", err)
				}
				if sr.AccessKeyID != testAKID || sr.Region != testRegion || sr.Service != c.service ||
					sr.Date != "20261124" || !sr.Time.Equal(testTime) || sr.SessionToken != c.token || sr.Presigned {
					t.Errorf("parsed %+v", sr)
				}
				if got, want := strings.Join(sr.SignedHeaders, ";"), authField(client.Header.Get("Authorization"), "SignedHeaders"); got != want {
					t.Errorf("SignedHeaders = %q, want %q", got, want)
				}
			}
		})
	}
}

// TestOracleTampered changes one signed thing at a time after signing; each
// must fail with SignatureDoesNotMatch.
func TestOracleTampered(t *testing.T) {
	tampers := []struct {
		name string
		f    func(r *http.Request, body []byte) []byte // returns the body
		skip func(c oracleCase) bool
	}{
		{"body", func(r *http.Request, b []byte) []byte { return append([]byte(" "), b...) },
			func(c oracleCase) bool { return c.body == nil || c.s3 }},
		{"X-Amz-Target", func(r *http.Request, b []byte) []byte {
			r.Header.Set("X-Amz-Target", r.Header.Get("X-Amz-Target")+"x")
			return b
		}, func(c oracleCase) bool { return c.before == nil || c.s3 }},
		{"path", func(r *http.Request, b []byte) []byte { r.RequestURI = "/x" + r.RequestURI; return b }, nil},
		{"path escaping", func(r *http.Request, b []byte) []byte {
			r.RequestURI = strings.Replace(r.RequestURI, "%20", "+", 1)
			return b
		}, func(c oracleCase) bool { return !strings.Contains(c.url, "%20b/") }},
		{"query added", func(r *http.Request, b []byte) []byte {
			if strings.Contains(r.RequestURI, "?") {
				r.RequestURI += "&z=1"
			} else {
				r.RequestURI += "?z=1"
			}
			return b
		}, nil},
		{"query value", func(r *http.Request, b []byte) []byte {
			r.RequestURI = strings.Replace(r.RequestURI, "a=1", "a=2", 1)
			return b
		}, func(c oracleCase) bool { return !strings.Contains(c.url, "a=1") }},
		{"signed header value", func(r *http.Request, b []byte) []byte {
			r.Header.Set("X-Amz-Date", "20261124T170241Z")
			return b
		}, nil},
		{"signed header repeated", func(r *http.Request, b []byte) []byte {
			r.Header.Add("X-Amz-Date", r.Header.Get("X-Amz-Date"))
			return b
		}, nil},
		{"host", func(r *http.Request, b []byte) []byte { r.Host = "evil.example.com"; return b }, nil},
		{"method", func(r *http.Request, b []byte) []byte { r.Method = "DELETE"; return b }, nil},
		{"session token", func(r *http.Request, b []byte) []byte {
			r.Header.Set("X-Amz-Security-Token", "other")
			return b
		}, func(c oracleCase) bool { return c.token == "" }},
		{"scope region", func(r *http.Request, b []byte) []byte {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "/us-east-1/", "/us-west-2/", 1))
			return b
		}, nil},
		{"signature digit", func(r *http.Request, b []byte) []byte {
			a := r.Header.Get("Authorization")
			last := a[len(a)-1]
			repl := byte('0')
			if last == '0' {
				repl = '1'
			}
			r.Header.Set("Authorization", a[:len(a)-1]+string(repl))
			return b
		}, nil},
		{"signature not hex", func(r *http.Request, b []byte) []byte {
			a := r.Header.Get("Authorization")
			r.Header.Set("Authorization", a[:len(a)-1]+"g")
			return b
		}, nil},
		{"signature upper-case hex", func(r *http.Request, b []byte) []byte {
			a := r.Header.Get("Authorization")
			i := strings.LastIndex(a, "=")
			up := strings.ToUpper(a[i+1:])
			if up == a[i+1:] {
				up = "0" + up[1:]
			}
			r.Header.Set("Authorization", a[:i+1]+up)
			return b
		}, nil},
	}
	ran := 0
	for _, c := range oracleCases {
		for _, tp := range tampers {
			if tp.skip != nil && tp.skip(c) {
				continue
			}
			t.Run(c.name+"/"+tp.name, func(t *testing.T) {
				client, body := c.sign(t, testTime)
				r := toWire(t, client, body)
				v := fixedVerifier(testTime)
				v.DisableURIPathEscaping = c.s3
				if _, err := verifyFull(v, r, body, testSecret); err != nil {
					t.Fatalf("untampered: %v", err)
				}
				body = tp.f(r, body)
				_, err := verifyFull(v, r, body, testSecret)
				e := wantReason(t, err, ReasonSignatureDoesNotMatch)
				if e.CanonicalRequest == "" || !strings.HasPrefix(e.StringToSign, "AWS4-HMAC-SHA256\n") {
					t.Errorf("missing debugging info: %+v", e)
				}
			})
			ran++
		}
		t.Run(c.name+"/secret", func(t *testing.T) {
			client, body := c.sign(t, testTime)
			v := fixedVerifier(testTime)
			v.DisableURIPathEscaping = c.s3
			_, err := verifyFull(v, toWire(t, client, body), body, testSecret+"x")
			wantReason(t, err, ReasonSignatureDoesNotMatch)
		})
		t.Run(c.name+"/wrong path escaping mode", func(t *testing.T) {
			client, body := c.sign(t, testTime)
			v := fixedVerifier(testTime)
			v.DisableURIPathEscaping = !c.s3
			_, err := verifyFull(v, toWire(t, client, body), body, testSecret)
			if strings.Trim(client.URL.EscapedPath(), "/abcdefghijklmnopqrstuvwxyz-") == "" {
				if err != nil { // both modes agree on a path with nothing to escape
					t.Fatal(err)
				}
				return
			}
			wantReason(t, err, ReasonSignatureDoesNotMatch)
		})
	}
	if ran < 100 {
		t.Fatalf("only %d tamper cases ran", ran)
	}
}

// TestS3BodyTamperLiteralHash: for S3 the body is covered through
// X-Amz-Content-Sha256, so a changed body is a ContentSHA256Mismatch.
func TestS3BodyTamperLiteralHash(t *testing.T) {
	c := oracleCases[9]
	if !c.s3 || c.payloadHash != "" {
		t.Fatal("test table changed")
	}
	client, body := c.sign(t, testTime)
	r := toWire(t, client, body)
	_, err := verifyFull(&Verifier{Now: func() time.Time { return testTime }, DisableURIPathEscaping: true}, r, []byte(`{"hello":"World"}`), testSecret)
	wantReason(t, err, ReasonContentSHA256Mismatch)
}

func TestPresigned(t *testing.T) {
	cases := []struct {
		name    string
		url     string
		service string
		s3      bool
		token   string
		hash    string // payload hash signed; "" = UNSIGNED-PAYLOAD
		header  map[string]string
	}{
		{name: "S3 GET object", url: "http://127.0.0.1:4599/delivery-bucket/a%20b/%C3%BC.json?X-Amz-Expires=900", service: "s3", s3: true},
		{name: "S3 GET with session token and query", url: "http://127.0.0.1:4599/b/k?response-content-type=text%2Fplain&X-Amz-Expires=3600&versionId=3",
			service: "s3", s3: true, token: "tok/with+chars="},
		{name: "S3 PUT with signed header", url: "http://s3.example.com/b/k?X-Amz-Expires=60", service: "s3", s3: true,
			header: map[string]string{"Content-Type": "text/plain"}},
		{name: "S3 with X-Amz-Content-Sha256 header", url: "http://s3.example.com/b/k?X-Amz-Expires=60", service: "s3", s3: true,
			hash: EmptyPayloadHash, header: map[string]string{"X-Amz-Content-Sha256": EmptyPayloadHash}},
		{name: "non-S3 GET", url: "http://sts.example.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Expires=60", service: "sts"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			method := "GET"
			if strings.Contains(c.name, "PUT") {
				method = "PUT"
			}
			r := newClientRequest(t, method, c.url, nil)
			for k, v := range c.header {
				r.Header.Set(k, v)
			}
			hash := c.hash
			if hash == "" {
				hash = UnsignedPayload
			}
			signedURL, signedHeader, err := v4.NewSigner().PresignHTTP(context.Background(), creds(c.token), r, hash,
				c.service, testRegion, testTime, func(o *v4.SignerOptions) { o.DisableURIPathEscaping = c.s3 })
			if err != nil {
				t.Fatal(err)
			}
			pr := newClientRequest(t, method, signedURL, nil)
			for k, vs := range signedHeader {
				if k != "Host" {
					pr.Header[k] = vs
				}
			}
			pr.Header.Set("User-Agent", "curl/7.88.1") // unsigned
			wr := toWire(t, pr, nil)

			v := &Verifier{Now: func() time.Time { return testTime.Add(30 * time.Second) }, DisableURIPathEscaping: c.s3}
			sr, err := Parse(wr)
			if err != nil {
				t.Fatal(err)
			}
			if !sr.Presigned || sr.SessionToken != c.token || sr.AccessKeyID != testAKID || sr.Service != c.service {
				t.Errorf("parsed %+v", sr)
			}
			ph, err := PayloadHash(wr, nil)
			if err != nil {
				t.Fatal(err)
			}
			if c.s3 && ph != hash {
				t.Fatalf("PayloadHash = %q, want %q", ph, hash)
			}
			if !c.s3 {
				ph = hash // a non-S3 presigned URL signs what the client chose; see PayloadHash
			}
			if err := v.Verify(wr, sr, testSecret, ph); err != nil {
				t.Fatalf("verify %s: %v\n%s", signedURL, err, err.(*Error).CanonicalRequest)
			}

			// Expiry and clock.
			exp := sr.Expires
			v.Now = func() time.Time { return testTime.Add(exp) }
			if err := v.Verify(wr, sr, testSecret, ph); err != nil {
				t.Errorf("at expiry: %v", err)
			}
			v.Now = func() time.Time { return testTime.Add(exp + time.Second) }
			e := wantReason(t, v.Verify(wr, sr, testSecret, ph), ReasonPresignExpired)
			if e.Message != "Request has expired" {
				t.Errorf("message %q", e.Message)
			}
			v.Now = func() time.Time { return testTime.Add(-16 * time.Minute) }
			e = wantReason(t, v.Verify(wr, sr, testSecret, ph), ReasonPresignExpired)
			if e.Message != "Request is not valid yet" {
				t.Errorf("message %q", e.Message)
			}
			v.Now = func() time.Time { return testTime }

			// Tampering.
			for name, uri := range map[string]string{
				"expires":   strings.Replace(wr.RequestURI, "X-Amz-Expires="+strconv.Itoa(int(exp/time.Second)), "X-Amz-Expires=604800", 1),
				"path":      strings.Replace(wr.RequestURI, "/", "/x", 1),
				"query":     strings.Replace(wr.RequestURI, "?", "?extra=1&", 1),
				"signature": strings.Replace(wr.RequestURI, "X-Amz-Signature=", "X-Amz-Signature=0", 1)[:len(wr.RequestURI)],
			} {
				tr := toWire(t, pr, nil)
				tr.RequestURI = uri
				if uri == wr.RequestURI {
					t.Fatalf("%s: tamper did nothing", name)
				}
				_, err := verifyFull(v, tr, nil, testSecret)
				if !c.s3 {
					sr, perr := Parse(tr)
					if perr != nil {
						t.Fatal(perr)
					}
					err = v.Verify(tr, sr, testSecret, hash)
				}
				wantReason(t, err, ReasonSignatureDoesNotMatch)
			}
			_, err = verifyFull(v, wr, nil, "wrong")
			if !c.s3 {
				err = v.Verify(wr, nil, "wrong", hash)
			}
			wantReason(t, err, ReasonSignatureDoesNotMatch)
		})
	}
}

// TestCapturedClientHeaderSets replays the request shapes captured from real
// clients (deps.md §3/4) with exactly their signed header sets.
func TestCapturedClientHeaderSets(t *testing.T) {
	awscliBody := `{"OrganizationConformancePackName": "demo", "TemplateBody": "Parameters:\n  MaxAgeParam: ...", "ConformancePackInputParameters": [{"ParameterName": "MaxAgeParam", "ParameterValue": "60"}], "ExcludedAccounts": ["111111111111", "222222222222"]}`
	cases := []struct {
		name          string
		body          string
		service       string
		sign          func(r *http.Request) // headers present at signing
		unsigned      func(r *http.Request) // headers added by the transport afterwards
		signedHeaders string
	}{
		{
			name: "awscli v2 2.9.19", body: `{}`, service: "config",
			sign: func(r *http.Request) {
				r.ContentLength = 0 // awscli does not sign content-length
				r.Header.Set("Content-Type", "application/x-amz-json-1.1")
				r.Header.Set("X-Amz-Target", "StarlingDoveService.DescribeOrganizationConformancePacks")
			},
			unsigned: func(r *http.Request) {
				r.ContentLength = 2
				r.Header.Set("Accept-Encoding", "identity")
				r.Header.Set("User-Agent", "aws-cli/2.9.19 Python/3.11.2 Linux/6.18.44-fc-v657 source/x86_64.debian.12 prompt/off command/configservice.describe-organization-conformance-packs")
			},
			signedHeaders: "content-type;host;x-amz-date;x-amz-target",
		},
		{
			name: "awscli v1 put (python json separators)", body: awscliBody, service: "config",
			sign: func(r *http.Request) {
				r.ContentLength = 0
				r.Header.Set("Content-Type", "application/x-amz-json-1.1")
				r.Header.Set("X-Amz-Target", "StarlingDoveService.PutOrganizationConformancePack")
			},
			unsigned: func(r *http.Request) {
				r.ContentLength = int64(len(awscliBody))
				r.Header.Set("Amz-Sdk-Invocation-Id", "1d5a1a4e-7b1b-4a1e-8c1e-0b1a2c3d4e5f")
				r.Header.Set("Amz-Sdk-Request", "attempt=1")
				r.Header.Set("Accept-Encoding", "identity")
			},
			signedHeaders: "content-type;host;x-amz-date;x-amz-target",
		},
		{
			name: "curl --aws-sigv4", body: `{}`, service: "config",
			sign: func(r *http.Request) {
				r.ContentLength = 0
				r.Header.Set("Content-Type", "application/x-amz-json-1.1")
				r.Header.Set("X-Amz-Target", "StarlingDoveService.DescribeOrganizationConformancePacks")
			},
			unsigned: func(r *http.Request) {
				r.ContentLength = 2
				r.Header.Set("Accept", "*/*")
				r.Header.Set("User-Agent", "curl/7.88.1")
			},
			signedHeaders: "content-type;host;x-amz-date;x-amz-target",
		},
		{
			name: "aws-sdk-go-v2 1.48.0", body: jsonBody, service: "config",
			sign: func(r *http.Request) {
				r.Header.Set("Amz-Sdk-Invocation-Id", "8f8375db-1b4c-4b8e-9c1e-6f3c2f0b6a55")
				r.Header.Set("Amz-Sdk-Request", "attempt=1; max=3")
				r.Header.Set("Content-Type", "application/x-amz-json-1.1")
				r.Header.Set("X-Amz-Target", "StarlingDoveService.PutOrganizationConformancePack")
			},
			unsigned: func(r *http.Request) {
				r.Header.Set("Accept-Encoding", "gzip")
				r.Header.Set("User-Agent", "aws-sdk-go-v2/1.48.0 ua/2.1 os/linux lang/go#1.26.8 md/GOOS#linux md/GOARCH#amd64 api/configservice#1.74.11 m/E,e")
			},
			signedHeaders: "amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-date;x-amz-target",
		},
		{
			name: "aws-sdk-go-v2 organizations", body: `{}`, service: "organizations",
			sign: func(r *http.Request) {
				r.Header.Set("Amz-Sdk-Invocation-Id", "0b0c1d2e-3f40-4152-8364-758697a8b9ca")
				r.Header.Set("Amz-Sdk-Request", "attempt=1; max=3")
				r.Header.Set("Content-Type", "application/x-amz-json-1.1")
				r.Header.Set("X-Amz-Target", "AWSOrganizationsV20161128.ListAccounts")
			},
			unsigned:      func(r *http.Request) { r.Header.Set("Accept-Encoding", "gzip") },
			signedHeaders: "amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-date;x-amz-target",
		},
		{
			name: "JS SDK v3 3.1124.0", body: `{"OrganizationConformancePackName":"demo"}`, service: "config",
			sign: func(r *http.Request) {
				b := `{"OrganizationConformancePackName":"demo"}`
				r.Header.Set("Amz-Sdk-Invocation-Id", "5a0e8c1f-9d2b-4b3a-8e7f-6c5d4b3a2f10")
				r.Header.Set("Amz-Sdk-Request", "attempt=1; max=3")
				r.Header.Set("Content-Type", "application/x-amz-json-1.1")
				r.Header.Set("X-Amz-Content-Sha256", sha256Hex([]byte(b)))
				r.Header.Set("X-Amz-Target", "StarlingDoveService.GetOrganizationConformancePackDetailedStatus")
				r.Header.Set("X-Amz-User-Agent", "aws-sdk-js/3.1123.0")
			},
			unsigned: func(r *http.Request) {
				r.Header.Set("Connection", "keep-alive")
				r.Header.Set("User-Agent", "aws-sdk-js/3.1123.0 ua/2.1 os/linux#6.18.44 lang/js md/nodejs#20.20.2 api/config-service#3.1124.0 m/E")
			},
			signedHeaders: "amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target;x-amz-user-agent",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := []byte(c.body)
			r := newClientRequest(t, "POST", "http://127.0.0.1:4599/", body)
			c.sign(r)
			sdkSign(t, r, sha256Hex(body), c.service, testTime, "", false)
			c.unsigned(r)
			if got := authField(r.Header.Get("Authorization"), "SignedHeaders"); got != c.signedHeaders {
				t.Fatalf("signed %q, want the captured %q", got, c.signedHeaders)
			}
			wr := toWire(t, r, body)
			if _, err := verifyFull(fixedVerifier(testTime.Add(time.Minute)), wr, body, testSecret); err != nil {
				t.Fatal(err)
			}
			// The same through the independent reference signer.
			r2 := newClientRequest(t, "POST", "http://127.0.0.1:4599/", body)
			c.sign(r2)
			c.unsigned(r2)
			r2.ContentLength = int64(len(body))
			r2.Header.Set("X-Amz-Date", testTime.Format(amzDateLayout))
			if strings.Contains(c.signedHeaders, "content-length") {
				r2.Header.Set("Content-Length", strconv.Itoa(len(body)))
			}
			r2.Header.Set("Authorization", refSign(r2, strings.Split(c.signedHeaders, ";"), sha256Hex(body), c.service,
				testTime.Format(amzDateLayout), false))
			if r2.Header.Get("Authorization") != r.Header.Get("Authorization") {
				t.Errorf("reference signer: %s\nSDK:               %s", r2.Header.Get("Authorization"), r.Header.Get("Authorization"))
			}
		})
	}
}

// TestKnownVectors checks two published AWS examples (the SigV4 test suite's
// get-vanilla and the IAM ListUsers example of the IAM User Guide).
func TestKnownVectors(t *testing.T) {
	tm := time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC)
	cases := []struct {
		name, url, service, auth string
		header                   map[string]string
	}{
		{
			name: "get-vanilla", url: "http://example.amazonaws.com/", service: "service",
			auth: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
		},
		{
			name: "iam ListUsers", url: "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08", service: "iam",
			header: map[string]string{"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
			auth:   "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newClientRequest(t, "GET", c.url, nil)
			for k, v := range c.header {
				r.Header.Set(k, v)
			}
			sdkSign(t, r, EmptyPayloadHash, c.service, tm, "", false)
			if got := r.Header.Get("Authorization"); got != c.auth {
				t.Errorf("oracle signed\n%s\nwant\n%s", got, c.auth)
			}
			r.Header.Set("Authorization", c.auth)
			if _, err := verifyFull(fixedVerifier(tm), toWire(t, r, nil), nil, testSecret); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestRefSignMatchesSDK keeps the reference signer honest on the oracle cases
// it supports.
func TestRefSignMatchesSDK(t *testing.T) {
	for _, c := range oracleCases {
		if c.token != "" {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			r, body := c.sign(t, testTime)
			auth := r.Header.Get("Authorization")
			signed := strings.Split(authField(auth, "SignedHeaders"), ";")
			if r.ContentLength > 0 {
				r.Header.Set("Content-Length", strconv.FormatInt(r.ContentLength, 10))
			}
			ph := c.payloadHash
			if ph == "" {
				ph = sha256Hex(body)
			}
			host := r.Host
			r.Host = strings.TrimSuffix(host, ":80")
			if got := refSign(r, signed, ph, c.service, testTime.Format(amzDateLayout), c.s3); got != auth {
				t.Errorf("reference\n%s\nSDK\n%s", got, auth)
			}
		})
	}
}

// TestBeyondTheSDK: requests the SDK signer cannot produce, signed with the
// reference signer.
func TestBeyondTheSDK(t *testing.T) {
	amzDate := testTime.Format(amzDateLayout)
	cases := []struct {
		name   string
		signed []string
		prep   func(r *http.Request)
	}{
		{"signs user-agent and expect", []string{"content-type", "expect", "host", "user-agent", "x-amz-date", "x-amz-target"},
			func(r *http.Request) {
				r.Header.Set("User-Agent", "custom/1.0  (linux)")
				r.Header.Set("Expect", "100-continue")
			}},
		{"signs x-amzn-trace-id", []string{"host", "x-amz-date", "x-amzn-trace-id"},
			func(r *http.Request) { r.Header.Set("X-Amzn-Trace-Id", "Root=1-abc") }},
		{"unsorted SignedHeaders, as listed", []string{"x-amz-target", "host", "x-amz-date", "content-type"}, nil},
		{"without x-amz-date signed", []string{"content-type", "host"}, nil},
		{"Date header instead of X-Amz-Date", []string{"date", "host"},
			func(r *http.Request) {
				r.Header.Del("X-Amz-Date")
				r.Header.Set("Date", testTime.Format(http.TimeFormat))
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := []byte(`{}`)
			r := newClientRequest(t, "POST", "http://127.0.0.1:4599/", body)
			r.Header.Set("Content-Type", "application/x-amz-json-1.1")
			r.Header.Set("X-Amz-Target", "StarlingDoveService.DescribeOrganizationConformancePacks")
			r.Header.Set("X-Amz-Date", amzDate)
			if c.prep != nil {
				c.prep(r)
			}
			r.Header.Set("Authorization", refSign(r, c.signed, sha256Hex(body), "config", amzDate, false))
			wr := toWire(t, r, body)
			v := fixedVerifier(testTime)
			if _, err := verifyFull(v, wr, body, testSecret); err != nil {
				t.Fatalf("%v\n%s", err, err.(*Error).CanonicalRequest)
			}
			// Changing a signed header must break it.
			for _, h := range c.signed {
				if h == "host" || h == "date" || h == "x-amz-date" {
					continue
				}
				tr := toWire(t, r, body)
				tr.Header.Set(h, tr.Header.Get(h)+"x")
				_, err := verifyFull(v, tr, body, testSecret)
				wantReason(t, err, ReasonSignatureDoesNotMatch)
			}
		})
	}

	t.Run("transfer-encoding signed, chunked body", func(t *testing.T) {
		body := []byte(`{"a":1}`)
		r := newClientRequest(t, "POST", "http://127.0.0.1:4599/", nil)
		r.Header.Set("X-Amz-Date", amzDate)
		r.Header.Set("Transfer-Encoding", "chunked")
		r.Header.Set("Authorization", refSign(r, []string{"host", "transfer-encoding", "x-amz-date"}, sha256Hex(body), "config", amzDate, false))
		r.Header.Del("Transfer-Encoding")
		r.ContentLength = -1
		r.TransferEncoding = []string{"chunked"}
		wr := toWire(t, r, body)
		if len(wr.TransferEncoding) != 1 || wr.Header.Get("Transfer-Encoding") != "" {
			t.Fatalf("wire request: TE %v header %q", wr.TransferEncoding, wr.Header)
		}
		if _, err := verifyFull(fixedVerifier(testTime), wr, body, testSecret); err != nil {
			t.Fatal(err)
		}
	})
}
