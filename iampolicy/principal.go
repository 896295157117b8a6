package iampolicy

import (
	"maps"
	"slices"
	"strings"
)

// principalSet is a compiled Principal or NotPrincipal element.
type principalSet struct {
	anyone   bool                // "*" or {"AWS": "*"}
	accounts map[string]bool     // account ids, from ids and :root ARNs
	arns     map[string]bool     // other IAM and STS ARNs, compared exactly
	roles    map[roleRef]bool    // roles, matched by their sessions too
	services map[string]bool     // service principals, lower case
	others   map[string][]string // Federated and CanonicalUser values
}

// roleRef names a role by partition, account and name, leaving out its
// path, because an assumed-role session ARN does not carry the path.
type roleRef struct{ partition, account, name string }

// principalTypes are the keys a Principal object may have.
var principalTypes = []string{"AWS", "CanonicalUser", "Federated", "Service"}

// parsePrincipals parses a Principal or NotPrincipal element: "*" or an
// object whose keys are principal types and whose values are a string or a
// non-empty list of strings.
func parsePrincipals(v any) (*principalSet, error) {
	ps := &principalSet{}
	if s, ok := v.(string); ok {
		if s != "*" {
			return nil, malformed(msgPrincipal)
		}
		ps.anyone = true
		return ps, nil
	}
	obj, ok := v.(map[string]any)
	if !ok || len(obj) == 0 {
		return nil, malformed(msgPrincipal)
	}
	for _, typ := range slices.Sorted(maps.Keys(obj)) {
		list, ok := stringList(obj[typ])
		if !ok || !slices.Contains(principalTypes, typ) {
			return nil, malformed(msgPrincipal)
		}
		for _, id := range list {
			if !ps.add(typ, id) {
				return nil, malformed(msgPrincipal)
			}
		}
	}
	return ps, nil
}

// add adds one principal of type typ, reporting false if it is invalid.
// Wildcards are allowed only as the whole "*" of an AWS principal.
func (ps *principalSet) add(typ, id string) bool {
	if typ == "AWS" {
		return ps.addAWS(id)
	}
	if id == "" || strings.ContainsAny(id, "*? \t\r\n") {
		return false
	}
	if typ == "Service" {
		setAdd(&ps.services, strings.ToLower(id))
		return true
	}
	if ps.others == nil {
		ps.others = make(map[string][]string)
	}
	ps.others[typ] = append(ps.others[typ], id)
	return true
}

// addAWS adds an AWS principal: "*", an account id, an account's :root ARN,
// or the ARN of an IAM user, role or other IAM/STS entity.
func (ps *principalSet) addAWS(id string) bool {
	if id == "*" {
		ps.anyone = true
		return true
	}
	if isAccountID(id) {
		setAdd(&ps.accounts, id)
		return true
	}
	var f [arnFields]string
	if strings.ContainsAny(id, "*?") || !splitARN(id, &f) || !validPrincipalARN(f) {
		return false
	}
	switch res := f[5]; {
	case f[2] == "iam" && res == "root":
		setAdd(&ps.accounts, f[4])
	case f[2] == "iam" && strings.HasPrefix(res, "role/"):
		setAdd(&ps.roles, roleRef{f[1], f[4], lastSegment(res)})
		setAdd(&ps.arns, id)
	default:
		setAdd(&ps.arns, id)
	}
	return true
}

// validPrincipalARN checks the fields of an IAM or STS principal ARN. The
// account may also be "cloudfront", for CloudFront origin access identities.
func validPrincipalARN(f [arnFields]string) bool {
	return f[0] == "arn" && f[1] != "" && (f[2] == "iam" || f[2] == "sts") &&
		f[3] == "" && (isAccountID(f[4]) || f[4] == "cloudfront") && f[5] != ""
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func lastSegment(s string) string { return s[strings.LastIndexByte(s, '/')+1:] }

func setAdd[K comparable](m *map[K]bool, k K) {
	if *m == nil {
		*m = make(map[K]bool)
	}
	(*m)[k] = true
}

// matches reports whether the caller of ev is in the set.
func (ps *principalSet) matches(ev *evalCtx) bool {
	p := &ev.r.Principal
	switch {
	case ps.anyone:
		return true
	case p.Service != "" && ps.services[strings.ToLower(p.Service)]:
		return true
	case ps.others != nil && ps.matchesOther(p):
		return true
	case ev.account != "" && ps.accounts[ev.account]:
		return true
	case p.Arn == "":
		return false
	case ps.arns[p.Arn]:
		return true
	}
	role, ok := sessionRole(p.Arn)
	return ok && ps.roles[role]
}

func (ps *principalSet) matchesOther(p *Principal) bool {
	return p.Federated != "" && slices.Contains(ps.others["Federated"], p.Federated) ||
		p.CanonicalUser != "" && slices.Contains(ps.others["CanonicalUser"], p.CanonicalUser)
}

// sessionRole returns the role of an assumed-role session ARN,
// arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION.
func sessionRole(arn string) (roleRef, bool) {
	var f [arnFields]string
	if !splitARN(arn, &f) || f[2] != "sts" {
		return roleRef{}, false
	}
	rest, ok := strings.CutPrefix(f[5], "assumed-role/")
	if !ok {
		return roleRef{}, false
	}
	name, _, ok := strings.Cut(rest, "/")
	if !ok || name == "" {
		return roleRef{}, false
	}
	return roleRef{f[1], f[4], name}, true
}

// callerAccount returns p.Account, or else the account field of p.Arn when
// it is an account id.
func callerAccount(p Principal) string {
	if p.Account != "" {
		return p.Account
	}
	var f [arnFields]string
	if splitARN(p.Arn, &f) && isAccountID(f[4]) {
		return f[4]
	}
	return ""
}
