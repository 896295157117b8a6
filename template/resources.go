package template

import (
	"slices"
	"strings"
)

// resource is an entry of the Resources section.
type resource struct {
	id        string
	def       *node
	typ       string // "" when the resource is invalid
	line      int
	dropped   bool // its Condition is false
	dependsOn []string

	propsState uint8 // condNew, condEvaluating or condDone
	props      *node // evaluated Properties; nil when absent
}

// resourceAttributes are the keys a resource may have. Controls is carried
// through to the rules; Description (seen in AWS's sample packs) and the
// CloudFormation policies are accepted and ignored.
var resourceAttributes = []string{"Type", "Properties", "Condition", "DependsOn", "Controls", "Description",
	"Metadata", "DeletionPolicy", "UpdateReplacePolicy", "CreationPolicy", "UpdatePolicy"}

// resourcesSection indexes the resources and checks their types; it runs
// before the Conditions section, whose references it reports.
func (r *resolver) resourcesSection(n *node) {
	r.resources = map[string]*resource{}
	switch {
	case n == nil:
		r.ps.add("Resources", 0, "the template has no Resources section; a conformance pack needs at least one resource")
		return
	case !r.section(n, "Resources"):
		return
	case len(n.keys) == 0:
		r.ps.add("Resources", n.line, "the Resources section is empty; a conformance pack needs at least one resource")
		return
	}
	for i, id := range n.keys {
		res := r.indexResource(id, n.items[i])
		r.resources[id] = res
		r.resOrder = append(r.resOrder, res)
	}
}

// resourceAttributes evaluates the resources' conditions and checks
// DependsOn. Properties are evaluated later, by build.
func (r *resolver) resourceAttributes() {
	for _, res := range r.resOrder {
		r.resourceCondition(res)
		r.readDependsOn(res)
	}
	r.dependencyCycles()
}

func resourcePath(id string) string { return joinPath("Resources", id) }

// indexResource checks a resource's attributes and type.
func (r *resolver) indexResource(id string, def *node) *resource {
	path := resourcePath(id)
	res := &resource{id: id, def: def, line: def.line}
	r.checkLogicalID(path, id, def.line)
	if _, clash := r.params[id]; clash {
		r.ps.add(path, def.line, "logical ID %q is used by a parameter too", id)
	}
	if def.kind == kindError {
		return res
	}
	f := r.fields(def, path, resourceAttributes)
	if f.bad {
		return res
	}
	f.required("Type")
	typ, ok := f.str("Type")
	switch {
	case !ok:
	case typ == typeConfigRule || typ == typeRemediation:
		res.typ = typ
	default:
		r.ps.add(joinPath(path, "Type"), def.line, "resource type %s is not supported in a conformance pack; only %s and %s are", typ, typeConfigRule, typeRemediation)
	}
	return res
}

// resourceCondition evaluates the resource's Condition attribute.
func (r *resolver) resourceCondition(res *resource) {
	c := res.def.get("Condition")
	if res.def.kind != kindMap || c == nil {
		return
	}
	path := joinPath(resourcePath(res.id), "Condition")
	if c.kind != kindString {
		r.ps.add(path, c.line, "Condition must name a condition, not %s", c.describe())
		return
	}
	value, ok := r.condition(c.text, path, c.line, scope{})
	res.dropped = ok && !value
}

// readDependsOn reads DependsOn: a logical ID or a list of them.
func (r *resolver) readDependsOn(res *resource) {
	d := res.def.get("DependsOn")
	if res.def.kind != kindMap || d == nil {
		return
	}
	path := joinPath(resourcePath(res.id), "DependsOn")
	ids := []string{}
	switch {
	case d.kind == kindString:
		ids = append(ids, d.text)
	case isScalarList(d):
		for _, item := range d.items {
			ids = append(ids, item.text)
		}
	default:
		r.ps.add(path, d.line, "DependsOn must be a logical ID or a list of logical IDs, not %s", d.describe())
		return
	}
	for _, id := range ids {
		switch {
		case id == res.id:
			r.ps.add(path, d.line, "resource %s cannot depend on itself", id)
		case r.resources[id] == nil:
			r.ps.add(path, d.line, "DependsOn names %q, which is not a resource of the template", id)
		default:
			res.dependsOn = append(res.dependsOn, id)
		}
	}
}

// dependencyCycles reports DependsOn cycles, once per cycle.
func (r *resolver) dependencyCycles() {
	state := make(map[string]uint8, len(r.resOrder))
	var stack []string
	var visit func(id string)
	visit = func(id string) {
		state[id] = condEvaluating
		stack = append(stack, id)
		for _, dep := range r.resources[id].dependsOn {
			switch state[dep] {
			case condNew:
				visit(dep)
			case condEvaluating:
				cycle := append(slices.Clone(stack[slices.Index(stack, dep):]), dep)
				r.ps.add(joinPath(resourcePath(id), "DependsOn"), r.resources[id].line,
					"circular dependency: %s", strings.Join(cycle, " -> "))
			}
		}
		stack = stack[:len(stack)-1]
		state[id] = condDone
	}
	for _, res := range r.resOrder {
		if state[res.id] == condNew {
			visit(res.id)
		}
	}
}

// createdDependsOn lists the dependencies that are created.
func (r *resolver) createdDependsOn(res *resource) []string {
	var out []string
	for _, id := range res.dependsOn {
		if !r.resources[id].dropped {
			out = append(out, id)
		}
	}
	return out
}

// properties evaluates a resource's Properties once. It returns nil when
// there are none, errNode when they could not be evaluated.
func (r *resolver) properties(res *resource, sc scope) *node {
	switch res.propsState {
	case condDone:
		return res.props
	case condEvaluating:
		return errNode
	}
	res.propsState = condEvaluating
	if p := res.def.get("Properties"); p != nil && res.def.kind == kindMap {
		sc.lenient = res.dropped
		sc.inConditions = false
		v := r.eval(p, joinPath(resourcePath(res.id), "Properties"), sc)
		if v.kind != kindNoValue {
			res.props = v
		}
	}
	res.propsState = condDone
	return res.props
}

// resourceRef evaluates Ref to a resource: a rule's ConfigRuleName.
func (r *resolver) resourceRef(res *resource, path string, line int, sc scope) *node {
	switch {
	case sc.inConditions:
		r.ps.add(path, line, "conditions cannot refer to resources (Ref %s)", res.id)
		return errNode
	case res.typ == "":
		return errNode
	case res.typ == typeRemediation:
		r.ps.add(path, line, "Ref to the %s %s is not supported: its id exists only after deployment", typeRemediation, res.id)
		return errNode
	case res.dropped && !sc.lenient:
		r.ps.add(path, line, "Ref to resource %s, which is not created because its condition is false", res.id)
		return errNode
	case res.propsState == condEvaluating:
		return r.fail(sc, path, line, "circular reference to %s: its properties refer back to it", res.id)
	}
	return r.ruleName(res, r.properties(res, sc))
}

// ruleName is the name of a rule: its ConfigRuleName, or its logical ID
// when it has none.
func (r *resolver) ruleName(res *resource, props *node) *node {
	if props == nil || props.kind != kindMap {
		if props != nil && props.kind == kindError {
			return errNode
		}
		return newString(res.id, res.line)
	}
	v := props.get("ConfigRuleName")
	switch {
	case v == nil:
		return newString(res.id, res.line)
	case v.isScalar():
		return newString(v.str(), v.line)
	}
	return errNode
}
