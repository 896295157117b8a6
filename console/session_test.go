package console

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"conforms/control"
)

func TestSession_SignedAndExpiring(t *testing.T) {
	key := []byte(strings.Repeat("k", 32))
	now := time.Unix(1_800_000_000, 0)
	s := &session{KeyID: "AKIA", AccountID: "111111111111", PrincipalArn: "arn:aws:iam::111111111111:root", Region: "us-east-1",
		Expires: now.Add(time.Hour).Unix(), Nonce: newNonce()}
	v := s.encode(key)
	got, err := decodeSession(key, v, now)
	if err != nil || *got != *s {
		t.Fatalf("decodeSession(encode(s)) = %+v, %v; want %+v", got, err, s)
	}
	payload, sig, _ := strings.Cut(v, ".")
	other := *s
	other.AccountID = "222222222222"
	forged, _, _ := strings.Cut(other.encode(key), ".")
	for name, value := range map[string]string{
		"no signature":           payload,
		"other payload":          forged + "." + sig,
		"bad base64":             "!!." + sig,
		"empty":                  "",
		"signature of other key": (&session{AccountID: "1", Region: "r", Expires: now.Add(time.Hour).Unix()}).encode([]byte("other")),
	} {
		if _, err := decodeSession(key, value, now); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := decodeSession(key, v, now.Add(time.Hour)); err == nil {
		t.Error("an expired session was accepted")
	}
	token := s.csrfToken(key)
	if !s.checkCSRF(key, token) || s.checkCSRF(key, "") || s.checkCSRF(key, token+"x") {
		t.Error("CSRF tokens are not checked")
	}
	other.Nonce = newNonce()
	if other.checkCSRF(key, token) {
		t.Error("a CSRF token of another session was accepted")
	}
}

func TestSafeNextAndOrigin(t *testing.T) {
	for next, want := range map[string]string{
		"/console/packs?x=1": "/console/packs?x=1",
		"https://evil/":      "/console/",
		"//evil/console/":    "/console/",
		"/consolex":          "/console/",
		"/console/\\evil":    "/console/",
		"":                   "/console/",
	} {
		if got := safeNext(next); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", next, got, want)
		}
	}
	for origin, want := range map[string]bool{"": true, "http://example.com": true, "https://example.com/console/": true,
		"http://evil.com": false, "null": false, "http://example.com.evil.com": false} {
		r := httptest.NewRequest("POST", "http://example.com/console/signin", nil)
		if origin != "" {
			r.Header.Set("Origin", origin)
		}
		if got := sameOrigin(r); got != want {
			t.Errorf("sameOrigin with Origin %q = %v, want %v", origin, got, want)
		}
	}
}

func TestScoreClass(t *testing.T) {
	for _, tt := range []struct {
		cell        control.HeatCell
		class, text string
	}{
		{control.HeatCell{}, "cell nd", "–"},
		{control.HeatCell{Deployed: true, Score: -1}, "cell na", "N/A"},
		{control.HeatCell{Deployed: true, Score: 0}, "cell s0", "0"},
		{control.HeatCell{Deployed: true, Score: 66.666}, "cell s6", "66.6"},
		{control.HeatCell{Deployed: true, Score: 100}, "cell s10", "100"},
	} {
		if c, s := scoreClass(tt.cell), score(tt.cell); c != tt.class || s != tt.text {
			t.Errorf("cell %+v: %q %q, want %q %q", tt.cell, c, s, tt.class, tt.text)
		}
	}
}
