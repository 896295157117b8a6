package sqlite

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"
)

// The types below convert between Go field values and column values. Each is
// a driver.Valuer, for arguments (micros(a.CreatedAt)), and a sql.Scanner, for
// destinations ((*micros)(&a.CreatedAt)).

// nullString stores "" as NULL and reads NULL as "".
type nullString string

// Value implements driver.Valuer.
func (s nullString) Value() (driver.Value, error) {
	if s == "" {
		return nil, nil
	}
	return string(s), nil
}

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

// micros stores a time as microseconds since the Unix epoch, and the zero time
// as NULL. It reads times in UTC.
type micros time.Time

// Value implements driver.Valuer.
func (t micros) Value() (driver.Value, error) {
	if time.Time(t).IsZero() {
		return nil, nil
	}
	return time.Time(t).UnixMicro(), nil
}

// Scan implements sql.Scanner.
func (t *micros) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*t = micros{}
	case int64:
		*t = micros(time.UnixMicro(v).UTC())
	default:
		return fmt.Errorf("scan %T into a time", src)
	}
	return nil
}

// seconds stores a duration in whole seconds.
type seconds time.Duration

// Value implements driver.Valuer.
func (d seconds) Value() (driver.Value, error) {
	return int64(time.Duration(d) / time.Second), nil
}

// Scan implements sql.Scanner.
func (d *seconds) Scan(src any) error {
	v, ok := src.(int64)
	if !ok {
		return fmt.Errorf("scan %T into a duration", src)
	}
	*d = seconds(time.Duration(v) * time.Second)
	return nil
}

// jsonStrings stores a list of strings as a JSON array; it reads an empty
// array as nil.
type jsonStrings []string

// Value implements driver.Valuer.
func (a jsonStrings) Value() (driver.Value, error) {
	if len(a) == 0 {
		return "[]", nil
	}
	b, err := json.Marshal([]string(a))
	return string(b), err
}

// Scan implements sql.Scanner.
func (a *jsonStrings) Scan(src any) error {
	var b []byte
	switch v := src.(type) {
	case string:
		b = []byte(v)
	case []byte:
		b = v
	default:
		return fmt.Errorf("scan %T into a list", src)
	}
	var list []string
	if err := json.Unmarshal(b, &list); err != nil {
		return err
	}
	if len(list) == 0 {
		list = nil
	}
	*a = list
	return nil
}

// jsonValue stores any value as JSON text: jsonValue{&r.Group} as an argument
// or a destination.
type jsonValue struct{ ptr any }

// Value implements driver.Valuer.
func (j jsonValue) Value() (driver.Value, error) {
	b, err := json.Marshal(j.ptr)
	return string(b), err
}

// Scan implements sql.Scanner.
func (j jsonValue) Scan(src any) error {
	switch v := src.(type) {
	case string:
		return json.Unmarshal([]byte(v), j.ptr)
	case []byte:
		return json.Unmarshal(v, j.ptr)
	}
	return fmt.Errorf("scan %T into JSON", src)
}

// epochMicros stores a time as microseconds since the Unix epoch, and the
// zero time as 0 (not NULL), for columns compared with < and <=.
type epochMicros time.Time

// Value implements driver.Valuer.
func (t epochMicros) Value() (driver.Value, error) {
	if time.Time(t).IsZero() {
		return int64(0), nil
	}
	return time.Time(t).UnixMicro(), nil
}

// Scan implements sql.Scanner.
func (t *epochMicros) Scan(src any) error {
	v, ok := src.(int64)
	if !ok {
		return fmt.Errorf("scan %T into a time", src)
	}
	*t = epochMicros{}
	if v != 0 {
		*t = epochMicros(time.UnixMicro(v).UTC())
	}
	return nil
}
