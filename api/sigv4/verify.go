package sigv4

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Payload hash values that are not a hash of the body.
const (
	UnsignedPayload = "UNSIGNED-PAYLOAD"
	// EmptyPayloadHash is the hex SHA-256 of an empty body.
	EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
)

// streamingPayloads are the X-Amz-Content-Sha256 values, other than a hash and
// UNSIGNED-PAYLOAD, that S3 accepts. The body is then aws-chunked; checking
// chunk signatures is the S3 layer's job.
var streamingPayloads = map[string]bool{
	"STREAMING-UNSIGNED-PAYLOAD-TRAILER":               true,
	"STREAMING-AWS4-HMAC-SHA256-PAYLOAD":               true,
	"STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER":       true,
	"STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD":         true,
	"STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER": true,
}

// DefaultMaxSkew is how far the request time may be from the server clock.
const DefaultMaxSkew = 15 * time.Minute

// maxCachedKeys bounds the signing-key cache of a Verifier.
const maxCachedKeys = 512

// Verifier checks signatures. The zero value is ready to use; a Verifier is
// safe for concurrent use and must not be copied after first use.
type Verifier struct {
	// MaxSkew is the largest accepted difference between the request time and
	// Now, in either direction. Zero means DefaultMaxSkew (15 min, like AWS).
	MaxSkew time.Duration

	// Now returns the current time. Nil means time.Now.
	Now func() time.Time

	// DisableURIPathEscaping uses the path as sent (escaped once) in the
	// canonical request, as S3 does. Every other service escapes the escaped
	// path a second time. Use one Verifier per protocol.
	DisableURIPathEscaping bool

	mu   sync.RWMutex
	keys map[keyID][32]byte // derived signing keys
}

// keyID names a derived signing key. The secret is kept only as its SHA-256.
type keyID struct {
	secret                [32]byte
	date, region, service string
}

// scratch holds the buffers of one Verify call.
type scratch struct {
	canon []byte
	sts   []byte
	mac   []byte
	pairs []queryPair
}

var scratchPool = sync.Pool{New: func() any {
	return &scratch{canon: make([]byte, 0, 1024), sts: make([]byte, 0, 256), mac: make([]byte, 0, 512)}
}}

func (v *Verifier) now() time.Time {
	if v.Now != nil {
		return v.Now()
	}
	return time.Now()
}

func (v *Verifier) maxSkew() time.Duration {
	if v.MaxSkew > 0 {
		return v.MaxSkew
	}
	return DefaultMaxSkew
}

