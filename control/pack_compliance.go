package control

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"

	"conforms"
)

// packRulesCompliance returns the compliance of each rule of one of the
// caller's packs, by rule name order.
func packRulesCompliance(tx conforms.Tx, c *conforms.Caller, pack string) (*conforms.ConformancePack, []RuleCompliance, error) {
	packs, err := namedPacks(tx, c, []string{pack}, true)
	if err != nil {
		return nil, nil, err
	}
	rules, err := tx.ListConfigRules(conforms.ConfigRuleFilter{AccountID: c.AccountID, Region: c.Region, ConformancePack: pack})
	if err != nil {
		return nil, nil, err
	}
	out := make([]RuleCompliance, 0, len(rules))
	for _, r := range rules {
		rc, err := ruleCompliance(tx, c.AccountID, c.Region, r.Name)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, rc)
	}
	return packs[0], out, nil
}

// packCompliance is a pack's compliance from its rules': NON_COMPLIANT if
// any rule is, COMPLIANT if some rule is (the others having no data),
// INSUFFICIENT_DATA otherwise (../shared/docs/aws-config-semantics.md §5.2).
func packCompliance(rules []RuleCompliance) string {
	out := conforms.InsufficientData
	for _, rc := range rules {
		switch rc.Compliance {
		case conforms.NonCompliant:
			return conforms.NonCompliant
		case conforms.Compliant:
			out = conforms.Compliant
		}
	}
	return out
}

// checkPackRuleNames refuses filter names that are not rules of the pack.
func checkPackRuleNames(names []string, rules []RuleCompliance) error {
	for _, n := range names {
		found := false
		for _, rc := range rules {
			found = found || rc.RuleName == n
		}
		if !found {
			return conforms.Errorf(conforms.CodeNoSuchConfigRuleInConformancePackException,
				"The ConfigRule %s does not belong to the conformance pack; you must provide exact rule names.", n)
		}
	}
	return nil
}

// DescribeConformancePackCompliance returns the compliance of a pack's
// rules, filtered by rule names and compliance type.
func (s *Service) DescribeConformancePackCompliance(ctx context.Context, pack string, names []string, compliance string, limit int, token string) ([]RuleCompliance, string, error) {
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	after, ok := decodeToken("pack-compliance", token)
	if !ok {
		return nil, "", conforms.Errorf(conforms.CodeInvalidNextTokenException, "The nextToken provided is invalid")
	}
	var out []RuleCompliance
	var next string
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		_, all, err := packRulesCompliance(tx, caller(ctx), pack)
		if err != nil {
			return err
		}
		if err := checkPackRuleNames(names, all); err != nil {
			return err
		}
		var kept []RuleCompliance
		for _, rc := range all {
			if rc.RuleName > after && (len(names) == 0 || contains(names, rc.RuleName)) && (compliance == "" || rc.Compliance == compliance) {
				kept = append(kept, rc)
			}
		}
		out, next = paged("pack-compliance", kept, limit, func(rc RuleCompliance) string { return rc.RuleName })
		return nil
	})
	return out, next, err
}

// PackDetailsFilter selects the results of GetConformancePackComplianceDetails.
type PackDetailsFilter struct {
	RuleNames    []string
	Compliance   string
	ResourceType string
	ResourceIDs  []string
}

// GetConformancePackComplianceDetails returns a page of the results of a
// pack's rules.
func (s *Service) GetConformancePackComplianceDetails(ctx context.Context, pack string, f PackDetailsFilter, limit int, token string) ([]*conforms.EvaluationResult, string, error) {
	if len(f.ResourceIDs) > 0 && f.ResourceType == "" {
		return nil, "", conforms.Errorf(conforms.CodeInvalidParameterValueException, "ResourceIds can only be given with a ResourceType.")
	}
	if limit <= 0 || limit > complianceDetailsLimit {
		limit = complianceDetailsLimit
	}
	after, ok := decodeToken("pack-details", token)
	if !ok {
		return nil, "", conforms.Errorf(conforms.CodeInvalidNextTokenException, "The nextToken provided is invalid")
	}
	types := []string{conforms.Compliant, conforms.NonCompliant}
	if f.Compliance != "" {
		types = []string{f.Compliance}
	}
	var out []*conforms.EvaluationResult
	var next string
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		c := caller(ctx)
		_, all, err := packRulesCompliance(tx, c, pack)
		if err != nil {
			return err
		}
		if err := checkPackRuleNames(f.RuleNames, all); err != nil {
			return err
		}
		afterRule, _, _ := strings.Cut(after, "\x00")
		var rows []*conforms.EvaluationResult
		for _, rc := range all {
			if rc.RuleName < afterRule || (len(f.RuleNames) > 0 && !contains(f.RuleNames, rc.RuleName)) {
				continue
			}
			ruleAfter := ""
			if rc.RuleName == afterRule {
				ruleAfter = after
			}
			results, err := tx.ListEvaluationResults(conforms.EvaluationFilter{AccountID: c.AccountID, Region: c.Region, RuleName: rc.RuleName,
				ResourceType: f.ResourceType, ResourceIDs: f.ResourceIDs, Compliance: types,
				Page: conforms.Page{After: ruleAfter, Limit: limit + 1 - len(rows)}})
			if err != nil {
				return err
			}
			rows = append(rows, results...)
			if len(rows) > limit {
				break
			}
		}
		out, next = paged("pack-details", rows, limit, resultKey)
		return nil
	})
	return out, next, err
}

