package main

import (
	"fmt"
	"slices"
	"strings"
)

// ruleVars writes one shape.Rule variable per referenced shape, in name
// order. Patterns are compiled once, when the package is initialised.
func (v *validator) ruleVars() (string, error) {
	names := make([]string, 0, len(v.rules))
	for n := range v.rules {
		names = append(names, n)
	}
	slices.Sort(names)
	var b strings.Builder
	b.WriteString("\n// Constraints of the model's shapes, by shape name.\nvar (\n")
	for _, n := range names {
		fields, err := v.a.ruleFields(n)
		if err != nil {
			return "", err
		}
		if p := v.a.m.Shapes[n].Pattern; p != nil && v.a.patterns[n] == "" {
			fmt.Fprintf(&b, "\t// Pattern %s is not enforced: see the list above.\n", goString(*p))
		}
		fmt.Fprintf(&b, "\trule%s = shape.Rule{%s}\n", identifier(n), strings.Join(fields, ", "))
	}
	b.WriteString(")\n")
	if len(names) == 0 {
		return "", nil
	}
	return b.String(), nil
}

// ruleFields returns the fields of shape n's rule literal.
func (a *api) ruleFields(n string) ([]string, error) {
	s := a.m.Shapes[n]
	var fields []string
	if s.Min != nil && (s.Min.String() != "0" || !isLength(s)) {
		v, err := bound(n, s.Min)
		if err != nil {
			return nil, err
		}
		fields = append(fields, fmt.Sprintf("Min: %d", v), "HasMin: true")
	}
	if s.Max != nil {
		v, err := bound(n, s.Max)
		if err != nil {
			return nil, err
		}
		fields = append(fields, fmt.Sprintf("Max: %d", v), "HasMax: true")
	}
	if expr := a.patterns[n]; expr != "" {
		fields = append(fields, fmt.Sprintf("Pattern: shape.MustPattern(%s, %s)", goString(*s.Pattern), goString(expr)))
	}
	if isEnum(s) {
		fields = append(fields, fmt.Sprintf("Enum: shape.NewEnum(%s(\"\").Values())", a.typeNames[n]))
	}
	return fields, nil
}

// isLength reports whether min and max of s bound a length (not a value).
func isLength(s *Shape) bool {
	switch s.Type {
	case "string", "blob", "list", "map":
		return true
	}
	return false
}

// skippedComment lists the patterns that are not enforced.
func (a *api) skippedComment() string {
	if len(a.skipped) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n// Patterns not enforced, because Go's regexp package cannot express them:\n")
	for _, s := range a.skipped {
		fmt.Fprintf(&b, "//   - %s: %s (%s)\n", s.shape, s.pattern, s.reason)
	}
	return b.String()
}
