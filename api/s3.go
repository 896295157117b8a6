package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"conforms"
	"conforms/api/sigv4"
	"conforms/control"
)

// MaxObjectBytes bounds the body of an S3 request: an object, after
// aws-chunked decoding. Larger uploads get EntityTooLarge.
const MaxObjectBytes = 16 << 20

// maxChunkedBytes bounds the aws-chunked encoding of a MaxObjectBytes body;
// real clients send chunks of 8 KiB or more, whose framing costs about 1%.
const maxChunkedBytes = MaxObjectBytes + MaxObjectBytes/4

const s3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/"

// Error codes of S3 that the wire layer produces; control has the others.
const (
	codeAuthorizationHeaderMalformed      = "AuthorizationHeaderMalformed"
	codeAuthorizationQueryParametersError = "AuthorizationQueryParametersError"
	codeBadDigest                         = "BadDigest"
	codeEntityTooLarge                    = "EntityTooLarge"
	codeExpiredToken                      = "ExpiredToken"
	codeIncompleteBody                    = "IncompleteBody"
	codeInternalError                     = "InternalError"
	codeInvalidAccessKeyID                = "InvalidAccessKeyId"
	codeInvalidDigest                     = "InvalidDigest"
	codeInvalidRequest                    = "InvalidRequest"
	codeInvalidToken                      = "InvalidToken"
	codeMalformedXML                      = "MalformedXML"
	codeNotImplemented                    = "NotImplemented"
	codeRequestTimeTooSkewed              = "RequestTimeTooSkewed"
	codeXAmzContentSHA256Mismatch         = "XAmzContentSHA256Mismatch"
)

// s3Status is the HTTP status of each S3 error code; 400 for the others.
var s3Status = map[string]int{
	conforms.CodeAccessDenied:             http.StatusForbidden,
	conforms.CodeSignatureDoesNotMatch:    http.StatusForbidden,
	codeInvalidAccessKeyID:                http.StatusForbidden,
	codeRequestTimeTooSkewed:              http.StatusForbidden,
	control.CodeNoSuchBucket:              http.StatusNotFound,
	control.CodeNoSuchKey:                 http.StatusNotFound,
	control.CodeNoSuchBucketPolicy:        http.StatusNotFound,
	control.CodeMethodNotAllowed:          http.StatusMethodNotAllowed,
	control.CodeBucketAlreadyExists:       http.StatusConflict,
	control.CodeBucketAlreadyOwnedByYou:   http.StatusConflict,
	control.CodeBucketNotEmpty:            http.StatusConflict,
	codeInternalError:                     http.StatusInternalServerError,
	codeNotImplemented:                    http.StatusNotImplemented,
	conforms.CodeNotImplementedException:  http.StatusNotImplemented,
	codeAuthorizationQueryParametersError: http.StatusBadRequest,
}

// s3ErrorBody is S3's error document. Besides Code and Message, S3 sends
// elements that depend on the code; empty ones are left out.
type s3ErrorBody struct {
	XMLName                     xml.Name `xml:"Error"`
	Code                        string
	Message                     string
	BucketName                  string `xml:",omitempty"`
	Key                         string `xml:",omitempty"`
	AWSAccessKeyID              string `xml:"AWSAccessKeyId,omitempty"`
	SignatureProvided           string `xml:",omitempty"`
	StringToSign                string `xml:",omitempty"`
	CanonicalRequest            string `xml:",omitempty"`
	RequestTime                 string `xml:",omitempty"`
	ServerTime                  string `xml:",omitempty"`
	MaxAllowedSkewMilliseconds  string `xml:",omitempty"`
	ClientComputedContentSHA256 string `xml:",omitempty"`
	S3ComputedContentSHA256     string `xml:",omitempty"`
	ProposedSize                string `xml:",omitempty"`
	MaxSizeAllowed              string `xml:",omitempty"`
	Resource                    string `xml:",omitempty"`
	RequestID                   string `xml:"RequestId"`
	HostID                      string `xml:"HostId"`
}

// s3Fault is an error of the S3 wire layer with its error document.
type s3Fault struct{ body s3ErrorBody }

func (f *s3Fault) Error() string { return f.body.Code + ": " + f.body.Message }

func s3Errorf(code, format string, args ...any) *s3Fault {
	return &s3Fault{body: s3ErrorBody{Code: code, Message: fmt.Sprintf(format, args...)}}
}

