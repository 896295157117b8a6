package api

import (
	"bufio"
	"bytes"
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"hash"
	"hash/crc32"
	"hash/crc64"
	"io"
	"net/http"
	"strconv"
	"strings"

	"conforms/api/sigv4"
)

// An aws-chunked body (Content-Encoding: aws-chunked, X-Amz-Content-Sha256:
// STREAMING-*) is a series of chunks, then trailing headers and an empty line:
//
//	hex-size[;chunk-signature=sig]\r\n data \r\n   (repeated)
//	0[;chunk-signature=sig]\r\n
//	[x-amz-checksum-crc32:value\r\n ... [x-amz-trailer-signature:sig\r\n]]
//	\r\n
//
// The unsigned forms (STREAMING-UNSIGNED-PAYLOAD-TRAILER, what botocore and
// the Go SDK send over TLS) carry no signatures. In the signed forms
// (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]) each chunk signs the
// previous signature, starting with the request's, and the hash of its data;
// the trailer signs the previous signature and the trailing headers.

const (
	maxChunkLine   = 4096 // a chunk header or trailer line
	maxTrailers    = 16
	chunkAlgorithm = "AWS4-HMAC-SHA256-PAYLOAD"
	trailerAlg     = "AWS4-HMAC-SHA256-TRAILER"
	trailerSigName = "x-amz-trailer-signature"
)

var (
	errChunkFormat   = errors.New("malformed aws-chunked body")
	errChunkTooLarge = errors.New("aws-chunked body decodes to more than the limit")
	errChunkSig      = errors.New("aws-chunked chunk signature does not match")
)

// chunkVerifier checks the signatures of a signed aws-chunked body.
type chunkVerifier struct {
	key    []byte // the SigV4 signing key of the request
	header string // "\n" + X-Amz-Date + "\n" + scope + "\n"
	prev   string // the previous signature: the request's, then each chunk's
}

// newChunkVerifier returns the verifier for a request whose seed signature
// Verify has accepted.
func newChunkVerifier(sr *sigv4.Request, secret string) *chunkVerifier {
	key := []byte("AWS4" + secret)
	for _, part := range []string{sr.Date, sr.Region, sr.Service, sigv4.Terminator} {
		key = hmacSum(key, part)
	}
	return &chunkVerifier{key: key, prev: sr.Signature,
		header: "\n" + sr.Time.UTC().Format("20060102T150405Z") + "\n" + sr.Scope() + "\n"}
}

