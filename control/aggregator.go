package control

import (
	"context"
	"errors"
	"sort"
	"strconv"

	"conforms"
)

const msgOrgAggregator = "An organization aggregator can only be made by the management account or a delegated administrator for config.amazonaws.com."

const msgNoSuchAggregator = "The configuration aggregator does not exist. Check the configuration aggregator name and try again."

// PutAggregatorInput holds the arguments of PutConfigurationAggregator.
type PutAggregatorInput struct {
	Name           string
	AccountSources []conforms.AggregationSource
	OrgSource      *conforms.AggregationSource
}

// PutConfigurationAggregator creates or replaces one of the caller's
// aggregators. An organization source needs the management account or a
// delegated administrator; account sources are taken as authorized (conforms
// has no aggregation authorizations, docs/decisions.md).
func (s *Service) PutConfigurationAggregator(ctx context.Context, in PutAggregatorInput) (*conforms.Aggregator, error) {
	if (len(in.AccountSources) == 0) == (in.OrgSource == nil) {
		return nil, conforms.Errorf(conforms.CodeInvalidParameterValueException,
			"Your request must include either AccountAggregationSources or OrganizationAggregationSource, not both.")
	}
	for _, src := range append(in.AccountSources, derefSource(in.OrgSource)...) {
		if src.AllRegions == (len(src.Regions) > 0) {
			return nil, conforms.Errorf(conforms.CodeInvalidParameterValueException, "Specify either AllAwsRegions or AwsRegions, not both.")
		}
	}
	c := caller(ctx)
	var a *conforms.Aggregator
	err := s.Store.Update(ctx, func(tx conforms.Tx) error {
		if in.OrgSource != nil {
			if _, err := orgAdministrator(tx, c, conforms.PrincipalConfig, msgOrgAggregator); err != nil {
				return err
			}
		}
		allowed, err := aggregatable(tx, c.AccountID)
		if err != nil {
			return err
		}
		for _, src := range in.AccountSources {
			for _, id := range src.AccountIDs {
				if !allowed[id] {
					return conforms.Errorf(conforms.CodeAccessDeniedException,
						"Account %s has not authorized aggregation: conforms has no aggregation authorizations, so an account source may name only the caller's account or, for the management account or a delegated administrator for %s, the accounts of its organization.",
						id, conforms.PrincipalConfig)
				}
			}
		}
		now := s.now()
		old, err := tx.Aggregator(c.AccountID, c.Region, in.Name)
		switch {
		case errors.Is(err, conforms.ErrNotFound):
			a = &conforms.Aggregator{AccountID: c.AccountID, Region: c.Region, Name: in.Name, CreatedAt: now,
				Arn: "arn:aws:config:" + c.Region + ":" + c.AccountID + ":config-aggregator/config-aggregator-" + s.random(lowerAlnum, 8)}
		case err != nil:
			return err
		default:
			a = old
		}
		a.AccountSources, a.OrgSource, a.UpdatedAt = in.AccountSources, in.OrgSource, now
		return tx.PutAggregator(a)
	})
	return a, err
}

func derefSource(src *conforms.AggregationSource) []conforms.AggregationSource {
	if src == nil {
		return nil
	}
	return []conforms.AggregationSource{*src}
}

// DescribeConfigurationAggregators returns the caller's named aggregators
// (all or nothing), or a page of all of them.
func (s *Service) DescribeConfigurationAggregators(ctx context.Context, names []string, limit int, token string) ([]*conforms.Aggregator, string, error) {
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	after, ok := decodeToken("aggregators", token)
	if !ok {
		return nil, "", conforms.Errorf(conforms.CodeInvalidNextTokenException, "The nextToken provided is invalid")
	}
	c := caller(ctx)
	var out []*conforms.Aggregator
	var next string
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		if len(names) > 0 {
			for _, n := range names {
				a, err := loadAggregator(tx, c, n)
				if err != nil {
					return err
				}
				out = append(out, a)
			}
			return nil
		}
		rows, err := tx.ListAggregators(c.AccountID, c.Region, conforms.Page{After: after, Limit: limit + 1})
		out, next = paged("aggregators", rows, limit, func(a *conforms.Aggregator) string { return a.Name })
		return err
	})
	return out, next, err
}

