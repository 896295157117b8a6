package shape

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Timestamp is a model timestamp. It marshals as JSON epoch seconds with up to
// a millisecond fraction (1573865201.619 or 1573865201), the format AWS JSON
// protocols use, and unmarshals from a JSON number or, leniently, from an
// RFC 3339 string.
type Timestamp struct{ time.Time }

// NewTimestamp returns a *Timestamp for t, for filling optional members.
func NewTimestamp(t time.Time) *Timestamp { return &Timestamp{t} }

// MarshalJSON renders the time as epoch seconds truncated to milliseconds.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	ms := t.UnixMilli()
	sec, frac := ms/1000, ms%1000
	if frac < 0 { // floor division for times before 1970
		sec, frac = sec-1, frac+1000
	}
	b := strconv.AppendInt(nil, sec, 10)
	if frac != 0 {
		f := strings.TrimRight(fmt.Sprintf("%03d", frac), "0")
		b = append(append(b, '.'), f...)
	}
	return b, nil
}

// UnmarshalJSON accepts epoch seconds (with any fraction, or in exponent
// notation) and RFC 3339 strings; null leaves t unchanged.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case string(b) == "null":
		return nil
	case len(b) > 0 && b[0] == '"':
		return t.unmarshalString(b)
	}
	v, err := parseEpoch(string(b))
	if err != nil {
		return fmt.Errorf("shape: timestamp %s: %w", b, err)
	}
	t.Time = v
	return nil
}

func (t *Timestamp) unmarshalString(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		if v, err = parseEpoch(s); err != nil {
			return fmt.Errorf("shape: timestamp %q: not RFC 3339 or epoch seconds", s)
		}
	}
	t.Time = v
	return nil
}

// parseEpoch parses decimal epoch seconds exactly (no float rounding); numbers
// in exponent notation go through float64 and are rounded to microseconds.
func parseEpoch(s string) (time.Time, error) {
	if strings.ContainsAny(s, "eE") {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return time.Time{}, fmt.Errorf("not a number")
		}
		return time.UnixMicro(int64(math.Round(f * 1e6))).UTC(), nil
	}
	intPart, fracPart, _ := strings.Cut(s, ".")
	neg := strings.HasPrefix(intPart, "-")
	sec, err := strconv.ParseInt(intPart, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("not a number")
	}
	nanos, err := parseFraction(fracPart)
	if err != nil {
		return time.Time{}, err
	}
	if neg {
		nanos = -nanos
	}
	return time.Unix(sec, nanos).UTC(), nil
}

// parseFraction turns the digits after the decimal point into nanoseconds,
// ignoring digits beyond the ninth.
func parseFraction(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	if len(s) > 9 {
		s = s[:9]
	}
	n, err := strconv.ParseUint(s+strings.Repeat("0", 9-len(s)), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("bad fraction")
	}
	return int64(n), nil
}
