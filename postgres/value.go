package postgres

import (
	"encoding/json"
	"fmt"
	"time"
)

// The functions and types below convert between Go field values and column
// values: functions for arguments (timestamp(a.CreatedAt)), sql.Scanner
// types for destinations ((*timestampCol)(&a.CreatedAt)).

// text returns s, or nil (NULL) for "".
func text(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// nullString reads NULL as "".
type nullString string

// Scan implements sql.Scanner.
func (s *nullString) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s = ""
	case string:
		*s = nullString(v)
	case []byte:
		*s = nullString(v)
	default:
		return fmt.Errorf("scan %T into a string", src)
	}
	return nil
}

// timestamp returns t to the microsecond, or nil (NULL) for the zero time.
func timestamp(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Truncate(time.Microsecond)
}

// timestampCol reads a timestamptz in UTC, and NULL as the zero time.
type timestampCol time.Time

// Scan implements sql.Scanner.
func (t *timestampCol) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*t = timestampCol{}
	case time.Time:
		*t = timestampCol(v.UTC())
	default:
		return fmt.Errorf("scan %T into a time", src)
	}
	return nil
}

// unixEpoch stands for the zero time in the columns that compare times
// with < and <=, which are NOT NULL.
var unixEpoch = time.Unix(0, 0).UTC()

// epoch returns t to the microsecond, or the Unix epoch for the zero time.
func epoch(t time.Time) time.Time {
	if t.IsZero() {
		return unixEpoch
	}
	return t.Truncate(time.Microsecond)
}

// epochCol reads a timestamptz in UTC, and the Unix epoch as the zero time.
type epochCol time.Time

// Scan implements sql.Scanner.
func (t *epochCol) Scan(src any) error {
	v, ok := src.(time.Time)
	if !ok {
		return fmt.Errorf("scan %T into a time", src)
	}
	*t = epochCol{}
	if !v.Equal(unixEpoch) {
		*t = epochCol(v.UTC())
	}
	return nil
}

// seconds returns a duration in whole seconds.
func seconds(d time.Duration) int64 {
	return int64(d / time.Second)
}

// secondsCol reads a duration stored in whole seconds.
type secondsCol time.Duration

// Scan implements sql.Scanner.
func (d *secondsCol) Scan(src any) error {
	v, ok := src.(int64)
	if !ok {
		return fmt.Errorf("scan %T into a duration", src)
	}
	*d = secondsCol(time.Duration(v) * time.Second)
	return nil
}

// strs returns a list for a text[] NOT NULL column: nil as empty.
func strs(a []string) []string {
	if a == nil {
		return []string{}
	}
	return a
}

// nilIfEmpty reads an empty list as nil, as package sqlite does.
func nilIfEmpty(a *[]string) {
	if len(*a) == 0 {
		*a = nil
	}
}

// timestampPtr is timestamp for the elements of a timestamptz[].
func timestampPtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.Truncate(time.Microsecond)
	return &t
}

// jsonText reads a JSON document stored as text: jsonText{&ci.Tags}.
type jsonText struct{ ptr any }

// Scan implements sql.Scanner.
func (j jsonText) Scan(src any) error {
	switch v := src.(type) {
	case string:
		return json.Unmarshal([]byte(v), j.ptr)
	case []byte:
		return json.Unmarshal(v, j.ptr)
	}
	return fmt.Errorf("scan %T into JSON", src)
}
