package template

import (
	"encoding/base64"
	"strconv"
	"strings"
)

// scope is the context of an evaluation.
type scope struct {
	// inConditions: evaluating the Conditions section, where resources,
	// Fn::If and Fn::GetAtt are not allowed.
	inConditions bool
	// lenient: the value will not be used (a branch of Fn::If not taken,
	// a resource whose condition is false). Only mistakes in the template
	// itself are reported, not failures that depend on the values (a
	// reference to a resource that is not created, an index out of range,
	// a mapping key not found, a pseudo parameter not known).
	lenient bool
	depth   int
}

// enter charges one evaluation step and one level of depth.
func (r *resolver) enter(path string, line int, sc *scope) bool {
	if r.aborted {
		return false
	}
	r.steps++
	if r.steps > maxSteps {
		r.abort(path, line, "evaluating the template takes more than %d steps", maxSteps)
		return false
	}
	sc.depth++
	if sc.depth > maxCallDepth {
		r.abort(path, line, "the template nests functions and references more than %d levels deep", maxCallDepth)
		return false
	}
	return true
}

// abort reports a problem and stops every further evaluation.
func (r *resolver) abort(path string, line int, format string, args ...any) {
	r.ps.add(path, line, format, args...)
	r.aborted = true
}

// grow charges n bytes of built text against maxOutputBytes.
func (r *resolver) grow(path string, line, n int) bool {
	r.bytes += n
	if r.bytes <= maxOutputBytes {
		return !r.aborted
	}
	if !r.aborted {
		r.abort(path, line, "evaluating the template builds more than %d bytes of text", maxOutputBytes)
	}
	return false
}

// fail reports a problem unless the scope is lenient, and returns errNode.
func (r *resolver) fail(sc scope, path string, line int, format string, args ...any) *node {
	if !sc.lenient {
		r.ps.add(path, line, format, args...)
	}
	return errNode
}

// eval evaluates every intrinsic function in n. The result has no
// functions left; keys and list elements that are AWS::NoValue are
// removed, and a result that is AWS::NoValue itself is noValue. Values
// that failed are errNode, their problem reported.
func (r *resolver) eval(n *node, path string, sc scope) *node {
	if !r.enter(path, n.line, &sc) {
		return errNode
	}
	switch n.kind {
	case kindList:
		return r.evalList(n, path, sc)
	case kindMap:
		if name, arg, ok := intrinsic(n, false); ok {
			return r.call(name, arg, joinPath(path, name), n.line, sc)
		}
		return r.evalMap(n, path, sc)
	}
	return n
}

// evalList evaluates the elements; it returns n itself when none changed.
func (r *resolver) evalList(n *node, path string, sc scope) *node {
	var out []*node
	for i, c := range n.items {
		v := r.eval(c, indexPath(path, i), sc)
		if out == nil && v != c {
			out = append(make([]*node, 0, len(n.items)), n.items[:i]...)
		}
		if out != nil && v.kind != kindNoValue {
			out = append(out, v)
		}
	}
	if out == nil {
		return n
	}
	return &node{kind: kindList, line: n.line, items: out}
}

// evalMap evaluates the values; it returns n itself when none changed.
func (r *resolver) evalMap(n *node, path string, sc scope) *node {
	var keys []string
	var items []*node
	for i, c := range n.items {
		v := r.eval(c, joinPath(path, n.keys[i]), sc)
		if items == nil && v != c {
			keys = append(make([]string, 0, len(n.keys)), n.keys[:i]...)
			items = append(make([]*node, 0, len(n.items)), n.items[:i]...)
		}
		if items != nil && v.kind != kindNoValue {
			keys = append(keys, n.keys[i])
			items = append(items, v)
		}
	}
	if items == nil {
		return n
	}
	return &node{kind: kindMap, line: n.line, keys: keys, items: items}
}

// unsupported lists functions CloudFormation has that conformance packs
// resolved here do not.
var unsupported = map[string]bool{
	"Fn::GetAZs": true, "Fn::Cidr": true, "Fn::Length": true, "Fn::ToJsonString": true,
	"Fn::Transform": true, "Fn::ForEach": true, "Fn::Contains": true, "Fn::EachMemberEquals": true,
	"Fn::EachMemberIn": true, "Fn::RefAll": true, "Fn::ValueOf": true, "Fn::ValueOfAll": true,
}

