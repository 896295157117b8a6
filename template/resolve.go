package template

import (
	"regexp"
	"slices"
)

const (
	// maxSteps caps the evaluation work for one template.
	maxSteps = 4 << 20
	// maxOutputBytes caps the text built by Fn::Sub, Fn::Join and
	// Fn::Base64 for one template.
	maxOutputBytes = 8 << 20
	// maxCallDepth caps nested evaluation, Ref chains between resources
	// included.
	maxCallDepth = 2048
)

// Resource types a conformance pack may hold.
const (
	typeConfigRule  = "AWS::Config::ConfigRule"
	typeRemediation = "AWS::Config::RemediationConfiguration"
)

var logicalIDPattern = regexp.MustCompile(`^[A-Za-z0-9]+$`)

// resolver holds the state of one Resolve call.
type resolver struct {
	in     Input
	limits Limits
	ps     problems

	params    map[string]*param
	mappings  *node
	conds     map[string]*condition
	condOrder []string
	resources map[string]*resource
	resOrder  []*resource

	steps   int
	bytes   int
	aborted bool
}

func newResolver(in Input) *resolver {
	if in.Partition == "" {
		in.Partition = "aws"
	}
	return &resolver{in: in, limits: in.Limits.withDefaults()}
}

// run resolves the template; problems are left in r.ps.
func (r *resolver) run() *Pack {
	if max := r.limits.MaxBodyBytes; max >= 0 && len(r.in.Body) > max {
		r.ps.add("", 0, "the template is %d bytes, more than the limit of %d bytes", len(r.in.Body), max)
	}
	root := parse(r.in.Body, &r.ps)
	if root == nil {
		return nil
	}
	if root.kind != kindMap {
		r.ps.add("", root.line, "the template must be a mapping of sections, not %s", root.describe())
		return nil
	}
	pack := &Pack{}
	r.sections(root, pack)
	r.parameters(root.get("Parameters"))
	r.mappingsSection(root.get("Mappings"))
	r.resourcesSection(root.get("Resources"))
	r.conditionsSection(root.get("Conditions"))
	r.resourceAttributes()
	r.build(pack)
	return pack
}

// sections checks the top-level sections and reads the Description.
func (r *resolver) sections(root *node, pack *Pack) {
	for i, key := range root.keys {
		v := root.items[i]
		switch key {
		case "Parameters", "Mappings", "Conditions", "Resources", "Metadata", "Outputs":
		case "AWSTemplateFormatVersion":
			if !v.isScalar() || v.text != "2010-09-09" {
				r.ps.add(key, v.line, `the only template format version is "2010-09-09"`)
			}
		case "Description":
			if s, ok := r.asString(v, key); ok && len(s) > 1024 {
				r.ps.add(key, v.line, "the description is %d bytes, more than 1024", len(s))
			} else if ok {
				pack.Description = s
			}
		case "Transform", "Rules", "Hooks":
			r.ps.add(key, v.line, "the %s section is not supported in conformance packs", key)
		default:
			r.ps.add(key, v.line, "unknown template section %q; a conformance pack template may hold AWSTemplateFormatVersion, Description, Metadata, Parameters, Mappings, Conditions, Resources and Outputs", key)
		}
	}
}

// section checks that an optional section is a mapping.
func (r *resolver) section(n *node, name string) bool {
	if n == nil || n.kind == kindError {
		return false
	}
	if n.kind != kindMap {
		r.ps.add(name, n.line, "the %s section must be a mapping, not %s", name, n.describe())
		return false
	}
	return true
}

// checkLogicalID reports a name that is not alphanumeric.
func (r *resolver) checkLogicalID(path, id string, line int) {
	if !logicalIDPattern.MatchString(id) {
		r.ps.add(path, line, "logical ID %q must be alphanumeric (A-Za-z0-9)", id)
	}
}

// mappingsSection checks Mappings: map name -> top key -> second key ->
// a string or a list of strings.
func (r *resolver) mappingsSection(n *node) {
	if !r.section(n, "Mappings") {
		return
	}
	r.mappings = n
	for i, name := range n.keys {
		path := joinPath("Mappings", name)
		r.checkLogicalID(path, name, n.items[i].line)
		top := n.items[i]
		if top.kind != kindMap || len(top.keys) == 0 {
			r.ps.add(path, top.line, "a mapping must be a non-empty mapping of keys to mappings")
			continue
		}
		for j, k := range top.keys {
			r.checkMappingLevel(top.items[j], joinPath(path, k))
		}
	}
}

func (r *resolver) checkMappingLevel(second *node, path string) {
	if second.kind != kindMap || len(second.keys) == 0 {
		r.ps.add(path, second.line, "a mapping key must hold a non-empty mapping of keys to values")
		return
	}
	for i, k := range second.keys {
		v := second.items[i]
		if _, intrinsic := intrinsicCall(v); intrinsic || !(v.isScalar() || isScalarList(v)) {
			r.ps.add(joinPath(path, k), v.line, "a mapping value must be a literal string or a list of strings")
		}
	}
}

func intrinsicCall(n *node) (string, bool) {
	name, _, ok := intrinsic(n, false)
	return name, ok
}

func isScalarList(n *node) bool {
	if n.kind != kindList {
		return false
	}
	return !slices.ContainsFunc(n.items, func(c *node) bool { return !c.isScalar() })
}
