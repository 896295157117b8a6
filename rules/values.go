package rules

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Get walks maps by key along path and returns the value there, or nil.
func Get(v any, path ...string) any {
	for _, key := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[key]
	}
	return v
}

// Str returns v as a string: strings as they are, numbers and booleans
// formatted, anything else "".
func Str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case json.Number:
		return x.String()
	}
	return ""
}

// Bool returns v as a boolean; the strings "true" and "false" count (in
// any case). ok is false for anything else.
func Bool(v any) (b, ok bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		switch strings.ToLower(x) {
		case "true":
			return true, true
		case "false":
			return false, true
		}
	}
	return false, false
}

// IsTrue reports whether v is the boolean true (or "true").
func IsTrue(v any) bool {
	b, ok := Bool(v)
	return ok && b
}

// Num returns v as a number; numeric strings count.
func Num(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, err == nil
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	}
	return 0, false
}

// Slice returns v as a list, or nil.
func Slice(v any) []any {
	s, _ := v.([]any)
	return s
}

// Map returns v as an object, or nil.
func Map(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// Params are a rule's input parameters, as strings (InputParameters is a
// JSON object; numbers and booleans given unquoted are taken as their text).
type Params map[string]string

// ParseParams parses a rule's InputParameters; "" is no parameters.
func ParseParams(inputParameters string) (Params, error) {
	p := Params{}
	if strings.TrimSpace(inputParameters) == "" {
		return p, nil
	}
	var raw map[string]any
	if err := json.Unmarshal([]byte(inputParameters), &raw); err != nil {
		return nil, fmt.Errorf("InputParameters is not a JSON object: %w", err)
	}
	for k, v := range raw {
		switch v.(type) {
		case string, float64, bool:
			p[k] = Str(v)
		case nil:
		default:
			return nil, fmt.Errorf("InputParameters %s is not a string, a number or a boolean", k)
		}
	}
	return p, nil
}

// String returns the parameter, or def when it is absent or empty.
func (p Params) String(name, def string) string {
	if v := strings.TrimSpace(p[name]); v != "" {
		return v
	}
	return def
}

// Int returns the parameter as an integer, or def when it is absent or empty.
func (p Params) Int(name string, def int) (int, error) {
	v := strings.TrimSpace(p[name])
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("parameter %s must be an integer, not %q", name, v)
	}
	return n, nil
}

// Float returns the parameter as a number, or def when it is absent or empty.
func (p Params) Float(name string, def float64) (float64, error) {
	v := strings.TrimSpace(p[name])
	if v == "" {
		return def, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return 0, fmt.Errorf("parameter %s must be a number, not %q", name, v)
	}
	return f, nil
}

// Bool returns the parameter as a boolean, or def when it is absent or empty.
func (p Params) Bool(name string, def bool) (bool, error) {
	v := strings.TrimSpace(p[name])
	if v == "" {
		return def, nil
	}
	b, ok := Bool(v)
	if !ok {
		return false, fmt.Errorf("parameter %s must be true or false, not %q", name, v)
	}
	return b, nil
}

// List returns a comma-separated parameter as its trimmed, non-empty items.
func (p Params) List(name string) []string {
	var out []string
	for _, s := range strings.Split(p[name], ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
