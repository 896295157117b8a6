package template

import (
	"slices"
	"strings"
)

// fnSub evaluates Fn::Sub: a string, or [string, {variable: value}].
// ${Name} inserts a variable, parameter, pseudo parameter or resource
// name; ${Resource.Attribute} is Fn::GetAtt; ${!Text} is the literal
// ${Text}.
func (r *resolver) fnSub(arg *node, path string, line int, sc scope) *node {
	text, vars := arg, map[string]*node(nil)
	if arg.kind == kindList {
		args, ok := r.args(arg, path, "Fn::Sub", 2, 2)
		if !ok {
			return errNode
		}
		text = args[0]
		if vars, ok = r.subVariables(args[1], indexPath(path, 1), sc); !ok {
			return errNode
		}
	}
	if text.kind == kindError {
		return errNode
	}
	if !text.isScalar() {
		r.ps.add(path, text.line, "Fn::Sub takes a literal string or [string, variables], not %s", text.describe())
		return errNode
	}
	return r.substitute(text.str(), vars, path, line, sc)
}

// subVariables evaluates the variables map of Fn::Sub.
func (r *resolver) subVariables(n *node, path string, sc scope) (map[string]*node, bool) {
	if n.kind == kindError {
		return nil, false
	}
	if n.kind != kindMap {
		r.ps.add(path, n.line, "the variables of Fn::Sub must be a mapping, not %s", n.describe())
		return nil, false
	}
	vars := make(map[string]*node, len(n.keys))
	for i, k := range n.keys {
		vars[k] = r.eval(n.items[i], joinPath(path, k), sc)
	}
	return vars, true
}

// substitute expands the ${...} of s.
func (r *resolver) substitute(s string, vars map[string]*node, path string, line int, sc scope) *node {
	var b strings.Builder
	ok := true
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		rest := s[i+2:]
		if strings.HasPrefix(rest, "!") {
			b.WriteString("${")
			s = rest[1:]
			continue
		}
		j := strings.IndexByte(rest, '}')
		if j < 0 {
			b.WriteString(s[i:])
			break
		}
		v, good := r.subVariable(strings.TrimSpace(rest[:j]), vars, path, line, sc)
		ok = ok && good
		b.WriteString(v)
		s = rest[j+1:]
		if !r.grow(path, line, len(v)) {
			return errNode
		}
	}
	if !ok || !r.grow(path, line, b.Len()) {
		return errNode
	}
	return newString(b.String(), line)
}

// subVariable returns the text of one ${name}.
func (r *resolver) subVariable(name string, vars map[string]*node, path string, line int, sc scope) (string, bool) {
	if name == "" {
		r.ps.add(path, line, "Fn::Sub has an empty ${}")
		return "", false
	}
	v, ok := vars[name]
	switch {
	case ok:
	case strings.Contains(name, ".") && !strings.HasPrefix(name, "AWS::"):
		res, attr, _ := strings.Cut(name, ".")
		v = r.getAtt(res, attr, path, line, sc)
	default:
		v = r.ref(newString(name, line), path, sc)
	}
	switch {
	case v.kind == kindError:
		return "", false
	case v.kind == kindNoValue:
		r.ps.add(path, line, "Fn::Sub cannot insert AWS::NoValue (${%s})", name)
		return "", false
	case !v.isScalar():
		r.ps.add(path, line, "Fn::Sub can only insert strings, and ${%s} is %s", name, v.describe())
		return "", false
	}
	return v.str(), true
}

// configRuleAttributes are the attributes Fn::GetAtt knows for a rule.
var configRuleAttributes = []string{"Arn", "ConfigRuleId", "Compliance.Type"}

// fnGetAtt evaluates Fn::GetAtt [resource, attribute] (or
// "resource.attribute").
func (r *resolver) fnGetAtt(arg *node, path string, line int, sc scope) *node {
	if arg.kind == kindString {
		arg = splitGetAtt(arg)
	}
	args, ok := r.args(arg, path, "Fn::GetAtt", 2, 2)
	if !ok {
		return errNode
	}
	if args[0].kind != kindString {
		r.ps.add(indexPath(path, 0), args[0].line, "Fn::GetAtt needs the logical ID of a resource, not %s", args[0].describe())
		return errNode
	}
	attr, ok := r.stringArg(args[1], indexPath(path, 1), "Fn::GetAtt", sc)
	if !ok {
		return errNode
	}
	return r.getAtt(args[0].text, attr, path, line, sc)
}

// getAtt checks a resource attribute. None can be resolved: rule ARNs and
// ids exist only once the rule is deployed.
func (r *resolver) getAtt(id, attr, path string, line int, sc scope) *node {
	if sc.inConditions {
		r.ps.add(path, line, "conditions cannot refer to resources (Fn::GetAtt %s.%s)", id, attr)
		return errNode
	}
	res := r.resources[id]
	switch {
	case res == nil:
		r.ps.add(path, line, "Fn::GetAtt refers to %q, which is not a resource of the template", id)
		return errNode
	case res.typ == "":
		return errNode
	case res.typ == typeRemediation:
		r.ps.add(path, line, "Fn::GetAtt %s.%s: %s has no attributes", id, attr, typeRemediation)
		return errNode
	case !slices.Contains(configRuleAttributes, attr):
		r.ps.add(path, line, "Fn::GetAtt %s.%s: %s has no attribute %q (it has %s)", id, attr, typeConfigRule, attr, strings.Join(configRuleAttributes, ", "))
		return errNode
	}
	return r.fail(sc, path, line, "Fn::GetAtt %s.%s cannot be resolved: the attribute exists only after the rule is deployed, and templates are resolved before", id, attr)
}