func loadAggregator(tx conforms.Tx, c *conforms.Caller, name string) (*conforms.Aggregator, error) {
	a, err := tx.Aggregator(c.AccountID, c.Region, name)
	if errors.Is(err, conforms.ErrNotFound) {
		return nil, conforms.Errorf(conforms.CodeNoSuchConfigurationAggregatorException, msgNoSuchAggregator)
	}
	return a, err
}

// DeleteConfigurationAggregator deletes one of the caller's aggregators.
func (s *Service) DeleteConfigurationAggregator(ctx context.Context, name string) error {
	c := caller(ctx)
	return s.Store.Update(ctx, func(tx conforms.Tx) error {
		if _, err := loadAggregator(tx, c, name); err != nil {
			return err
		}
		return tx.DeleteAggregator(c.AccountID, c.Region, name)
	})
}

// aggregatable returns the accounts whose data an account may aggregate:
// its own, and its organization's when it is the management account or a
// delegated administrator for config.amazonaws.com. It is checked again at
// every read, so that a deregistered administrator or an account that left
// sees only its own data.
func aggregatable(tx conforms.Tx, accountID string) (map[string]bool, error) {
	allowed := map[string]bool{accountID: true}
	m, err := orgAdministrator(tx, &conforms.Caller{AccountID: accountID}, conforms.PrincipalConfig, msgOrgAggregator)
	if conforms.ErrorCode(err) != "" { // not an administrator: its own data only
		return allowed, nil
	} else if err != nil {
		return nil, err
	}
	accounts, err := tx.ListAccounts(conforms.AccountFilter{OrgID: m.Organization.ID})
	if err != nil {
		return nil, err
	}
	for _, a := range accounts {
		allowed[a.ID] = true
	}
	return allowed, nil
}

// scope is one account and region: one an aggregator gathers, or one an
// import touches.
type scope struct{ AccountID, Region string }

