package template

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// fields reads the keys of a mapping with type checks; every problem is
// reported at the key's path. A key holding errNode reads as invalid,
// silently: its problem was reported already.
type fields struct {
	r    *resolver
	n    *node
	path string
	bad  bool // not a mapping: nothing is required
}

// fields checks that n is a mapping whose keys are all in known.
func (r *resolver) fields(n *node, path string, known []string) fields {
	f := fields{r: r, n: n, path: path}
	if n.kind != kindMap {
		f.n, f.bad = &node{kind: kindMap, line: n.line}, true
		if n.kind != kindError {
			r.ps.add(path, n.line, "must be a mapping, not %s", n.describe())
		}
		return f
	}
	for i, k := range n.keys {
		if !slices.Contains(known, k) {
			r.ps.add(joinPath(path, k), n.items[i].line, "unknown property %q; expected one of %s", k, strings.Join(known, ", "))
		}
	}
	return f
}

// get returns the value of key and whether the key is present.
func (f fields) get(key string) (*node, bool) {
	v := f.n.get(key)
	return v, v != nil
}

// line is the line of key's value, or of the mapping.
func (f fields) line(key string) int {
	if v := f.n.get(key); v != nil && v.line > 0 {
		return v.line
	}
	return f.n.line
}

// required reports each key that is absent.
func (f fields) required(keys ...string) {
	if f.bad {
		return
	}
	for _, k := range keys {
		if _, ok := f.get(k); !ok {
			f.r.ps.add(joinPath(f.path, k), f.n.line, "required property %s is missing", k)
		}
	}
}

func (f fields) str(key string) (string, bool) {
	v, ok := f.get(key)
	if !ok {
		return "", false
	}
	return f.r.asString(v, joinPath(f.path, key))
}

func (f fields) boolean(key string) (bool, bool) {
	v, ok := f.get(key)
	if !ok || v.kind == kindError {
		return false, false
	}
	if v.isScalar() {
		switch strings.ToLower(v.text) {
		case "true":
			return true, true
		case "false":
			return false, true
		}
	}
	f.r.ps.add(joinPath(f.path, key), v.line, "must be a boolean (true or false), not %s", quoteValue(v))
	return false, false
}

// integer reads a whole number in [min, max].
func (f fields) integer(key string, min, max int64) (int64, bool) {
	v, ok := f.get(key)
	if !ok || v.kind == kindError {
		return 0, false
	}
	path := joinPath(f.path, key)
	x, err := parseInt(v)
	if err != nil {
		f.r.ps.add(path, v.line, "must be an integer, not %s", quoteValue(v))
		return 0, false
	}
	if x < min || x > max {
		f.r.ps.add(path, v.line, "must be between %d and %d, not %d", min, max, x)
		return 0, false
	}
	return x, true
}

// parseInt reads an integer written in decimal (leading zeros allowed) or
// with a 0x, 0o or 0b prefix.
func parseInt(v *node) (int64, error) {
	if v.kind != kindNumber && v.kind != kindString {
		return 0, strconv.ErrSyntax
	}
	s := strings.ReplaceAll(v.text, "_", "")
	if x, err := strconv.ParseInt(s, 10, 64); err == nil {
		return x, nil
	}
	t := strings.TrimLeft(s, "+-")
	if len(t) > 1 && t[0] == '0' && strings.ContainsRune("xXoObB", rune(t[1])) {
		return strconv.ParseInt(s, 0, 64)
	}
	return 0, strconv.ErrSyntax
}

func (f fields) number(key string) (float64, bool) {
	v, ok := f.get(key)
	if !ok || v.kind == kindError {
		return 0, false
	}
	if v.kind == kindNumber || v.kind == kindString {
		if x, err := strconv.ParseFloat(v.text, 64); err == nil {
			return x, true
		}
	}
	f.r.ps.add(joinPath(f.path, key), v.line, "must be a number, not %s", quoteValue(v))
	return 0, false
}

// strList reads a list of strings; ok is false when absent or invalid.
func (f fields) strList(key string) ([]string, bool) {
	v, ok := f.get(key)
	if !ok {
		return nil, false
	}
	return f.r.asStringList(v, joinPath(f.path, key))
}

// asString reads a scalar as a string.
func (r *resolver) asString(v *node, path string) (string, bool) {
	if v.kind == kindError {
		return "", false
	}
	if !v.isScalar() {
		r.ps.add(path, v.line, "must be a string, not %s", v.describe())
		return "", false
	}
	return v.str(), true
}

// asStringList reads a list of scalars as strings.
func (r *resolver) asStringList(v *node, path string) ([]string, bool) {
	if v.kind == kindError {
		return nil, false
	}
	if v.kind != kindList {
		r.ps.add(path, v.line, "must be a list of strings, not %s", v.describe())
		return nil, false
	}
	out := make([]string, 0, len(v.items))
	ok := true
	for i, item := range v.items {
		s, good := r.asString(item, indexPath(path, i))
		ok = ok && good
		out = append(out, s)
	}
	return out, ok
}

// checkLength reports a string whose length in characters is outside
// [min, max].
func (r *resolver) checkLength(path string, line int, s string, min, max int) bool {
	n := utf8.RuneCountInString(s)
	if n < min {
		if min == 1 {
			r.ps.add(path, line, "must not be empty")
		} else {
			r.ps.add(path, line, "must be at least %d characters long", min)
		}
		return false
	}
	if n > max {
		r.ps.add(path, line, "is %d characters long, more than the limit of %d", n, max)
		return false
	}
	return true
}

// checkEnum reports a value that is not one of allowed.
func (r *resolver) checkEnum(path string, line int, s string, allowed ...string) bool {
	if slices.Contains(allowed, s) {
		return true
	}
	r.ps.add(path, line, "%q is not one of %s", s, strings.Join(allowed, ", "))
	return false
}

// quoteValue renders a value for a message.
func quoteValue(v *node) string {
	if v.isScalar() {
		return strconv.Quote(v.text)
	}
	return v.describe()
}
