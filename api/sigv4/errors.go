package sigv4

import (
	"errors"
	"strconv"
	"time"
)

// Reason says why a request failed authentication. Transports map each Reason
// to the error code of their protocol (for example IncompleteSignatureException
// for awsJson services and AuthorizationHeaderMalformed for S3).
type Reason int

const (
	// ReasonMissingAuthentication: there is no Authorization header and no
	// presigned X-Amz-* query parameters. AWS JSON services answer
	// MissingAuthenticationTokenException, S3 answers AccessDenied.
	ReasonMissingAuthentication Reason = iota + 1

	// ReasonIncompleteSignature: the Authorization header is malformed (wrong
	// algorithm, missing Credential/SignedHeaders/Signature, bad credential
	// scope, missing or unparseable date, host not signed, a signed header
	// missing from the request, or two auth mechanisms at once).
	ReasonIncompleteSignature

	// ReasonAuthorizationQueryParameters: the X-Amz-* query parameters of a
	// presigned URL are missing or malformed (S3: AuthorizationQueryParametersError).
	ReasonAuthorizationQueryParameters

	// ReasonSignatureDoesNotMatch: the signature is not the one computed with
	// the secret (or is not hex), or the scope names another region or service
	// (see Request.CheckScope).
	ReasonSignatureDoesNotMatch

	// ReasonRequestExpired: the request time (X-Amz-Date or Date) is more than
	// Verifier.MaxSkew before or after the server clock (S3: RequestTimeTooSkewed).
	ReasonRequestExpired

	// ReasonPresignExpired: a presigned URL is past X-Amz-Date + X-Amz-Expires,
	// or its X-Amz-Date is still in the future (S3: AccessDenied).
	ReasonPresignExpired

	// ReasonScopeDateMismatch: the date of the credential scope is not the
	// date of X-Amz-Date (or Date). AWS reports it as an IncompleteSignature /
	// SignatureDoesNotMatch style error.
	ReasonScopeDateMismatch

	// ReasonContentSHA256Mismatch: X-Amz-Content-Sha256 is a literal hash that
	// is not the SHA-256 of the body (S3: XAmzContentSHA256Mismatch).
	ReasonContentSHA256Mismatch

	// ReasonInvalidContentSHA256: X-Amz-Content-Sha256 is neither a hex
	// SHA-256 nor one of the special values (S3: InvalidArgument).
	ReasonInvalidContentSHA256
)

var reasonNames = [...]string{
	ReasonMissingAuthentication:        "MissingAuthentication",
	ReasonIncompleteSignature:          "IncompleteSignature",
	ReasonAuthorizationQueryParameters: "AuthorizationQueryParameters",
	ReasonSignatureDoesNotMatch:        "SignatureDoesNotMatch",
	ReasonRequestExpired:               "RequestExpired",
	ReasonPresignExpired:               "PresignExpired",
	ReasonScopeDateMismatch:            "ScopeDateMismatch",
	ReasonContentSHA256Mismatch:        "ContentSHA256Mismatch",
	ReasonInvalidContentSHA256:         "InvalidContentSHA256",
}

// String returns the name of the reason without the "Reason" prefix.
func (r Reason) String() string {
	if r > 0 && int(r) < len(reasonNames) {
		return reasonNames[r]
	}
	return "Reason(" + strconv.Itoa(int(r)) + ")"
}

// Messages that do not depend on the request. They are AWS's own texts.
const (
	MsgMissingAuthentication = "Request is missing Authentication Token"
	MsgSignatureDoesNotMatch = "The request signature we calculated does not match the signature you provided. " +
		"Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
	MsgContentSHA256Mismatch = "The provided 'x-amz-content-sha256' header does not match what was computed."
	MsgInvalidContentSHA256  = "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, " +
		"STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, " +
		"STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value."
	MsgPresignExpired     = "Request has expired"
	MsgPresignNotYetValid = "Request is not valid yet"
	MsgHostNotSigned      = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."
	MsgTwoAuthMechanisms  = "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, " +
		"Signature query string parameter or the Authorization header should be specified"
	MsgQueryParamsMissing = "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, " +
		"X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters."
)

// Error is the error type of every function in this package.
type Error struct {
	Reason  Reason
	Message string

	// For ReasonSignatureDoesNotMatch after a signature comparison: the
	// canonical request and string to sign the server computed (S3 returns
	// them in its error body; they contain no secret). Empty otherwise.
	CanonicalRequest string
	StringToSign     string

	// For ReasonRequestExpired and ReasonPresignExpired: the request time and
	// the server time (S3 returns them in RequestTimeTooSkewed). Zero otherwise.
	RequestTime time.Time
	ServerTime  time.Time
}

// Error returns "Reason: Message".
func (e *Error) Error() string { return e.Reason.String() + ": " + e.Message }

// ReasonOf returns the Reason of err if it is (or wraps) an *Error, else 0.
func ReasonOf(err error) Reason {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return 0
}

func newError(reason Reason, msg string) *Error { return &Error{Reason: reason, Message: msg} }
