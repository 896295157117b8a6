package iampolicy

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// family is a family of condition operators that compare values alike.
type family uint8

const (
	famString     family = iota // StringEquals, StringNotEquals
	famStringFold               // StringEqualsIgnoreCase, StringNotEqualsIgnoreCase
	famStringLike               // StringLike, StringNotLike
	famNumeric
	famDate
	famBool
	famBinary
	famIP
	famARN // ArnEquals and ArnLike behave alike: both take wildcards
	famNull
)

// cmpOp is how a numeric or date operator compares the request value with
// the policy value.
type cmpOp uint8

const (
	cmpEq cmpOp = iota
	cmpLT
	cmpLE
	cmpGT
	cmpGE
)

// operator is a condition operator without its ForAnyValue:/ForAllValues:
// prefix and IfExists suffix.
type operator struct {
	fam     family
	cmp     cmpOp
	negated bool // true for the Not operators: the result is inverted
}

var operators = map[string]operator{
	"StringEquals":              {fam: famString},
	"StringNotEquals":           {fam: famString, negated: true},
	"StringEqualsIgnoreCase":    {fam: famStringFold},
	"StringNotEqualsIgnoreCase": {fam: famStringFold, negated: true},
	"StringLike":                {fam: famStringLike},
	"StringNotLike":             {fam: famStringLike, negated: true},
	"NumericEquals":             {fam: famNumeric},
	"NumericNotEquals":          {fam: famNumeric, negated: true},
	"NumericLessThan":           {fam: famNumeric, cmp: cmpLT},
	"NumericLessThanEquals":     {fam: famNumeric, cmp: cmpLE},
	"NumericGreaterThan":        {fam: famNumeric, cmp: cmpGT},
	"NumericGreaterThanEquals":  {fam: famNumeric, cmp: cmpGE},
	"DateEquals":                {fam: famDate},
	"DateNotEquals":             {fam: famDate, negated: true},
	"DateLessThan":              {fam: famDate, cmp: cmpLT},
	"DateLessThanEquals":        {fam: famDate, cmp: cmpLE},
	"DateGreaterThan":           {fam: famDate, cmp: cmpGT},
	"DateGreaterThanEquals":     {fam: famDate, cmp: cmpGE},
	"Bool":                      {fam: famBool},
	"BinaryEquals":              {fam: famBinary},
	"IpAddress":                 {fam: famIP},
	"NotIpAddress":              {fam: famIP, negated: true},
	"ArnEquals":                 {fam: famARN},
	"ArnLike":                   {fam: famARN},
	"ArnNotEquals":              {fam: famARN, negated: true},
	"ArnNotLike":                {fam: famARN, negated: true},
	"Null":                      {fam: famNull},
}

// setQual is the set operator prefix of a condition operator.
type setQual uint8

const (
	setNone setQual = iota // no prefix: single-valued comparison
	setAny                 // ForAnyValue:
	setAll                 // ForAllValues:
)

// condition is one key of one operator block, e.g. StringEquals on
// aws:PrincipalOrgID with its policy values.
type condition struct {
	op       operator
	set      setQual
	ifExists bool
	key      string
	values   []condValue
}

// parseOperator splits an operator name such as
// "ForAnyValue:StringLikeIfExists". Names are case-sensitive, as in AWS.
// Null takes neither IfExists nor (meaningfully) a set prefix; a set prefix
// on Null is accepted and ignored.
func parseOperator(name string) (operator, setQual, bool, bool) {
	set := setNone
	rest := name
	if r, ok := strings.CutPrefix(rest, "ForAnyValue:"); ok {
		set, rest = setAny, r
	} else if r, ok := strings.CutPrefix(rest, "ForAllValues:"); ok {
		set, rest = setAll, r
	}
	base, ifExists := strings.CutSuffix(rest, "IfExists")
	op, ok := operators[base]
	if !ok || ifExists && op.fam == famNull {
		return operator{}, 0, false, false
	}
	return op, set, ifExists, true
}

func (s *statement) parseConditions(m map[string]any, vars bool) error {
	v, ok := m["Condition"]
	if !ok {
		return nil
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return malformed(msgCondition)
	}
	for _, name := range slices.Sorted(maps.Keys(obj)) {
		conds, err := parseOperatorBlock(name, obj[name], vars)
		if err != nil {
			return err
		}
		s.conditions = append(s.conditions, conds...)
	}
	s.view.ConditionKeys = conditionKeys(s.conditions)
	return nil
}