// s3Request is an S3 request addressed path-style: /bucket or /bucket/key.
type s3Request struct {
	*call
	ctx    context.Context
	bucket string
	key    string
	query  url.Values
}

// s3Op is one S3 operation; it writes its own successful response.
type s3Op struct {
	name string
	fn   func(s *Server, rq *s3Request) error
}

// serveS3 serves an S3 request.
func (s *Server) serveS3(c *call) {
	c.service, c.s3 = "s3", true
	c.w.Header().Set("x-amz-request-id", c.requestID)
	c.w.Header().Set("x-amz-id-2", hostID(c.requestID))
	rq, op, err := s.parseS3(c)
	if err == nil {
		c.operation = op.name
		rq.ctx, err = s.authenticateS3(c)
	}
	if err == nil && op.fn != nil {
		err = op.fn(s, rq)
	}
	if err == nil && op.fn == nil {
		err = s3Errorf(codeNotImplemented, "A header you provided implies functionality that is not implemented.")
	}
	if err != nil {
		s.finish(c, s.writeS3Error(c, rq, err), err)
		return
	}
	s.finish(c, "", nil)
}

func hostID(requestID string) string {
	sum := sha256.Sum256([]byte(requestID))
	return hex.EncodeToString(sum[:])
}

// parseS3 splits the path into bucket and key and picks the operation.
func (s *Server) parseS3(c *call) (*s3Request, s3Op, error) {
	rq := &s3Request{call: c, query: c.r.URL.Query()}
	rq.bucket, rq.key, _ = strings.Cut(strings.TrimPrefix(c.r.URL.Path, "/"), "/")
	op, ok := routeS3(c.r.Method, rq)
	if !ok {
		return rq, op, s3Errorf(control.CodeMethodNotAllowed, "The specified method is not allowed against this resource.")
	}
	return rq, op, nil
}

// s3Subresources are the query parameters that select an operation other
// than the plain one of a method; conforms implements policy and acl.
var s3Subresources = []string{
	"accelerate", "acl", "analytics", "attributes", "cors", "delete", "encryption", "intelligent-tiering",
	"inventory", "legal-hold", "lifecycle", "location", "logging", "metrics", "notification", "object-lock",
	"ownershipControls", "partNumber", "policy", "policyStatus", "publicAccessBlock", "replication",
	"requestPayment", "restore", "retention", "select", "tagging", "torrent", "uploadId", "uploads",
	"versionId", "versioning", "versions", "website",
}

func subresource(q url.Values) string {
	for _, name := range s3Subresources {
		if _, ok := q[name]; ok {
			return name
		}
	}
	return ""
}

// objectOps are the object operations, by method.
var objectOps = map[string]s3Op{
	http.MethodGet: {"GetObject", (*Server).getObject}, http.MethodHead: {"HeadObject", (*Server).getObject},
	http.MethodPut: {"PutObject", (*Server).putObject}, http.MethodDelete: {"DeleteObject", (*Server).deleteObject},
}

// bucketOps are the bucket operations, by method and subresource.
var bucketOps = map[string]s3Op{
	"GET?list-type=2": {"ListObjectsV2", (*Server).listObjectsV2},
	"GET?policy":      {"GetBucketPolicy", (*Server).getBucketPolicy},
	"GET?acl":         {"GetBucketAcl", (*Server).getBucketAcl},
	"PUT":             {"CreateBucket", (*Server).createBucket},
	"PUT?policy":      {"PutBucketPolicy", (*Server).putBucketPolicy},
	"HEAD":            {"HeadBucket", (*Server).headBucket},
	"DELETE":          {"DeleteBucket", (*Server).deleteBucket},
	"DELETE?policy":   {"DeleteBucketPolicy", (*Server).deleteBucketPolicy},
}

// routeS3 returns the operation of a request; an operation without fn is
// one conforms does not implement. ok is false for a method S3 does not
// allow on the resource.
func routeS3(method string, rq *s3Request) (op s3Op, ok bool) {
	sub := subresource(rq.query)
	switch {
	case rq.bucket == "":
		return s3Op{"ListBuckets", (*Server).listBuckets}, method == http.MethodGet
	case rq.key == "":
		return routeBucket(method, sub, rq.query.Get("list-type") == "2")
	case method == http.MethodPut && rq.r.Header.Get("X-Amz-Copy-Source") != "":
		return s3Op{name: "CopyObject"}, true
	}
	if op, ok := objectOps[method]; ok && sub == "" {
		return op, true
	}
	if method == http.MethodPost || sub != "" {
		// Multipart uploads, tagging, ...: not implemented. The name is a
		// metrics label, so it takes no client-chosen text.
		return s3Op{name: "Object subresource"}, true
	}
	return s3Op{name: "unknown"}, false
}

