package template

import (
	"bytes"
	"errors"
	"io"
	"strings"

	"gopkg.in/yaml.v3"
)

const (
	// maxDepth is the deepest nesting of maps and lists accepted.
	maxDepth = 64
	// maxNodes caps the values of a template, YAML aliases expanded.
	maxNodes = 1 << 20
)

// parser turns a YAML or JSON body into nodes, with short-form tags
// (!Ref, !If, ...) rewritten into their long form.
type parser struct {
	ps    *problems
	nodes int
	full  bool // maxNodes reached; reported once
}

// parse returns the template's root value, or nil after reporting why
// there is none. A body starting with "{" is read as JSON first, and as
// YAML (a superset of JSON) when it is not valid JSON.
func parse(body []byte, ps *problems) *node {
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		ps.add("", 0, "the template is empty")
		return nil
	}
	if trimmed[0] != '{' {
		return (&parser{ps: ps}).yaml(body)
	}
	var jps problems
	root, jerr := (&parser{ps: &jps}).json(body)
	if jerr == nil {
		ps.list = append(ps.list, jps.list...)
		return root
	}
	var yps problems
	if root := (&parser{ps: &yps}).yaml(body); root != nil {
		ps.list = append(ps.list, yps.list...)
		return root
	}
	ps.add("", jerr.line, "the template is not valid JSON: %s", jerr.msg)
	return nil
}

// yaml parses a YAML stream holding one document.
func (p *parser) yaml(body []byte) (root *node) {
	defer func() {
		if v := recover(); v != nil {
			p.ps.add("", 0, "the template is not valid YAML: %v", v)
			root = nil
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(body))
	var doc yaml.Node
	err := dec.Decode(&doc)
	if errors.Is(err, io.EOF) {
		p.ps.add("", 0, "the template is empty")
		return nil
	}
	if err != nil {
		p.ps.add("", 0, "the template is not valid YAML: %s", yamlMessage(err))
		return nil
	}
	var next yaml.Node
	if err := dec.Decode(&next); !errors.Is(err, io.EOF) {
		p.ps.add("", next.Line, "the template must hold a single YAML document")
		return nil
	}
	if len(doc.Content) == 0 {
		p.ps.add("", 0, "the template is empty")
		return nil
	}
	return p.yamlNode(doc.Content[0], "", 0)
}

func yamlMessage(err error) string {
	return strings.TrimPrefix(err.Error(), "yaml: ")
}

// count charges one node against maxNodes.
func (p *parser) count(path string, line int) bool {
	p.nodes++
	if p.nodes <= maxNodes {
		return true
	}
	if !p.full {
		p.full = true
		p.ps.add(path, line, "the template holds more than %d values (YAML aliases expanded)", maxNodes)
	}
	return false
}

func (p *parser) tooDeep(path string, line, depth int) bool {
	if depth <= maxDepth {
		return false
	}
	p.ps.add(path, line, "the template nests more than %d levels deep", maxDepth)
	return true
}

// yamlNode converts a YAML node, rewriting a short-form tag !X into the
// map {Fn::X: value} (!Ref into Ref, !Condition into Condition).
func (p *parser) yamlNode(y *yaml.Node, path string, depth int) *node {
	if p.tooDeep(path, y.Line, depth) || !p.count(path, y.Line) {
		return errNode
	}
	if y.Kind == yaml.AliasNode {
		return p.yamlNode(y.Alias, path, depth+1)
	}
	tag := y.Tag
	if strings.HasPrefix(tag, "!") && !strings.HasPrefix(tag, "!!") {
		return p.shortForm(y, tag[1:], path, depth)
	}
	switch y.Kind {
	case yaml.MappingNode:
		return p.yamlMap(y, path, depth)
	case yaml.SequenceNode:
		n := &node{kind: kindList, line: y.Line, items: make([]*node, len(y.Content))}
		for i, c := range y.Content {
			n.items[i] = p.yamlNode(c, indexPath(path, i), depth+1)
		}
		return n
	case yaml.ScalarNode:
		return yamlScalar(y)
	}
	p.ps.add(path, y.Line, "unsupported YAML node")
	return errNode
}

// yaml11Bools are the plain scalars YAML 1.1 reads as booleans beyond
// YAML 1.2's true and false. CloudFormation's parser follows YAML 1.1
// here: an unquoted yes or off reaches a string property as "true" or
// "false".
var yaml11Bools = map[string]string{
	"yes": "true", "Yes": "true", "YES": "true", "on": "true", "On": "true", "ON": "true",
	"no": "false", "No": "false", "NO": "false", "off": "false", "Off": "false", "OFF": "false",
}

// yamlScalar types a scalar: quoted and block scalars are strings; plain
// ones follow yaml.v3's resolver (YAML 1.2) plus the YAML 1.1 booleans.
// Booleans are stored as "true" or "false"; other scalars keep their text.
func yamlScalar(y *yaml.Node) *node {
	n := &node{kind: kindString, text: y.Value, line: y.Line}
	if y.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return n
	}
	switch y.ShortTag() {
	case "!!null":
		n.kind = kindNull
	case "!!bool":
		n.kind, n.text = kindBool, strings.ToLower(y.Value)
	case "!!int", "!!float":
		n.kind = kindNumber
	case "!!str":
		if b, ok := yaml11Bools[y.Value]; ok && y.Style == 0 {
			n.kind, n.text = kindBool, b
		}
	}
	return n
}

