package sigv4

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// requestPath returns the path as the client sent it, still escaped. A server
// request keeps it in RequestURI (which middleware such as http.StripPrefix
// leaves alone, and which is what the client signed); a request built with
// http.NewRequest has only URL, whose EscapedPath is what a client sends.
func requestPath(r *http.Request) string {
	if u := r.RequestURI; u != "" && u[0] == '/' {
		if i := strings.IndexByte(u, '?'); i >= 0 {
			return u[:i]
		}
		return u
	}
	if r.URL == nil {
		return ""
	}
	if o := r.URL.Opaque; o != "" {
		// Same rule as the SDK signer: Opaque is "//host/path" or "/path".
		if i := strings.IndexByte(o, '?'); i >= 0 {
			o = o[:i]
		}
		o = strings.TrimPrefix(o, "//")
		if i := strings.IndexByte(o, '/'); i >= 0 {
			return o[i:]
		}
		return ""
	}
	return r.URL.EscapedPath()
}

// requestQuery returns the raw query as the client sent it.
func requestQuery(r *http.Request) string {
	if u := r.RequestURI; u != "" && u[0] == '/' {
		if i := strings.IndexByte(u, '?'); i >= 0 {
			return u[i+1:]
		}
		return ""
	}
	if r.URL == nil {
		return ""
	}
	return r.URL.RawQuery
}

// unescapeQuery decodes a query component like url.QueryUnescape ('+' is a
// space). A component with a bad escape is kept literally, so that it is still
// covered by the signature (its '%' is then encoded as %25).
func unescapeQuery(s string) string {
	if strings.IndexByte(s, '%') < 0 && strings.IndexByte(s, '+') < 0 {
		return s
	}
	if d, err := url.QueryUnescape(s); err == nil {
		return d
	}
	return s
}

// queryValue returns the decoded value of the first parameter named name.
func queryValue(rawQuery, name string) (string, bool) {
	for rawQuery != "" {
		var seg string
		seg, rawQuery, _ = strings.Cut(rawQuery, "&")
		k, v, _ := strings.Cut(seg, "=")
		if k == name || (len(k) > len(name) && unescapeQuery(k) == name) {
			return unescapeQuery(v), true
		}
	}
	return "", false
}

// headerValues returns the values of the lower-case header name and whether
// the request has it. host, content-length and transfer-encoding come from the
// http.Request fields where net/http moves them out of Header.
func headerValues(r *http.Request, name string) ([]string, bool) {
	if name == "host" {
		return nil, true // handled by the caller, from r.Host
	}
	var buf [64]byte
	if key, ok := canonicalKey(buf[:0], name); ok {
		if v, ok := r.Header[string(key)]; ok { // no allocation for the lookup
			return v, true
		}
	}
	// Slow path: a header map whose keys are not canonical (built by hand,
	// never by the server). Merge every key that matches, in sorted order.
	var keys []string
	for k := range r.Header {
		if strings.EqualFold(k, name) {
			keys = append(keys, k)
		}
	}
	if len(keys) > 0 {
		slices.Sort(keys)
		var vs []string
		for _, k := range keys {
			vs = append(vs, r.Header[k]...)
		}
		return vs, true
	}
	switch name {
	case "content-length":
		if r.ContentLength >= 0 {
			return []string{strconv.FormatInt(r.ContentLength, 10)}, true
		}
	case "transfer-encoding":
		if len(r.TransferEncoding) > 0 {
			return []string{strings.Join(r.TransferEncoding, ",")}, true
		}
	}
	return nil, false
}

// canonicalKey appends the MIME-canonical form of the lower-case name
// ("x-amz-date" -> "X-Amz-Date"). ok is false when the name has bytes that
// textproto would not canonicalize.
func canonicalKey(dst []byte, name string) ([]byte, bool) {
	upper := true
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !isTokenByte(c) {
			return dst, false
		}
		if upper && 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		} else if !upper && 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
		upper = c == '-'
	}
	return dst, true
}

func isTokenByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

const upperHex = "0123456789ABCDEF"

