// Package iampolicy parses and evaluates AWS IAM policy documents, first of
// all resource-based policies such as S3 bucket policies. It uses only the
// standard library and never builds a regexp from policy text.
//
// # Use
//
//	p, err := iampolicy.Parse(doc) // a resource policy; ParseAs for other kinds
//	if err != nil {
//		var e *iampolicy.Error // e.Message is worded like S3's MalformedPolicy message
//	}
//	switch p.Evaluate(&iampolicy.Request{Principal: ..., Action: "s3:GetObject",
//		Resource: "arn:aws:s3:::bucket/key", Context: map[string][]string{...}}) {
//	case iampolicy.Allow, iampolicy.ExplicitDeny, iampolicy.ImplicitDeny:
//	}
//
// A *Policy is immutable and safe for concurrent use.
//
// # Grammar
//
// Version is "2012-10-17", "2008-10-17" or absent (read as 2008-10-17); Id
// is a string. Statement is one object or a non-empty list of them. A
// statement has an optional Sid (unique within the policy), Effect "Allow" or
// "Deny", Principal or NotPrincipal, Action or NotAction, Resource or
// NotResource and an optional Condition. Which of Principal and Resource are
// required depends on the Kind (ResourcePolicy, IdentityPolicy, TrustPolicy).
// Element names, Effect values and condition operator names are
// case-sensitive (IAM rejects "stringEquals" too); unknown elements are
// malformed. Of duplicate JSON keys the last wins.
//
// Principal is "*" or an object with the keys AWS, Service, Federated and
// CanonicalUser, each a string or a list of strings. An AWS principal is
// "*" (the same as Principal "*": everyone, anonymous callers included), a
// 12-digit account id or arn:PARTITION:iam::ACCOUNT:root (both match every
// principal of that account), or the ARN of an IAM user, role or other
// IAM/STS entity (matched exactly). Wildcards inside principals are
// malformed, as in AWS.
//
// Action values are "*" or "service:action" with '*' and '?' wildcards and
// match case-insensitively. Resource values are "*" or ARNs with at least
// six colon-separated fields, with wildcards, and match case-sensitively.
//
// # Evaluation
//
// A statement matches a Request when its principal, action and resource
// elements match (each Not element inverts its match) and all its conditions
// hold. Any matching Deny gives ExplicitDeny; otherwise any matching Allow
// gives Allow; otherwise ImplicitDeny. Evaluate judges one policy only:
// combining it with identity policies, SCPs or ACLs is the caller's job.
//
// ARNs in Resource and in the Arn condition operators are compared field by
// field (arn, partition, service, region, account, resource), each field
// matched with '*' and '?' on its own, so a wildcard in the account field
// never spans a colon; the resource field keeps any further colons. A
// pattern with fewer than six fields, such as "*", is matched as a whole.
// Globs are matched by an iterative matcher whose worst case is
// O(len(pattern)·len(value)) steps.
//
// # Conditions
//
// Supported operators: StringEquals, StringNotEquals, StringEqualsIgnoreCase,
// StringNotEqualsIgnoreCase, StringLike, StringNotLike, NumericEquals,
// NumericNotEquals, NumericLessThan, NumericLessThanEquals, NumericGreaterThan,
// NumericGreaterThanEquals, DateEquals, DateNotEquals, DateLessThan,
// DateLessThanEquals, DateGreaterThan, DateGreaterThanEquals, Bool,
// BinaryEquals, IpAddress, NotIpAddress, ArnEquals, ArnLike, ArnNotEquals,
// ArnNotLike and Null; every one but Null also with the IfExists suffix, and
// with the ForAnyValue: and ForAllValues: prefixes. ArnEquals behaves like
// ArnLike (AWS documents both as taking wildcards).
//
// Several operator blocks AND together, several keys in one block AND
// together, and several values for one key OR together; for negated
// operators (the Not ones) the values NOR together: StringNotEquals with
// ["a", "b"] holds when the request value is neither. Condition key names
// compare case-insensitively; a key must look like "prefix:name" (else
// "Policy has an invalid condition key"), but unknown keys are not an
// error: they are missing from the request. Policy values may be strings,
// numbers or bools (numbers and bools are compared by their JSON text) or a
// list of them. Numeric, Date, Bool, BinaryEquals, IpAddress and Null values
// are checked at parse time.
//
// A missing key (absent, or present with no values) makes a condition false,
// except that negated operators are then true, IfExists operators are true,
// ForAllValues is true and ForAnyValue is false (IfExists wins over
// ForAnyValue). Null "true" holds when the key is missing, "false" when it
// is present. Without a set prefix, a key with several request values holds
// when any request value matches (for negated operators: when none does).
// ForAnyValue holds when some request value satisfies the operator,
// ForAllValues when every one does, where for negated operators "satisfies"
// means "matches no policy value".
//
// Dates are ISO 8601 (with or without time, fraction and zone; no zone means
// UTC) or seconds since the Unix epoch. IpAddress values are CIDR blocks or
// single addresses, IPv4 or IPv6; BinaryEquals values and the matching
// request values are base64.
//
// # Policy variables
//
// In Version 2012-10-17 documents, ${key} in Resource and NotResource values
// and in the values of the String and Arn operators is replaced by the
// request's single value of that key; ${key, 'default'} supplies a default
// (” is a quote inside it); ${*}, ${?} and ${$} stand for those characters
// taken literally. A variable whose key is missing or multi-valued and that
// has no default makes that one value match nothing. Text that does not
// parse as a variable is literal. Variables are not replaced in Action,
// Principal or the other operators.
//
// # Simplified or unsupported
//
//   - An assumed-role session arn:aws:sts::A:assumed-role/R/S matches a
//     policy's role ARN arn:aws:iam::A:role/PATH/R whatever PATH is, because
//     the session ARN does not carry the role's path. A role ARN given as
//     the caller's Arn must match exactly, path included. Roles whose names
//     differ only in case are not treated as the same role.
//   - NotPrincipal excludes a caller when any listed principal matches it by
//     the rules above; AWS's advice to list the account next to the role
//     for NotPrincipal is therefore unnecessary here.
//   - Evaluate never fills in condition keys itself (aws:PrincipalArn,
//     aws:PrincipalAccount, aws:CurrentTime, ...): the caller supplies them.
//   - A request value that does not parse as the operator's type (a number,
//     a date, an IP address, base64) matches no policy value, so a negated
//     operator holds for it.
//   - Nothing is checked against a service: whether actions, resources and
//     condition keys exist or apply to each other ("Action does not apply to
//     any resource(s) in statement"), whether principals exist, and the
//     policy size limit are left to the caller, who can read the statements
//     with Policy.Statements.
//   - Principal matching for CanonicalUser and Federated is exact string
//     comparison; service principals compare case-insensitively.
package iampolicy
