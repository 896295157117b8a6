package iampolicy

import "fmt"

// Error reports a malformed policy document. Message is worded like the
// message of S3's MalformedPolicy error (for example "Invalid principal in
// policy"), so an S3 front end can answer MalformedPolicy with it as is.
type Error struct {
	Message string
	// Err is the underlying cause, such as a *json.SyntaxError; often nil.
	Err error
}

// Error returns "iampolicy: malformed policy: " followed by Message.
func (e *Error) Error() string { return "iampolicy: malformed policy: " + e.Message }

// Unwrap returns Err.
func (e *Error) Unwrap() error { return e.Err }

func malformed(format string, args ...any) *Error {
	return &Error{Message: fmt.Sprintf(format, args...)}
}

// Messages of Error. Those that S3 is known to send are worded as S3 words
// them.
const (
	msgFirstByte        = "Policies must be valid JSON and the first byte must be '{'"
	msgInvalidJSON      = "This policy contains invalid Json"
	msgMissingStatement = "Missing required field Statement"
	msgEmptyStatement   = "Could not parse the policy: Statement is empty!"
	msgStatementType    = "Statement must be an object or a list of objects"
	msgVersion          = "The policy must contain a valid version string"
	msgID               = "Policy Id must be a string"
	msgSid              = "Statement Sid must be a string"
	msgDuplicateSid     = "Statement IDs (SID) in a single policy must be unique."
	msgUnknownField     = "Unknown field %s"
	msgMissingField     = "Missing required field %s"
	msgBothFields       = "Statement must not have both %s and %s"
	msgEffect           = "Invalid effect: %s"
	msgPrincipal        = "Invalid principal in policy"
	msgNoPrincipal      = "Policy document should not specify a principal."
	msgAction           = "Policy has invalid action"
	msgResource         = "Policy has invalid resource"
	msgCondition        = "Condition must be an object of condition operators"
	msgOperator         = "Unknown condition operator: %s"
	msgConditionKey     = "Policy has an invalid condition key"
	msgConditionValue   = "Invalid Condition value for operator %s: %s"
	msgIPAddress        = "Invalid IP address in Conditions"
)
