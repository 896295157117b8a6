// Package rules evaluates AWS managed Config rules. Each rule is a pure
// function of a configuration item (CI), its parameters and, for the few
// rules that look beyond one resource, the account's other items; rules are
// registered in one table keyed by their SourceIdentifier (Lookup,
// Identifiers).
//
// A CI is parsed once (ParseItem, or an Item built by the caller) and every
// rule in scope reads the parsed form. Rules follow the AWS managed-rule
// documentation (docs.aws.amazon.com/config/latest/developerguide/<rule>.html);
// where a rule's behaviour is not documented, the choice is written in the
// rule's comment.
//
// Account-level rules (IAM_PASSWORD_POLICY, ROOT_ACCOUNT_MFA_ENABLED, ...)
// evaluate the account itself: an item of resource type AWS::::Account whose
// configuration is conforms' own shape, documented in account.go.
package rules

import (
	"fmt"
	"sort"
	"time"
)

// Compliance is the result of evaluating one resource.
type Compliance string

// Compliance values, as AWS Config names them.
const (
	Compliant        Compliance = "COMPLIANT"
	NonCompliant     Compliance = "NON_COMPLIANT"
	NotApplicable    Compliance = "NOT_APPLICABLE"
	InsufficientData Compliance = "INSUFFICIENT_DATA"
)

// AccountResourceType is the resource type account-level rules evaluate.
const AccountResourceType = "AWS::::Account"

// Item is a configuration item as rules read it.
type Item struct {
	AccountID    string
	Region       string
	ResourceType string
	ResourceID   string
	ResourceName string
	ARN          string
	// Status is the configurationItemStatus: OK, ResourceDiscovered,
	// ResourceDeleted, ...
	Status      string
	CaptureTime time.Time
	Tags        map[string]string
	// Configuration is the decoded configuration object (JSON numbers as
	// float64); nil when the CI has none.
	Configuration map[string]any
	// Supplementary is the decoded supplementaryConfiguration: values that
	// the CI carries as JSON text (S3's AccessControlList, for example) are
	// decoded too.
	Supplementary map[string]any
	Relationships []Relationship
}

// Relationship is one relationship of a CI.
type Relationship struct {
	ResourceType string
	ResourceID   string
	ResourceName string
	Name         string // e.g. "Is attached to Instance"
}

// Deleted reports whether the CI records a deleted resource.
func (it *Item) Deleted() bool {
	return it.Status == "ResourceDeleted" || it.Status == "ResourceDeletedNotRecorded"
}

// Config returns the value at path in the configuration, or nil.
func (it *Item) Config(path ...string) any { return Get(it.Configuration, path...) }

// Supp returns the value at path in the supplementary configuration, or nil.
func (it *Item) Supp(path ...string) any { return Get(it.Supplementary, path...) }

// Env is what a rule may know beyond its item: the other current items of
// the account, in the item's region (global resource types such as IAM's
// included), and the time of the evaluation (for rules about ages and
// expiry). Rules must not read the clock themselves.
type Env interface {
	Items(resourceType string) []*Item
	Now() time.Time
}

// StaticEnv is an Env over a fixed set of items and a fixed time.
type StaticEnv struct {
	At     time.Time
	ByType map[string][]*Item
}

// Items returns the items of the resource type.
func (e StaticEnv) Items(resourceType string) []*Item { return e.ByType[resourceType] }

// Now returns At.
func (e StaticEnv) Now() time.Time { return e.At }

// Result is the evaluation of one resource.
type Result struct {
	Compliance Compliance
	// Annotation says why, in at most 256 characters; "" for none.
	Annotation string
}

// Rule is one managed rule's evaluation.
type Rule struct {
	Identifier string
	// ResourceTypes are the types the rule evaluates: AccountResourceType
	// for account-level rules.
	ResourceTypes []string
	// Evaluate evaluates one item of those types that is not deleted (a
	// deleted resource has no result). It must be pure and safe for
	// concurrent use. An error means the rule could not evaluate (its
	// parameters are invalid, for example).
	Evaluate func(it *Item, p Params, env Env) (Result, error)
}

var registry = map[string]*Rule{}

// register adds rules to the table; init functions call it.
func register(rules ...*Rule) {
	for _, r := range rules {
		if _, dup := registry[r.Identifier]; dup {
			panic("rules: " + r.Identifier + " registered twice")
		}
		if len(r.ResourceTypes) == 0 || r.Evaluate == nil {
			panic("rules: " + r.Identifier + " needs resource types and Evaluate")
		}
		registry[r.Identifier] = r
	}
}

// Lookup returns the rule with the given SourceIdentifier.
func Lookup(identifier string) (*Rule, bool) {
	r, ok := registry[identifier]
	return r, ok
}

// Identifiers returns the identifiers of the implemented rules, sorted.
func Identifiers() []string {
	ids := make([]string, 0, len(registry))
	for id := range registry {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Applies reports whether the rule evaluates items of the resource type.
func (r *Rule) Applies(resourceType string) bool {
	for _, t := range r.ResourceTypes {
		if t == resourceType {
			return true
		}
	}
	return false
}

// compliantIf returns COMPLIANT when ok, else NON_COMPLIANT with the
// annotation.
func compliantIf(ok bool, annotation string, args ...any) Result {
	if ok {
		return Result{Compliance: Compliant}
	}
	return nonCompliant(annotation, args...)
}

func nonCompliant(annotation string, args ...any) Result {
	return Result{Compliance: NonCompliant, Annotation: truncate(fmt.Sprintf(annotation, args...))}
}

func notApplicable(annotation string, args ...any) Result {
	return Result{Compliance: NotApplicable, Annotation: truncate(fmt.Sprintf(annotation, args...))}
}

// truncate keeps an annotation within AWS's 256 characters.
func truncate(s string) string {
	if len(s) <= 256 {
		return s
	}
	return s[:253] + "..."
}
