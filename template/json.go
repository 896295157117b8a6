package template

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"sort"
)

// jsonError is a JSON syntax error and the line it is on.
type jsonError struct {
	line int
	msg  string
}

// jsonReader reads a JSON template token by token, so that key order,
// duplicate keys and the text of numbers are kept.
type jsonReader struct {
	*parser
	dec   *json.Decoder
	body  []byte
	lines []int // offsets where lines start
}

// json parses a JSON body. It returns a syntax error, or the root value
// with problems such as duplicate keys reported.
func (p *parser) json(body []byte) (*node, *jsonError) {
	r := &jsonReader{parser: p, dec: json.NewDecoder(bytes.NewReader(body)), body: body}
	r.dec.UseNumber()
	r.lines = append(r.lines, 0)
	for i, c := range body {
		if c == '\n' {
			r.lines = append(r.lines, i+1)
		}
	}
	root, err := r.value("", 0)
	if err != nil {
		return nil, err
	}
	if _, err := r.dec.Token(); !errors.Is(err, io.EOF) {
		return nil, &jsonError{line: r.line(), msg: "unexpected data after the top-level value"}
	}
	return root, nil
}

// line is the line of the next token.
func (r *jsonReader) line() int {
	off := int(r.dec.InputOffset())
	for off < len(r.body) && bytes.IndexByte([]byte(" \t\r\n,:"), r.body[off]) >= 0 {
		off++
	}
	return sort.Search(len(r.lines), func(i int) bool { return r.lines[i] > off })
}

func (r *jsonReader) fail(err error) *jsonError {
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return &jsonError{line: r.line(), msg: err.Error()}
}

func (r *jsonReader) value(path string, depth int) (*node, *jsonError) {
	if depth > maxDepth {
		return nil, &jsonError{line: r.line(), msg: "the template nests more than 64 levels deep"}
	}
	line := r.line()
	tok, err := r.dec.Token()
	if err != nil {
		return nil, r.fail(err)
	}
	if !r.count(path, line) {
		return nil, &jsonError{line: line, msg: "the template holds too many values"}
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			return r.object(path, depth, line)
		}
		if t == '[' {
			return r.array(path, depth, line)
		}
		return nil, &jsonError{line: line, msg: "unexpected " + t.String()}
	case string:
		return newString(t, line), nil
	case json.Number:
		return &node{kind: kindNumber, text: t.String(), line: line}, nil
	case bool:
		text := "false"
		if t {
			text = "true"
		}
		return &node{kind: kindBool, text: text, line: line}, nil
	}
	return &node{kind: kindNull, line: line}, nil
}

func (r *jsonReader) object(path string, depth, line int) (*node, *jsonError) {
	n := &node{kind: kindMap, line: line}
	lines := map[string]int{}
	for r.dec.More() {
		kline := r.line()
		tok, err := r.dec.Token()
		if err != nil {
			return nil, r.fail(err)
		}
		key, _ := tok.(string)
		v, jerr := r.value(joinPath(path, key), depth+1)
		if jerr != nil {
			return nil, jerr
		}
		if first, dup := lines[key]; dup {
			r.ps.add(joinPath(path, key), kline, "duplicate key %q (first at line %d)", key, first)
			continue
		}
		lines[key] = kline
		n.keys = append(n.keys, key)
		n.items = append(n.items, v)
	}
	if _, err := r.dec.Token(); err != nil {
		return nil, r.fail(err)
	}
	return n, nil
}

func (r *jsonReader) array(path string, depth, line int) (*node, *jsonError) {
	n := &node{kind: kindList, line: line}
	for r.dec.More() {
		v, jerr := r.value(indexPath(path, len(n.items)), depth+1)
		if jerr != nil {
			return nil, jerr
		}
		n.items = append(n.items, v)
	}
	if _, err := r.dec.Token(); err != nil {
		return nil, r.fail(err)
	}
	return n, nil
}
