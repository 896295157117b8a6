package iampolicy

import "strings"

// Versions of the policy language. A document without Version is read as
// Version2008, as AWS does: policy variables are then plain text.
const (
	Version2012 = "2012-10-17"
	Version2008 = "2008-10-17"
)

// Kind says which kind of policy a document is, which decides the elements a
// statement must or must not have.
type Kind int

const (
	// ResourcePolicy is a resource-based policy such as an S3 bucket policy:
	// every statement needs Principal or NotPrincipal, and Resource or
	// NotResource.
	ResourcePolicy Kind = iota
	// IdentityPolicy is a policy attached to a user, group or role: every
	// statement needs Resource or NotResource and must not have Principal or
	// NotPrincipal (the caller is always the principal).
	IdentityPolicy
	// TrustPolicy is a role trust policy: every statement needs Principal or
	// NotPrincipal; Resource and NotResource are optional, and a statement
	// without them applies to every resource.
	TrustPolicy
)

// Effect is the Effect of a statement.
type Effect string

// The two effects a statement can have.
const (
	EffectAllow Effect = "Allow"
	EffectDeny  Effect = "Deny"
)

// Decision is the outcome of evaluating a policy for a request. The zero
// value is ImplicitDeny.
type Decision int

const (
	// ImplicitDeny: no statement allows the request and none denies it (AWS
	// also calls this "not applicable"). Another policy may still allow it.
	ImplicitDeny Decision = iota
	// Allow: a statement allows the request and none denies it.
	Allow
	// ExplicitDeny: a Deny statement matches; no other policy can override it.
	ExplicitDeny
)

// String returns "ImplicitDeny", "Allow" or "ExplicitDeny".
func (d Decision) String() string {
	switch d {
	case Allow:
		return "Allow"
	case ExplicitDeny:
		return "ExplicitDeny"
	default:
		return "ImplicitDeny"
	}
}

// Principal is who makes a request. The zero Principal is an anonymous
// caller, whom only Principal "*" (or {"AWS": "*"}) matches.
type Principal struct {
	// Account is the caller's 12-digit account id. When empty it is taken
	// from Arn.
	Account string
	// Arn is the caller's ARN: arn:aws:iam::111122223333:root, an IAM user or
	// role ARN, or an assumed-role session such as
	// arn:aws:sts::111122223333:assumed-role/RoleName/session.
	Arn string
	// Service is set instead of Arn when an AWS service calls as itself, for
	// example "config.amazonaws.com".
	Service string
	// Federated is the identity provider of a federated caller, matched by
	// {"Federated": ...}.
	Federated string
	// CanonicalUser is the caller's S3 canonical user id, matched by
	// {"CanonicalUser": ...}.
	CanonicalUser string
}

// Request is what a policy is evaluated against.
type Request struct {
	Principal Principal
	// Action is the action asked for, such as "s3:GetObject". Actions
	// compare case-insensitively.
	Action string
	// Resource is the ARN of the resource, such as
	// "arn:aws:s3:::bucket/key". Resources compare case-sensitively.
	Resource string
	// Context holds the condition keys of the request, such as
	// aws:PrincipalOrgID, aws:PrincipalArn, aws:SecureTransport ("true" or
	// "false") or aws:SourceIp. Names compare case-insensitively (values of
	// names that differ only in case are merged). A key that is absent or
	// has no values is missing. Evaluate adds no keys of its own: the caller
	// fills in aws:PrincipalArn and the others it knows.
	Context map[string][]string
}

// Statement is one statement of a policy as it was written, for callers
// that add service-specific checks (for example, that every resource of an
// S3 bucket policy is in the bucket). Of each pair such as Actions and
// NotActions at most one is non-nil.
type Statement struct {
	Sid                     string
	Effect                  Effect
	Actions, NotActions     []string
	Resources, NotResources []string
	// ConditionKeys lists the distinct condition keys the statement uses,
	// as written, sorted.
	ConditionKeys []string
}

// Policy is a parsed, validated policy document. It is immutable, so one
// Policy may be evaluated from many goroutines at once.
type Policy struct {
	version    string
	id         string
	kind       Kind
	statements []statement
}