// Verify checks a request parsed by Parse (sr == nil means Parse(r) first):
//
//  1. the clock: X-Amz-Date (or Date) within MaxSkew of Now; for presigned URLs,
//     not before X-Amz-Date - MaxSkew and not after X-Amz-Date + X-Amz-Expires;
//  2. the scope date equals the date of X-Amz-Date;
//  3. the signature, recomputed from secret over the canonical request, equals
//     the one sent (constant-time comparison).
//
// payloadHash is what the client signed for the body: normally PayloadHash(r, body).
// Errors are *Error.
func (v *Verifier) Verify(r *http.Request, sr *Request, secret, payloadHash string) error {
	if sr == nil {
		var err error
		if sr, err = Parse(r); err != nil {
			return err
		}
	}
	if err := v.checkTime(sr); err != nil {
		return err
	}
	if sr.Time.Year() < 0 || sr.Time.Year() > 9999 {
		return newError(ReasonIncompleteSignature, "Date must be in ISO-8601 'basic format'.")
	}
	var dateBuf [8]byte
	date := sr.Time.UTC().AppendFormat(dateBuf[:0], "20060102")
	if sr.Date != string(date) {
		raw := sr.rawDate
		if raw == "" {
			raw = sr.Time.UTC().Format(amzDateLayout)
		}
		return newError(ReasonScopeDateMismatch, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"+
			sr.Date+"' != '"+string(date)+"', from '"+raw+"'.")
	}
	hasHost := false
	for _, h := range sr.SignedHeaders {
		hasHost = hasHost || h == "host"
	}
	if !hasHost {
		return newError(ReasonIncompleteSignature, MsgHostNotSigned)
	}

	s := scratchPool.Get().(*scratch)
	defer func() {
		if cap(s.canon) <= 64<<10 && cap(s.mac) <= 64<<10 { // don't keep huge buffers
			scratchPool.Put(s)
		}
	}()

	var missing string
	s.canon, s.pairs, missing = appendCanonicalRequest(s.canon[:0], r, sr, payloadHash, v.DisableURIPathEscaping, s.pairs)
	if missing != "" {
		return newError(ReasonIncompleteSignature, "Signed header '"+missing+"' is not present in the request.")
	}
	sum := sha256.Sum256(s.canon)

	sts := append(s.sts[:0], Algorithm...)
	sts = append(sts, '\n')
	sts = sr.Time.UTC().AppendFormat(sts, amzDateLayout)
	sts = append(sts, '\n')
	sts = append(sts, sr.Date...)
	sts = append(sts, '/')
	sts = append(sts, sr.Region...)
	sts = append(sts, '/')
	sts = append(sts, sr.Service...)
	sts = append(sts, "/"+Terminator+"\n"...)
	sts = hex.AppendEncode(sts, sum[:])
	s.sts = sts

	key := v.signingKey(secret, sr.Date, sr.Region, sr.Service, s)
	var mac [32]byte
	mac, s.mac = hmacSHA256(key[:], sts, s.mac)

	got, ok := decodeHex32(sr.Signature, false)
	if !hmac.Equal(mac[:], got[:]) || !ok {
		return &Error{Reason: ReasonSignatureDoesNotMatch, Message: MsgSignatureDoesNotMatch,
			CanonicalRequest: string(s.canon), StringToSign: string(sts)}
	}
	return nil
}

func (v *Verifier) checkTime(sr *Request) error {
	now := v.now().UTC()
	t := sr.Time.UTC()
	skew := v.maxSkew()
	if sr.Presigned {
		switch {
		case t.Sub(now) > skew:
			return &Error{Reason: ReasonPresignExpired, Message: MsgPresignNotYetValid, RequestTime: t, ServerTime: now}
		case now.Sub(t) > sr.Expires:
			return &Error{Reason: ReasonPresignExpired, Message: MsgPresignExpired, RequestTime: t, ServerTime: now}
		}
		return nil
	}
	var mins string
	if skew%time.Minute == 0 {
		mins = strconv.FormatInt(int64(skew/time.Minute), 10)
	} else {
		mins = strconv.FormatFloat(skew.Minutes(), 'f', -1, 64)
	}
	switch {
	case now.Sub(t) > skew:
		return &Error{Reason: ReasonRequestExpired, RequestTime: t, ServerTime: now,
			Message: "Signature expired: " + t.Format(amzDateLayout) + " is now earlier than " +
				now.Add(-skew).Format(amzDateLayout) + " (" + now.Format(amzDateLayout) + " - " + mins + " min.)"}
	case t.Sub(now) > skew:
		return &Error{Reason: ReasonRequestExpired, RequestTime: t, ServerTime: now,
			Message: "Signature not yet current: " + t.Format(amzDateLayout) + " is still later than " +
				now.Add(skew).Format(amzDateLayout) + " (" + now.Format(amzDateLayout) + " + " + mins + " min.)"}
	}
	return nil
}