func routeBucket(method, sub string, listV2 bool) (s3Op, bool) {
	key := method
	if sub != "" {
		key += "?" + sub
	} else if listV2 {
		key += "?list-type=2"
	}
	if op, ok := bucketOps[key]; ok {
		return op, true
	}
	switch method {
	case http.MethodGet, http.MethodPut, http.MethodHead, http.MethodDelete, http.MethodPost:
		return s3Op{name: "Bucket " + key}, true // ListObjects (v1), DeleteObjects, ...: not implemented
	}
	return s3Op{name: "unknown"}, false
}

// authenticateS3 reads the body, verifies the signature if there is one,
// and returns the context of the operation: the caller (none for an
// anonymous request) and its origin. c.body is the decoded payload after it.
func (s *Server) authenticateS3(c *call) (context.Context, error) {
	ctx := control.WithOrigin(c.r.Context(), origin(c.r))
	streaming := strings.HasPrefix(c.r.Header.Get("X-Amz-Content-Sha256"), "STREAMING-")
	if !streaming {
		if err := readS3Body(c); err != nil {
			return nil, err
		}
	}
	sr, err := sigv4.Parse(c.r)
	if err == nil && sr.Presigned && !sr.ExpiresGiven {
		err = &sigv4.Error{Reason: sigv4.ReasonAuthorizationQueryParameters, Message: sigv4.MsgQueryParamsMissing}
	}
	var verifier *chunkVerifier
	switch {
	case sigv4.ReasonOf(err) == sigv4.ReasonMissingAuthentication:
		if _, err := sigv4.PayloadHash(c.r, c.body); err != nil {
			return nil, s.s3AuthError(c, nil, err)
		}
	case err != nil:
		return nil, s.s3AuthError(c, nil, err)
	default:
		var cred *control.Credential
		if cred, err = s.verifyS3(c, sr); err != nil {
			return nil, s.s3AuthError(c, sr, err)
		}
		ctx = withCaller(ctx, cred, sr)
		if !cred.SkipSignature && strings.HasPrefix(c.r.Header.Get("X-Amz-Content-Sha256"), "STREAMING-AWS4-HMAC-SHA256-PAYLOAD") {
			verifier = newChunkVerifier(sr, cred.Key.Secret)
		}
	}
	var trailers map[string]string
	if streaming {
		if trailers, err = readChunkedBody(c, verifier, sr == nil); err != nil {
			return nil, err
		}
	}
	return ctx, checkDigests(c.r.Header, trailers, c.body)
}

// verifyS3 checks the scope and signature of a signed S3 request.
func (s *Server) verifyS3(c *call, sr *sigv4.Request) (*control.Credential, error) {
	if err := sr.CheckScope("", "s3"); err != nil {
		return nil, s3Errorf(codeAuthorizationHeaderMalformed,
			"The authorization header is malformed; incorrect service \"%s\". This endpoint belongs to \"s3\".", sr.Service)
	}
	return s.verify(c.r, sr, s.s3Verifier, func() (string, error) { return sigv4.PayloadHash(c.r, c.body) })
}

// origin returns the condition keys of the connection: TLS and the
// client's address (X-Forwarded-For is not trusted).
func origin(r *http.Request) control.Origin {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return control.Origin{SecureTransport: r.TLS != nil, SourceIP: host}
}

// readS3Body reads a body that is not aws-chunked into c.body.
func readS3Body(c *call) error {
	if c.r.ContentLength > MaxObjectBytes {
		return entityTooLarge(c.r.ContentLength)
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.w, c.r.Body, MaxObjectBytes))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return entityTooLarge(c.r.ContentLength)
	} else if err != nil {
		return s3Errorf(codeIncompleteBody, "The request body could not be read: %v", err)
	}
	c.body = body
	return nil
}

