package conforms

import (
	"errors"
	"fmt"
)

// Error is an AWS-shaped error: a code taken from the service models (see the
// Code constants in codes_gen.go and below) and a message meant for people.
// Transports encode it with the status and member names of the service the
// request was addressed to.
type Error struct {
	Code    string
	Message string
	// Reason is the Reason member that some Organizations errors carry
	// (ConstraintViolationException, InvalidInputException, ...); empty otherwise.
	Reason string
}

// Error returns "Code: Message".
func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ReasonErrorf returns an *Error with a Reason member.
func ReasonErrorf(code, reason, format string, args ...any) *Error {
	return &Error{Code: code, Reason: reason, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err if it is (or wraps) an *Error, else "".
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// Codes that every AWS service shares and that the service models do not list.
// Each constant is named "Code" followed by the code itself, like the generated
// constants in codes_gen.go.
const (
	CodeAccessDenied                        = "AccessDenied"
	CodeIncompleteSignatureException        = "IncompleteSignatureException"
	CodeInternalFailure                     = "InternalFailure"
	CodeInvalidAction                       = "InvalidAction"
	CodeInvalidClientTokenId                = "InvalidClientTokenId"
	CodeInvalidParameterValue               = "InvalidParameterValue"
	CodeInvalidSignatureException           = "InvalidSignatureException"
	CodeMissingAction                       = "MissingAction"
	CodeMissingAuthenticationTokenException = "MissingAuthenticationTokenException"
	CodeMissingParameter                    = "MissingParameter"
	CodeNotImplementedException             = "NotImplementedException"
	CodeRequestExpired                      = "RequestExpired"
	CodeSerializationException              = "SerializationException"
	CodeSignatureDoesNotMatch               = "SignatureDoesNotMatch"
	CodeUnknownOperationException           = "UnknownOperationException"
	CodeUnrecognizedClientException         = "UnrecognizedClientException"
	CodeValidationError                     = "ValidationError"
)

// Storage errors. Stores translate their drivers' errors into these, so that no
// code outside a store depends on a driver.
var (
	// ErrNotFound is returned when a looked-up row does not exist.
	ErrNotFound = errors.New("conforms: not found")
	// ErrConflict is returned when a write breaks a uniqueness rule.
	ErrConflict = errors.New("conforms: conflict")
)

// ErrorMessage returns the message of err if it is (or wraps) an *Error,
// else err's text.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}
