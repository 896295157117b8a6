package control

import (
	"context"
	"errors"
	"sort"
	"strings"
	"time"

	"conforms"
)

const (
	complianceDetailsLimit = 100
	contributorCap         = 100 // ComplianceContributorCount caps at 100, as on AWS
)

// StartConfigRulesEvaluation evaluates the caller's named rules now, over
// every resource in their scope.
func (s *Service) StartConfigRulesEvaluation(ctx context.Context, names []string) error {
	c := caller(ctx)
	return s.Store.Update(ctx, func(tx conforms.Tx) error {
		list, err := namedRules(tx, c, names)
		if err != nil {
			return err
		}
		return s.evaluateRules(tx, c.AccountID, c.Region, list)
	})
}

// namedOrPagedRules returns the caller's named rules (all or nothing), or
// a page of all of them.
func namedOrPagedRules(tx conforms.Tx, c *conforms.Caller, names []string, token string) ([]*conforms.ConfigRule, string, error) {
	if len(names) > 0 {
		list, err := namedRules(tx, c, names)
		return list, "", err
	}
	return pageOfRules(tx, c, token)
}

// RuleStatus is a rule with how its evaluations went; Status is nil before
// its first evaluation.
type RuleStatus struct {
	Rule   *conforms.ConfigRule
	Status *conforms.RuleEvaluationStatus
	// NotEvaluated says why conforms produces no results for the rule
	// ("" when it does, or when they come from PutEvaluations).
	NotEvaluated string
}

// DescribeConfigRuleEvaluationStatus returns the evaluation status of the
// caller's named rules, or of a page of all of them.
func (s *Service) DescribeConfigRuleEvaluationStatus(ctx context.Context, names []string, token string) ([]RuleStatus, string, error) {
	var out []RuleStatus
	var next string
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		c := caller(ctx)
		list, n, err := namedOrPagedRules(tx, c, names, token)
		if err != nil {
			return err
		}
		next = n
		for _, r := range list {
			rs := RuleStatus{Rule: r}
			if _, rs.NotEvaluated = implementation(r); rs.NotEvaluated != "" {
				out = append(out, rs)
				continue
			}
			st, err := tx.RuleEvaluationStatus(c.AccountID, c.Region, r.Name)
			if err != nil && !errors.Is(err, conforms.ErrNotFound) {
				return err
			}
			rs.Status = st
			out = append(out, rs)
		}
		return nil
	})
	return out, next, err
}

// GetComplianceDetailsByConfigRule returns a page of a rule's results, of
// the given compliance types (default: all but NOT_APPLICABLE, as AWS).
func (s *Service) GetComplianceDetailsByConfigRule(ctx context.Context, name string, types []string, limit int, token string) ([]*conforms.EvaluationResult, string, error) {
	return s.resultsPage(ctx, "compliance-details", conforms.EvaluationFilter{RuleName: name}, types, limit, token,
		func(tx conforms.Tx, c *conforms.Caller) error {
			_, err := namedRules(tx, c, []string{name})
			return err
		})
}

// resultsPage returns a page of the caller's results that match f (the
// caller's account and region), of the given compliance types (default: all
// but NOT_APPLICABLE, as AWS), after check, when given, has passed.
func (s *Service) resultsPage(ctx context.Context, list string, f conforms.EvaluationFilter, types []string, limit int, token string,
	check func(conforms.Tx, *conforms.Caller) error) ([]*conforms.EvaluationResult, string, error) {
	if limit <= 0 || limit > complianceDetailsLimit {
		limit = complianceDetailsLimit
	}
	if len(types) == 0 {
		types = []string{conforms.Compliant, conforms.NonCompliant}
	}
	after, ok := decodeToken(list, token)
	if !ok {
		return nil, "", conforms.Errorf(conforms.CodeInvalidNextTokenException, "The nextToken provided is invalid")
	}
	var out []*conforms.EvaluationResult
	var next string
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		c := caller(ctx)
		if check != nil {
			if err := check(tx, c); err != nil {
				return err
			}
		}
		f.AccountID, f.Region, f.Compliance, f.Page = c.AccountID, c.Region, types, conforms.Page{After: after, Limit: limit + 1}
		rows, err := tx.ListEvaluationResults(f)
		out, next = paged(list, rows, limit, resultKey)
		return err
	})
	return out, next, err
}

