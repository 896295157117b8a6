package iampolicy

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// condValue is one compiled policy value of a condition. Which fields are
// set depends on the operator's family.
type condValue struct {
	raw  string       // as written; lower case for Bool
	pat  pattern      // String families
	arn  arnPattern   // Arn family
	num  float64      // Numeric
	date time.Time    // Date
	bin  []byte       // BinaryEquals
	ip   netip.Prefix // IpAddress, NotIpAddress
	null bool         // Null: true means "the key must be missing"
}

// compileValues compiles the policy values of one condition key; name is
// the operator as written, for error messages.
func compileValues(op operator, name string, raw []string, vars bool) ([]condValue, error) {
	out := make([]condValue, len(raw))
	for i, s := range raw {
		v, ok := compileValue(op.fam, s, vars)
		if !ok && op.fam == famIP {
			return nil, malformed(msgIPAddress)
		}
		if !ok {
			return nil, malformed(msgConditionValue, name, s)
		}
		out[i] = v
	}
	return out, nil
}

func compileValue(fam family, s string, vars bool) (condValue, bool) {
	v := condValue{raw: s}
	ok := true
	switch fam {
	case famString, famStringFold:
		v.pat = compile(s, false, vars)
	case famStringLike:
		v.pat = compile(s, true, vars)
	case famARN:
		v.arn = compileARN(s, vars)
	case famNumeric:
		v.num, ok = parseNumber(s)
	case famDate:
		v.date, ok = parseDate(s)
	case famBool:
		v.raw = strings.ToLower(s)
		ok = v.raw == "true" || v.raw == "false"
	case famNull:
		v.null, ok = parseBool(s)
	case famBinary:
		var err error
		v.bin, err = base64.StdEncoding.DecodeString(s)
		ok = err == nil
	case famIP:
		v.ip, ok = parsePrefix(s)
	}
	return v, ok
}

func parseBool(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// parseNumber parses a finite decimal number.
func parseNumber(s string) (float64, bool) {
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil && !math.IsInf(f, 0) && !math.IsNaN(f)
}

func (c *condition) matchNumeric(v string) bool {
	x, ok := parseNumber(v)
	if !ok {
		return false
	}
	for _, pv := range c.values {
		if compared(c.op.cmp, cmp.Compare(x, pv.num)) {
			return true
		}
	}
	return false
}

// dateLayouts are the ISO 8601 forms a date may take. A date without a
// zone is UTC.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02",
	"20060102T150405Z",
}

// parseDate parses an ISO 8601 date or a number of seconds since the Unix
// epoch (with an optional fraction).
func parseDate(s string) (time.Time, bool) {
	if t, ok := parseEpoch(s); ok {
		return t, true
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func parseEpoch(s string) (time.Time, bool) {
	secs, frac, hasFrac := strings.Cut(s, ".")
	if !allDigits(strings.TrimPrefix(secs, "-")) || hasFrac && !allDigits(frac) {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(secs, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	var nanos int64
	if hasFrac {
		frac = (frac + "000000000")[:9]
		nanos, _ = strconv.ParseInt(frac, 10, 64)
	}
	return time.Unix(n, nanos).UTC(), true
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func (c *condition) matchDate(v string) bool {
	t, ok := parseDate(v)
	if !ok {
		return false
	}
	for _, pv := range c.values {
		if compared(c.op.cmp, t.Compare(pv.date)) {
			return true
		}
	}
	return false
}

// matchBinary compares the base64-encoded request value byte for byte with
// the policy values.
func (c *condition) matchBinary(v string) bool {
	b, err := base64.StdEncoding.DecodeString(v)
	if err != nil {
		return false
	}
	for _, pv := range c.values {
		if bytes.Equal(b, pv.bin) {
			return true
		}
	}
	return false
}

// parsePrefix parses a CIDR block or a single address (a /32 or /128).
// IPv4-mapped IPv6 forms are turned into IPv4.
func parsePrefix(s string) (netip.Prefix, bool) {
	if !strings.Contains(s, "/") {
		a, err := netip.ParseAddr(s)
		if err != nil || a.Zone() != "" {
			return netip.Prefix{}, false
		}
		a = a.Unmap()
		return netip.PrefixFrom(a, a.BitLen()), true
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	if a := p.Addr(); a.Is4In6() && p.Bits() >= 96 {
		p = netip.PrefixFrom(a.Unmap(), p.Bits()-96)
	}
	return p.Masked(), true
}

func (c *condition) matchIP(v string) bool {
	a, err := netip.ParseAddr(v)
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, pv := range c.values {
		if pv.ip.Contains(a) {
			return true
		}
	}
	return false
}
