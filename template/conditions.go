package template

// condition is one entry of the Conditions section.
type condition struct {
	def   *node
	state uint8 // condNew, condEvaluating or condDone
	value bool
	ok    bool // false when the condition could not be evaluated
}

const (
	condNew uint8 = iota
	condEvaluating
	condDone
)

// conditionsSection evaluates every condition, whatever the section
// order, so that mistakes in unused conditions are reported too.
func (r *resolver) conditionsSection(n *node) {
	r.conds = map[string]*condition{}
	if !r.section(n, "Conditions") {
		return
	}
	for i, name := range n.keys {
		r.checkLogicalID(joinPath("Conditions", name), name, n.items[i].line)
		r.conds[name] = &condition{def: n.items[i]}
		r.condOrder = append(r.condOrder, name)
	}
	for _, name := range r.condOrder {
		r.condition(name, "", 0, scope{})
	}
}

// condition returns the value of a named condition; ok is false when it
// cannot be evaluated. path and line locate the reference.
func (r *resolver) condition(name, path string, line int, sc scope) (value, ok bool) {
	c := r.conds[name]
	if c == nil {
		r.ps.add(path, line, "condition %q is not defined in the Conditions section", name)
		return false, false
	}
	switch c.state {
	case condDone:
		return c.value, c.ok
	case condEvaluating:
		r.ps.add(path, line, "circular condition reference: condition %q depends on itself", name)
		return false, false
	}
	c.state = condEvaluating
	c.value, c.ok = r.condExpr(c.def, joinPath("Conditions", name), scope{inConditions: true, depth: sc.depth + 1})
	c.state = condDone
	return c.value, c.ok
}

// condExpr evaluates a condition function.
func (r *resolver) condExpr(n *node, path string, sc scope) (bool, bool) {
	if !r.enter(path, n.line, &sc) {
		return false, false
	}
	name, arg, ok := intrinsic(n, true)
	if !ok {
		if n.kind != kindError {
			r.ps.add(path, n.line, "a condition must be Fn::Equals, Fn::Not, Fn::And, Fn::Or or Condition, not %s", n.describe())
		}
		return false, false
	}
	path = joinPath(path, name)
	switch name {
	case "Fn::Equals":
		return r.condEquals(arg, path, sc)
	case "Fn::Not":
		args, ok := r.args(arg, path, name, 1, 1)
		if !ok {
			return false, false
		}
		v, ok := r.condExpr(args[0], indexPath(path, 0), sc)
		return !v, ok
	case "Fn::And", "Fn::Or":
		return r.condAndOr(name, arg, path, sc)
	case "Condition":
		if arg.kind != kindString {
			r.ps.add(path, arg.line, "Condition must name a condition, not %s", arg.describe())
			return false, false
		}
		return r.condition(arg.text, path, arg.line, sc)
	}
	r.ps.add(path, n.line, "%s cannot be used in a condition; use Fn::Equals, Fn::Not, Fn::And, Fn::Or or Condition", name)
	return false, false
}

func (r *resolver) condEquals(arg *node, path string, sc scope) (bool, bool) {
	args, ok := r.args(arg, path, "Fn::Equals", 2, 2)
	if !ok {
		return false, false
	}
	var vals [2]*node
	for i := range vals {
		p := indexPath(path, i)
		vals[i] = r.eval(args[i], p, sc)
		switch vals[i].kind {
		case kindError:
			ok = false
		case kindNoValue:
			r.ps.add(p, args[i].line, "AWS::NoValue cannot be compared")
			ok = false
		}
	}
	return ok && equal(vals[0], vals[1]), ok
}

func (r *resolver) condAndOr(name string, arg *node, path string, sc scope) (bool, bool) {
	args, ok := r.args(arg, path, name, 2, 10)
	if !ok {
		return false, false
	}
	result := name == "Fn::And"
	for i, a := range args {
		v, good := r.condExpr(a, indexPath(path, i), sc)
		ok = ok && good
		if name == "Fn::And" {
			result = result && v
		} else {
			result = result || v
		}
	}
	return result, ok
}

// args checks that a function's argument is a list of min to max items.
func (r *resolver) args(arg *node, path, fn string, min, max int) ([]*node, bool) {
	if arg.kind == kindError {
		return nil, false
	}
	if arg.kind != kindList || len(arg.items) < min || len(arg.items) > max {
		want := "a list of " + itemCount(min, max)
		r.ps.add(path, arg.line, "%s takes %s, not %s", fn, want, countOf(arg))
		return nil, false
	}
	return arg.items, true
}

func itemCount(min, max int) string {
	switch {
	case min == max && min == 1:
		return "1 item"
	case min == max:
		return itoa(min) + " items"
	}
	return itoa(min) + " to " + itoa(max) + " items"
}

func countOf(n *node) string {
	if n.kind == kindList {
		return itoa(len(n.items)) + " items"
	}
	return n.describe()
}