func resultKey(r *conforms.EvaluationResult) string {
	return r.RuleName + "\x00" + r.ResourceType + "\x00" + r.ResourceID
}

// RuleCompliance is a rule's compliance with the number of resources that
// make it so (capped at 100).
type RuleCompliance struct {
	RuleName    string
	Compliance  string
	Contributor int // non-compliant resources, for NON_COMPLIANT
}

// ruleCompliance derives a rule's compliance from its results: NON_COMPLIANT
// if any resource is, COMPLIANT if some resource is and none is not,
// INSUFFICIENT_DATA otherwise (NOT_APPLICABLE results count for nothing).
func ruleCompliance(tx conforms.Tx, accountID, region, rule string) (RuleCompliance, error) {
	rc := RuleCompliance{RuleName: rule, Compliance: conforms.InsufficientData}
	non, err := tx.ListEvaluationResults(conforms.EvaluationFilter{AccountID: accountID, Region: region, RuleName: rule,
		Compliance: []string{conforms.NonCompliant}, Page: conforms.Page{Limit: contributorCap + 1}})
	if err != nil || len(non) > 0 {
		rc.Compliance, rc.Contributor = conforms.NonCompliant, len(non)
		return rc, err
	}
	ok, err := tx.ListEvaluationResults(conforms.EvaluationFilter{AccountID: accountID, Region: region, RuleName: rule,
		Compliance: []string{conforms.Compliant}, Page: conforms.Page{Limit: 1}})
	if len(ok) > 0 {
		rc.Compliance = conforms.Compliant
	}
	return rc, err
}

// DescribeComplianceByConfigRule returns the compliance of the caller's
// named rules (all or nothing), or of a page of all of them, keeping those
// of the given compliance types.
func (s *Service) DescribeComplianceByConfigRule(ctx context.Context, names, types []string, token string) ([]RuleCompliance, string, error) {
	var out []RuleCompliance
	var next string
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		c := caller(ctx)
		list, n, err := namedOrPagedRules(tx, c, names, token)
		if err != nil {
			return err
		}
		next = n
		for _, r := range list {
			rc, err := ruleCompliance(tx, c.AccountID, c.Region, r.Name)
			if err != nil {
				return err
			}
			if len(types) == 0 || contains(types, rc.Compliance) {
				out = append(out, rc)
			}
		}
		return nil
	})
	return out, next, err
}

// ExternalEvaluation is one evaluation a user reports (PutExternalEvaluation,
// PutEvaluations).
type ExternalEvaluation struct {
	ResourceType, ResourceID string
	Compliance               string
	Annotation               string
	OrderingAt               time.Time
}

func checkExternal(ev ExternalEvaluation) error {
	switch {
	case ev.Compliance == conforms.InsufficientData:
		return conforms.Errorf(conforms.CodeInvalidParameterValueException,
			"The ComplianceType INSUFFICIENT_DATA is not allowed; use COMPLIANT, NON_COMPLIANT or NOT_APPLICABLE.")
	case ev.OrderingAt.IsZero():
		return conforms.Errorf(conforms.CodeInvalidParameterValueException, "OrderingTimestamp is required.")
	}
	return nil
}

func (s *Service) recordExternal(tx conforms.Tx, c *conforms.Caller, rule string, ev ExternalEvaluation) error {
	now := s.now()
	if _, err := tx.PutEvaluationResult(&conforms.EvaluationResult{AccountID: c.AccountID, Region: c.Region, RuleName: rule,
		ResourceType: ev.ResourceType, ResourceID: ev.ResourceID, Compliance: ev.Compliance, Annotation: ev.Annotation,
		RecordedAt: now, InvokedAt: now, OrderingAt: ev.OrderingAt}); err != nil {
		return err
	}
	e := s.newEvaluator(tx, c.AccountID, c.Region)
	return e.status(&conforms.ConfigRule{Name: rule}, "", "")
}