func hmacSum(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

// check verifies the signature sig of one chunk (or of the trailer, when
// algorithm is trailerAlg) whose content hashes to sum.
func (v *chunkVerifier) check(algorithm string, sum []byte, sig string) error {
	sts := algorithm + v.header + v.prev + "\n"
	if algorithm == chunkAlgorithm {
		sts += sigv4.EmptyPayloadHash + "\n"
	}
	want := hex.EncodeToString(hmacSum(v.key, sts+hex.EncodeToString(sum)))
	if !hmac.Equal([]byte(want), []byte(sig)) {
		return errChunkSig
	}
	v.prev = sig
	return nil
}

// decodeChunked decodes an aws-chunked body into its payload, of at most
// limit bytes, and its trailing headers (lower-case names). With v, every
// chunk signature and the trailer signature, if the body has trailers, are
// checked; without v, signatures are ignored.
func decodeChunked(r io.Reader, limit int64, v *chunkVerifier) ([]byte, map[string]string, error) {
	br := bufio.NewReaderSize(r, maxChunkLine)
	var out bytes.Buffer // grows with the data received, not the sizes declared
	for {
		size, sig, err := readChunkHeader(br, v != nil)
		if err != nil {
			return nil, nil, err
		}
		if size > limit-int64(out.Len()) {
			return nil, nil, errChunkTooLarge
		}
		start := out.Len()
		if n, err := io.CopyN(&out, br, size); err != nil || n != size {
			return nil, nil, chunkReadError(err)
		}
		if v != nil {
			sum := sha256.Sum256(out.Bytes()[start:])
			if err := v.check(chunkAlgorithm, sum[:], sig); err != nil {
				return nil, nil, err
			}
		}
		if size == 0 {
			trailers, err := readTrailers(br, v)
			if err != nil {
				return nil, nil, err
			}
			return out.Bytes(), trailers, nil
		}
		if err := expectCRLF(br); err != nil {
			return nil, nil, err
		}
	}
}

// readChunkHeader reads "hex-size[;ext...]\r\n" and returns the size and,
// if signed, the chunk-signature extension.
func readChunkHeader(br *bufio.Reader, signed bool) (int64, string, error) {
	line, err := readLine(br)
	if err != nil {
		return 0, "", err
	}
	hexSize, ext, _ := strings.Cut(line, ";")
	if hexSize == "" || len(hexSize) > 15 {
		return 0, "", errChunkFormat
	}
	size, err := strconv.ParseInt(hexSize, 16, 64)
	if err != nil || size < 0 {
		return 0, "", errChunkFormat
	}
	sig, ok := strings.CutPrefix(ext, "chunk-signature=")
	if signed && (!ok || len(sig) != 64) {
		return 0, "", errChunkFormat
	}
	return size, sig, nil
}

// readTrailers reads the trailing headers up to the empty line that ends the
// body, and checks the trailer signature with v.
func readTrailers(br *bufio.Reader, v *chunkVerifier) (map[string]string, error) {
	trailers := map[string]string{}
	var canonical strings.Builder
	for {
		line, err := readLine(br)
		if err != nil {
			return nil, err
		}
		if line == "" {
			break
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok || len(trailers) == maxTrailers {
			return nil, errChunkFormat
		}
		name, value = strings.ToLower(strings.TrimSpace(name)), strings.TrimSpace(value)
		trailers[name] = value
		if name != trailerSigName {
			canonical.WriteString(name + ":" + value + "\n")
		}
	}
	if v == nil || len(trailers) == 0 {
		return trailers, nil
	}
	sig, ok := trailers[trailerSigName]
	if !ok {
		return nil, errChunkFormat
	}
	delete(trailers, trailerSigName)
	sum := sha256.Sum256([]byte(canonical.String()))
	return trailers, v.check(trailerAlg, sum[:], sig)
}

// readLine reads one CRLF-terminated line of at most maxChunkLine bytes.
func readLine(br *bufio.Reader) (string, error) {
	line, err := br.ReadSlice('\n')
	if err != nil {
		if errors.Is(err, bufio.ErrBufferFull) {
			return "", errChunkFormat
		}
		return "", chunkReadError(err)
	}
	s, ok := strings.CutSuffix(string(line), "\r\n")
	if !ok {
		return "", errChunkFormat
	}
	return s, nil
}

func expectCRLF(br *bufio.Reader) error {
	var crlf [2]byte
	if _, err := io.ReadFull(br, crlf[:]); err != nil {
		return chunkReadError(err)
	}
	if crlf != [2]byte{'\r', '\n'} {
		return errChunkFormat
	}
	return nil
}

// chunkReadError turns a body that ends early into errChunkFormat and keeps
// other read errors (such as *http.MaxBytesError).
func chunkReadError(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errChunkFormat
	}
	return err
}

// checksums are the x-amz-checksum-* algorithms S3 accepts, by header name.
var checksums = map[string]func() hash.Hash{
	"x-amz-checksum-crc32":     func() hash.Hash { return crc32.NewIEEE() },
	"x-amz-checksum-crc32c":    func() hash.Hash { return crc32.New(crc32.MakeTable(crc32.Castagnoli)) },
	"x-amz-checksum-crc64nvme": func() hash.Hash { return crc64.New(crc64NVME) },
	"x-amz-checksum-sha1":      sha1.New,
	"x-amz-checksum-sha256":    sha256.New,
}

// crc64NVME is the table of CRC-64/NVME (reflected polynomial 0x9a6c9329ac4bc9b5).
var crc64NVME = crc64.MakeTable(0x9a6c9329ac4bc9b5)

// checkDigests checks Content-MD5 and the x-amz-checksum-* values of the
// headers and trailers against body: InvalidDigest or InvalidRequest for a
// value that is not a digest, BadDigest for one that does not match.
func checkDigests(h http.Header, trailers map[string]string, body []byte) error {
	if v := h.Get("Content-Md5"); v != "" {
		want, err := base64.StdEncoding.DecodeString(v)
		if err != nil || len(want) != md5.Size {
			return s3Errorf(codeInvalidDigest, "The Content-MD5 you specified was invalid.")
		}
		if sum := md5.Sum(body); !bytes.Equal(sum[:], want) {
			return s3Errorf(codeBadDigest, "The Content-MD5 you specified did not match what we received.")
		}
	}
	for name, newHash := range checksums {
		v := h.Get(name)
		if t, ok := trailers[name]; ok {
			v = t
		}
		if v == "" {
			continue
		}
		alg := strings.ToUpper(strings.TrimPrefix(name, "x-amz-checksum-"))
		sum := newHash()
		want, err := base64.StdEncoding.DecodeString(v)
		if err != nil || len(want) != sum.Size() {
			return s3Errorf(codeInvalidRequest, "Value for %s header is invalid.", name)
		}
		sum.Write(body)
		if !bytes.Equal(sum.Sum(nil), want) {
			return s3Errorf(codeBadDigest, "The %s you specified did not match the calculated checksum.", alg)
		}
	}
	return nil
}