func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '_' || c == '.' || c == '~'
}

// appendURIEncode appends s with every byte outside A-Z a-z 0-9 - _ . ~
// (and '/' when keepSlash) written as %XX with upper-case hex.
func appendURIEncode(dst []byte, s string, keepSlash bool) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) || (keepSlash && c == '/') {
			dst = append(dst, c)
		} else {
			dst = append(dst, '%', upperHex[c>>4], upperHex[c&15])
		}
	}
	return dst
}

type queryPair struct{ k, v string }

// appendCanonicalQuery appends the canonical query string: every parameter
// decoded and re-encoded with appendURIEncode, sorted by encoded name then
// encoded value. For presigned URLs X-Amz-Signature is left out.
func appendCanonicalQuery(dst []byte, rawQuery string, presigned bool, pairs []queryPair) ([]byte, []queryPair) {
	pairs = pairs[:0]
	var enc []byte
	for rawQuery != "" {
		var seg string
		seg, rawQuery, _ = strings.Cut(rawQuery, "&")
		if seg == "" {
			continue
		}
		k, v, _ := strings.Cut(seg, "=")
		k, v = unescapeQuery(k), unescapeQuery(v)
		if presigned && k == QuerySignature {
			continue
		}
		enc = appendURIEncode(enc[:0], k, false)
		ek := string(enc)
		enc = appendURIEncode(enc[:0], v, false)
		pairs = append(pairs, queryPair{ek, string(enc)})
	}
	slices.SortFunc(pairs, func(a, b queryPair) int {
		if c := cmp.Compare(a.k, b.k); c != 0 {
			return c
		}
		return cmp.Compare(a.v, b.v)
	})
	for i, p := range pairs {
		if i > 0 {
			dst = append(dst, '&')
		}
		dst = append(dst, p.k...)
		dst = append(dst, '=')
		dst = append(dst, p.v...)
	}
	return dst, pairs
}

// appendHeaderValue appends v trimmed with runs of spaces collapsed to one
// (the SDK's StripExcessSpaces followed by strings.TrimSpace).
func appendHeaderValue(dst []byte, v string) []byte {
	v = strings.TrimSpace(v)
	space := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c == ' ' {
			if space {
				continue
			}
			space = true
		} else {
			space = false
		}
		dst = append(dst, c)
	}
	return dst
}

// appendCanonicalRequest appends the SigV4 canonical request of r as signed
// in sr. ok is false when a signed header is missing from r.
func appendCanonicalRequest(dst []byte, r *http.Request, sr *Request, payloadHash string, singleEncode bool, pairs []queryPair) (_ []byte, _ []queryPair, missing string) {
	dst = append(dst, r.Method...)
	dst = append(dst, '\n')

	path := requestPath(r)
	if path == "" {
		path = "/"
	}
	if singleEncode {
		dst = append(dst, path...)
	} else {
		dst = appendURIEncode(dst, path, true)
	}
	dst = append(dst, '\n')

	if q := requestQuery(r); q != "" {
		dst, pairs = appendCanonicalQuery(dst, q, sr.Presigned, pairs)
	}
	dst = append(dst, '\n')

	for _, name := range sr.SignedHeaders {
		dst = append(dst, name...)
		dst = append(dst, ':')
		if name == "host" {
			host := r.Host
			if host == "" && r.URL != nil {
				host = r.URL.Host
			}
			dst = appendHeaderValue(dst, host)
		} else {
			vs, ok := headerValues(r, name)
			if !ok {
				return dst, pairs, name
			}
			for i, v := range vs {
				if i > 0 {
					dst = append(dst, ',')
				}
				dst = appendHeaderValue(dst, v)
			}
		}
		dst = append(dst, '\n')
	}
	dst = append(dst, '\n')

	for i, name := range sr.SignedHeaders {
		if i > 0 {
			dst = append(dst, ';')
		}
		dst = append(dst, name...)
	}
	dst = append(dst, '\n')
	dst = append(dst, payloadHash...)
	return dst, pairs, ""
}