// readChunkedBody decodes an aws-chunked body into c.body, checking chunk
// signatures with v (nil: unsigned, or not checked in the account-id mode).
func readChunkedBody(c *call, v *chunkVerifier, anonymous bool) (map[string]string, error) {
	sha := c.r.Header.Get("X-Amz-Content-Sha256")
	if anonymous && !strings.HasPrefix(sha, "STREAMING-UNSIGNED-PAYLOAD") {
		return nil, s3Errorf(codeInvalidRequest, "%s requires a signed request.", sha)
	}
	limit := int64(MaxObjectBytes)
	declared := int64(-1)
	if d := c.r.Header.Get("X-Amz-Decoded-Content-Length"); d != "" {
		n, err := strconv.ParseInt(d, 10, 64)
		if err != nil || n < 0 {
			return nil, s3Errorf(control.CodeInvalidArgument, "x-amz-decoded-content-length is not a valid length: %s", d)
		}
		if n > MaxObjectBytes {
			return nil, entityTooLarge(n)
		}
		declared = n
	}
	body, trailers, err := decodeChunked(http.MaxBytesReader(c.w, c.r.Body, maxChunkedBytes), limit, v)
	var tooLarge *http.MaxBytesError
	switch {
	case errors.Is(err, errChunkTooLarge), errors.As(err, &tooLarge):
		return nil, entityTooLarge(declared)
	case errors.Is(err, errChunkSig):
		return nil, s3Errorf(conforms.CodeSignatureDoesNotMatch, "%s", sigv4.MsgSignatureDoesNotMatch)
	case err != nil:
		return nil, s3Errorf(codeIncompleteBody, "The aws-chunked request body is malformed: %v", err)
	case declared >= 0 && int64(len(body)) != declared:
		return nil, s3Errorf(codeIncompleteBody, "You did not provide the number of bytes specified by the x-amz-decoded-content-length header.")
	}
	c.body = body
	return trailers, nil
}

// entityTooLarge refuses a body larger than MaxObjectBytes; size is its
// size if known, else -1.
func entityTooLarge(size int64) *s3Fault {
	f := s3Errorf(codeEntityTooLarge, "Your proposed upload exceeds the maximum allowed size")
	f.body.MaxSizeAllowed = strconv.Itoa(MaxObjectBytes)
	if size >= 0 {
		f.body.ProposedSize = strconv.FormatInt(size, 10)
	}
	return f
}

// s3AuthError turns an authentication failure into S3's error.
func (s *Server) s3AuthError(c *call, sr *sigv4.Request, err error) error {
	var se *sigv4.Error
	if !errors.As(err, &se) {
		return s3CredentialError(sr, err)
	}
	f := s3Errorf(codeAuthorizationHeaderMalformed, "%s", se.Message)
	switch se.Reason {
	case sigv4.ReasonSignatureDoesNotMatch:
		f.body.Code, f.body.StringToSign, f.body.CanonicalRequest = conforms.CodeSignatureDoesNotMatch, se.StringToSign, se.CanonicalRequest
		if sr != nil {
			f.body.AWSAccessKeyID, f.body.SignatureProvided = sr.AccessKeyID, sr.Signature
		}
	case sigv4.ReasonRequestExpired:
		f.body.Code, f.body.Message = codeRequestTimeTooSkewed, "The difference between the request time and the current time is too large."
		f.body.RequestTime, f.body.ServerTime = se.RequestTime.Format(time.RFC3339), se.ServerTime.Format(time.RFC3339)
		f.body.MaxAllowedSkewMilliseconds = strconv.FormatInt(sigv4.DefaultMaxSkew.Milliseconds(), 10)
	case sigv4.ReasonPresignExpired:
		f.body.Code = conforms.CodeAccessDenied
	case sigv4.ReasonContentSHA256Mismatch:
		sum := sha256.Sum256(c.body)
		f.body.Code, f.body.ClientComputedContentSHA256 = codeXAmzContentSHA256Mismatch, c.r.Header.Get("X-Amz-Content-Sha256")
		f.body.S3ComputedContentSHA256 = hex.EncodeToString(sum[:])
	case sigv4.ReasonInvalidContentSHA256:
		f.body.Code = control.CodeInvalidArgument
	case sigv4.ReasonAuthorizationQueryParameters:
		f.body.Code = codeAuthorizationQueryParametersError
	}
	return f
}

