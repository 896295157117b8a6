package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"hash/crc64"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"conforms/api/sigv4"
)

// botocoreBody is what botocore 1.43 sent over HTTPS for put_object with the
// body {"hello":"world"}\n (deps.md §2 item 6).
const botocoreBody = "12\r\n{\"hello\":\"world\"}\n\r\n0\r\nx-amz-checksum-crc32:w9vtkA==\r\n\r\n"

func TestDecodeChunked_Botocore(t *testing.T) {
	body, trailers, err := decodeChunked(strings.NewReader(botocoreBody), MaxObjectBytes, nil)
	if err != nil {
		t.Fatal(err)
	}
	if string(body) != "{\"hello\":\"world\"}\n" {
		t.Errorf("payload = %q", body)
	}
	if len(trailers) != 1 || trailers["x-amz-checksum-crc32"] != "w9vtkA==" {
		t.Errorf("trailers = %v", trailers)
	}
	if err := checkDigests(http.Header{}, trailers, body); err != nil {
		t.Errorf("checkDigests: %v", err)
	}
	if err := checkDigests(http.Header{}, trailers, append(body, 'x')); err == nil || !strings.Contains(err.Error(), "BadDigest") {
		t.Errorf("checkDigests of another payload = %v, want BadDigest", err)
	}
}

// The example of the S3 documentation ("Signature Calculations for the
// Authorization Header: Transferring Payload in Multiple Chunks"): 66560
// bytes of 'a' in chunks of 65536, 1024 and 0 bytes.
const (
	exampleSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	exampleSeed   = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"
)

var exampleChunks = []struct {
	size int
	sig  string
}{
	{65536, "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648"},
	{1024, "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497"},
	{0, "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9"},
}

func exampleBody(corrupt bool) []byte {
	var b bytes.Buffer
	for _, c := range exampleChunks {
		fmt.Fprintf(&b, "%x;chunk-signature=%s\r\n", c.size, c.sig)
		data := bytes.Repeat([]byte("a"), c.size)
		if corrupt && c.size == 1024 {
			data[10] = 'b'
		}
		b.Write(data)
		b.WriteString("\r\n")
	}
	return b.Bytes()
}

func exampleRequest(t testing.TB, body []byte) (*http.Request, *sigv4.Request) {
	t.Helper()
	r := httptest.NewRequest(http.MethodPut, "http://s3.amazonaws.com/examplebucket/chunkObject.txt", bytes.NewReader(body))
	r.Host = "s3.amazonaws.com"
	for k, v := range map[string]string{
		"X-Amz-Date": "20130524T000000Z", "X-Amz-Storage-Class": "REDUCED_REDUNDANCY", "Content-Encoding": "aws-chunked",
		"X-Amz-Decoded-Content-Length": "66560", "X-Amz-Content-Sha256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
		"Authorization": "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request," +
			"SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class," +
			"Signature=" + exampleSeed,
	} {
		r.Header.Set(k, v)
	}
	sr, err := sigv4.Parse(r)
	if err != nil {
		t.Fatal(err)
	}
	return r, sr
}

func TestDecodeChunked_SignedExample(t *testing.T) {
	body := exampleBody(false)
	if len(body) != 66824 {
		t.Fatalf("example body is %d bytes, the documentation says 66824", len(body))
	}
	r, sr := exampleRequest(t, body)
	v := &sigv4.Verifier{DisableURIPathEscaping: true, Now: func() time.Time { return sr.Time }}
	if err := v.Verify(r, sr, exampleSecret, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"); err != nil {
		t.Fatalf("seed signature: %v", err)
	}
	payload, trailers, err := decodeChunked(bytes.NewReader(body), MaxObjectBytes, newChunkVerifier(sr, exampleSecret))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(payload, bytes.Repeat([]byte("a"), 66560)) || len(trailers) != 0 {
		t.Errorf("payload of %d bytes, trailers %v", len(payload), trailers)
	}

	_, _, err = decodeChunked(bytes.NewReader(exampleBody(true)), MaxObjectBytes, newChunkVerifier(sr, exampleSecret))
	if !errors.Is(err, errChunkSig) {
		t.Errorf("corrupted chunk: %v, want errChunkSig", err)
	}
	_, _, err = decodeChunked(bytes.NewReader(body), MaxObjectBytes, newChunkVerifier(sr, "another secret"))
	if !errors.Is(err, errChunkSig) {
		t.Errorf("another secret: %v, want errChunkSig", err)
	}
	// Chunks cannot be dropped or reordered: each signs the one before.
	i := bytes.Index(body, []byte("400;chunk-signature"))
	_, _, err = decodeChunked(bytes.NewReader(append(bytes.Clone(body[:0]), body[i:]...)), MaxObjectBytes, newChunkVerifier(sr, exampleSecret))
	if !errors.Is(err, errChunkSig) {
		t.Errorf("first chunk dropped: %v, want errChunkSig", err)
	}
	// Unverified, the signatures are skipped.
	if p, _, err := decodeChunked(bytes.NewReader(exampleBody(true)), MaxObjectBytes, nil); err != nil || len(p) != 66560 {
		t.Errorf("unverified: %d bytes, %v", len(p), err)
	}
}

