package template

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// paramType is how a parameter's value is checked and what Ref returns.
type paramType int

const (
	paramString     paramType = iota // Ref gives the string
	paramNumber                      // a number; Ref gives the string
	paramInt                         // an integer; Ref gives the string
	paramBool                        // true or false, any case; Ref gives the string
	paramList                        // comma-delimited; Ref gives a list
	paramNumberList                  // comma-delimited numbers; Ref gives a list
)

// param is a declared parameter and its effective value.
type param struct {
	typ   paramType
	value *node // string or list node; errNode when invalid or missing
}

var parameterKeys = []string{"Type", "Default", "AllowedValues", "AllowedPattern", "MinLength", "MaxLength",
	"MinValue", "MaxValue", "NoEcho", "Description", "ConstraintDescription"}

var (
	numberPattern = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)
	intPattern    = regexp.MustCompile(`^[+-]?\d+$`)
)

// parameterType maps a parameter's Type to how it behaves. It accepts the
// CloudFormation types (String, Number, List<Number>, CommaDelimitedList,
// AWS-specific types such as AWS::EC2::VPC::Id and List<...> of them,
// AWS::SSM::Parameter::Name) and the types of AWS Config's custom pack
// documentation (int, double, CSV, boolean, StringMap).
func parameterType(t string) (paramType, bool) {
	switch t {
	case "String", "CSV", "StringMap", "AWS::SSM::Parameter::Name":
		return paramString, true
	case "Number", "double":
		return paramNumber, true
	case "int":
		return paramInt, true
	case "boolean":
		return paramBool, true
	case "CommaDelimitedList":
		return paramList, true
	case "List<Number>":
		return paramNumberList, true
	}
	if strings.HasPrefix(t, "AWS::SSM::") {
		return 0, false
	}
	if strings.HasPrefix(t, "List<AWS::") && strings.HasSuffix(t, ">") {
		return paramList, true
	}
	if strings.HasPrefix(t, "AWS::") && strings.Count(t, "::") >= 2 && !strings.ContainsAny(t, "<>") {
		return paramString, true
	}
	return 0, false
}

// parameters reads the Parameters section and computes every value.
func (r *resolver) parameters(n *node) {
	r.params = map[string]*param{}
	if r.section(n, "Parameters") {
		for i, name := range n.keys {
			r.params[name] = r.parameter(name, n.items[i])
		}
	}
	r.checkInputParameters()
}

// checkInputParameters checks the ConformancePackInputParameters themselves.
func (r *resolver) checkInputParameters() {
	const path = "ConformancePackInputParameters"
	if max := r.limits.MaxInputParameters; max >= 0 && len(r.in.Parameters) > max {
		r.ps.add(path, 0, "%d input parameters given, at most %d are allowed", len(r.in.Parameters), max)
	}
	for name := range r.in.Parameters {
		if _, ok := r.params[name]; !ok {
			r.ps.add(joinPath(path, name), 0, "parameter %q is not declared in the template's Parameters section", name)
		}
	}
}

func (r *resolver) parameter(name string, def *node) *param {
	path := joinPath("Parameters", name)
	p := &param{value: errNode}
	r.checkLogicalID(path, name, def.line)
	if def.kind != kindMap {
		r.ps.add(path, def.line, "a parameter must be a mapping with at least a Type, not %s", def.describe())
		return p
	}
	f := r.fields(def, path, parameterKeys)
	typ, ok := f.str("Type")
	if !ok {
		if _, present := f.get("Type"); !present {
			r.ps.add(path, def.line, "the parameter has no Type")
		}
		return p
	}
	if p.typ, ok = parameterType(typ); !ok {
		r.ps.add(joinPath(path, "Type"), def.line, "unsupported parameter type %q", typ)
		return p
	}
	f.str("Description")
	f.str("NoEcho")
	raw, ok := r.parameterValue(name, f)
	if !ok {
		return p
	}
	c := r.constraints(f, p.typ)
	if !c.ok {
		return p
	}
	if !r.checkParameter(path, def.line, raw, p.typ, c) {
		return p
	}
	p.value = parameterNode(raw, p.typ, def.line)
	return p
}

// parameterValue returns the input value, else the Default.
func (r *resolver) parameterValue(name string, f fields) (string, bool) {
	def, hasDefault := f.str("Default")
	if v, ok := r.in.Parameters[name]; ok {
		return v, true
	}
	if hasDefault {
		return def, true
	}
	if _, present := f.get("Default"); !present {
		r.ps.add(f.path, f.n.line, "parameter %q has no value: give it in ConformancePackInputParameters or add a Default", name)
	}
	return "", false
}

