package main

import (
	"fmt"
	"strings"
)

// errorCode is the code of an exception shape: the query protocol's
// error.code when present, else the shape name.
func (a *api) errorCode(s *Shape) string {
	if s.Error != nil && s.Error.Code != "" {
		return s.Error.Code
	}
	return s.Name
}

// errorStatus is the HTTP status of an exception shape: the model's
// error.httpStatusCode when present, else 500 for server faults ("fault":
// true, Organizations' ServiceException) and 400 for everything else.
func errorStatus(s *Shape) int {
	switch {
	case s.Error != nil && s.Error.HTTPStatusCode != 0:
		return s.Error.HTTPStatusCode
	case s.Fault:
		return 500
	}
	return 400
}

// messageMember is the member carrying an error's message, "message" when
// the shape lists none.
func messageMember(s *Shape) string {
	for _, m := range s.Members {
		if strings.EqualFold(m.Name, "message") {
			return m.Name
		}
	}
	return "message"
}

// genErrors writes the Errors map literal of the Service variable.
func (a *api) genErrors() (string, error) {
	var b strings.Builder
	seen := map[string]string{}
	b.WriteString("\tErrors: map[string]shape.ErrorInfo{\n")
	for _, n := range a.shapeNames() {
		s := a.m.Shapes[n]
		if !s.Exception {
			continue
		}
		code := a.errorCode(s)
		if other, dup := seen[code]; dup {
			return "", fmt.Errorf("error code %s is used by shapes %s and %s", code, other, n)
		}
		seen[code] = n
		members := make([]string, len(s.Members))
		for i, m := range s.Members {
			members[i] = fmt.Sprintf("%q", m.Name)
		}
		fmt.Fprintf(&b, "\t\t%q: {Code: %q, Status: %d, MessageMember: %q", code, code, errorStatus(s), messageMember(s))
		if len(members) > 0 {
			fmt.Fprintf(&b, ", Members: []string{%s}", strings.Join(members, ", "))
		}
		b.WriteString("},\n")
	}
	b.WriteString("\t},\n")
	return b.String(), nil
}

// serviceHeader writes the first fields of the Service variable.
func (a *api) serviceHeader() string {
	md := a.m.Metadata
	name := md.SigningName
	if name == "" {
		name = md.EndpointPrefix
	}
	return fmt.Sprintf("\tName: %q,\n\tTargetPrefix: %q,\n\tProtocol: %q,\n\tVersion: %q,\n",
		name, md.TargetPrefix, md.Protocol, md.APIVersion)
}

// ioTypes returns the Go input and output types of an operation.
func (a *api) ioTypes(op string) (in, out string) {
	o := a.m.Operations[op]
	in, out = "shape.Empty", "shape.Empty"
	if o.Input != nil {
		in = a.typeNames[o.Input.Shape]
	}
	if o.Output != nil {
		out = a.typeNames[o.Output.Shape]
	}
	return "*" + in, "*" + out
}

// genService writes the Handler interface, Unimplemented and Service.
func (a *api) genService() (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "\n// Handler serves %s: one method per operation of the model. Methods\n// receive validated input; embed Unimplemented for the operations a\n// server does not serve yet.\ntype Handler interface {\n", a.title)
	for _, op := range a.opNames() {
		in, out := a.ioTypes(op)
		fmt.Fprintf(&b, "\t%s(ctx context.Context, in %s) (%s, error)\n", op, in, out)
	}
	b.WriteString("}\n\n// Unimplemented answers every operation with shape.NotImplemented.\ntype Unimplemented struct{}\n\nvar _ Handler = Unimplemented{}\n")
	for _, op := range a.opNames() {
		in, out := a.ioTypes(op)
		fmt.Fprintf(&b, "\n// %s implements Handler.\nfunc (Unimplemented) %s(context.Context, %s) (%s, error) {\n\treturn nil, shape.NotImplemented(%q)\n}\n", op, op, in, out, op)
	}
	errs, err := a.genErrors()
	if err != nil {
		return "", err
	}
	fmt.Fprintf(&b, "\n// Service describes %s: its protocol, operations and errors.\nvar Service = &shape.Service{\n%s\tOperations: map[string]*shape.Operation{\n", a.title, a.serviceHeader())
	for _, op := range a.opNames() {
		fmt.Fprintf(&b, "\t\t%q: shape.NewOperation(%q, Handler.%s),\n", op, op, op)
	}
	b.WriteString("\t},\n" + errs + "}\n")
	return b.String(), nil
}

// genQueryService writes the Service variable of a query-protocol service:
// operation names and errors only.
func (a *api) genQueryService() (string, error) {
	errs, err := a.genErrors()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n// Service describes %s: its protocol, operation names and errors.\n// Operations carry only their names.\nvar Service = &shape.Service{\n%s\tOperations: map[string]*shape.Operation{\n", a.title, a.serviceHeader())
	for _, op := range a.opNames() {
		fmt.Fprintf(&b, "\t\t%q: {Name: %q},\n", op, op)
	}
	b.WriteString("\t},\n" + errs + "}\n")
	return b.String(), nil
}