// parseOperatorBlock parses one operator block, such as
// "StringEquals": {"aws:PrincipalOrgID": "o-abc", ...}.
func parseOperatorBlock(name string, v any, vars bool) ([]condition, error) {
	op, set, ifExists, ok := parseOperator(name)
	if !ok {
		return nil, malformed(msgOperator, name)
	}
	block, ok := v.(map[string]any)
	if !ok {
		return nil, malformed(msgCondition)
	}
	conds := make([]condition, 0, len(block))
	for _, key := range slices.Sorted(maps.Keys(block)) {
		if !validConditionKey(key) {
			return nil, malformed(msgConditionKey)
		}
		raw, ok := conditionStrings(block[key])
		if !ok {
			return nil, malformed(msgConditionValue, name, describe(block[key]))
		}
		values, err := compileValues(op, name, raw, vars)
		if err != nil {
			return nil, err
		}
		conds = append(conds, condition{op: op, set: set, ifExists: ifExists, key: key, values: values})
	}
	return conds, nil
}

// validConditionKey reports whether key is "prefix:name" with both parts
// non-empty and no white space. Unknown keys are valid: they are simply
// missing from requests.
func validConditionKey(key string) bool {
	prefix, name, ok := strings.Cut(key, ":")
	return ok && prefix != "" && name != "" && !strings.ContainsAny(key, " \t\r\n")
}

// conditionStrings reads condition values: a string, number or bool, or a
// non-empty list of them. Numbers and bools become their JSON text.
func conditionStrings(v any) ([]string, bool) {
	if s, ok := scalarString(v); ok {
		return []string{s}, true
	}
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		return nil, false
	}
	out := make([]string, len(list))
	for i, e := range list {
		if out[i], ok = scalarString(e); !ok {
			return nil, false
		}
	}
	return out, true
}

func scalarString(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case json.Number:
		return v.String(), true
	case bool:
		return strconv.FormatBool(v), true
	default:
		return "", false
	}
}

// conditionKeys returns the distinct keys of conds as written, sorted.
func conditionKeys(conds []condition) []string {
	keys := make([]string, 0, len(conds))
	for _, c := range conds {
		keys = append(keys, c.key)
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// holds reports whether the condition holds for the request of ev.
func (c *condition) holds(ev *evalCtx) bool {
	vals := ev.lookup(c.key)
	if c.op.fam == famNull {
		return c.holdsNull(len(vals) == 0)
	}
	if len(vals) == 0 {
		return c.holdsMissing()
	}
	switch c.set {
	case setAny:
		for _, v := range vals {
			if c.matchAny(ev, v) != c.op.negated {
				return true
			}
		}
		return false
	case setAll:
		for _, v := range vals {
			if c.matchAny(ev, v) == c.op.negated {
				return false
			}
		}
		return true
	default:
		for _, v := range vals {
			if c.matchAny(ev, v) {
				return !c.op.negated
			}
		}
		return c.op.negated
	}
}

// holdsMissing is the result when the key is missing: IfExists makes the
// condition true; ForAllValues is true and ForAnyValue false (AWS's
// documented semantics for an empty set); otherwise the values "do not
// match", which makes negated operators true.
func (c *condition) holdsMissing() bool {
	switch {
	case c.ifExists:
		return true
	case c.set == setAll:
		return true
	case c.set == setAny:
		return false
	default:
		return c.op.negated
	}
}

// holdsNull evaluates Null: a policy value "true" holds when the key is
// missing, "false" when it is present.
func (c *condition) holdsNull(missing bool) bool {
	for _, pv := range c.values {
		if pv.null == missing {
			return true
		}
	}
	return false
}

// matchAny reports whether the request value v matches any policy value,
// before negation. A request value that does not parse as the operator's
// type (a number, a date, an IP address) matches nothing.
func (c *condition) matchAny(ev *evalCtx, v string) bool {
	switch c.op.fam {
	case famString, famStringFold:
		return c.matchString(ev, v)
	case famStringLike:
		return slices.ContainsFunc(c.values, func(pv condValue) bool { return pv.pat.matches(ev, v) })
	case famARN:
		return slices.ContainsFunc(c.values, func(pv condValue) bool { return pv.arn.matches(ev, v) })
	case famNumeric:
		return c.matchNumeric(v)
	case famDate:
		return c.matchDate(v)
	case famBool:
		return slices.ContainsFunc(c.values, func(pv condValue) bool { return strings.EqualFold(pv.raw, v) })
	case famBinary:
		return c.matchBinary(v)
	case famIP:
		return c.matchIP(v)
	}
	return false
}

func (c *condition) matchString(ev *evalCtx, v string) bool {
	for _, pv := range c.values {
		s, ok := pv.pat.literal(ev)
		if ok && (s == v || c.op.fam == famStringFold && strings.EqualFold(s, v)) {
			return true
		}
	}
	return false
}

// compared applies op to the result of a three-way comparison.
func compared(op cmpOp, c int) bool {
	switch op {
	case cmpLT:
		return c < 0
	case cmpLE:
		return c <= 0
	case cmpGT:
		return c > 0
	case cmpGE:
		return c >= 0
	default:
		return c == 0
	}
}