// call evaluates one intrinsic function; path ends with its name.
func (r *resolver) call(name string, arg *node, path string, line int, sc scope) *node {
	switch name {
	case "Ref":
		return r.ref(arg, path, sc)
	case "Fn::If":
		return r.fnIf(arg, path, line, sc)
	case "Fn::Sub":
		return r.fnSub(arg, path, line, sc)
	case "Fn::Join":
		return r.fnJoin(arg, path, line, sc)
	case "Fn::Select":
		return r.fnSelect(arg, path, sc)
	case "Fn::Split":
		return r.fnSplit(arg, path, line, sc)
	case "Fn::FindInMap":
		return r.fnFindInMap(arg, path, sc)
	case "Fn::GetAtt":
		return r.fnGetAtt(arg, path, line, sc)
	case "Fn::Base64":
		return r.fnBase64(arg, path, line, sc)
	case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or":
		r.ps.add(path, line, "%s can only be used in the Conditions section", name)
	case "Fn::ImportValue":
		r.ps.add(path, line, "Fn::ImportValue is not supported: conforms has no CloudFormation stack exports")
	default:
		if unsupported[name] {
			r.ps.add(path, line, "%s is not supported in conformance pack templates", name)
		} else {
			r.ps.add(path, line, "unknown intrinsic function %s", name)
		}
	}
	return errNode
}

// ref evaluates Ref: a parameter, a pseudo parameter or a resource.
func (r *resolver) ref(arg *node, path string, sc scope) *node {
	if arg.kind == kindError {
		return errNode
	}
	if !arg.isScalar() {
		r.ps.add(path, arg.line, "Ref takes the name of a parameter or resource, not %s", arg.describe())
		return errNode
	}
	name := arg.text
	if strings.HasPrefix(name, "AWS::") {
		return r.pseudo(name, path, arg.line, sc)
	}
	if p := r.params[name]; p != nil {
		return p.value
	}
	if res := r.resources[name]; res != nil {
		return r.resourceRef(res, path, arg.line, sc)
	}
	r.ps.add(path, arg.line, "Ref to %q, which is not a parameter, pseudo parameter or resource of the template", name)
	return errNode
}

// pseudo evaluates a pseudo parameter.
func (r *resolver) pseudo(name, path string, line int, sc scope) *node {
	var v, field string
	switch name {
	case "AWS::NoValue":
		return noValue
	case "AWS::NotificationARNs":
		return &node{kind: kindList, line: line}
	case "AWS::Partition":
		v = r.in.Partition
	case "AWS::URLSuffix":
		v = "amazonaws.com"
		if strings.HasPrefix(r.in.Partition, "aws-cn") {
			v = "amazonaws.com.cn"
		}
	case "AWS::AccountId":
		v, field = r.in.AccountID, "AccountID"
	case "AWS::Region":
		v, field = r.in.Region, "Region"
	case "AWS::StackName":
		v, field = r.in.StackName, "StackName"
	case "AWS::StackId":
		return r.fail(sc, path, line, "AWS::StackId is not available: a conformance pack's stack id exists only after deployment")
	default:
		r.ps.add(path, line, "unknown pseudo parameter %s", name)
		return errNode
	}
	if v == "" {
		return r.fail(sc, path, line, "%s is not known here (Input.%s is empty)", name, field)
	}
	return newString(v, line)
}

// fnIf evaluates Fn::If [condition, then, else]. Both branches are
// evaluated, the one not taken leniently.
func (r *resolver) fnIf(arg *node, path string, line int, sc scope) *node {
	if sc.inConditions {
		r.ps.add(path, line, "Fn::If cannot be used in the Conditions section")
		return errNode
	}
	args, ok := r.args(arg, path, "Fn::If", 3, 3)
	if !ok {
		return errNode
	}
	value, known := false, false
	if name := args[0]; name.kind == kindString {
		value, known = r.condition(name.text, indexPath(path, 0), name.line, sc)
	} else if name.kind != kindError {
		r.ps.add(indexPath(path, 0), name.line, "the first argument of Fn::If must name a condition, not %s", name.describe())
	}
	taken, other := 1, 2
	if !value {
		taken, other = 2, 1
	}
	lenient := sc
	lenient.lenient = true
	if !known {
		sc = lenient
	}
	v := r.eval(args[taken], indexPath(path, taken), sc)
	r.eval(args[other], indexPath(path, other), lenient)
	if !known {
		return errNode
	}
	return v
}

// stringArg evaluates an argument that must be a string.
func (r *resolver) stringArg(n *node, path, fn string, sc scope) (string, bool) {
	v := r.eval(n, path, sc)
	if v.kind == kindError {
		return "", false
	}
	if !v.isScalar() {
		r.ps.add(path, n.line, "%s needs a string here, not %s", fn, v.describe())
		return "", false
	}
	return v.str(), true
}

// listArg evaluates an argument that must be a list.
func (r *resolver) listArg(n *node, path, fn string, sc scope) (*node, bool) {
	v := r.eval(n, path, sc)
	if v.kind == kindError {
		return nil, false
	}
	if v.kind != kindList {
		r.ps.add(path, n.line, "%s needs a list here, not %s", fn, v.describe())
		return nil, false
	}
	return v, true
}