// TestDecodeChunked_SignedTrailer checks the trailer signature against the
// vector of the AWS Common Runtime's tests: the example's chunks, then the
// trailers first:1st, second:2nd, third:3rd.
func TestDecodeChunked_SignedTrailer(t *testing.T) {
	const trailerSig = "df5735bd9f3295cd9386572292562fefc93ba94e80a0a1ddcbd652c4e0a75e6c"
	body := bytes.TrimSuffix(exampleBody(false), []byte("\r\n"))
	body = append(body, "first:1st\r\nsecond:2nd\r\nthird:3rd\r\nx-amz-trailer-signature:"+trailerSig+"\r\n\r\n"...)
	_, sr := exampleRequest(t, body)
	_, trailers, err := decodeChunked(bytes.NewReader(body), MaxObjectBytes, newChunkVerifier(sr, exampleSecret))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(trailers) != "map[first:1st second:2nd third:3rd]" {
		t.Errorf("trailers = %v", trailers)
	}
	forged := bytes.Replace(body, []byte("third:3rd"), []byte("third:3rx"), 1)
	if _, _, err := decodeChunked(bytes.NewReader(forged), MaxObjectBytes, newChunkVerifier(sr, exampleSecret)); !errors.Is(err, errChunkSig) {
		t.Errorf("forged trailer: %v, want errChunkSig", err)
	}
	unsigned := bytes.Replace(body, []byte("x-amz-trailer-signature:"+trailerSig+"\r\n"), nil, 1)
	if _, _, err := decodeChunked(bytes.NewReader(unsigned), MaxObjectBytes, newChunkVerifier(sr, exampleSecret)); err == nil {
		t.Errorf("trailers without a signature were accepted")
	}
}

func TestDecodeChunked_Malformed(t *testing.T) {
	for _, tc := range []struct{ name, body string }{
		{"Empty", ""},
		{"NoFinalChunk", "3\r\nabc\r\n"},
		{"NoFinalCRLF", "3\r\nabc\r\n0\r\n"},
		{"ShortChunk", "5\r\nabc\r\n0\r\n\r\n"},
		{"LongChunk", "2\r\nabc\r\n0\r\n\r\n"},
		{"BareLF", "3\nabc\r\n0\r\n\r\n"},
		{"NotHex", "zz\r\nabc\r\n0\r\n\r\n"},
		{"NegativeSize", "-3\r\nabc\r\n0\r\n\r\n"},
		{"HugeSize", "7fffffffffffffff\r\n"},
		{"NoSize", ";chunk-signature=x\r\n\r\n"},
		{"BadTrailer", "0\r\nno colon\r\n\r\n"},
		{"LongLine", strings.Repeat("0", maxChunkLine+1) + "\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if out, _, err := decodeChunked(strings.NewReader(tc.body), 1<<10, nil); err == nil {
				t.Errorf("decodeChunked(%q) = %q, want an error", tc.body, out)
			}
		})
	}
	// A signed body needs a signature on every chunk.
	_, sr := exampleRequest(t, nil)
	if _, _, err := decodeChunked(strings.NewReader("3\r\nabc\r\n0\r\n\r\n"), 1<<10, newChunkVerifier(sr, exampleSecret)); err == nil {
		t.Errorf("unsigned chunks accepted as signed")
	}
}

func TestDecodeChunked_Limit(t *testing.T) {
	body := encodeChunked(bytes.Repeat([]byte("x"), 100), 30, "")
	if _, _, err := decodeChunked(bytes.NewReader(body), 100, nil); err != nil {
		t.Errorf("exactly the limit: %v", err)
	}
	if _, _, err := decodeChunked(bytes.NewReader(body), 99, nil); !errors.Is(err, errChunkTooLarge) {
		t.Errorf("over the limit: %v, want errChunkTooLarge", err)
	}
	// A declared size over the limit is refused before reading its data.
	if _, _, err := decodeChunked(strings.NewReader("fffffff\r\n"), 1<<20, nil); !errors.Is(err, errChunkTooLarge) {
		t.Errorf("huge declared chunk: %v, want errChunkTooLarge", err)
	}
}

