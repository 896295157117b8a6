// Package sigv4 parses and verifies AWS Signature Version 4 (SigV4) on
// incoming HTTP requests, using only the standard library.
//
// A transport uses it in three steps:
//
//	sr, err := sigv4.Parse(r)                  // Authorization header or presigned query
//	// look up the secret of sr.AccessKeyID; optionally sr.CheckScope(region, service)
//	hash, err := sigv4.PayloadHash(r, body)    // checks a literal X-Amz-Content-Sha256
//	err = verifier.Verify(r, sr, secret, hash) // clock, scope date, signature
//
// Every error is an *Error whose Reason says which AWS error it is (see the
// Reason constants) and whose Message is AWS's text.
//
// # What is verified
//
//   - The Authorization header "AWS4-HMAC-SHA256 Credential=AKID/YYYYMMDD/region/
//     service/aws4_request, SignedHeaders=a;b, Signature=hex", split on commas and
//     white space like AWS does, or for presigned URLs the X-Amz-Algorithm,
//     X-Amz-Credential, X-Amz-Date, X-Amz-Expires (at most a week),
//     X-Amz-SignedHeaders and X-Amz-Signature query parameters. Using both is an
//     error, as on S3.
//   - The request time: X-Amz-Date (ISO 8601 basic format, strict), else the
//     HTTP Date header. It must be within Verifier.MaxSkew (15 min by default)
//     of the server clock; a presigned URL is valid from X-Amz-Date - MaxSkew
//     to X-Amz-Date + X-Amz-Expires. The scope date must be X-Amz-Date's date.
//   - host must be signed, and every signed header must be in the request.
//   - The signature, recomputed over the canonical request and compared in
//     constant time. The signing key (four HMACs) is cached per secret, date,
//     region and service, so a request costs two SHA-256 of small inputs, one
//     HMAC and the hash of the canonical request.
//
// Not verified here: that the access key exists and is active, that the region
// and service are this server's (Request.CheckScope does that on request), the
// chunk signatures of aws-chunked bodies (STREAMING-AWS4-HMAC-SHA256-PAYLOAD),
// SigV4a, SigV2 and S3 POST-policy uploads.
//
// # Canonical request: choices
//
// The canonical request is built by this package; the SDK signer is only the
// test oracle. Unlike re-signing with the SDK, any header may be signed,
// including User-Agent, Expect, Transfer-Encoding and X-Amzn-Trace-Id, which
// the SDK signer always skips.
//
//   - Path: the path as sent on the wire (r.RequestURI; r.URL.EscapedPath for
//     requests built with http.NewRequest), so middleware that rewrites r.URL
//     does not break verification. Every service but S3 escapes it a second
//     time (each byte outside A-Z a-z 0-9 - _ . ~ / becomes %XX, so %20 becomes
//     %2520); with Verifier.DisableURIPathEscaping (S3) it is used as sent. Dot
//     segments are not removed, as in the Go and JS SDKs. An empty path is "/".
//   - Query: each name and value is decoded ('+' is a space) and re-encoded
//     with the same unreserved set, space as %20; pairs are sorted by encoded
//     name, then encoded value. A pair with a bad %-escape is kept literally
//     (so it is still covered by the signature), and ';' is not a separator.
//     For presigned URLs X-Amz-Signature is left out.
//   - Headers: the names in SignedHeaders, lower-cased, in the order the client
//     listed them. SigV4 clients always list them sorted; if one does not, it
//     still verifies as long as it signed them in the order it listed them,
//     which is the order the string carries (this package does not reject an
//     unsorted list). Values are trimmed, runs of spaces are collapsed to one,
//     and repeated headers are joined with ",". host is r.Host as sent,
//     port included. content-length comes from the header or r.ContentLength,
//     transfer-encoding from r.TransferEncoding, where net/http moves them.
//   - x-amz-date need not be in SignedHeaders: the time is part of the
//     string to sign anyway.
//   - Payload: what PayloadHash returns (hex SHA-256 of the body, or the
//     literal X-Amz-Content-Sha256 value such as UNSIGNED-PAYLOAD).
//
// # References
//
//   - Signing AWS API requests (SigV4), IAM User Guide:
//     https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html
//   - Create a signed AWS API request:
//     https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
//   - S3 header and query-string authentication:
//     https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html,
//     https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
//   - The signer of aws-sdk-go-v2 (aws/signer/v4), used as the test oracle, and
//     ../shared/docs/deps.md §2-4 for the header sets real clients sign.
package sigv4
