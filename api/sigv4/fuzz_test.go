package sigv4

import (
	"context"
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// fuzzSeed is one input of FuzzParseAndVerify.
type fuzzSeed struct {
	method, target, headers string
	body                    []byte
	mode                    byte
}

// Bits of fuzzSeed.mode.
const (
	fuzzServer = 1 << iota // set RequestURI and canonical header keys, like net/http's server
	fuzzS3                 // DisableURIPathEscaping
)

// fuzzSeeds are valid requests signed by the SDK: the fuzzer starts from
// requests that get all the way to the signature comparison.
func fuzzSeeds(t testing.TB) []fuzzSeed {
	var seeds []fuzzSeed
	for _, c := range oracleCases {
		client, body := c.sign(t, testTime)
		r := toWire(t, client, body)
		var hs strings.Builder
		hs.WriteString("Host: " + r.Host + "\n")
		for k, vs := range r.Header {
			for _, v := range vs {
				hs.WriteString(k + ": " + v + "\n")
			}
		}
		mode := byte(fuzzServer)
		if c.s3 {
			mode |= fuzzS3
		}
		seeds = append(seeds, fuzzSeed{r.Method, r.RequestURI, hs.String(), body, mode})
	}
	// A presigned URL.
	r := newClientRequest(t, "GET", "http://127.0.0.1:4599/b/a%20b/%C3%BC.json?X-Amz-Expires=900", nil)
	u, _, err := v4.NewSigner().PresignHTTP(context.Background(), creds("tok"), r, UnsignedPayload, "s3", testRegion, testTime,
		func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true })
	if err != nil {
		t.Fatal(err)
	}
	pu, _ := url.Parse(u)
	seeds = append(seeds, fuzzSeed{"GET", pu.RequestURI(), "Host: 127.0.0.1:4599\n", nil, fuzzServer | fuzzS3})
	return seeds
}

// buildFuzzRequest makes an http.Request out of arbitrary strings without
// going through a parser that would reject them.
func buildFuzzRequest(s fuzzSeed) *http.Request {
	path, query, _ := strings.Cut(s.target, "?")
	r := &http.Request{Method: s.method, Header: http.Header{}, URL: &url.URL{RawPath: path, RawQuery: query}, ContentLength: int64(len(s.body))}
	if p, err := url.PathUnescape(path); err == nil {
		r.URL.Path = p
	} else {
		r.URL.Path = path
	}
	if s.mode&fuzzServer != 0 {
		r.RequestURI = s.target
	}
	for _, line := range strings.Split(s.headers, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		v = strings.TrimLeft(v, " ")
		if strings.EqualFold(k, "host") {
			r.Host = v
			continue
		}
		if s.mode&fuzzServer != 0 {
			k = textproto.CanonicalMIMEHeaderKey(k)
		}
		r.Header[k] = append(r.Header[k], v)
	}
	return r
}

func checkErr(t *testing.T, what string, err error) {
	if err == nil {
		return
	}
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("%s: %T %v is not *Error", what, err, err)
	}
	if e.Reason < ReasonMissingAuthentication || e.Reason > ReasonInvalidContentSHA256 || e.Message == "" {
		t.Fatalf("%s: bad error %+v", what, e)
	}
}

func TestFuzzSeedsVerify(t *testing.T) {
	for _, s := range fuzzSeeds(t) {
		r := buildFuzzRequest(s)
		v := &Verifier{Now: func() time.Time { return testTime }, DisableURIPathEscaping: s.mode&fuzzS3 != 0}
		if _, err := verifyFull(v, r, s.body, testSecret); err != nil {
			t.Errorf("seed %s %s: %v", s.method, s.target, err)
		}
	}
}

