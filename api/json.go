package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"conforms"
	"conforms/api/shape"
)

// serveJSON serves a JSON 1.1 request (Config, Organizations).
func (s *Server) serveJSON(c *call, readErr error) {
	target := c.r.Header.Get("X-Amz-Target")
	rt, ok := s.routes[target]
	msgMember := "message"
	if ok {
		c.service, c.operation = rt.service.Name, rt.op.Name
		msgMember = messageMember(rt.service)
	}
	out, err := s.invokeJSON(c, rt, ok, readErr)
	if err != nil {
		code := s.writeJSONError(c, rt.service, msgMember, err)
		s.finish(c, code, err)
		return
	}
	b, err := json.Marshal(out)
	if err != nil {
		code := s.writeJSONError(c, rt.service, msgMember, fmt.Errorf("encode %s output: %w", c.operation, err))
		s.finish(c, code, err)
		return
	}
	c.w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	c.w.Header().Set("x-amzn-RequestId", c.requestID)
	c.w.Header().Set("Content-Length", fmt.Sprint(len(b)))
	c.w.WriteHeader(http.StatusOK)
	_, _ = c.w.Write(b)
	s.finish(c, "", nil)
}

func (s *Server) invokeJSON(c *call, rt route, found bool, readErr error) (any, error) {
	if readErr != nil {
		return nil, conforms.Errorf(conforms.CodeSerializationException, "Could not read the request body: %v", readErr)
	}
	if c.r.Method != http.MethodPost {
		return nil, conforms.Errorf(conforms.CodeUnknownOperationException, "Only POST is supported for X-Amz-Target requests.")
	}
	if !found {
		return nil, conforms.Errorf(conforms.CodeUnknownOperationException, "Unknown operation %s", c.r.Header.Get("X-Amz-Target"))
	}
	ctx, err := s.authenticate(c, rt.service.Name)
	if err != nil {
		return nil, err
	}
	in := rt.op.NewInput()
	if err := decodeJSON(c.body, in); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, validationError(rt.service, err)
	}
	return rt.op.Invoke(ctx, rt.handler, in)
}

// decodeJSON decodes a request body; an empty body is an empty input.
func decodeJSON(body []byte, in any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	err := json.Unmarshal(body, in)
	var typeErr *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &typeErr):
		return conforms.Errorf(conforms.CodeSerializationException,
			"Unexpected value type for member %s: got %s, want %s", typeErr.Field, typeErr.Value, typeErr.Type)
	default:
		return conforms.Errorf(conforms.CodeSerializationException, "The request body is not valid JSON: %v", err)
	}
}

// validationError converts model constraint violations into the service's
// error: ValidationException for Config, InvalidInputException with a Reason
// for Organizations.
func validationError(svc *shape.Service, err error) error {
	var ve *shape.ValidationError
	if !errors.As(err, &ve) || len(ve.Violations) == 0 {
		return err
	}
	if svc.Name != "organizations" {
		return conforms.Errorf(conforms.CodeValidationException, "%s", ve.Error())
	}
	reason := map[string]string{
		"required": "INPUT_REQUIRED", "pattern": "INVALID_PATTERN", "enum": "INVALID_ENUM", "list": "INVALID_LIST_MEMBER",
	}[ve.Violations[0].Kind]
	if reason == "" {
		reason = rangeReason(ve.Violations[0])
	}
	return conforms.ReasonErrorf(conforms.CodeInvalidInputException, reason, "%s", ve.Error())
}

func rangeReason(v shape.Violation) string {
	kind := "VALUE"
	if v.Kind == "length" {
		kind = "LENGTH"
	}
	if strings.Contains(v.Constraint, "less than") {
		return "MAX_" + kind + "_EXCEEDED"
	}
	return "MIN_" + kind + "_EXCEEDED"
}

// messageMember is the member name a service's errors carry their message in.
func messageMember(svc *shape.Service) string {
	for _, e := range svc.Errors {
		return e.MessageMember
	}
	return "message"
}

// writeJSONError writes err as an AWS JSON error and returns its code.
func (s *Server) writeJSONError(c *call, svc *shape.Service, msgMember string, err error) string {
	e := asAWSError(err)
	status := http.StatusBadRequest
	if svc != nil {
		if info, ok := svc.Errors[e.Code]; ok {
			status = info.Status
		}
	}
	switch e.Code {
	case conforms.CodeInternalFailure:
		status = http.StatusInternalServerError
	case conforms.CodeNotImplementedException:
		status = http.StatusNotImplemented
	}
	body := map[string]string{"__type": e.Code, msgMember: e.Message}
	if e.Reason != "" {
		body["Reason"] = e.Reason
	}
	b, _ := json.Marshal(body)
	c.w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	c.w.Header().Set("x-amzn-RequestId", c.requestID)
	c.w.Header().Set("x-amzn-ErrorType", e.Code)
	c.w.WriteHeader(status)
	_, _ = c.w.Write(b)
	return e.Code
}

// asAWSError returns err as an *conforms.Error; anything unexpected is an
// InternalFailure whose details stay in the log.
func asAWSError(err error) *conforms.Error {
	var e *conforms.Error
	var ni *shape.NotImplementedError
	switch {
	case errors.As(err, &e):
		return e
	case errors.As(err, &ni):
		return conforms.Errorf(conforms.CodeNotImplementedException,
			"conforms does not implement %s yet.", ni.Operation)
	default:
		return conforms.Errorf(conforms.CodeInternalFailure, "We encountered an internal error. Please try again.")
	}
}
