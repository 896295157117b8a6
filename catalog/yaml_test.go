package catalog

import (
	"strconv"
	"strings"
)

// A reader for the subset of YAML that the conformance-pack corpus uses
// (shared/docs/corpus.md §5): block mappings and sequences, plain, quoted,
// multi-line and folded scalars, comments, CRLF, and the short-form tags
// !Ref, !If, !Not, !Equals in block or flow form. Short tags become their long
// form ({Ref: x}, {Fn::If: [...]}). Test-only: the real template engine lives
// elsewhere; this one only has to read InputParameters reliably.

// yamlNode is a scalar (str), a mapping (keys/vals, in order) or a sequence.
type yamlNode struct {
	str  string
	keys []string
	vals []*yamlNode
	seq  []*yamlNode
	kind byte // 's', 'm' or 'q' (sequence)
}

// get returns the value of key in a mapping, or nil.
func (n *yamlNode) get(key string) *yamlNode {
	if n == nil {
		return nil
	}
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

// only returns the single key and value of a one-entry mapping.
func (n *yamlNode) only() (string, *yamlNode, bool) {
	if n == nil || n.kind != 'm' || len(n.keys) != 1 {
		return "", nil, false
	}
	return n.keys[0], n.vals[0], true
}

func scalarNode(s string) *yamlNode { return &yamlNode{kind: 's', str: s} }

type yamlLine struct {
	indent int
	text   string // without indentation
}

// parseYAML reads a document whose root is a block mapping.
func parseYAML(src string) *yamlNode {
	var lines []yamlLine
	for l := range strings.SplitSeq(strings.ReplaceAll(src, "\r\n", "\n"), "\n") {
		text := strings.TrimLeft(l, " ")
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		lines = append(lines, yamlLine{indent: len(l) - len(text), text: strings.TrimRight(text, " ")})
	}
	p := &yamlParser{lines: lines}
	return p.block()
}

type yamlParser struct {
	lines []yamlLine
	i     int
}

func (p *yamlParser) more(indent int) bool {
	return p.i < len(p.lines) && p.lines[p.i].indent >= indent
}

func isSeqItem(text string) bool { return text == "-" || strings.HasPrefix(text, "- ") }

// block parses the node starting at the current line.
func (p *yamlParser) block() *yamlNode {
	l := p.lines[p.i]
	if isSeqItem(l.text) {
		return p.sequence(l.indent)
	}
	if _, _, ok := splitKey(l.text); ok {
		return p.mapping(l.indent)
	}
	p.i++
	return p.value(l.text, l.indent)
}

func (p *yamlParser) sequence(indent int) *yamlNode {
	n := &yamlNode{kind: 'q'}
	for p.i < len(p.lines) && p.lines[p.i].indent == indent && isSeqItem(p.lines[p.i].text) {
		item := strings.TrimPrefix(strings.TrimPrefix(p.lines[p.i].text, "-"), " ")
		if item == "" {
			p.i++
			n.seq = append(n.seq, p.child(indent))
			continue
		}
		// "- key: v" opens a mapping whose keys sit two columns in.
		p.lines[p.i] = yamlLine{indent: indent + 2, text: item}
		n.seq = append(n.seq, p.block())
	}
	return n
}

func (p *yamlParser) mapping(indent int) *yamlNode {
	n := &yamlNode{kind: 'm'}
	for p.i < len(p.lines) && p.lines[p.i].indent == indent && !isSeqItem(p.lines[p.i].text) {
		key, rest, ok := splitKey(p.lines[p.i].text)
		if !ok {
			break
		}
		p.i++
		n.keys = append(n.keys, key)
		n.vals = append(n.vals, p.value(rest, indent))
	}
	return n
}

// child parses the block under a key or "-" at indent: deeper lines, or a
// sequence at the same indent (YAML allows "key:\n- item").
func (p *yamlParser) child(indent int) *yamlNode {
	if p.i < len(p.lines) {
		l := p.lines[p.i]
		if l.indent > indent || l.indent == indent && isSeqItem(l.text) {
			return p.block()
		}
	}
	return scalarNode("")
}

// value parses what follows "key:" (rest) on a line at indent, plus the lines
// that belong to it.
func (p *yamlParser) value(rest string, indent int) *yamlNode {
	switch {
	case rest == "":
		return p.child(indent)
	case strings.HasPrefix(rest, ">") || strings.HasPrefix(rest, "|"):
		return scalarNode(p.continuation(indent, ""))
	case strings.HasPrefix(rest, "!") && !strings.Contains(rest, " "):
		return longTag(rest, p.child(indent))
	}
	text := p.continuation(indent, rest)
	if strings.HasPrefix(text, "!") || strings.HasPrefix(text, "[") || strings.HasPrefix(text, "{") {
		n, _ := parseFlow(text)
		return n
	}
	return scalarNode(unquote(text))
}

// continuation appends the deeper lines of a multi-line scalar to first.
func (p *yamlParser) continuation(indent int, first string) string {
	parts := []string{first}
	for p.more(indent + 1) {
		parts = append(parts, p.lines[p.i].text)
		p.i++
	}
	return strings.TrimSpace(strings.Join(parts, " "))
}

// splitKey splits "key: rest" or "key:"; quoted, flow and tagged text is not
// a key.
func splitKey(text string) (key, rest string, ok bool) {
	if strings.ContainsAny(text[:1], `'"[{!`) {
		return "", "", false
	}
	if k, r, found := strings.Cut(text, ": "); found {
		return k, strings.TrimSpace(r), true
	}
	if k, found := strings.CutSuffix(text, ":"); found {
		return k, "", true
	}
	return "", "", false
}

// unquote removes YAML quotes, or a trailing comment from a plain scalar.
func unquote(s string) string {
	switch {
	case len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'':
		return strings.ReplaceAll(s[1:len(s)-1], "''", "'")
	case len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"':
		if u, err := strconv.Unquote(s); err == nil {
			return u
		}
		return s[1 : len(s)-1]
	}
	if i := strings.Index(s, " #"); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	return s
}

// longTag turns a short tag and its operand into the long form.
func longTag(tag string, operand *yamlNode) *yamlNode {
	name := strings.TrimPrefix(tag, "!")
	if name != "Ref" {
		name = "Fn::" + name
	}
	return &yamlNode{kind: 'm', keys: []string{name}, vals: []*yamlNode{operand}}
}

// parseFlow parses a flow node ([a, b], {k: v}, !Tag operand, scalar) at the
// start of s and returns it with the rest of s.
func parseFlow(s string) (*yamlNode, string) {
	s = strings.TrimLeft(s, " ")
	switch {
	case strings.HasPrefix(s, "!"):
		end := strings.IndexAny(s, " [{")
		if end < 0 {
			end = len(s)
		}
		operand, rest := parseFlow(s[end:])
		return longTag(s[:end], operand), rest
	case strings.HasPrefix(s, "["):
		n := &yamlNode{kind: 'q'}
		rest := flowItems(s[1:], ']', func(item string) string {
			v, r := parseFlow(item)
			n.seq = append(n.seq, v)
			return r
		})
		return n, rest
	case strings.HasPrefix(s, "{"):
		n := &yamlNode{kind: 'm'}
		rest := flowItems(s[1:], '}', func(item string) string {
			k, r, _ := strings.Cut(item, ":")
			v, r := parseFlow(r)
			n.keys = append(n.keys, strings.TrimSpace(k))
			n.vals = append(n.vals, v)
			return r
		})
		return n, rest
	}
	end := flowScalarEnd(s)
	return scalarNode(unquote(strings.TrimSpace(s[:end]))), s[end:]
}

// flowItems calls item for each entry of a flow collection until close and
// returns what follows it.
func flowItems(s string, close byte, item func(string) string) string {
	for {
		s = strings.TrimLeft(s, " ")
		if s == "" {
			return ""
		}
		if s[0] == close {
			return s[1:]
		}
		s = strings.TrimLeft(item(s), " ")
		s = strings.TrimPrefix(s, ",")
	}
}

// flowScalarEnd finds the end of a flow scalar: a quote's close, or the
// first ',', ']' or '}'.
func flowScalarEnd(s string) int {
	if s != "" && (s[0] == '\'' || s[0] == '"') {
		if j := strings.IndexByte(s[1:], s[0]); j >= 0 {
			return j + 2
		}
	}
	if j := strings.IndexAny(s, ",]}"); j >= 0 {
		return j
	}
	return len(s)
}
