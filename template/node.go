package template

import (
	"strconv"
	"strings"
)

// kind is the type of a template value.
type kind uint8

const (
	kindNull kind = iota
	kindBool
	kindNumber
	kindString
	kindList
	kindMap
	kindNoValue // Ref AWS::NoValue: removes the key or element holding it
	kindError   // a value whose problem has been reported already
)

// node is a template value, before or after evaluation. Scalars keep the
// text they were written with; maps keep their key order.
type node struct {
	kind  kind
	text  string   // scalars: the source text
	keys  []string // maps: the keys, in order
	items []*node  // lists: the elements; maps: the values of keys
	line  int
}

var (
	noValue = &node{kind: kindNoValue}
	errNode = &node{kind: kindError}
)

func newString(s string, line int) *node { return &node{kind: kindString, text: s, line: line} }

// get returns the value of key in a map, or nil.
func (n *node) get(key string) *node {
	for i, k := range n.keys {
		if k == key {
			return n.items[i]
		}
	}
	return nil
}

func (n *node) isScalar() bool {
	return n.kind == kindString || n.kind == kindNumber || n.kind == kindBool
}

// str renders a scalar as CloudFormation passes it to a string property:
// booleans as "true" or "false" (their stored text), numbers and strings
// as written.
func (n *node) str() string {
	return n.text
}

// describe names the kind of a value for messages.
func (n *node) describe() string {
	switch n.kind {
	case kindNull:
		return "null"
	case kindBool:
		return "a boolean"
	case kindNumber:
		return "a number"
	case kindString:
		return "a string"
	case kindList:
		return "a list"
	case kindMap:
		if name, _, ok := intrinsic(n, true); ok {
			return name
		}
		return "a mapping"
	case kindNoValue:
		return "AWS::NoValue"
	}
	return "an invalid value"
}

// intrinsic reports whether n is an intrinsic function call: a map with
// one key that is Ref or Fn::*, or Condition when cond is set.
func intrinsic(n *node, cond bool) (name string, arg *node, ok bool) {
	if n.kind != kindMap || len(n.keys) != 1 {
		return "", nil, false
	}
	k := n.keys[0]
	if k == "Ref" || strings.HasPrefix(k, "Fn::") || (cond && k == "Condition") {
		return k, n.items[0], true
	}
	return "", nil, false
}

// equal compares two evaluated values as CloudFormation's Fn::Equals does:
// scalars by their string form, lists and maps element by element.
func equal(a, b *node) bool {
	if a.isScalar() && b.isScalar() {
		return a.str() == b.str()
	}
	if a.kind != b.kind || len(a.items) != len(b.items) {
		return false
	}
	for i := range a.items {
		if a.kind == kindMap && a.keys[i] != b.keys[i] {
			return false
		}
		if !equal(a.items[i], b.items[i]) {
			return false
		}
	}
	return a.kind == kindList || a.kind == kindMap || a.kind == kindNull
}

// joinPath appends a map key to a path.
func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// indexPath appends a list index to a path.
func indexPath(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}
