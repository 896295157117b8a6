package sqlite

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	"conforms"
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

// Value implements driver.Valuer. The documents of configuration items,
// written by the thousand in an import, are encoded by hand: json.Marshal,
// which reflects, took a twentieth of an import's write time.
func (j jsonValue) Value() (driver.Value, error) {
	switch v := j.ptr.(type) {
	case *map[string]string:
		if *v != nil {
			return string(appendStringMap(nil, *v)), nil
		}
	case *[]conforms.ResourceRelationship:
		if *v != nil {
			return string(appendRelationships(nil, *v)), nil
		}
	}
	b, err := json.Marshal(j.ptr)
	return string(b), err
}

// appendStringMap appends m as a JSON object, its keys sorted as
// json.Marshal sorts them.
func appendStringMap(b []byte, m map[string]string) []byte {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		b = appendJSONString(b, m[k])
	}
	return append(b, '}')
}

// appendRelationships appends rels as json.Marshal would, field names and all.
func appendRelationships(b []byte, rels []conforms.ResourceRelationship) []byte {
	b = append(b, '[')
	for i, r := range rels {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"ResourceType":`...)
		b = appendJSONString(b, r.ResourceType)
		b = append(b, `,"ResourceID":`...)
		b = appendJSONString(b, r.ResourceID)
		b = append(b, `,"ResourceName":`...)
		b = appendJSONString(b, r.ResourceName)
		b = append(b, `,"Name":`...)
		b = appendJSONString(b, r.Name)
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendJSONString appends s as a JSON string that decodes to what
// json.Marshal's encoding of s decodes to: invalid UTF-8 becomes U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
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