func TestCheckDigests(t *testing.T) {
	body := []byte("123456789")
	crc := func(v uint64, n int) string {
		b := binary.BigEndian.AppendUint64(nil, v)
		return base64.StdEncoding.EncodeToString(b[8-n:])
	}
	sha := sha256.Sum256(body)
	good := map[string]string{
		// The check values of the CRC catalogue.
		"x-amz-checksum-crc32":     crc(0xcbf43926, 4),
		"x-amz-checksum-crc32c":    crc(0xe3069283, 4),
		"x-amz-checksum-crc64nvme": crc(0xae8b14860a799888, 8),
		"x-amz-checksum-sha256":    base64.StdEncoding.EncodeToString(sha[:]),
		"Content-MD5":              "JfnnlDI7RTiF9RgfG2JNCw==",
	}
	for name, v := range good {
		h := http.Header{}
		h.Set(name, v)
		if err := checkDigests(h, nil, body); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if err := checkDigests(h, nil, []byte("12345678")); err == nil || !strings.Contains(err.Error(), "BadDigest") {
			t.Errorf("%s of another body: %v, want BadDigest", name, err)
		}
		h.Set(name, "not base64!")
		if err := checkDigests(h, nil, body); err == nil || strings.Contains(err.Error(), "BadDigest") {
			t.Errorf("%s malformed: %v, want InvalidDigest or InvalidRequest", name, err)
		}
	}
	if got := crc64.Checksum(body, crc64NVME); got != 0xae8b14860a799888 {
		t.Errorf("CRC-64/NVME check value = %#x", got)
	}
}

// encodeChunked encodes payload as an unsigned aws-chunked body with chunks
// of size bytes (the last one shorter), and a CRC32 trailer if trailer is
// "crc32".
func encodeChunked(payload []byte, size int, trailer string) []byte {
	var b bytes.Buffer
	for rest := payload; len(rest) > 0; {
		n := min(size, len(rest))
		b.WriteString(strconv.FormatInt(int64(n), 16) + "\r\n")
		b.Write(rest[:n])
		b.WriteString("\r\n")
		rest = rest[n:]
	}
	b.WriteString("0\r\n")
	if trailer == "crc32" {
		sum := binary.BigEndian.AppendUint32(nil, crc32.ChecksumIEEE(payload))
		b.WriteString("x-amz-checksum-crc32:" + base64.StdEncoding.EncodeToString(sum) + "\r\n")
	}
	b.WriteString("\r\n")
	return b.Bytes()
}

// FuzzDecodeChunked checks that the decoder never panics, never returns more
// than its limit, and decodes what encodeChunked encodes.
func FuzzDecodeChunked(f *testing.F) {
	f.Add([]byte(botocoreBody), uint8(7))
	f.Add(exampleBody(false)[:200], uint8(1))
	f.Add([]byte("0;chunk-signature=00\r\nx-amz-trailer-signature:00\r\n\r\n"), uint8(0))
	f.Add([]byte("ffffffffffffffff\r\n"), uint8(255))
	_, sr := exampleRequest(f, nil)
	const limit = 1 << 12
	f.Fuzz(func(t *testing.T, data []byte, chunk uint8) {
		for _, v := range []*chunkVerifier{nil, newChunkVerifier(sr, exampleSecret)} {
			out, trailers, err := decodeChunked(bytes.NewReader(data), limit, v)
			if err == nil && (len(out) > limit || len(trailers) > maxTrailers) {
				t.Fatalf("decoded %d bytes and %d trailers, over the limits", len(out), len(trailers))
			}
		}
		if len(data) > limit {
			return
		}
		encoded := encodeChunked(data, int(chunk)+1, "crc32")
		out, trailers, err := decodeChunked(bytes.NewReader(encoded), limit, nil)
		if err != nil || !bytes.Equal(out, data) {
			t.Fatalf("round trip of %q in chunks of %d: %q, %v", data, int(chunk)+1, out, err)
		}
		if err := checkDigests(http.Header{}, trailers, out); err != nil {
			t.Fatalf("checksum of the round trip: %v", err)
		}
	})
}