// aggregatorScopes returns the accounts and regions an aggregator gathers,
// ordered, narrowed to an account and a region when given. All regions
// means those in which the account has rules.
func aggregatorScopes(tx conforms.Tx, a *conforms.Aggregator, account, region string) ([]scope, error) {
	type source struct {
		accounts []string
		src      conforms.AggregationSource
	}
	allowed, err := aggregatable(tx, a.AccountID)
	if err != nil {
		return nil, err
	}
	var sources []source
	for _, src := range a.AccountSources {
		sources = append(sources, source{src.AccountIDs, src})
	}
	if a.OrgSource != nil {
		var ids []string
		for id := range allowed {
			ids = append(ids, id)
		}
		sources = append(sources, source{ids, *a.OrgSource})
	}
	seen := map[scope]bool{}
	var out []scope
	for _, src := range sources {
		for _, id := range src.accounts {
			if !allowed[id] || (account != "" && id != account) {
				continue
			}
			regions := src.src.Regions
			if src.src.AllRegions {
				var err error
				if regions, err = tx.ConfigRuleRegions(id); err != nil {
					return nil, err
				}
			}
			for _, r := range regions {
				if sc := (scope{id, r}); (region == "" || r == region) && !seen[sc] {
					seen[sc] = true
					out = append(out, sc)
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].AccountID < out[j].AccountID || (out[i].AccountID == out[j].AccountID && out[i].Region < out[j].Region)
	})
	return out, nil
}

// AggregateRuleCompliance is a rule's compliance in one account and region.
type AggregateRuleCompliance struct {
	RuleCompliance
	AccountID, Region string
}

// AggregateFilter narrows the aggregate operations.
type AggregateFilter struct {
	Name       string // rule or pack name
	Compliance string
	AccountID  string
	Region     string
}

// offsetPage pages a list by position.
func offsetPage[T any](all []T, limit int, token string) ([]T, string, error) {
	start, err := strconv.Atoi("0" + token)
	if err != nil || start < 0 || start > len(all) {
		return nil, "", conforms.Errorf(conforms.CodeInvalidNextTokenException, "The nextToken provided is invalid")
	}
	end, next := min(start+limit, len(all)), ""
	if end < len(all) {
		next = strconv.Itoa(end)
	}
	return all[start:end], next, nil
}

// DescribeAggregateComplianceByConfigRules returns the compliance of every
// rule in the aggregator's accounts and regions.
func (s *Service) DescribeAggregateComplianceByConfigRules(ctx context.Context, aggregator string, f AggregateFilter, limit int, token string) ([]AggregateRuleCompliance, string, error) {
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	after, ok := decodeToken("aggregate-rules", token)
	if !ok {
		return nil, "", conforms.Errorf(conforms.CodeInvalidNextTokenException, "The nextToken provided is invalid")
	}
	// Keyset paging by account, region and rule: a page computes the
	// compliance of only as many rules as it returns (and those filtered out).
	key := func(rc AggregateRuleCompliance) string {
		return rc.AccountID + "\x00" + rc.Region + "\x00" + rc.RuleName
	}
	var rows []AggregateRuleCompliance
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		a, err := loadAggregator(tx, caller(ctx), aggregator)
		if err != nil {
			return err
		}
		scopes, err := aggregatorScopes(tx, a, f.AccountID, f.Region)
		if err != nil {
			return err
		}
		for _, sc := range scopes {
			prefix := sc.AccountID + "\x00" + sc.Region + "\x00"
			if after != "" && prefix+"\xff" < after {
				continue // a scope the previous pages finished
			}
			rules, err := tx.ListConfigRules(conforms.ConfigRuleFilter{AccountID: sc.AccountID, Region: sc.Region})
			if err != nil {
				return err
			}
			for _, r := range rules {
				if prefix+r.Name <= after || (f.Name != "" && r.Name != f.Name) {
					continue
				}
				rc, err := ruleCompliance(tx, sc.AccountID, sc.Region, r.Name)
				if err != nil {
					return err
				}
				if f.Compliance == "" || rc.Compliance == f.Compliance {
					rows = append(rows, AggregateRuleCompliance{RuleCompliance: rc, AccountID: sc.AccountID, Region: sc.Region})
					if len(rows) > limit {
						return nil
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	out, next := paged("aggregate-rules", rows, limit, key)
	return out, next, nil
}

// GetAggregateComplianceDetailsByConfigRule returns a page of one rule's
// results in one account and region of the aggregator.
func (s *Service) GetAggregateComplianceDetailsByConfigRule(ctx context.Context, aggregator string, f AggregateFilter, limit int, token string) ([]*conforms.EvaluationResult, string, error) {
	if limit <= 0 || limit > complianceDetailsLimit {
		limit = complianceDetailsLimit
	}
	types := []string{conforms.Compliant, conforms.NonCompliant}
	if f.Compliance != "" {
		types = []string{f.Compliance}
	}
	after, ok := decodeToken("aggregate-details", token)
	if !ok {
		return nil, "", conforms.Errorf(conforms.CodeInvalidNextTokenException, "The nextToken provided is invalid")
	}
	var out []*conforms.EvaluationResult
	var next string
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		a, err := loadAggregator(tx, caller(ctx), aggregator)
		if err != nil {
			return err
		}
		scopes, err := aggregatorScopes(tx, a, f.AccountID, f.Region)
		if err != nil || len(scopes) == 0 {
			return err
		}
		rows, err := tx.ListEvaluationResults(conforms.EvaluationFilter{AccountID: f.AccountID, Region: f.Region, RuleName: f.Name,
			Compliance: types, Page: conforms.Page{After: after, Limit: limit + 1}})
		out, next = paged("aggregate-details", rows, limit, resultKey)
		return err
	})
	return out, next, err
}

// AggregatePackCompliance is a pack's compliance in one account and region.
type AggregatePackCompliance struct {
	Pack, AccountID, Region             string
	Compliance                          string
	Compliant, NonCompliant, TotalRules int
}

// aggregatePacks returns the compliance of the packs in the aggregator's
// accounts and regions, ordered by account, region and pack: those after
// the key after, at most max of them (0: all).
func (s *Service) aggregatePacks(ctx context.Context, aggregator string, f AggregateFilter, after string, max int) ([]AggregatePackCompliance, error) {
	var out []AggregatePackCompliance
	err := s.Store.View(ctx, func(tx conforms.Tx) (err error) {
		out, err = packsOfAggregator(tx, caller(ctx), aggregator, f, after, max)
		return err
	})
	return out, err
}

func packKey(pc AggregatePackCompliance) string {
	return pc.AccountID + "\x00" + pc.Region + "\x00" + pc.Pack
}

func packsOfAggregator(tx conforms.Tx, c *conforms.Caller, aggregator string, f AggregateFilter, after string, max int) ([]AggregatePackCompliance, error) {
	a, err := loadAggregator(tx, c, aggregator)
	if err != nil {
		return nil, err
	}
	scopes, err := aggregatorScopes(tx, a, f.AccountID, f.Region)
	if err != nil {
		return nil, err
	}
	var out []AggregatePackCompliance
	for _, sc := range scopes {
		prefix := sc.AccountID + "\x00" + sc.Region + "\x00"
		if after != "" && prefix+"\xff" < after {
			continue // a scope the previous pages finished
		}
		packs, err := tx.ListConformancePacks(conforms.ConformancePackFilter{AccountID: sc.AccountID, Region: sc.Region})
		if err != nil {
			return nil, err
		}
		for _, p := range packs {
			if prefix+p.Name <= after || (f.Name != "" && p.Name != f.Name) {
				continue
			}
			member := &conforms.Caller{AccountID: sc.AccountID, Region: sc.Region}
			_, rules, err := packRulesCompliance(tx, member, p.Name)
			if err != nil {
				return nil, err
			}
			pc := AggregatePackCompliance{Pack: p.Name, AccountID: sc.AccountID, Region: sc.Region, Compliance: packCompliance(rules), TotalRules: len(rules)}
			for _, rc := range rules {
				switch rc.Compliance {
				case conforms.Compliant:
					pc.Compliant++
				case conforms.NonCompliant:
					pc.NonCompliant++
				}
			}
			if f.Compliance == "" || pc.Compliance == f.Compliance {
				out = append(out, pc)
				if max > 0 && len(out) >= max {
					return out, nil
				}
			}
		}
	}
	return out, nil
}

// DescribeAggregateComplianceByConformancePacks returns a page of the
// compliance of every pack in the aggregator's accounts and regions.
func (s *Service) DescribeAggregateComplianceByConformancePacks(ctx context.Context, aggregator string, f AggregateFilter, limit int, token string) ([]AggregatePackCompliance, string, error) {
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	after, ok := decodeToken("aggregate-packs", token)
	if !ok {
		return nil, "", conforms.Errorf(conforms.CodeInvalidNextTokenException, "The nextToken provided is invalid")
	}
	rows, err := s.aggregatePacks(ctx, aggregator, f, after, limit+1)
	if err != nil {
		return nil, "", err
	}
	out, next := paged("aggregate-packs", rows, limit, packKey)
	return out, next, nil
}

// PackGroupCount counts compliant and non-compliant packs of a group (an
// account or a region).
type PackGroupCount struct {
	Group                   string
	Compliant, NonCompliant int
}

// GetAggregateConformancePackComplianceSummary counts the compliant and
// non-compliant packs of the aggregator by account (byRegion false) or by
// region.
func (s *Service) GetAggregateConformancePackComplianceSummary(ctx context.Context, aggregator string, f AggregateFilter, byRegion bool, limit int, token string) ([]PackGroupCount, string, error) {
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	all, err := s.aggregatePacks(ctx, aggregator, f, "", 0)
	if err != nil {
		return nil, "", err
	}
	groups := map[string]*PackGroupCount{}
	var names []string
	for _, pc := range all {
		key := pc.AccountID
		if byRegion {
			key = pc.Region
		}
		g := groups[key]
		if g == nil {
			g = &PackGroupCount{Group: key}
			groups[key] = g
			names = append(names, key)
		}
		switch pc.Compliance {
		case conforms.Compliant:
			g.Compliant++
		case conforms.NonCompliant:
			g.NonCompliant++
		}
	}
	sort.Strings(names)
	counts := make([]PackGroupCount, len(names))
	for i, n := range names {
		counts[i] = *groups[n]
	}
	return offsetPage(counts, limit, token)
}