// s3CredentialError renames the credential errors of control.Authenticator.
func s3CredentialError(sr *sigv4.Request, err error) error {
	switch conforms.ErrorCode(err) {
	case conforms.CodeUnrecognizedClientException:
		if sr.SessionToken != "" {
			return s3Errorf(codeInvalidToken, "The provided token is malformed or otherwise invalid.")
		}
		f := s3Errorf(codeInvalidAccessKeyID, "The AWS Access Key Id you provided does not exist in our records.")
		f.body.AWSAccessKeyID = sr.AccessKeyID
		return f
	case conforms.CodeExpiredTokenException:
		return s3Errorf(codeExpiredToken, "The provided token has expired.")
	}
	return err
}

// writeS3Error writes err as S3's XML error (no body for HEAD) and returns its code.
func (s *Server) writeS3Error(c *call, rq *s3Request, err error) string {
	var f *s3Fault
	if !errors.As(err, &f) {
		e := asAWSError(err)
		f = s3Errorf(e.Code, "%s", e.Message)
		switch e.Code {
		case conforms.CodeInternalFailure:
			f.body.Code = codeInternalError
		case conforms.CodeNotImplementedException:
			f.body.Code = codeNotImplemented
		}
	}
	body := f.body
	body.RequestID, body.HostID, body.Resource = c.requestID, hostID(c.requestID), c.r.URL.Path
	if rq != nil {
		switch body.Code {
		case control.CodeNoSuchBucket, control.CodeNoSuchBucketPolicy, control.CodeBucketAlreadyExists,
			control.CodeBucketAlreadyOwnedByYou, control.CodeBucketNotEmpty:
			body.BucketName = rq.bucket
		case control.CodeNoSuchKey:
			body.Key = rq.key
		}
	}
	status, ok := s3Status[body.Code]
	if !ok {
		status = http.StatusBadRequest
	}
	if c.r.Method == http.MethodHead {
		c.w.WriteHeader(status)
		return body.Code
	}
	s.writeS3XML(c, status, body)
	return body.Code
}

// writeS3XML writes an XML document.
func (s *Server) writeS3XML(c *call, status int, v any) {
	b, err := xml.Marshal(v)
	if err != nil {
		s.logger.Error("encode xml", "request_id", c.requestID, "err", err)
		status, b = http.StatusInternalServerError, nil
	}
	c.w.Header().Set("Content-Type", "application/xml")
	c.w.Header().Set("Content-Length", strconv.Itoa(len(xml.Header)+len(b)))
	c.w.WriteHeader(status)
	_, _ = c.w.Write([]byte(xml.Header))
	_, _ = c.w.Write(b)
}

// noContent answers 204 No Content, as S3's delete and put-policy operations do.
func noContent(c *call) error {
	c.w.WriteHeader(http.StatusNoContent)
	return nil
}

