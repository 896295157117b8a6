// Package shape is the small runtime that the generated API packages
// (api/awsconfig, api/organizations, api/sts) are built on: the operation and
// service tables a transport dispatches through, the Timestamp wire type, and
// the model-constraint validation helpers that render AWS (Coral) style
// ValidationException messages.
//
// Validation follows AWS's Java (Coral) services: a violation's path is the
// lowerCamel member names joined with dots ("configRule.source.owner");
// elements of a list of structures are "list.N.member" (N from 1) and values
// of a map of structures "map.KEY.member". A list of strings or numbers whose
// elements fail yields one violation for the whole list ("Member must satisfy
// constraint: [...]"); a map's failing keys and scalar values likewise yield
// one violation each ("Map keys must satisfy constraint: [...]", "Map value
// must satisfy constraint: [...]"). Violations come in model member order,
// depth first. Strings are measured in characters (runes), blobs in bytes.
//
// The package imports only the standard library.
package shape

import (
	"context"
	"fmt"
)

// Input is a decoded request. Validate reports model constraint violations
// (nil when valid); a non-nil error is a *ValidationError.
type Input interface{ Validate() error }

// Empty is the input or output of an operation that has no shape in the model.
// It marshals as {}.
type Empty struct{}

// Validate implements Input; an Empty input is always valid.
func (Empty) Validate() error { return nil }

// Operation is one entry of a service's dispatch table.
type Operation struct {
	// Name is the operation name, e.g. "PutConfigRule".
	Name string
	// NewInput returns a fresh zero input (a pointer) to decode a request into.
	NewInput func() Input
	// Invoke calls the operation on h, which must implement the Handler
	// interface of the operation's package, with in, which must have come
	// from NewInput. A nil output from the handler is returned as a zero one.
	Invoke func(ctx context.Context, h any, in Input) (any, error)
}

// ErrorInfo describes one modelled error of a service.
type ErrorInfo struct {
	// Code is the error code sent in __type (JSON) or <Code> (query),
	// e.g. "NoSuchOrganizationConformancePackException".
	Code string
	// Status is the HTTP status to send.
	Status int
	// MessageMember is the member that carries the message: "message"
	// (Config, STS) or "Message" (Organizations).
	MessageMember string
	// Members are all member names of the error shape in model order,
	// e.g. ["Message", "Reason"]; empty when the model lists none.
	Members []string
}

// Service describes one AWS service API as generated from its model.
type Service struct {
	// Name is the SigV4 signing name: "config", "organizations", "sts".
	Name string
	// TargetPrefix is the X-Amz-Target prefix of JSON services,
	// e.g. "StarlingDoveService"; "" for query services.
	TargetPrefix string
	// Protocol is "json" or "query".
	Protocol string
	// Version is the model's apiVersion, e.g. "2014-11-12".
	Version string
	// Operations are keyed by operation name. For query services the
	// entries carry only a Name (NewInput and Invoke are nil).
	Operations map[string]*Operation
	// Errors are keyed by error code.
	Errors map[string]ErrorInfo
}

// NotImplementedError is returned by the generated Unimplemented handlers.
type NotImplementedError struct {
	Operation string
}

// Error returns "operation <Op> is not implemented yet".
func (e *NotImplementedError) Error() string {
	return "operation " + e.Operation + " is not implemented yet"
}

// NotImplemented returns a *NotImplementedError for op.
func NotImplemented(op string) error {
	return &NotImplementedError{Operation: op}
}

// NewOperation builds an Operation from a method expression of a generated
// Handler interface, e.g. NewOperation("PutConfigRule", Handler.PutConfigRule).
// The generated service tables use it so that each operation costs one line.
func NewOperation[H any, I any, O any, PI interface {
	*I
	Input
}](name string, call func(H, context.Context, PI) (*O, error)) *Operation {
	return &Operation{
		Name:     name,
		NewInput: func() Input { return PI(new(I)) },
		Invoke: func(ctx context.Context, h any, in Input) (any, error) {
			handler, ok := h.(H)
			if !ok {
				return nil, fmt.Errorf("shape: %s: handler %T does not implement %T", name, h, (*H)(nil))
			}
			input, ok := in.(PI)
			if !ok {
				return nil, fmt.Errorf("shape: %s: input is %T, want %T", name, in, PI(nil))
			}
			out, err := call(handler, ctx, input)
			if err != nil {
				return nil, err
			}
			if out == nil {
				out = new(O)
			}
			return out, nil
		},
	}
}