// parameterNode is what Ref to the parameter gives.
func parameterNode(raw string, typ paramType, line int) *node {
	if typ != paramList && typ != paramNumberList {
		return newString(raw, line)
	}
	n := &node{kind: kindList, line: line}
	if raw == "" {
		return n
	}
	for _, s := range strings.Split(raw, ",") {
		n.items = append(n.items, newString(strings.TrimSpace(s), line))
	}
	return n
}

// constraints of a parameter.
type constraints struct {
	ok                   bool
	allowed              []string
	pattern              *regexp.Regexp
	patternText          string
	minLen, maxLen       int64
	minValue, maxValue   float64
	hasMinLen, hasMaxLen bool
	hasMinVal, hasMaxVal bool
	description          string
}

func (r *resolver) constraints(f fields, typ paramType) constraints {
	c := constraints{ok: true}
	c.description, _ = f.str("ConstraintDescription")
	if av, present := f.get("AllowedValues"); present {
		c.allowed, c.ok = r.asStringList(av, joinPath(f.path, "AllowedValues"))
	}
	if pat, ok := f.str("AllowedPattern"); ok {
		re, err := regexp.Compile(`^(?:` + pat + `)$`)
		if err != nil {
			r.ps.add(joinPath(f.path, "AllowedPattern"), f.line("AllowedPattern"), "not a valid regular expression: %v", err)
			c.ok = false
		}
		c.pattern, c.patternText = re, pat
	} else if _, present := f.get("AllowedPattern"); present {
		c.ok = false
	}
	c.minLen, c.hasMinLen = f.integer("MinLength", 0, 1<<31)
	c.maxLen, c.hasMaxLen = f.integer("MaxLength", 0, 1<<31)
	c.minValue, c.hasMinVal = f.number("MinValue")
	c.maxValue, c.hasMaxVal = f.number("MaxValue")
	return c
}

// checkParameter checks a value (each element for list types).
func (r *resolver) checkParameter(path string, line int, raw string, typ paramType, c constraints) bool {
	values := []string{raw}
	if typ == paramList || typ == paramNumberList {
		values = nil
		for _, item := range parameterNode(raw, typ, line).items {
			values = append(values, item.text)
		}
	}
	ok := true
	for _, v := range values {
		if msg := checkValue(v, typ, c); msg != "" {
			if c.description != "" {
				msg = "failed to satisfy constraint: " + c.description
			}
			r.ps.add(path, line, "value %q %s", v, msg)
			ok = false
		}
	}
	return ok
}

// checkValue returns why v does not satisfy the type and constraints, or "".
func checkValue(v string, typ paramType, c constraints) string {
	switch {
	case (typ == paramNumber || typ == paramNumberList) && !numberPattern.MatchString(v):
		return "is not a number"
	case typ == paramInt && !intPattern.MatchString(v):
		return "is not an integer"
	case typ == paramBool && !strings.EqualFold(v, "true") && !strings.EqualFold(v, "false"):
		return "is not a boolean (true or false)"
	case c.allowed != nil && !slices.Contains(c.allowed, v):
		return "must be one of the AllowedValues [" + strings.Join(c.allowed, ", ") + "]"
	case c.pattern != nil && !c.pattern.MatchString(v):
		return "must match the AllowedPattern " + strconv.Quote(c.patternText)
	}
	n := int64(utf8.RuneCountInString(v))
	switch {
	case c.hasMinLen && n < c.minLen:
		return "is shorter than MinLength " + strconv.FormatInt(c.minLen, 10)
	case c.hasMaxLen && n > c.maxLen:
		return "is longer than MaxLength " + strconv.FormatInt(c.maxLen, 10)
	}
	return checkRange(v, c)
}

func checkRange(v string, c constraints) string {
	if !c.hasMinVal && !c.hasMaxVal {
		return ""
	}
	x, err := strconv.ParseFloat(v, 64)
	switch {
	case err != nil:
		return "is not a number (MinValue/MaxValue apply)"
	case c.hasMinVal && x < c.minValue:
		return "is less than MinValue " + strconv.FormatFloat(c.minValue, 'g', -1, 64)
	case c.hasMaxVal && x > c.maxValue:
		return "is greater than MaxValue " + strconv.FormatFloat(c.maxValue, 'g', -1, 64)
	}
	return ""
}