// s3Time formats a time as S3's XML documents do.
func s3Time(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

type createBucketConfiguration struct {
	LocationConstraint string
}

func (s *Server) createBucket(rq *s3Request) error {
	var cfg createBucketConfiguration
	if len(bytes.TrimSpace(rq.body)) > 0 {
		if err := xml.Unmarshal(rq.body, &cfg); err != nil {
			return s3Errorf(codeMalformedXML, "The XML you provided was not well-formed or did not validate against our published schema")
		}
	}
	if _, err := s.control.CreateBucket(rq.ctx, rq.bucket, cfg.LocationConstraint); err != nil {
		return err
	}
	rq.w.Header().Set("Location", "/"+rq.bucket)
	rq.w.WriteHeader(http.StatusOK)
	return nil
}

func (s *Server) headBucket(rq *s3Request) error {
	b, err := s.control.HeadBucket(rq.ctx, rq.bucket)
	if err != nil {
		return err
	}
	rq.w.Header().Set("x-amz-bucket-region", b.Region)
	rq.w.WriteHeader(http.StatusOK)
	return nil
}

func (s *Server) deleteBucket(rq *s3Request) error {
	if err := s.control.DeleteBucket(rq.ctx, rq.bucket); err != nil {
		return err
	}
	return noContent(rq.call)
}

type s3Owner struct {
	ID          string
	DisplayName string
}

type listAllMyBucketsResult struct {
	XMLName           xml.Name   `xml:"ListAllMyBucketsResult"`
	Xmlns             string     `xml:"xmlns,attr"`
	Owner             s3Owner    `xml:"Owner"`
	Buckets           []s3Bucket `xml:"Buckets>Bucket"`
	ContinuationToken string     `xml:",omitempty"`
}

type s3Bucket struct {
	Name         string
	CreationDate string
	BucketRegion string
}

func (s *Server) listBuckets(rq *s3Request) error {
	maxBuckets := 0
	if v := rq.query.Get("max-buckets"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 10000 {
			return s3Errorf(control.CodeInvalidArgument, "max-buckets must be an integer from 1 to 10000.")
		}
		maxBuckets = n
	}
	l, err := s.control.ListBuckets(rq.ctx, rq.query.Get("continuation-token"), maxBuckets)
	if err != nil {
		return err
	}
	out := listAllMyBucketsResult{Xmlns: s3Namespace, Owner: s3Owner(l.Owner), ContinuationToken: l.ContinuationToken}
	for _, b := range l.Buckets {
		out.Buckets = append(out.Buckets, s3Bucket{Name: b.Name, CreationDate: s3Time(b.CreatedAt), BucketRegion: b.Region})
	}
	s.writeS3XML(rq.call, http.StatusOK, out)
	return nil
}

func (s *Server) putBucketPolicy(rq *s3Request) error {
	if err := s.control.PutBucketPolicy(rq.ctx, rq.bucket, string(rq.body)); err != nil {
		return err
	}
	return noContent(rq.call)
}

func (s *Server) getBucketPolicy(rq *s3Request) error {
	doc, err := s.control.GetBucketPolicy(rq.ctx, rq.bucket)
	if err != nil {
		return err
	}
	rq.w.Header().Set("Content-Type", "application/json")
	rq.w.Header().Set("Content-Length", strconv.Itoa(len(doc)))
	rq.w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(rq.w, doc)
	return nil
}

func (s *Server) deleteBucketPolicy(rq *s3Request) error {
	if err := s.control.DeleteBucketPolicy(rq.ctx, rq.bucket); err != nil {
		return err
	}
	return noContent(rq.call)
}

type accessControlPolicy struct {
	XMLName xml.Name `xml:"AccessControlPolicy"`
	Xmlns   string   `xml:"xmlns,attr"`
	Owner   s3Owner  `xml:"Owner"`
	Grants  []grant  `xml:"AccessControlList>Grant"`
}

type grant struct {
	Grantee    grantee
	Permission string
}

type grantee struct {
	XmlnsXsi    string `xml:"xmlns:xsi,attr"`
	Type        string `xml:"xsi:type,attr"`
	ID          string
	DisplayName string
}

func (s *Server) getBucketAcl(rq *s3Request) error {
	o, err := s.control.GetBucketAcl(rq.ctx, rq.bucket)
	if err != nil {
		return err
	}
	s.writeS3XML(rq.call, http.StatusOK, accessControlPolicy{Xmlns: s3Namespace, Owner: s3Owner(*o), Grants: []grant{{
		Grantee:    grantee{XmlnsXsi: "http://www.w3.org/2001/XMLSchema-instance", Type: "CanonicalUser", ID: o.ID, DisplayName: o.DisplayName},
		Permission: "FULL_CONTROL",
	}}})
	return nil
}

const metaPrefix = "x-amz-meta-"

func (s *Server) putObject(rq *s3Request) error {
	o := &conforms.Object{Bucket: rq.bucket, Key: rq.key, Body: rq.body, ContentType: rq.r.Header.Get("Content-Type")}
	for name, values := range rq.r.Header {
		if n := strings.ToLower(name); strings.HasPrefix(n, metaPrefix) {
			if o.Metadata == nil {
				o.Metadata = map[string]string{}
			}
			o.Metadata[n[len(metaPrefix):]] = strings.Join(values, ",")
		}
	}
	stored, err := s.control.PutObject(rq.ctx, o)
	if err != nil {
		return err
	}
	rq.w.Header().Set("ETag", stored.ETag)
	rq.w.WriteHeader(http.StatusOK)
	return nil
}

// responseOverrides are the GetObject query parameters that set a header
// of the response.
var responseOverrides = map[string]string{
	"response-content-type": "Content-Type", "response-content-language": "Content-Language",
	"response-expires": "Expires", "response-cache-control": "Cache-Control",
	"response-content-disposition": "Content-Disposition", "response-content-encoding": "Content-Encoding",
}

// getObject serves GetObject and HeadObject, with ranges and conditional
// requests (If-Match, If-None-Match, If-Modified-Since, ...).
func (s *Server) getObject(rq *s3Request) error {
	o, err := s.control.GetObject(rq.ctx, rq.bucket, rq.key)
	if err != nil {
		return err
	}
	h := rq.w.Header()
	h.Set("ETag", o.ETag)
	h.Set("Content-Type", o.ContentType)
	for name, v := range o.Metadata {
		h.Set(metaPrefix+name, v)
	}
	for param, header := range responseOverrides {
		if v := rq.query.Get(param); v != "" {
			h.Set(header, v)
		}
	}
	http.ServeContent(rq.w, rq.r, "", o.LastModified, bytes.NewReader(o.Body))
	return nil
}

func (s *Server) deleteObject(rq *s3Request) error {
	if err := s.control.DeleteObject(rq.ctx, rq.bucket, rq.key); err != nil {
		return err
	}
	return noContent(rq.call)
}

type listBucketResult struct {
	XMLName               xml.Name         `xml:"ListBucketResult"`
	Xmlns                 string           `xml:"xmlns,attr"`
	Name                  string           `xml:"Name"`
	Prefix                string           `xml:"Prefix"`
	Delimiter             string           `xml:"Delimiter,omitempty"`
	MaxKeys               int              `xml:"MaxKeys"`
	EncodingType          string           `xml:"EncodingType,omitempty"`
	KeyCount              int              `xml:"KeyCount"`
	IsTruncated           bool             `xml:"IsTruncated"`
	ContinuationToken     string           `xml:"ContinuationToken,omitempty"`
	NextContinuationToken string           `xml:"NextContinuationToken,omitempty"`
	StartAfter            string           `xml:"StartAfter,omitempty"`
	Contents              []s3Object       `xml:"Contents"`
	CommonPrefixes        []s3CommonPrefix `xml:"CommonPrefixes"`
}

type s3Object struct {
	Key          string
	LastModified string
	ETag         string
	Size         int64
	StorageClass string
}

type s3CommonPrefix struct {
	Prefix string
}

func (s *Server) listObjectsV2(rq *s3Request) error {
	p := rq.query
	q := control.ObjectQuery{Bucket: rq.bucket, Prefix: p.Get("prefix"), Delimiter: p.Get("delimiter"),
		ContinuationToken: p.Get("continuation-token"), StartAfter: p.Get("start-after"), MaxKeys: 1000}
	if v := p.Get("max-keys"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return s3Errorf(control.CodeInvalidArgument, "Provided max-keys not an integer or within integer range")
		}
		q.MaxKeys = min(n, 1000)
	}
	enc := p.Get("encoding-type")
	if enc != "" && enc != "url" {
		return s3Errorf(control.CodeInvalidArgument, "Invalid Encoding Method specified in Request")
	}
	l, err := s.control.ListObjectsV2(rq.ctx, q)
	if err != nil {
		return err
	}
	e := func(s string) string { return s }
	if enc == "url" {
		e = s3URLEncode
	}
	out := listBucketResult{Xmlns: s3Namespace, Name: rq.bucket, Prefix: e(q.Prefix), Delimiter: e(q.Delimiter),
		MaxKeys: q.MaxKeys, EncodingType: enc, KeyCount: len(l.Objects) + len(l.CommonPrefixes),
		IsTruncated: l.NextContinuationToken != "", ContinuationToken: q.ContinuationToken,
		NextContinuationToken: l.NextContinuationToken, StartAfter: e(q.StartAfter)}
	for _, o := range l.Objects {
		out.Contents = append(out.Contents, s3Object{Key: e(o.Key), LastModified: s3Time(o.LastModified), ETag: o.ETag, Size: o.Size, StorageClass: "STANDARD"})
	}
	for _, cp := range l.CommonPrefixes {
		out.CommonPrefixes = append(out.CommonPrefixes, s3CommonPrefix{Prefix: e(cp)})
	}
	s.writeS3XML(rq.call, http.StatusOK, out)
	return nil
}

// s3URLEncode encodes a key for encoding-type=url: every byte but the
// unreserved characters and '/' as %XX (a space as %20), which both
// url-decoding conventions of the SDKs read back unchanged.
func s3URLEncode(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte("-_.~/", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}
