package sigv4

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Algorithm is the only signing algorithm this package accepts.
const Algorithm = "AWS4-HMAC-SHA256"

// Terminator is the last element of every SigV4 credential scope.
const Terminator = "aws4_request"

// MaxPresignExpires is the largest X-Amz-Expires AWS accepts (one week).
const MaxPresignExpires = 7 * 24 * time.Hour

// DefaultPresignExpires is how long a presigned URL without X-Amz-Expires is
// valid. S3 requires X-Amz-Expires (see Request.ExpiresGiven); STS URLs, such
// as the presigned GetCallerIdentity of EKS tokens, may leave it out.
const DefaultPresignExpires = 15 * time.Minute

// Query parameters of a presigned URL.
const (
	QueryAlgorithm     = "X-Amz-Algorithm"
	QueryCredential    = "X-Amz-Credential"
	QueryDate          = "X-Amz-Date"
	QueryExpires       = "X-Amz-Expires"
	QuerySignedHeaders = "X-Amz-SignedHeaders"
	QuerySignature     = "X-Amz-Signature"
	QuerySecurityToken = "X-Amz-Security-Token"
)

const amzDateLayout = "20060102T150405Z"

// Request is what was signed, parsed from the Authorization header or, for
// presigned URLs, from the X-Amz-* query parameters. Parse fills it in; Verify
// checks it against the HTTP request it came from.
type Request struct {
	AccessKeyID   string
	Date          string        // scope date, YYYYMMDD as sent (Verify checks it)
	Region        string        // scope region
	Service       string        // scope service
	SignedHeaders []string      // lower-cased, in the order the client listed them
	Signature     string        // as sent; Verify accepts only 64 lower-case hex digits
	Time          time.Time     // X-Amz-Date (header or query), else the Date header; UTC
	SessionToken  string        // X-Amz-Security-Token (query for presigned URLs, else header)
	Presigned     bool          // signature came from the query string
	Expires       time.Duration // X-Amz-Expires; presigned URLs only
	ExpiresGiven  bool          // whether X-Amz-Expires was sent (else Expires is DefaultPresignExpires)

	rawDate string // the date header or parameter as sent, for messages
}

// Scope returns the credential scope "date/region/service/aws4_request".
func (sr *Request) Scope() string {
	return sr.Date + "/" + sr.Region + "/" + sr.Service + "/" + Terminator
}

// CheckScope reports whether the credential scope names region and service.
// An empty argument is not checked. The errors carry AWS's texts with
// ReasonSignatureDoesNotMatch, which is how AWS classifies them.
func (sr *Request) CheckScope(region, service string) error {
	if region != "" && sr.Region != region {
		return newError(ReasonSignatureDoesNotMatch,
			"Credential should be scoped to a valid region, not '"+sr.Region+"'.")
	}
	if service != "" && sr.Service != service {
		return newError(ReasonSignatureDoesNotMatch,
			"Credential should be scoped to correct service: '"+service+"'.")
	}
	return nil
}

// Parse reads the signature fields of r from its Authorization header or, if
// there is none, from the presigned-URL query parameters. It checks that they
// are well formed, that host is signed and that every signed header is present,
// but not the signature, the clock or the scope date: that is Verify's job.
// Errors are *Error. Parse never reads the body.
func Parse(r *http.Request) (*Request, error) {
	auth := r.Header.Get("Authorization")
	rawQuery := requestQuery(r)
	presign := false
	if rawQuery != "" {
		_, hasAlg := queryValue(rawQuery, QueryAlgorithm)
		_, hasSig := queryValue(rawQuery, QuerySignature)
		presign = hasAlg || hasSig
	}
	switch {
	case auth != "" && presign:
		return nil, newError(ReasonIncompleteSignature, MsgTwoAuthMechanisms)
	case auth != "":
		return parseHeader(r, auth)
	case presign:
		return parsePresigned(r, rawQuery)
	}
	return nil, newError(ReasonMissingAuthentication, MsgMissingAuthentication)
}

func isAuthSpace(c byte) bool { return c == ' ' || c == '\t' || c == ',' }