// PutExternalEvaluation records the compliance of a resource against a
// process-check rule (Source AWS_CONFIG_PROCESS_CHECK), the way its
// results are set; conformance packs' process checks included.
func (s *Service) PutExternalEvaluation(ctx context.Context, rule string, ev ExternalEvaluation) error {
	if err := checkExternal(ev); err != nil {
		return err
	}
	c := caller(ctx)
	return s.Store.Update(ctx, func(tx conforms.Tx) error {
		list, err := namedRules(tx, c, []string{rule})
		if err != nil {
			return err
		}
		if list[0].Source.SourceIdentifier != processCheck {
			return conforms.Errorf(conforms.CodeInvalidParameterValueException,
				"PutExternalEvaluation is only for process-check rules (AWS_CONFIG_PROCESS_CHECK); %s is not one.", rule)
		}
		return s.recordExternal(tx, c, rule, ev)
	})
}

// PutEvaluations records the evaluations of a custom rule. AWS identifies
// the rule by the ResultToken it passed to the rule's Lambda function;
// conforms invokes no functions, so the token is the rule's name or ARN
// (docs/decisions.md). With testMode nothing is recorded.
func (s *Service) PutEvaluations(ctx context.Context, token string, evs []ExternalEvaluation, testMode bool) error {
	for _, ev := range evs {
		if err := checkExternal(ev); err != nil {
			return err
		}
	}
	c := caller(ctx)
	return s.Store.Update(ctx, func(tx conforms.Tx) error {
		name := token
		if i := strings.LastIndex(token, ":config-rule/"); i >= 0 {
			id := token[strings.LastIndex(token, "/")+1:]
			r, err := tx.ConfigRuleByID(c.AccountID, c.Region, id)
			if err != nil {
				return conforms.Errorf(conforms.CodeInvalidResultTokenException, "The ResultToken %s names no rule of this account.", token)
			}
			name = r.Name
		}
		r, err := tx.ConfigRule(c.AccountID, c.Region, name)
		if errors.Is(err, conforms.ErrNotFound) {
			return conforms.Errorf(conforms.CodeInvalidResultTokenException,
				"The ResultToken %s is invalid: conforms takes the name or ARN of the custom rule as the ResultToken.", token)
		} else if err != nil {
			return err
		}
		if r.Source.Owner == conforms.OwnerAWS {
			return conforms.Errorf(conforms.CodeInvalidParameterValueException,
				"%s is an AWS managed rule; only custom rules take PutEvaluations.", name)
		}
		if testMode {
			return nil
		}
		for _, ev := range evs {
			if err := s.recordExternal(tx, c, r.Name, ev); err != nil {
				return err
			}
		}
		return nil
	})
}

// ResourceCompliance is a resource's compliance across the rules that
// evaluate it, with the number of rules it fails (capped at 100).
type ResourceCompliance struct {
	ResourceType, ResourceID string
	Compliance               string
	Contributor              int
}

// resourceCompliances derives each evaluated resource's compliance:
// NON_COMPLIANT if any rule finds it so, COMPLIANT if some rule does and
// none finds it non-compliant; resources with only NOT_APPLICABLE results
// are INSUFFICIENT_DATA. Ordered by type and id.
func resourceCompliances(tx conforms.Tx, c *conforms.Caller, resourceType, resourceID string) ([]ResourceCompliance, error) {
	results, err := tx.ListEvaluationResults(conforms.EvaluationFilter{AccountID: c.AccountID, Region: c.Region,
		ResourceType: resourceType, ResourceID: resourceID})
	if err != nil {
		return nil, err
	}
	byKey := map[string]*ResourceCompliance{}
	var keys []string
	for _, r := range results {
		k := r.ResourceType + "\x00" + r.ResourceID
		rc := byKey[k]
		if rc == nil {
			rc = &ResourceCompliance{ResourceType: r.ResourceType, ResourceID: r.ResourceID, Compliance: conforms.InsufficientData}
			byKey[k] = rc
			keys = append(keys, k)
		}
		switch r.Compliance {
		case conforms.NonCompliant:
			rc.Compliance = conforms.NonCompliant
			rc.Contributor++
		case conforms.Compliant:
			if rc.Compliance != conforms.NonCompliant {
				rc.Compliance = conforms.Compliant
			}
		}
	}
	sort.Strings(keys)
	out := make([]ResourceCompliance, len(keys))
	for i, k := range keys {
		out[i] = *byKey[k]
	}
	return out, nil
}