// FuzzParseAndVerify: arbitrary method, target, headers (Authorization,
// X-Amz-Date, ...) and body must never make Parse, PayloadHash or Verify
// panic, errors must be *Error, and a request can't verify under two secrets.
func FuzzParseAndVerify(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s.method, s.target, s.headers, s.body, s.mode)
	}
	f.Add("GET", "/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=&X-Amz-Expires=-0", "Authorization: AWS4-HMAC-SHA256 Credential=////", []byte(nil), byte(0))
	f.Add("", "", "Authorization: AWS4-HMAC-SHA256 ,,, = ==\nX-Amz-Date: 99991231T235959Z\nDate: x", []byte("x"), byte(3))
	f.Fuzz(func(t *testing.T, method, target, headers string, body []byte, mode byte) {
		s := fuzzSeed{method, target, headers, body, mode}
		r := buildFuzzRequest(s)
		v := &Verifier{Now: func() time.Time { return testTime }, DisableURIPathEscaping: mode&fuzzS3 != 0}

		sr, err := Parse(r)
		checkErr(t, "Parse", err)
		if (sr == nil) == (err == nil) {
			t.Fatalf("Parse returned %v and %v", sr, err)
		}
		ph, err := PayloadHash(r, body)
		checkErr(t, "PayloadHash", err)
		if err != nil {
			ph = EmptyPayloadHash
		}
		err = v.Verify(r, nil, testSecret, ph)
		checkErr(t, "Verify(nil)", err)
		if sr == nil {
			if err == nil {
				t.Fatal("Verify accepted what Parse refused")
			}
			return
		}
		err2 := v.Verify(r, sr, testSecret, ph)
		checkErr(t, "Verify", err2)
		if (err == nil) != (err2 == nil) {
			t.Fatalf("Verify(nil) = %v, Verify(sr) = %v", err, err2)
		}
		if err == nil {
			if v.Verify(r, sr, testSecret+"x", ph) == nil {
				t.Fatal("verified under two secrets")
			}
			if v.Verify(r, sr, testSecret, ph+"0") == nil {
				t.Fatal("verified under two payload hashes")
			}
		}
		_ = sr.Scope()
		checkErr(t, "CheckScope", sr.CheckScope("us-east-1", "config"))
	})
}

// Bits of the mode of FuzzOracleAgreement.
const (
	oracleS3      = 1 << iota // DisableURIPathEscaping on both sides
	oracleWire                // send through r.Write + http.ReadRequest
	oraclePresign             // PresignHTTP instead of SignHTTP
)