// fnJoin evaluates Fn::Join [delimiter, [values]].
func (r *resolver) fnJoin(arg *node, path string, line int, sc scope) *node {
	args, ok := r.args(arg, path, "Fn::Join", 2, 2)
	if !ok {
		return errNode
	}
	sep, ok1 := r.stringArg(args[0], indexPath(path, 0), "Fn::Join", sc)
	list, ok2 := r.listArg(args[1], indexPath(path, 1), "Fn::Join", sc)
	if !ok1 || !ok2 {
		return errNode
	}
	parts := make([]string, 0, len(list.items))
	size := 0
	for i, item := range list.items {
		if item.kind == kindError {
			return errNode
		}
		if !item.isScalar() {
			r.ps.add(indexPath(indexPath(path, 1), i), item.line, "Fn::Join can only join strings, not %s", item.describe())
			return errNode
		}
		parts = append(parts, item.str())
		size += len(item.text) + len(sep)
	}
	if !r.grow(path, line, size) {
		return errNode
	}
	return newString(strings.Join(parts, sep), line)
}

// fnSelect evaluates Fn::Select [index, list].
func (r *resolver) fnSelect(arg *node, path string, sc scope) *node {
	args, ok := r.args(arg, path, "Fn::Select", 2, 2)
	if !ok {
		return errNode
	}
	idx, ok1 := r.stringArg(args[0], indexPath(path, 0), "Fn::Select", sc)
	list, ok2 := r.listArg(args[1], indexPath(path, 1), "Fn::Select", sc)
	if !ok1 || !ok2 {
		return errNode
	}
	i, err := strconv.Atoi(idx)
	if err != nil || i < 0 {
		r.ps.add(indexPath(path, 0), args[0].line, "the index of Fn::Select must be a whole number, not %q", idx)
		return errNode
	}
	if i >= len(list.items) {
		return r.fail(sc, indexPath(path, 0), args[0].line, "index %d is out of range: the list has %d items", i, len(list.items))
	}
	return list.items[i]
}

// fnSplit evaluates Fn::Split [delimiter, string].
func (r *resolver) fnSplit(arg *node, path string, line int, sc scope) *node {
	args, ok := r.args(arg, path, "Fn::Split", 2, 2)
	if !ok {
		return errNode
	}
	sep, ok1 := r.stringArg(args[0], indexPath(path, 0), "Fn::Split", sc)
	s, ok2 := r.stringArg(args[1], indexPath(path, 1), "Fn::Split", sc)
	if !ok1 || !ok2 {
		return errNode
	}
	if sep == "" {
		r.ps.add(indexPath(path, 0), args[0].line, "the delimiter of Fn::Split must not be empty")
		return errNode
	}
	parts := strings.Split(s, sep)
	if !r.grow(path, line, len(parts)*16) {
		return errNode
	}
	out := &node{kind: kindList, line: line, items: make([]*node, len(parts))}
	for i, p := range parts {
		out.items[i] = newString(p, line)
	}
	return out
}

// fnFindInMap evaluates Fn::FindInMap [map, top-level key, second key].
func (r *resolver) fnFindInMap(arg *node, path string, sc scope) *node {
	args, ok := r.args(arg, path, "Fn::FindInMap", 3, 3)
	if !ok {
		return errNode
	}
	var keys [3]string
	for i := range keys {
		k, good := r.stringArg(args[i], indexPath(path, i), "Fn::FindInMap", sc)
		ok = ok && good
		keys[i] = k
	}
	if !ok {
		return errNode
	}
	if r.mappings == nil || r.mappings.get(keys[0]) == nil {
		r.ps.add(indexPath(path, 0), args[0].line, "mapping %q is not defined in the Mappings section", keys[0])
		return errNode
	}
	top := r.mappings.get(keys[0])
	second := top.get(keys[1])
	if top.kind != kindMap || second == nil {
		return r.fail(sc, indexPath(path, 1), args[1].line, "mapping %q has no key %q", keys[0], keys[1])
	}
	v := second.get(keys[2])
	if second.kind != kindMap || v == nil {
		return r.fail(sc, indexPath(path, 2), args[2].line, "mapping %q has no key %q under %q", keys[0], keys[2], keys[1])
	}
	return v
}

// fnBase64 evaluates Fn::Base64 string.
func (r *resolver) fnBase64(arg *node, path string, line int, sc scope) *node {
	s, ok := r.stringArg(arg, path, "Fn::Base64", sc)
	if !ok || !r.grow(path, line, base64.StdEncoding.EncodedLen(len(s))) {
		return errNode
	}
	return newString(base64.StdEncoding.EncodeToString([]byte(s)), line)
}

func itoa(i int) string { return strconv.Itoa(i) }