// DescribeComplianceByResource returns a page of the compliance of the
// caller's evaluated resources, of a type and id when given, keeping the
// given compliance types.
func (s *Service) DescribeComplianceByResource(ctx context.Context, resourceType, resourceID string, types []string, limit int, token string) ([]ResourceCompliance, string, error) {
	if resourceID != "" && resourceType == "" {
		return nil, "", conforms.Errorf(conforms.CodeInvalidParameterValueException, "ResourceId can only be given with a ResourceType.")
	}
	if limit <= 0 || limit > complianceDetailsLimit {
		limit = complianceDetailsLimit
	}
	after, ok := decodeToken("resource-compliance", token)
	if !ok {
		return nil, "", conforms.Errorf(conforms.CodeInvalidNextTokenException, "The nextToken provided is invalid")
	}
	var out []ResourceCompliance
	var next string
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		all, err := resourceCompliances(tx, caller(ctx), resourceType, resourceID)
		if err != nil {
			return err
		}
		var kept []ResourceCompliance
		for _, rc := range all {
			if rc.ResourceType+"\x00"+rc.ResourceID > after && (len(types) == 0 || contains(types, rc.Compliance)) {
				kept = append(kept, rc)
			}
		}
		out, next = paged("resource-compliance", kept, limit, func(rc ResourceCompliance) string { return rc.ResourceType + "\x00" + rc.ResourceID })
		return nil
	})
	return out, next, err
}

// GetComplianceDetailsByResource returns a page of the results of one
// resource, of the given compliance types (default: all but
// NOT_APPLICABLE).
func (s *Service) GetComplianceDetailsByResource(ctx context.Context, resourceType, resourceID string, types []string, token string) ([]*conforms.EvaluationResult, string, error) {
	return s.resultsPage(ctx, "resource-details", conforms.EvaluationFilter{ResourceType: resourceType, ResourceID: resourceID},
		types, 0, token, nil)
}

// ComplianceCounts are the numbers of compliant and non-compliant things.
type ComplianceCounts struct {
	ResourceType            string // for summaries by resource type; "" for all
	Compliant, NonCompliant int
	At                      time.Time
}

// GetComplianceSummaryByConfigRule counts the caller's compliant and
// non-compliant rules.
func (s *Service) GetComplianceSummaryByConfigRule(ctx context.Context) (ComplianceCounts, error) {
	out := ComplianceCounts{At: s.now()}
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		c := caller(ctx)
		list, err := tx.ListConfigRules(conforms.ConfigRuleFilter{AccountID: c.AccountID, Region: c.Region})
		if err != nil {
			return err
		}
		for _, r := range list {
			rc, err := ruleCompliance(tx, c.AccountID, c.Region, r.Name)
			if err != nil {
				return err
			}
			switch rc.Compliance {
			case conforms.Compliant:
				out.Compliant++
			case conforms.NonCompliant:
				out.NonCompliant++
			}
		}
		return nil
	})
	return out, err
}

// GetComplianceSummaryByResourceType counts the caller's compliant and
// non-compliant resources of each given type, or of all types together.
func (s *Service) GetComplianceSummaryByResourceType(ctx context.Context, types []string) ([]ComplianceCounts, error) {
	now := s.now()
	var out []ComplianceCounts
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		all, err := resourceCompliances(tx, caller(ctx), "", "")
		if err != nil {
			return err
		}
		groups := []string{""}
		if len(types) > 0 {
			groups = types
		}
		for _, typ := range groups {
			cc := ComplianceCounts{ResourceType: typ, At: now}
			for _, rc := range all {
				if typ != "" && rc.ResourceType != typ {
					continue
				}
				switch rc.Compliance {
				case conforms.Compliant:
					cc.Compliant++
				case conforms.NonCompliant:
					cc.NonCompliant++
				}
			}
			out = append(out, cc)
		}
		return nil
	})
	return out, err
}
