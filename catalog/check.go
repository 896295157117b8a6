package catalog

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// CodeInvalidParameterValue is the AWS error code of every Problem.
const CodeInvalidParameterValue = "InvalidParameterValueException"

// Problem is one reason why AWS rejects a managed rule's SourceIdentifier or
// InputParameters. Code and Message are AWS's, so callers return them
// unchanged, e.g. as conforms.Errorf(p.Code, "%s", p.Message).
type Problem struct {
	Code    string
	Message string
}

// Error returns "Code: Message".
func (p *Problem) Error() string { return p.Code + ": " + p.Message }

func problemf(format string, args ...any) *Problem {
	return &Problem{Code: CodeInvalidParameterValue, Message: fmt.Sprintf(format, args...)}
}

// CheckParameters validates a rule with Owner AWS: its identifier must be in
// the catalog and inputParameters (the ConfigRule's InputParameters; "" means
// none) must satisfy the rule's parameters. It returns nil or, as a *Problem,
// the first problem that Problems reports, which is the one AWS answers with.
func CheckParameters(identifier, inputParameters string) error {
	if ps := Problems(identifier, inputParameters); len(ps) > 0 {
		return ps[0]
	}
	return nil
}

// Problems returns every problem CheckParameters would see, in the order in
// which AWS checks: the identifier; the JSON; unknown parameter names (one
// problem naming them all); missing required parameters (likewise); then each
// value, in the rule's parameter order: it must be a non-blank JSON string of
// the parameter's type. A bad identifier or bad JSON ends the list.
func Problems(identifier, inputParameters string) []*Problem {
	r, ok := Lookup(identifier)
	if !ok {
		return []*Problem{problemf("The sourceIdentifier %s is invalid. Please refer to the documentation "+
			"for a list of valid sourceIdentifiers that can be used when AWS is the Owner.", identifier)}
	}
	values, ok := parseInput(inputParameters)
	if !ok {
		return []*Problem{problemf("Invalid json %s passed in the InputParameters field", inputParameters)}
	}
	return r.problems(values)
}

// parseInput decodes InputParameters, which must be empty or a JSON object.
func parseInput(s string) (map[string]json.RawMessage, bool) {
	if s == "" {
		return nil, true
	}
	if !strings.HasPrefix(strings.TrimSpace(s), "{") {
		return nil, false
	}
	var values map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &values); err != nil {
		return nil, false
	}
	return values, true
}

func (r *Rule) problems(values map[string]json.RawMessage) []*Problem {
	var out []*Problem
	if p := r.unknownNames(values); p != nil {
		out = append(out, p)
	}
	if p := r.missingNames(values); p != nil {
		out = append(out, p)
	}
	for _, param := range r.Parameters {
		if raw, ok := values[param.Name]; ok {
			if p := param.check(raw); p != nil {
				out = append(out, p)
			}
		}
	}
	return out
}

func (r *Rule) unknownNames(values map[string]json.RawMessage) *Problem {
	var names []string
	for name := range values {
		if _, ok := r.Parameter(name); !ok {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	slices.Sort(names)
	return problemf("Unknown parameters provided in the inputParameters: {%s}.", strings.Join(names, ", "))
}

func (r *Rule) missingNames(values map[string]json.RawMessage) *Problem {
	var names []string
	for _, p := range r.Parameters {
		if _, ok := values[p.Name]; !ok && !p.Optional {
			names = append(names, p.Name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	slices.Sort(names)
	return problemf("The required parameter [%s] is not present in the inputParameters", strings.Join(names, ", "))
}

// check validates one value: a JSON string, not blank, of the parameter's type.
func (p Parameter) check(raw json.RawMessage) *Problem {
	var s string
	if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil || strings.TrimSpace(s) == "" {
		return problemf("Blank spaces are not acceptable for input parameter: %s.", p.Name)
	}
	if !validValue(p.Type, s) {
		return problemf("The value [%s] provided for the input parameter [%s] is not a valid %s.", s, p.Name, typeWords(p.Type))
	}
	return nil
}

func typeWords(typ string) string {
	if typ == TypeBoolean {
		return "boolean (true or false)"
	}
	return typ
}

// validValue reports whether s is a valid value for a parameter of type typ:
// int is an optional sign and decimal digits; double a decimal number with an
// optional fraction and exponent; boolean "true" or "false" in any case (the
// corpus sends "TRUE" and "True"; some rules read anything but lower-case
// "true" as false). String, CSV and StringMap accept any string: their
// formats are rule-specific.
func validValue(typ, s string) bool {
	switch typ {
	case TypeInt:
		return isInt(s)
	case TypeDouble:
		return isDouble(s)
	case TypeBoolean:
		return strings.EqualFold(s, "true") || strings.EqualFold(s, "false")
	}
	return true
}

// isInt reports whether s is an optional sign followed by one or more digits.
func isInt(s string) bool {
	s = trimSign(s)
	return s != "" && allDigits(s)
}

// isDouble reports whether s is [sign] digits [. digits] [e [sign] digits],
// with at least one digit before the exponent.
func isDouble(s string) bool {
	mantissa, exp, hasExp := strings.Cut(strings.ToLower(trimSign(s)), "e")
	whole, frac, _ := strings.Cut(mantissa, ".")
	if whole+frac == "" || !allDigits(whole) || !allDigits(frac) {
		return false
	}
	return !hasExp || isInt(exp)
}

func trimSign(s string) string {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		return s[1:]
	}
	return s
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