// statement is a compiled statement.
type statement struct {
	view         Statement
	deny         bool
	principals   *principalSet // nil: every principal (identity policies)
	notPrincipal bool
	actions      []pattern
	notAction    bool
	resources    []arnPattern // nil with anyResource: trust policy without Resource
	notResource  bool
	anyResource  bool
	conditions   []condition
}

// Parse parses and validates a resource-based policy document such as an S3
// bucket policy (see ResourcePolicy). Its errors are *Error.
func Parse(doc []byte) (*Policy, error) {
	return ParseAs(doc, ResourcePolicy)
}

// Version returns the Version of the document, "" when it had none.
func (p *Policy) Version() string { return p.version }

// ID returns the Id of the document, "" when it had none.
func (p *Policy) ID() string { return p.id }

// Kind returns the kind the document was parsed as.
func (p *Policy) Kind() Kind { return p.kind }

// Statements returns the statements as written, in document order.
func (p *Policy) Statements() []Statement {
	out := make([]Statement, len(p.statements))
	for i := range p.statements {
		out[i] = p.statements[i].view
	}
	return out
}

// Evaluate decides r against p alone: ExplicitDeny if a matching statement
// denies, else Allow if one allows, else ImplicitDeny. A statement matches
// when its principal, action and resource elements match and all its
// conditions hold. A nil Policy or Request never allows.
//
// For a resource policy that names an account (its id or its :root ARN),
// AWS additionally requires the caller's own identity policies to allow the
// request; combining decisions of several policies is the caller's job.
func (p *Policy) Evaluate(r *Request) Decision {
	if p == nil || r == nil {
		return ImplicitDeny
	}
	ev := newEvalCtx(r)
	decision := ImplicitDeny
	for i := range p.statements {
		s := &p.statements[i]
		if !s.matches(&ev) {
			continue
		}
		if s.deny {
			return ExplicitDeny
		}
		decision = Allow
	}
	return decision
}

func (s *statement) matches(ev *evalCtx) bool {
	return s.matchesAction(ev) && s.matchesResource(ev) &&
		s.matchesPrincipal(ev) && s.conditionsHold(ev)
}

func (s *statement) matchesAction(ev *evalCtx) bool {
	for _, a := range s.actions {
		if glob(a.toks, ev.action) {
			return !s.notAction
		}
	}
	return s.notAction
}

func (s *statement) matchesResource(ev *evalCtx) bool {
	if s.anyResource {
		return true
	}
	for _, res := range s.resources {
		if res.matches(ev, ev.r.Resource) {
			return !s.notResource
		}
	}
	return s.notResource
}

func (s *statement) matchesPrincipal(ev *evalCtx) bool {
	if s.principals == nil {
		return true
	}
	return s.principals.matches(ev) != s.notPrincipal
}

func (s *statement) conditionsHold(ev *evalCtx) bool {
	for i := range s.conditions {
		if !s.conditions[i].holds(ev) {
			return false
		}
	}
	return true
}

// evalCtx is a request prepared for evaluation.
type evalCtx struct {
	r       *Request
	action  string // lower case
	account string // caller's account, from Principal.Account or Principal.Arn
}

func newEvalCtx(r *Request) evalCtx {
	return evalCtx{
		r:       r,
		action:  strings.ToLower(r.Action),
		account: callerAccount(r.Principal),
	}
}

// lookup returns the values of the context key named name, compared
// case-insensitively. Values of several keys that differ only in case are
// merged.
func (ev *evalCtx) lookup(name string) []string {
	var found []string
	n := 0
	for k, v := range ev.r.Context {
		if len(v) == 0 || !strings.EqualFold(k, name) {
			continue
		}
		if n++; n == 1 {
			found = v
			continue
		}
		if n == 2 {
			found = append([]string(nil), found...)
		}
		found = append(found, v...)
	}
	return found
}

// variable returns the value of the policy variable t: the key's single
// value, else the variable's default. A missing or multi-valued key without
// a default has no value.
func (ev *evalCtx) variable(t token) (string, bool) {
	if v := ev.lookup(t.text); len(v) == 1 {
		return v[0], true
	}
	return t.def, t.hasDef
}
