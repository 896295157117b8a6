package control

import (
	"context"
	"errors"

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
		var list []*conforms.ConfigRule
		var err error
		if len(names) > 0 {
			list, err = namedRules(tx, c, names)
		} else {
			list, next, err = pageOfRules(tx, c, token)
		}
		if err != nil {
			return err
		}
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
	if limit <= 0 || limit > complianceDetailsLimit {
		limit = complianceDetailsLimit
	}
	if len(types) == 0 {
		types = []string{conforms.Compliant, conforms.NonCompliant}
	}
	after, ok := decodeToken("compliance-details", token)
	if !ok {
		return nil, "", conforms.Errorf(conforms.CodeInvalidNextTokenException, "The nextToken provided is invalid")
	}
	var out []*conforms.EvaluationResult
	var next string
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		c := caller(ctx)
		if _, err := namedRules(tx, c, []string{name}); err != nil {
			return err
		}
		rows, err := tx.ListEvaluationResults(conforms.EvaluationFilter{AccountID: c.AccountID, Region: c.Region, RuleName: name,
			Compliance: types, Page: conforms.Page{After: after, Limit: limit + 1}})
		out, next = paged("compliance-details", rows, limit, resultKey)
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
		var list []*conforms.ConfigRule
		var err error
		if len(names) > 0 {
			list, err = namedRules(tx, c, names)
		} else {
			list, next, err = pageOfRules(tx, c, token)
		}
		if err != nil {
			return err
		}
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
