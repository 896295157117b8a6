package shape

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Violation kinds, so that a transport can map a violation to a service's own
// error (Organizations reports them as InvalidInputException with a Reason).
const (
	KindRequired = "required" // a required member is missing
	KindLength   = "length"   // string, blob, list or map length out of bounds
	KindPattern  = "pattern"  // string does not match the model's pattern
	KindRange    = "range"    // number out of bounds
	KindEnum     = "enum"     // string not in the enum value set
	KindList     = "list"     // elements of a list, or keys or values of a map, failed their own constraints
)

// Violation is one failed model constraint, rendered in AWS (Coral) style.
type Violation struct {
	// Path is the lowerCamel member path, e.g. "configRule.source.owner",
	// "excludedAccounts" or "geoLocations.1.member.order".
	Path string
	// Value is the rendered value, quotes included: "'x y'", "null",
	// "'[a, b]'", "'200'".
	Value string
	// Constraint is the failed constraint, e.g. "Member must satisfy regular
	// expression pattern: [a-zA-Z][-a-zA-Z0-9]*".
	Constraint string
	// Kind is one of the Kind constants.
	Kind string
}

// String renders the violation as it appears in a ValidationException message.
func (v Violation) String() string {
	return "Value " + v.Value + " at '" + v.Path + "' failed to satisfy constraint: " + v.Constraint
}

// ValidationError is the error Input.Validate returns: one or more violations
// in model member order, depth first.
type ValidationError struct {
	Violations []Violation
}

// Error renders AWS's text, e.g. "1 validation error detected: Value 'x y' at
// 'name' failed to satisfy constraint: Member must satisfy regular expression
// pattern: [a-z]*"; several violations are joined with "; ".
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(len(e.Violations)))
	if len(e.Violations) == 1 {
		b.WriteString(" validation error detected: ")
	} else {
		b.WriteString(" validation errors detected: ")
	}
	for i, v := range e.Violations {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(v.String())
	}
	return b.String()
}

// Checker collects violations while an input is validated. The zero value is
// ready to use.
type Checker struct {
	violations []Violation
}

// Add records a violation.
func (c *Checker) Add(v Violation) { c.violations = append(c.violations, v) }

// Violations returns the violations recorded so far.
func (c *Checker) Violations() []Violation { return c.violations }

// Err returns a *ValidationError holding the recorded violations, or nil.
func (c *Checker) Err() error {
	if len(c.violations) == 0 {
		return nil
	}
	return &ValidationError{Violations: c.violations}
}

func (c *Checker) null(p, name string) {
	c.Add(Violation{Path: Join(p, name), Value: "null", Constraint: "Member must not be null", Kind: KindRequired})
}

func (c *Checker) fail(p, name, value string, f failure) {
	c.Add(Violation{Path: Join(p, name), Value: "'" + value + "'", Constraint: f.text, Kind: f.kind})
}

// Join appends a member name to a path: Join("", "a") is "a", Join("a", "b") is "a.b".
func Join(p, name string) string {
	if p == "" {
		return name
	}
	return p + "." + name
}

// Elem is the path of element i (0-based) of list member name:
// "geoLocations.1.member".
func Elem(p, name string, i int) string {
	return Join(p, name) + "." + strconv.Itoa(i+1) + ".member"
}

// Key is the path of the value at key k of map member name:
// "parameters.k.member".
func Key(p, name, k string) string {
	return Join(p, name) + "." + k + ".member"
}

// Pattern is a model pattern: the original (Java) text, shown in messages, and
// its Go translation, matched against the whole value.
type Pattern struct {
	text string
	re   *regexp.Regexp
}

// MustPattern compiles expr, the Go translation of the model pattern text.
// It panics if expr does not compile; the generator only emits patterns that do.
func MustPattern(text, expr string) *Pattern {
	return &Pattern{text: text, re: regexp.MustCompile(expr)}
}

// String returns the model's original pattern text.
func (p *Pattern) String() string { return p.text }

// MatchString reports whether s satisfies the pattern.
func (p *Pattern) MatchString(s string) bool { return p.re.MatchString(s) }

// Enum is the value set of an enum shape.
type Enum struct {
	set  map[string]struct{}
	text string // "Member must satisfy enum value set: [A, B]"
}

// NewEnum builds an Enum from the values of a generated enum type, in model order.
func NewEnum[T ~string](values []T) *Enum {
	e := &Enum{set: make(map[string]struct{}, len(values))}
	names := make([]string, len(values))
	for i, v := range values {
		e.set[string(v)] = struct{}{}
		names[i] = string(v)
	}
	e.text = "Member must satisfy enum value set: [" + strings.Join(names, ", ") + "]"
	return e
}

// Contains reports whether s is in the set.
func (e *Enum) Contains(s string) bool {
	_, ok := e.set[s]
	return ok
}

// Rule holds the constraints of one model shape. For strings, blobs, lists
// and maps Min and Max bound the length (strings count characters); for
// numbers they bound the value.
type Rule struct {
	Min, Max       int64
	HasMin, HasMax bool
	Pattern        *Pattern
	Enum           *Enum
}

// failure is one failed constraint of a single value; rank orders failures
// when several are folded into one list violation.
type failure struct {
	rank       int
	kind, text string
}

// Ranks of failures, in the order AWS lists them.
const (
	rankLengthMax = iota
	rankLengthMin
	rankPattern
	rankEnum
	rankRangeMax
	rankRangeMin
)

// length checks n against the rule's bounds, appending to fs.
func (r *Rule) length(fs []failure, n int) []failure {
	if r.HasMax && int64(n) > r.Max {
		fs = append(fs, failure{rankLengthMax, KindLength, "Member must have length less than or equal to " + strconv.FormatInt(r.Max, 10)})
	}
	if r.HasMin && int64(n) < r.Min {
		fs = append(fs, failure{rankLengthMin, KindLength, "Member must have length greater than or equal to " + strconv.FormatInt(r.Min, 10)})
	}
	return fs
}

// str checks a string value: length max, length min, pattern, enum.
func (r *Rule) str(s string) []failure {
	if r == nil {
		return nil
	}
	var fs []failure
	if r.HasMax || r.HasMin {
		fs = r.length(fs, utf8.RuneCountInString(s))
	}
	if r.Pattern != nil && !r.Pattern.MatchString(s) {
		fs = append(fs, failure{rankPattern, KindPattern, "Member must satisfy regular expression pattern: " + r.Pattern.text})
	}
	if r.Enum != nil && !r.Enum.Contains(s) {
		fs = append(fs, failure{rankEnum, KindEnum, r.Enum.text})
	}
	return fs
}

// num checks a number against the value bounds.
func num[T Numeric](r *Rule, v T) []failure {
	if r == nil {
		return nil
	}
	var above, below bool
	switch x := any(v).(type) {
	case int32:
		above, below = r.HasMax && int64(x) > r.Max, r.HasMin && int64(x) < r.Min
	case int64:
		above, below = r.HasMax && x > r.Max, r.HasMin && x < r.Min
	default:
		f := float64(v)
		above, below = r.HasMax && f > float64(r.Max), r.HasMin && f < float64(r.Min)
	}
	switch {
	case above:
		return []failure{{rankRangeMax, KindRange, "Member must have value less than or equal to " + strconv.FormatInt(r.Max, 10)}}
	case below:
		return []failure{{rankRangeMin, KindRange, "Member must have value greater than or equal to " + strconv.FormatInt(r.Min, 10)}}
	}
	return nil
}

// Numeric are the Go types of the model's integer, long, float and double.
type Numeric interface {
	int32 | int64 | float32 | float64
}