// PackSummary is a pack's compliance.
type PackSummary struct {
	Pack       string
	Compliance string
}

// GetConformancePackComplianceSummary returns the compliance of the
// caller's named packs (all or nothing).
func (s *Service) GetConformancePackComplianceSummary(ctx context.Context, names []string) ([]PackSummary, error) {
	var out []PackSummary
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		for _, n := range names {
			_, rules, err := packRulesCompliance(tx, caller(ctx), n)
			if err != nil {
				return err
			}
			out = append(out, PackSummary{Pack: n, Compliance: packCompliance(rules)})
		}
		return nil
	})
	return out, err
}

// PackScore is a pack's compliance score: "INSUFFICIENT_DATA", or the
// percentage of its compliant rule and resource pairs with two decimals.
type PackScore struct {
	Pack      string
	Score     string
	value     float64 // -1 for INSUFFICIENT_DATA
	UpdatedAt time.Time
}

// ListConformancePackComplianceScores returns the scores of the caller's
// packs (those named, or all), by name, or by score with sortBy SCORE.
// NOT_APPLICABLE results are not counted (AWS: UNKNOWN).
func (s *Service) ListConformancePackComplianceScores(ctx context.Context, names []string, descending, byScore bool, limit int, token string) ([]PackScore, string, error) {
	if limit <= 0 || limit > 20 {
		limit = 20
	}
	start, err := strconv.Atoi("0" + token)
	if err != nil || start < 0 {
		return nil, "", conforms.Errorf(conforms.CodeInvalidNextTokenException, "The nextToken provided is invalid")
	}
	c := caller(ctx)
	var scores []PackScore
	err = s.Store.View(ctx, func(tx conforms.Tx) error {
		packs, err := tx.ListConformancePacks(conforms.ConformancePackFilter{AccountID: c.AccountID, Region: c.Region})
		if err != nil {
			return err
		}
		for _, p := range packs {
			if len(names) > 0 && !contains(names, p.Name) {
				continue
			}
			sc, err := packScore(tx, p)
			if err != nil {
				return err
			}
			scores = append(scores, sc)
		}
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	sort.SliceStable(scores, func(i, j int) bool {
		a, b := scores[i], scores[j]
		if byScore && a.value != b.value {
			if descending { // INSUFFICIENT_DATA first
				return a.value < 0 || (b.value >= 0 && a.value > b.value)
			}
			return b.value < 0 || (a.value >= 0 && a.value < b.value)
		}
		if descending && !byScore {
			return a.Pack > b.Pack
		}
		return a.Pack < b.Pack
	})
	if start > len(scores) {
		start = len(scores)
	}
	end, next := min(start+limit, len(scores)), ""
	if end < len(scores) {
		next = strconv.Itoa(end)
	}
	return scores[start:end], next, nil
}

func packScore(tx conforms.Tx, p *conforms.ConformancePack) (PackScore, error) {
	sc := PackScore{Pack: p.Name, Score: conforms.InsufficientData, value: -1, UpdatedAt: p.LastUpdateCompletedTime}
	rules, err := packRules(tx, p)
	if err != nil {
		return sc, err
	}
	ok, all := 0, 0
	for name := range rules {
		results, err := tx.ListEvaluationResults(conforms.EvaluationFilter{AccountID: p.AccountID, Region: p.Region, RuleName: name,
			Compliance: []string{conforms.Compliant, conforms.NonCompliant}})
		if err != nil {
			return sc, err
		}
		for _, r := range results {
			all++
			if r.Compliance == conforms.Compliant {
				ok++
			}
			if r.RecordedAt.After(sc.UpdatedAt) {
				sc.UpdatedAt = r.RecordedAt
			}
		}
	}
	if all > 0 {
		sc.value = 100 * float64(ok) / float64(all)
		sc.Score = strconv.FormatFloat(sc.value, 'f', 2, 64)
	}
	return sc, nil
}
