package template

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one mistake in a template.
type Problem struct {
	// Path locates the problem, e.g.
	// "Resources.S3BucketVersioning.Properties.Source.Owner". List
	// elements are written [i]. Problems with the input rather than the
	// template start with "ConformancePackInputParameters"; problems with
	// the whole body have an empty Path.
	Path string
	// Line is the 1-based line of the template the problem is at, or 0
	// when unknown.
	Line int
	// Message says what is wrong, as a sentence without final period.
	Message string
}

// String renders the problem as "Path: Message".
func (p Problem) String() string {
	if p.Path == "" {
		return p.Message
	}
	return p.Path + ": " + p.Message
}

// ValidationError reports every problem of a template, sorted by Path.
type ValidationError struct {
	Problems []Problem
}

// Error lists every problem with its location, e.g. "Template validation
// failed with 2 errors: Parameters.Y: ...; Resources.X.Type: ...".
func (e *ValidationError) Error() string {
	var b strings.Builder
	n := len(e.Problems)
	fmt.Fprintf(&b, "Template validation failed with %d error", n)
	if n != 1 {
		b.WriteByte('s')
	}
	for i, p := range e.Problems {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// problems collects the problems found while resolving.
type problems struct {
	list []Problem
}

func (ps *problems) add(path string, line int, format string, args ...any) {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	ps.list = append(ps.list, Problem{Path: path, Line: line, Message: msg})
}

// err returns the problems as a *ValidationError, sorted by path and
// without duplicates, or nil when there are none.
func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	list := append([]Problem(nil), ps.list...)
	sort.SliceStable(list, func(i, j int) bool { return list[i].Path < list[j].Path })
	out := list[:0]
	seen := make(map[Problem]bool, len(list))
	for _, p := range list {
		key := Problem{Path: p.Path, Message: p.Message}
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, p)
	}
	return &ValidationError{Problems: out}
}
