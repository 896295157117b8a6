package sigv4

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// benchRequest is a typical Go SDK JSON request as a server receives it: 7
// signed headers, a 200-byte body.
func benchRequest(b *testing.B) (*http.Request, []byte) {
	body := []byte(`{"OrganizationConformancePackName":"demo","TemplateBody":"Parameters:\n  MaxAgeParam:\n    Type: String\n","ExcludedAccounts":["111111111111","222222222222"],"DeliveryS3Bucket":"delivery-bucket-0001"}`)
	if len(body) != 200 {
		b.Fatalf("body is %d bytes", len(body))
	}
	r := newClientRequest(b, "POST", "http://127.0.0.1:4599/", body)
	jsonHeaders("StarlingDoveService.PutOrganizationConformancePack")(r)
	sdkSign(b, r, sha256Hex(body), "config", testTime, "", false)
	addUnsigned(r)
	w := toWire(b, r, body)
	if got := authField(w.Header.Get("Authorization"), "SignedHeaders"); strings.Count(got, ";") != 6 {
		b.Fatalf("signed headers %q", got)
	}
	return w, body
}

// BenchmarkVerify is the whole per-request path of a transport: Parse,
// PayloadHash (sha256 of the body) and Verify, with a warm key cache.
func BenchmarkVerify(b *testing.B) {
	r, body := benchRequest(b)
	v := fixedVerifier(testTime)
	if _, err := verifyFull(v, r, body, testSecret); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		sr, err := Parse(r)
		if err != nil {
			b.Fatal(err)
		}
		ph, err := PayloadHash(r, body)
		if err != nil {
			b.Fatal(err)
		}
		if err := v.Verify(r, sr, testSecret, ph); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyOnly is Verify alone (parsed request, known payload hash).
func BenchmarkVerifyOnly(b *testing.B) {
	r, body := benchRequest(b)
	v := fixedVerifier(testTime)
	sr, err := Parse(r)
	if err != nil {
		b.Fatal(err)
	}
	ph := sha256Hex(body)
	b.ReportAllocs()
	for b.Loop() {
		if err := v.Verify(r, sr, testSecret, ph); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyColdKey derives the signing key every time (a new secret per
// request), to show what the cache saves.
func BenchmarkVerifyColdKey(b *testing.B) {
	r, body := benchRequest(b)
	sr, err := Parse(r)
	if err != nil {
		b.Fatal(err)
	}
	ph := sha256Hex(body)
	b.ReportAllocs()
	for b.Loop() {
		v := &Verifier{Now: func() time.Time { return testTime }}
		if err := v.Verify(r, sr, testSecret, ph); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	r, _ := benchRequest(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(r); err != nil {
			b.Fatal(err)
		}
	}
}
