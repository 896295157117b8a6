package main

import (
	"fmt"
	"strings"
)

// scalarTypes maps model scalar types to Go types.
var scalarTypes = map[string]string{
	"string":    "string",
	"integer":   "int32",
	"long":      "int64",
	"boolean":   "bool",
	"double":    "float64",
	"float":     "float32",
	"timestamp": "shape.Timestamp",
	"blob":      "[]byte",
}

// elemType is the Go type of a value of shape n inside a list or map, or of
// a member before it is made a pointer.
func (a *api) elemType(n string) (string, error) {
	s := a.m.Shapes[n]
	if t, ok := a.typeNames[n]; ok {
		return t, nil
	}
	switch s.Type {
	case "list":
		e, err := a.elemType(s.Member.Shape)
		return "[]" + e, err
	case "map":
		e, err := a.elemType(s.Value.Shape)
		return "map[string]" + e, err
	}
	if t, ok := scalarTypes[s.Type]; ok {
		return t, nil
	}
	return "", fmt.Errorf("shape %s: unsupported type %q", n, s.Type)
}

// memberType is the Go type of a structure member: scalars and structures
// are pointers, so that absent and zero differ.
func (a *api) memberType(n string) string {
	t, _ := a.elemType(n) // checked by checkTypes
	switch a.m.Shapes[n].Type {
	case "list", "map", "blob":
		return t
	}
	return "*" + t
}

// fieldNames returns the Go field names of a structure's members.
func fieldNames(s *Shape) []string {
	taken := map[string]bool{"Validate": true} // the input method
	names := make([]string, len(s.Members))
	for i, m := range s.Members {
		name := exported(m.Name)
		for taken[name] {
			name += "_"
		}
		taken[name] = true
		names[i] = name
	}
	return names
}

// genTypes writes one struct per structure shape.
func (a *api) genTypes() string {
	roles := a.shapeRoles()
	var b strings.Builder
	for _, n := range a.shapeNames() {
		s := a.m.Shapes[n]
		if s.Type != "structure" {
			continue
		}
		name := a.typeNames[n]
		fmt.Fprintf(&b, "\n// %s is %s.\ntype %s struct {\n", name, roles[n], name)
		for i, f := range fieldNames(s) {
			m := s.Members[i]
			fmt.Fprintf(&b, "\t%s %s `json:\"%s,omitzero\"`\n", f, a.memberType(m.Shape), m.Name)
		}
		b.WriteString("}\n")
	}
	return b.String()
}

// shapeRoles describes each structure for its doc comment.
func (a *api) shapeRoles() map[string]string {
	roles := map[string]string{}
	for _, n := range a.shapeNames() {
		if s := a.m.Shapes[n]; s.Exception {
			roles[n] = "the error " + a.errorCode(s)
		} else {
			roles[n] = "the " + n + " structure"
		}
	}
	for _, op := range a.opNames() {
		o := a.m.Operations[op]
		if o.Input != nil {
			roles[o.Input.Shape] = "the input of " + op
		}
		if o.Output != nil {
			roles[o.Output.Shape] = "the output of " + op
		}
	}
	return roles
}

// genEnums writes one string type per enum shape, its constants and Values.
func (a *api) genEnums() string {
	var b strings.Builder
	for _, n := range a.shapeNames() {
		consts, ok := a.consts[n]
		if !ok {
			continue
		}
		name := a.typeNames[n]
		fmt.Fprintf(&b, "\n// %s is the enum %s.\ntype %s string\n\n// Values of %s.\nconst (\n", name, n, name, name)
		for _, c := range consts {
			fmt.Fprintf(&b, "\t%s %s = %s\n", c.name, name, goString(c.value))
		}
		fmt.Fprintf(&b, ")\n\n// Values returns the values of %s in model order.\nfunc (%s) Values() []%s {\n\treturn []%s{\n", name, name, name, name)
		for _, c := range consts {
			fmt.Fprintf(&b, "\t\t%s,\n", c.name)
		}
		b.WriteString("\t}\n}\n")
	}
	return b.String()
}