func parseHeader(r *http.Request, auth string) (*Request, error) {
	alg, rest := auth, ""
	if i := strings.IndexAny(auth, " \t"); i >= 0 {
		alg, rest = auth[:i], auth[i+1:]
	}
	var cred, signed, sig string
	if alg == Algorithm {
		// AWS splits the parameters on commas and white space, so
		// "Credential= AKID/..." is a missing-equal-sign error, as on AWS.
		for rest != "" {
			i := 0
			for i < len(rest) && isAuthSpace(rest[i]) {
				i++
			}
			rest = rest[i:]
			j := 0
			for j < len(rest) && !isAuthSpace(rest[j]) {
				j++
			}
			tok := rest[:j]
			rest = rest[j:]
			if tok == "" {
				continue
			}
			k, v, ok := strings.Cut(tok, "=")
			if !ok {
				return nil, newError(ReasonIncompleteSignature, "'"+tok+
					"' not a valid key=value pair (missing equal-sign) in Authorization header: '"+auth+"'.")
			}
			var dst *string
			switch k {
			case "Credential":
				dst = &cred
			case "SignedHeaders":
				dst = &signed
			case "Signature":
				dst = &sig
			default:
				continue
			}
			if *dst != "" {
				return nil, newError(ReasonIncompleteSignature,
					"Authorization header has duplicate '"+k+"' parameter. Authorization="+auth)
			}
			*dst = v
		}
	} else if strings.HasPrefix(alg, "AWS4-") {
		return nil, newError(ReasonIncompleteSignature, "Unsupported AWS 'algorithm': '"+alg+"'.")
	}

	rawDate, dateName := r.Header.Get("X-Amz-Date"), "X-Amz-Date"
	if rawDate == "" {
		rawDate, dateName = r.Header.Get("Date"), "Date"
	}

	if cred == "" || sig == "" || signed == "" || rawDate == "" {
		var b strings.Builder
		if cred == "" {
			b.WriteString("Authorization header requires 'Credential' parameter. ")
		}
		if sig == "" {
			b.WriteString("Authorization header requires 'Signature' parameter. ")
		}
		if signed == "" {
			b.WriteString("Authorization header requires 'SignedHeaders' parameter. ")
		}
		if rawDate == "" {
			b.WriteString("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ")
		}
		b.WriteString("Authorization=")
		b.WriteString(auth)
		return nil, newError(ReasonIncompleteSignature, b.String())
	}

	sr := &Request{Signature: sig, rawDate: rawDate}
	var badParts bool
	sr.AccessKeyID, sr.Date, sr.Region, sr.Service, badParts = splitCredential(cred)
	if badParts {
		return nil, newError(ReasonIncompleteSignature,
			"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '"+cred+"'")
	}
	if term := cred[strings.LastIndexByte(cred, '/')+1:]; term != Terminator {
		return nil, newError(ReasonIncompleteSignature,
			"Credential should be scoped with a valid terminator: 'aws4_request', not '"+term+"'.")
	}

	var ok bool
	if dateName == "X-Amz-Date" {
		sr.Time, ok = parseAmzDate(rawDate)
	} else {
		var err error
		sr.Time, err = http.ParseTime(rawDate)
		ok = err == nil
		sr.Time = sr.Time.UTC()
	}
	if !ok {
		return nil, newError(ReasonIncompleteSignature, "Date must be in ISO-8601 'basic format'. Got '"+
			rawDate+"'. See http://en.wikipedia.org/wiki/ISO_8601")
	}

	var err *Error
	if sr.SignedHeaders, err = parseSignedHeaders(r, signed, ReasonIncompleteSignature); err != nil {
		return nil, err
	}
	sr.SessionToken = r.Header.Get("X-Amz-Security-Token")
	return sr, nil
}

