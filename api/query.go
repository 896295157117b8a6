package api

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"

	"conforms"
	"conforms/api/sts"
)

const stsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/"

// queryParams returns the parameters of a query-protocol request: the form
// body of a POST and the URL query.
func queryParams(c *call) (url.Values, error) {
	params := c.r.URL.Query()
	if c.r.Method == http.MethodPost && len(c.body) > 0 {
		form, err := url.ParseQuery(string(c.body))
		if err != nil {
			return nil, err
		}
		for k, v := range form {
			params[k] = append(params[k], v...)
		}
	}
	return params, nil
}

// serveQuery serves a query-protocol request (STS).
func (s *Server) serveQuery(c *call, readErr error) {
	c.service = "sts"
	out, err := s.invokeQuery(c, readErr)
	if err != nil {
		code := s.writeQueryError(c, err)
		s.finish(c, code, err)
		return
	}
	s.writeXML(c, http.StatusOK, out)
	s.finish(c, "", nil)
}

func (s *Server) invokeQuery(c *call, readErr error) (any, error) {
	if readErr != nil {
		return nil, conforms.Errorf(conforms.CodeInvalidParameterValue, "Could not read the request body: %v", readErr)
	}
	params, err := queryParams(c)
	if err != nil {
		return nil, conforms.Errorf(conforms.CodeInvalidParameterValue, "The request body is not a valid form: %v", err)
	}
	action := params.Get("Action")
	if action == "" {
		return nil, conforms.Errorf(conforms.CodeMissingAction, "Missing Action")
	}
	if _, ok := sts.Service.Operations[action]; !ok {
		return nil, conforms.Errorf(conforms.CodeInvalidAction, "Could not find operation %s for version %s", action, params.Get("Version"))
	}
	c.operation = action
	ctx, err := s.authenticate(c, sts.Service.Name)
	if err != nil {
		return nil, err
	}
	switch action {
	case "GetCallerIdentity":
		return s.getCallerIdentity(ctx), nil
	case "AssumeRole":
		return s.assumeRole(ctx, params)
	}
	return nil, conforms.Errorf(conforms.CodeNotImplementedException, "conforms does not implement STS %s yet.", action)
}

// queryCode renames the JSON services' authentication codes to the ones
// query services send.
var queryCode = map[string]string{
	conforms.CodeUnrecognizedClientException:         conforms.CodeInvalidClientTokenId,
	conforms.CodeInvalidSignatureException:           conforms.CodeSignatureDoesNotMatch,
	conforms.CodeIncompleteSignatureException:        "IncompleteSignature",
	conforms.CodeMissingAuthenticationTokenException: "MissingAuthenticationToken",
	conforms.CodeExpiredTokenException:               "ExpiredToken",
}

type queryError struct {
	XMLName   xml.Name `xml:"ErrorResponse"`
	Xmlns     string   `xml:"xmlns,attr"`
	Type      string   `xml:"Error>Type"`
	Code      string   `xml:"Error>Code"`
	Message   string   `xml:"Error>Message"`
	RequestID string   `xml:"RequestId"`
}

// writeQueryError writes err as a query-protocol XML error and returns its code.
func (s *Server) writeQueryError(c *call, err error) string {
	e := asAWSError(err)
	code := e.Code
	if q, ok := queryCode[code]; ok {
		code = q
	}
	status, fault := http.StatusBadRequest, "Sender"
	if info, ok := sts.Service.Errors[code]; ok {
		status = info.Status
	}
	switch code {
	case conforms.CodeInvalidClientTokenId, conforms.CodeSignatureDoesNotMatch, conforms.CodeAccessDenied, "MissingAuthenticationToken":
		status = http.StatusForbidden
	case conforms.CodeInternalFailure:
		status, fault = http.StatusInternalServerError, "Receiver"
	case conforms.CodeNotImplementedException:
		status, fault = http.StatusNotImplemented, "Receiver"
	}
	s.writeXML(c, status, queryError{Xmlns: stsNamespace, Type: fault, Code: code, Message: e.Message, RequestID: c.requestID})
	return code
}

func (s *Server) writeXML(c *call, status int, v any) {
	b, err := xml.Marshal(v)
	if err != nil {
		s.logger.Error("encode xml", "request_id", c.requestID, "err", err)
		status, b = http.StatusInternalServerError, nil
	}
	c.w.Header().Set("Content-Type", "text/xml")
	c.w.Header().Set("x-amzn-RequestId", c.requestID)
	c.w.Header().Set("Content-Length", fmt.Sprint(len(xml.Header)+len(b)))
	c.w.WriteHeader(status)
	_, _ = c.w.Write([]byte(xml.Header))
	_, _ = c.w.Write(b)
}

// responseMetadata ends every query-protocol response.
type responseMetadata struct {
	RequestID string `xml:"RequestId"`
}
