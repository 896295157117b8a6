package shape

import (
	"encoding/base64"
	"slices"
	"strings"
)

// The functions below are what generated validate methods call, one call per
// constrained member. Each takes the Checker, the path of the enclosing
// structure (p, "" at the top) and the member's lowerCamel name, and reports
// a missing value as "Member must not be null" only when required is true.
// A nil *Rule means the shape has no constraints of its own.

// Required reports a nil required member.
func Required[T any](c *Checker, p, name string, v *T) {
	if v == nil {
		c.null(p, name)
	}
}

// String checks a string or enum member.
func String[T ~string](c *Checker, p, name string, v *T, r *Rule, required bool) {
	if v == nil {
		if required {
			c.null(p, name)
		}
		return
	}
	s := string(*v)
	for _, f := range r.str(s) {
		c.fail(p, name, s, f)
	}
}

// Number checks an integer, long, float or double member against its range.
func Number[T Numeric](c *Checker, p, name string, v *T, r *Rule, required bool) {
	if v == nil {
		if required {
			c.null(p, name)
		}
		return
	}
	for _, f := range num(r, *v) {
		c.fail(p, name, render(*v), f)
	}
}

// Blob checks the length in bytes of a blob member; the value is rendered in
// base64, as it travels on the wire.
func Blob(c *Checker, p, name string, v []byte, r *Rule, required bool) {
	if v == nil {
		if required {
			c.null(p, name)
		}
		return
	}
	if r != nil {
		for _, f := range r.length(nil, len(v)) {
			c.fail(p, name, base64.StdEncoding.EncodeToString(v), f)
		}
	}
}

// List checks presence and the length of a list member. The generated code
// validates structure elements itself, with paths made by Elem.
func List[T any](c *Checker, p, name string, v []T, r *Rule, required bool) {
	if v == nil {
		if required {
			c.null(p, name)
		}
		return
	}
	if r != nil {
		for _, f := range r.length(nil, len(v)) {
			c.fail(p, name, render(v), f)
		}
	}
}

// StringList checks a list of strings or enums: its own length, then its
// elements against elem. As in AWS, failing elements yield one violation for
// the whole list: "Member must satisfy constraint: [<each failed constraint>]".
func StringList[T ~string](c *Checker, p, name string, v []T, r, elem *Rule, required bool) {
	List(c, p, name, v, r, required)
	var fs []failure
	for _, s := range v {
		fs = append(fs, elem.str(string(s))...)
	}
	if len(fs) > 0 {
		c.fail(p, name, render(v), aggregate("Member must satisfy constraint: ", fs))
	}
}

// NumberList checks a list of numbers like StringList.
func NumberList[T Numeric](c *Checker, p, name string, v []T, r, elem *Rule, required bool) {
	List(c, p, name, v, r, required)
	var fs []failure
	for _, n := range v {
		fs = append(fs, num(elem, n)...)
	}
	if len(fs) > 0 {
		c.fail(p, name, render(v), aggregate("Member must satisfy constraint: ", fs))
	}
}

// Map checks presence, the number of entries and the keys of a map member.
// Failing keys yield one violation for the whole map: "Map keys must satisfy
// constraint: [...]". The generated code validates structure values itself,
// with paths made by Key.
func Map[V any](c *Checker, p, name string, v map[string]V, r, key *Rule, required bool) {
	if v == nil {
		if required {
			c.null(p, name)
		}
		return
	}
	if r != nil {
		for _, f := range r.length(nil, len(v)) {
			c.fail(p, name, render(v), f)
		}
	}
	var fs []failure
	for _, k := range SortedKeys(v) {
		fs = append(fs, key.str(k)...)
	}
	if len(fs) > 0 {
		c.fail(p, name, render(v), aggregate("Map keys must satisfy constraint: ", fs))
	}
}

// StringMap checks a map with string or enum values like Map, then its values
// against value: "Map value must satisfy constraint: [...]".
func StringMap[V ~string](c *Checker, p, name string, v map[string]V, r, key, value *Rule, required bool) {
	Map(c, p, name, v, r, key, required)
	var fs []failure
	for _, k := range SortedKeys(v) {
		fs = append(fs, value.str(string(v[k]))...)
	}
	if len(fs) > 0 {
		c.fail(p, name, render(v), aggregate("Map value must satisfy constraint: ", fs))
	}
}

// SortedKeys returns the keys of m in order, so that map values are validated
// (and violations reported) deterministically.
func SortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// aggregate folds element failures into one: prefix + "[a, b]", each distinct
// constraint once, in the order length max, length min, pattern, enum, range.
func aggregate(prefix string, fs []failure) failure {
	slices.SortStableFunc(fs, func(a, b failure) int { return a.rank - b.rank })
	var texts []string
	for _, f := range fs {
		if !slices.Contains(texts, f.text) {
			texts = append(texts, f.text)
		}
	}
	return failure{kind: KindList, text: prefix + "[" + strings.Join(texts, ", ") + "]"}
}