func parsePresigned(r *http.Request, rawQuery string) (*Request, error) {
	alg, ok1 := queryValue(rawQuery, QueryAlgorithm)
	cred, ok2 := queryValue(rawQuery, QueryCredential)
	sig, ok3 := queryValue(rawQuery, QuerySignature)
	date, ok4 := queryValue(rawQuery, QueryDate)
	signed, ok5 := queryValue(rawQuery, QuerySignedHeaders)
	exp, ok6 := queryValue(rawQuery, QueryExpires)
	if !ok6 {
		exp = strconv.Itoa(int(DefaultPresignExpires / time.Second))
	}
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || sig == "" || cred == "" || signed == "" {
		return nil, newError(ReasonAuthorizationQueryParameters, MsgQueryParamsMissing)
	}
	if alg != Algorithm {
		return nil, newError(ReasonAuthorizationQueryParameters, `X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"`)
	}
	sr := &Request{Signature: sig, Presigned: true, ExpiresGiven: ok6, rawDate: date}
	var badParts bool
	sr.AccessKeyID, sr.Date, sr.Region, sr.Service, badParts = splitCredential(cred)
	if badParts {
		return nil, newError(ReasonAuthorizationQueryParameters,
			`Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`)
	}
	if term := cred[strings.LastIndexByte(cred, '/')+1:]; term != Terminator {
		return nil, newError(ReasonAuthorizationQueryParameters,
			`Error parsing the X-Amz-Credential parameter; incorrect terminal "`+term+`". This endpoint uses "aws4_request".`)
	}
	var ok bool
	if sr.Time, ok = parseAmzDate(date); !ok {
		return nil, newError(ReasonAuthorizationQueryParameters,
			`X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`)
	}
	secs, err := strconv.ParseInt(exp, 10, 64)
	switch {
	case err != nil && !isDigits(strings.TrimPrefix(exp, "-")):
		return nil, newError(ReasonAuthorizationQueryParameters, "X-Amz-Expires should be a number")
	case secs < 0 || strings.HasPrefix(exp, "-"):
		return nil, newError(ReasonAuthorizationQueryParameters, "X-Amz-Expires must be non-negative")
	case err != nil || secs > int64(MaxPresignExpires/time.Second):
		return nil, newError(ReasonAuthorizationQueryParameters,
			"X-Amz-Expires must be less than a week (in seconds) that is 604800")
	}
	sr.Expires = time.Duration(secs) * time.Second

	var perr *Error
	if sr.SignedHeaders, perr = parseSignedHeaders(r, signed, ReasonAuthorizationQueryParameters); perr != nil {
		return nil, perr
	}
	if tok, ok := queryValue(rawQuery, QuerySecurityToken); ok {
		sr.SessionToken = tok
	} else {
		sr.SessionToken = r.Header.Get("X-Amz-Security-Token")
	}
	return sr, nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// splitCredential splits "AKID/date/region/service/term". bad is true unless
// there are exactly five elements.
func splitCredential(cred string) (akid, date, region, service string, bad bool) {
	var rest string
	var ok1, ok2, ok3, ok4 bool
	akid, rest, ok1 = strings.Cut(cred, "/")
	date, rest, ok2 = strings.Cut(rest, "/")
	region, rest, ok3 = strings.Cut(rest, "/")
	service, rest, ok4 = strings.Cut(rest, "/")
	if !ok1 || !ok2 || !ok3 || !ok4 || strings.IndexByte(rest, '/') >= 0 {
		return "", "", "", "", true
	}
	return akid, date, region, service, false
}

// parseSignedHeaders splits the SignedHeaders list, lower-cases the names and
// checks that host is signed and that every other signed header is present.
// The order is kept as sent: the canonical request is built in that order (see
// the package documentation).
func parseSignedHeaders(r *http.Request, list string, malformed Reason) ([]string, *Error) {
	n := strings.Count(list, ";") + 1
	names := make([]string, 0, n)
	hasHost := false
	for list != "" || len(names) < n {
		var name string
		name, list, _ = strings.Cut(list, ";")
		if name == "" {
			return nil, newError(malformed, "SignedHeaders contains an empty header name.")
		}
		name = strings.ToLower(name)
		names = append(names, name)
		if name == "host" {
			hasHost = true
		}
	}
	if !hasHost {
		return nil, newError(ReasonIncompleteSignature, MsgHostNotSigned)
	}
	for _, name := range names {
		if name == "host" {
			continue
		}
		if _, ok := headerValues(r, name); !ok {
			return nil, newError(ReasonIncompleteSignature,
				"Signed header '"+name+"' is not present in the request.")
		}
	}
	return names, nil
}

// parseAmzDate parses the ISO 8601 basic format 20060102T150405Z strictly.
func parseAmzDate(s string) (time.Time, bool) {
	if len(s) != len(amzDateLayout) || s[8] != 'T' || s[15] != 'Z' {
		return time.Time{}, false
	}
	num := func(i, n int) (int, bool) {
		v := 0
		for _, c := range []byte(s[i : i+n]) {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	y, ok1 := num(0, 4)
	mo, ok2 := num(4, 2)
	d, ok3 := num(6, 2)
	h, ok4 := num(9, 2)
	mi, ok5 := num(11, 2)
	sec, ok6 := num(13, 2)
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || !ok6 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != mo || t.Day() != d || t.Hour() != h || t.Minute() != mi || t.Second() != sec {
		return time.Time{}, false
	}
	return t, true
}