// FuzzOracleAgreement signs arbitrary requests with the SDK signer and checks
// that this package verifies them: a differential test of the canonical
// request. Inputs outside what both sides define the same way are skipped:
// queries url.ParseQuery rejects (the SDK drops those pairs; we sign them),
// header names that are not tokens or that the SDK treats specially, and, for
// the wire mode, bytes the HTTP/1.1 writer rewrites.
func FuzzOracleAgreement(f *testing.F) {
	f.Add("/", "X-Custom", "v", []byte("{}"), byte(0))
	f.Add("/a%20b/%C3%BC.json?x-id=PutObject", "X-Amz-Meta-K", "  a   b ", []byte("body"), byte(oracleS3|oracleWire))
	f.Add("/p/q!*'();:@&=+$,/?%/#[]?b=2&a=1&a=0&c=%2B+%20&d", "Amz-Sdk-Request", "attempt=1; max=3", []byte(nil), byte(oracleWire))
	f.Add("/delivery-bucket/k%2Fx?versionId=3&X-Amz-Expires=60", "Content-Md5", "x", []byte(nil), byte(oracleS3|oraclePresign|oracleWire))
	f.Add("", "x", "\t\v x \u00a0", []byte("x"), byte(oraclePresign))
	f.Fuzz(func(t *testing.T, target, hName, hVal string, body []byte, mode byte) {
		if target != "" && target[0] != '/' && target[0] != '?' {
			return
		}
		method := [...]string{"GET", "POST", "PUT", "DELETE"}[mode>>3&3]
		u, err := url.Parse("http://example.com" + target)
		if err != nil || u.Host != "example.com" || u.User != nil {
			return
		}
		q, err := url.ParseQuery(u.RawQuery)
		if err != nil || q.Has(QuerySignature) || q.Has(QueryAlgorithm) {
			return
		}
		presign := mode&oraclePresign != 0
		if presign {
			if q.Has(QueryExpires) || q.Has(QueryCredential) || q.Has(QueryDate) || q.Has(QuerySignedHeaders) || q.Has(QuerySecurityToken) {
				return
			}
			if u.RawQuery != "" {
				u.RawQuery += "&"
			}
			u.RawQuery += "X-Amz-Expires=60"
		}
		if !validFuzzHeaderName(hName, presign) {
			return
		}
		r, err := http.NewRequest(method, u.String(), nil)
		if err != nil {
			return
		}
		r.URL = u // keep RawPath exactly as parsed
		r.ContentLength = int64(len(body))
		r.Header.Set("Content-Type", "application/octet-stream")
		r.Header[hName] = []string{hVal}

		s3 := mode&oracleS3 != 0
		opt := func(o *v4.SignerOptions) { o.DisableURIPathEscaping = s3 }
		signer := v4.NewSigner()
		payloadHash := sha256Hex(body)
		if presign {
			payloadHash = UnsignedPayload
			signedURL, signedHdr, err := signer.PresignHTTP(context.Background(), creds(""), r, payloadHash, "s3", testRegion, testTime, opt)
			if err != nil {
				t.Fatal(err)
			}
			pu, err := url.Parse(signedURL)
			if err != nil {
				t.Fatalf("SDK produced unparseable URL %q: %v", signedURL, err)
			}
			// The SDK returns the query in canonical order; send it reversed.
			pairs := strings.Split(pu.RawQuery, "&")
			slices.Reverse(pairs)
			pu.RawQuery = strings.Join(pairs, "&")
			r = &http.Request{Method: method, URL: pu, Host: pu.Host, Header: http.Header{}, ContentLength: int64(len(body))}
			for k, vs := range signedHdr {
				if k != "Host" {
					r.Header[k] = vs
				}
			}
		} else {
			// The SDK rewrites RawQuery into canonical form; send the original.
			rawQuery := r.URL.RawQuery
			if err := signer.SignHTTP(context.Background(), creds(""), r, payloadHash, "config", testRegion, testTime, opt); err != nil {
				t.Fatal(err)
			}
			r.URL.RawQuery = rawQuery
		}

		if mode&oracleWire != 0 {
			if strings.ContainsFunc(hVal, func(c rune) bool { return c < ' ' && c != '\t' || c == 0x7f }) {
				return
			}
			wantURI := r.URL.RequestURI()
			w, err := wire(r, body)
			if err != nil || w.RequestURI != wantURI || len(w.Header.Values(hName)) == 0 {
				return // the HTTP layer changed or refused the request; not a signature matter
			}
			r = w
		}

		v := &Verifier{Now: func() time.Time { return testTime }, DisableURIPathEscaping: s3}
		sr, err := Parse(r)
		if err != nil {
			t.Fatalf("Parse: %v\nrequest URI %q header %q", err, r.URL.RequestURI(), r.Header)
		}
		if err := v.Verify(r, sr, testSecret, payloadHash); err != nil {
			e := err.(*Error)
			t.Fatalf("SDK-signed request does not verify: %v\nURL %q RequestURI %q\ncanonical request:\n%s", err, r.URL.String(), r.RequestURI, e.CanonicalRequest)
		}
	})
}

func validFuzzHeaderName(name string, presign bool) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		if !isTokenByte(name[i]) {
			return false
		}
	}
	lower := strings.ToLower(name)
	switch lower {
	case "authorization", "user-agent", "x-amzn-trace-id", "expect", "transfer-encoding", "host", "content-length",
		"x-amz-date", "x-amz-security-token", "content-type", "trailer", "connection", "te", "upgrade", "proxy-connection", "keep-alive":
		return false
	}
	// Presigning moves X-Amz-* headers into the query string.
	return !(presign && strings.HasPrefix(lower, "x-amz-"))
}