// signingKey returns HMAC chain "AWS4"+secret -> date -> region -> service ->
// "aws4_request", from the cache when it can.
func (v *Verifier) signingKey(secret, date, region, service string, s *scratch) [32]byte {
	s.mac = append(append(s.mac[:0], "AWS4"...), secret...)
	id := keyID{secret: sha256.Sum256(s.mac[4:]), date: date, region: region, service: service}
	v.mu.RLock()
	key, ok := v.keys[id]
	v.mu.RUnlock()
	if ok {
		return key
	}

	k := []byte(string(s.mac)) // "AWS4"+secret, copied: s.mac is reused below
	var buf []byte
	for _, part := range [...]string{date, region, service, Terminator} {
		var out [32]byte
		out, buf = hmacSHA256(k, []byte(part), buf)
		k = out[:]
	}
	copy(key[:], k)

	id.date, id.region, id.service = clone(date), clone(region), clone(service)
	v.mu.Lock()
	if v.keys == nil {
		v.keys = make(map[keyID][32]byte)
	}
	if len(v.keys) >= maxCachedKeys {
		for old := range v.keys { // evict an arbitrary entry
			delete(v.keys, old)
			break
		}
	}
	v.keys[id] = key
	v.mu.Unlock()
	return key
}

// decodeHex32 decodes 64 hex digits; upper-case digits only if upper. A
// signature is lower-case hex, as AWS emits and compares it.
func decodeHex32(s string, upper bool) (out [32]byte, ok bool) {
	if len(s) != 64 {
		return out, false
	}
	for i := range out {
		hi, ok1 := fromHex(s[2*i], upper)
		lo, ok2 := fromHex(s[2*i+1], upper)
		if !ok1 || !ok2 {
			return [32]byte{}, false
		}
		out[i] = hi<<4 | lo
	}
	return out, true
}

func fromHex(c byte, upper bool) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case upper && 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func clone(s string) string { return string([]byte(s)) }

// hmacSHA256 is HMAC-SHA256 (RFC 2104) without allocation: buf is scratch
// space, returned for reuse.
func hmacSHA256(key, msg, buf []byte) ([32]byte, []byte) {
	var k [sha256.BlockSize]byte
	if len(key) > sha256.BlockSize {
		sum := sha256.Sum256(key)
		copy(k[:], sum[:])
	} else {
		copy(k[:], key)
	}
	buf = buf[:0]
	for _, c := range k {
		buf = append(buf, c^0x36)
	}
	buf = append(buf, msg...)
	inner := sha256.Sum256(buf)
	var outer [sha256.BlockSize + sha256.Size]byte
	for i, c := range k {
		outer[i] = c ^ 0x5c
	}
	copy(outer[sha256.BlockSize:], inner[:])
	return sha256.Sum256(outer[:]), buf
}

// PayloadHash returns the payload hash the client signed for body:
//
//   - X-Amz-Content-Sha256 holding a hex SHA-256: it must be the hash of body
//     (else ReasonContentSHA256Mismatch), and is returned as sent;
//   - X-Amz-Content-Sha256 holding UNSIGNED-PAYLOAD or a STREAMING-* value:
//     returned as sent (the body is then not covered by the signature; for
//     STREAMING-* it is aws-chunked and the caller must decode it);
//   - any other X-Amz-Content-Sha256: ReasonInvalidContentSHA256;
//   - no header, presigned URL: UNSIGNED-PAYLOAD (S3's rule; a non-S3
//     presigned URL, e.g. STS, signs hex(sha256(body)) instead);
//   - no header: hex(sha256(body)).
//
// Errors are *Error.
func PayloadHash(r *http.Request, body []byte) (string, error) {
	v := r.Header.Get("X-Amz-Content-Sha256")
	if v == "" {
		if q := requestQuery(r); q != "" && r.Header.Get("Authorization") == "" {
			if _, ok := queryValue(q, QuerySignature); ok {
				return UnsignedPayload, nil
			}
		}
		sum := sha256.Sum256(body)
		return hex.EncodeToString(sum[:]), nil
	}
	if want, ok := decodeHex32(v, true); ok {
		if sha256.Sum256(body) != want {
			return "", newError(ReasonContentSHA256Mismatch, MsgContentSHA256Mismatch)
		}
		return v, nil
	}
	if v == UnsignedPayload || streamingPayloads[v] {
		return v, nil
	}
	return "", newError(ReasonInvalidContentSHA256, MsgInvalidContentSHA256)
}