// shortForm converts a node tagged !name.
func (p *parser) shortForm(y *yaml.Node, name, path string, depth int) *node {
	fn := "Fn::" + name
	if name == "Ref" || name == "Condition" {
		fn = name
	}
	inner := *y
	inner.Tag = ""
	var arg *node
	switch {
	case y.Kind == yaml.ScalarNode:
		arg = newString(y.Value, y.Line)
		if name == "GetAtt" {
			arg = splitGetAtt(arg)
		}
	case y.Kind == yaml.MappingNode:
		inner.Tag = "!!map"
		arg = p.yamlNode(&inner, joinPath(path, fn), depth+1)
	case y.Kind == yaml.SequenceNode:
		inner.Tag = "!!seq"
		arg = p.yamlNode(&inner, joinPath(path, fn), depth+1)
	default:
		p.ps.add(path, y.Line, "the tag !%s must be on a scalar, a list or a mapping", name)
		return errNode
	}
	return &node{kind: kindMap, line: y.Line, keys: []string{fn}, items: []*node{arg}}
}

// splitGetAtt turns "Resource.Attribute" into [Resource, Attribute]; the
// attribute may itself contain dots (Compliance.Type).
func splitGetAtt(s *node) *node {
	res, attr, ok := strings.Cut(s.text, ".")
	if !ok {
		return s
	}
	return &node{kind: kindList, line: s.line, items: []*node{newString(res, s.line), newString(attr, s.line)}}
}

func (p *parser) yamlMap(y *yaml.Node, path string, depth int) *node {
	n := &node{kind: kindMap, line: y.Line}
	lines := make(map[string]int, len(y.Content)/2)
	for i := 0; i+1 < len(y.Content); i += 2 {
		k, v := y.Content[i], y.Content[i+1]
		if k.Kind == yaml.AliasNode && k.Alias != nil {
			k = k.Alias
		}
		if k.Kind != yaml.ScalarNode || (strings.HasPrefix(k.Tag, "!") && !strings.HasPrefix(k.Tag, "!!")) {
			p.ps.add(path, k.Line, "a mapping key must be a plain scalar")
			continue
		}
		if k.Tag == "!!merge" {
			p.ps.add(joinPath(path, k.Value), k.Line, "YAML merge keys (<<) are not supported")
			continue
		}
		if first, dup := lines[k.Value]; dup {
			p.ps.add(joinPath(path, k.Value), k.Line, "duplicate key %q (first at line %d)", k.Value, first)
			continue
		}
		lines[k.Value] = k.Line
		n.keys = append(n.keys, k.Value)
		n.items = append(n.items, p.yamlNode(v, joinPath(path, k.Value), depth+1))
	}
	return n
}
