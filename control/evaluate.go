package control

import (
	"cmp"
	"fmt"
	json "github.com/goccy/go-json"
	"strings"
	"time"

	"conforms"
	"conforms/catalog"
	"conforms/rules"
)

// How rules are evaluated (docs/ARCHITECTURE.md):
//
//   - AWS managed rules that package rules implements are evaluated by
//     conforms, in the transaction that changed what they read: a CI put or
//     deleted (the change-triggered rules in scope of it), a rule created or
//     updated (that rule, over every resource in scope), a
//     StartConfigRulesEvaluation (the named rules).
//   - A managed rule not implemented yet produces no results, and its
//     evaluation status says so (RuleNotImplemented). Custom rules and
//     AWS_CONFIG_PROCESS_CHECK take their results from PutEvaluations and
//     PutExternalEvaluation.
//   - A CI is parsed once per evaluation pass and every rule reads the
//     parsed form; results are written only when their compliance changes.

// processCheck is the managed rule whose results users set by hand.
const processCheck = "AWS_CONFIG_PROCESS_CHECK"

// evaluator evaluates rules in one account and region within a transaction.
// It is the rules.Env of the rules it runs.
type evaluator struct {
	tx                conforms.Tx
	accountID, region string
	now               time.Time
	byType            map[string][]*rules.Item // loaded on first use
	err               error                    // the first store error of Items, which rules.Env cannot return
	// manyRules says the pass records many rules of the account and region:
	// their prior results are then read at once, into prior.
	manyRules bool
	prior     map[string][]string
}

func (s *Service) newEvaluator(tx conforms.Tx, accountID, region string) *evaluator {
	return &evaluator{tx: tx, accountID: accountID, region: region, now: s.now(), byType: map[string][]*rules.Item{}}
}

// Now is the evaluation time.
func (e *evaluator) Now() time.Time { return e.now }

// Items returns the current items of a type. An item that does not parse
// is left out (the store holds only items that parsed when recorded); a
// store error is kept in e.err, and the evaluation that asked fails with it
// rather than record results from a partial view.
func (e *evaluator) Items(resourceType string) []*rules.Item {
	if items, ok := e.byType[resourceType]; ok {
		return items
	}
	var items []*rules.Item
	after := ""
	for {
		page, err := e.tx.ListResources(conforms.ResourceFilter{AccountID: e.accountID, Region: e.region, ResourceType: resourceType,
			Page: conforms.Page{After: after, Limit: 1000}})
		if err != nil {
			e.err = cmp.Or(e.err, err)
			return nil
		}
		for _, ci := range page {
			if it, err := ruleItem(ci); err == nil {
				items = append(items, it)
			}
		}
		if len(page) < 1000 {
			break
		}
		last := page[len(page)-1]
		after = last.ResourceType + "\x00" + last.ResourceID
	}
	e.byType[resourceType] = items
	return items
}

// ruleItem parses a stored configuration item for the rules.
func ruleItem(ci *conforms.ConfigurationItem) (*rules.Item, error) {
	it := &rules.Item{AccountID: ci.AccountID, Region: ci.Region, ResourceType: ci.ResourceType, ResourceID: ci.ResourceID,
		ResourceName: ci.ResourceName, ARN: ci.ARN, Status: ci.Status, CaptureTime: ci.CaptureTime, Tags: ci.Tags}
	if ci.Configuration != "" {
		if err := json.Unmarshal([]byte(ci.Configuration), &it.Configuration); err != nil {
			return nil, fmt.Errorf("configuration of %s %s: %w", ci.ResourceType, ci.ResourceID, err)
		}
	}
	if len(ci.Supplementary) > 0 {
		it.Supplementary = make(map[string]any, len(ci.Supplementary))
		for k, text := range ci.Supplementary {
			var v any
			if err := json.Unmarshal([]byte(text), &v); err != nil {
				v = text
			}
			it.Supplementary[k] = rules.DecodeText(v) // JSON text holding JSON, as some services nest it, as ParseItem reads it
		}
	}
	for _, r := range ci.Relationships {
		it.Relationships = append(it.Relationships, rules.Relationship{ResourceType: r.ResourceType, ResourceID: r.ResourceID,
			ResourceName: r.ResourceName, Name: r.Name})
	}
	return it, nil
}

// implementation returns the rules' evaluation of a config rule, or why
// conforms does not evaluate it: "" for rules whose results come from
// elsewhere (custom rules, process checks).
func implementation(r *conforms.ConfigRule) (*rules.Rule, string) {
	if r.Source.Owner != conforms.OwnerAWS || r.Source.SourceIdentifier == processCheck {
		return nil, ""
	}
	impl, ok := rules.Lookup(r.Source.SourceIdentifier)
	if !ok {
		return nil, "conforms does not evaluate the managed rule " + r.Source.SourceIdentifier +
			" yet (conforms rules lists those it does); this rule produces no results."
	}
	return impl, ""
}

// inScope reports whether a rule evaluates an item: the rule's scope (or,
// without resource types in it, the types the implementation evaluates),
// its tag and its resource id.
func inScope(r *conforms.ConfigRule, impl *rules.Rule, it *rules.Item) bool {
	sc := r.Scope
	if !impl.Applies(it.ResourceType) {
		return false
	}
	if len(sc.ComplianceResourceTypes) > 0 && !contains(sc.ComplianceResourceTypes, it.ResourceType) {
		return false
	}
	if sc.ComplianceResourceID != "" && sc.ComplianceResourceID != it.ResourceID {
		return false
	}
	if sc.TagKey != "" {
		v, ok := it.Tags[sc.TagKey]
		if !ok || (sc.TagValue != "" && v != sc.TagValue) {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// evaluate runs a rule over items and records the results and the rule's
// evaluation status. Items out of the rule's scope are skipped. With all,
// items are every item the rule could evaluate, and the results of
// resources it no longer evaluates (out of a changed scope, or gone) are
// deleted.
func (e *evaluator) evaluate(r *conforms.ConfigRule, items []*rules.Item, all bool) error {
	o, err := e.outcome(r, items)
	if err != nil {
		return err
	}
	return e.record(o, all)
}

// outcome is what evaluating a rule gave, before it is recorded.
type outcome struct {
	rule      *conforms.ConfigRule
	skip      bool // a rule conforms does not evaluate: nothing to record
	results   []*conforms.EvaluationResult
	evaluated map[string]bool // type NUL id of the resources evaluated
	code, msg string          // the failure, if the evaluation failed
}

// outcome evaluates a rule over items without writing: the rule's results,
// or why it failed. An error is a store error of the items the rules read.
func (e *evaluator) outcome(r *conforms.ConfigRule, items []*rules.Item) (*outcome, error) {
	o := &outcome{rule: r}
	impl, _ := implementation(r)
	if impl == nil { // no results; DescribeConfigRuleEvaluationStatus says why
		o.skip = true
		return o, nil
	}
	params, err := rules.ParseParams(r.InputParameters)
	if err != nil {
		o.code, o.msg = conforms.CodeInvalidParameterValueException, err.Error()
		return o, nil
	}
	o.evaluated = map[string]bool{}
	for _, it := range items {
		if it.Deleted() || !inScope(r, impl, it) {
			continue
		}
		o.evaluated[it.ResourceType+"\x00"+it.ResourceID] = true
		res, err := evaluateSafely(impl, it, params, e)
		if err != nil {
			o.code, o.msg, o.results = conforms.CodeInvalidParameterValueException, err.Error(), nil
			return o, nil
		}
		o.results = append(o.results, &conforms.EvaluationResult{AccountID: e.accountID, Region: e.region, RuleName: r.Name,
			ResourceType: it.ResourceType, ResourceID: it.ResourceID, Compliance: string(res.Compliance), Annotation: res.Annotation,
			RecordedAt: e.now, InvokedAt: e.now, OrderingAt: it.CaptureTime})
	}
	return o, e.err
}

// record writes an outcome: its results (those whose compliance changed),
// with all the deletion of the results of resources it did not evaluate,
// and the rule's evaluation status.
func (e *evaluator) record(o *outcome, all bool) error {
	if err := e.recordResults(o, all); err != nil || o.skip {
		return err
	}
	return e.status(o.rule, o.code, o.msg)
}

// recordResults is record without the evaluation status.
func (e *evaluator) recordResults(o *outcome, all bool) error {
	if o.skip || o.code != "" {
		return nil
	}
	if _, err := e.tx.PutEvaluationResults(o.results); err != nil {
		return err
	}
	if all {
		return e.forgetOthers(o.rule, o.evaluated)
	}
	return nil
}

// forgetOthers deletes a rule's results of resources it did not evaluate.
func (e *evaluator) forgetOthers(r *conforms.ConfigRule, evaluated map[string]bool) error {
	old, err := e.priorResults(r.Name)
	if err != nil {
		return err
	}
	for _, key := range old {
		if evaluated[key] {
			continue
		}
		typ, id, _ := strings.Cut(key, "\x00")
		err := e.tx.DeleteEvaluationResults(conforms.EvaluationFilter{AccountID: e.accountID, Region: e.region, RuleName: r.Name,
			ResourceType: typ, ResourceID: id})
		if err != nil {
			return err
		}
	}
	return nil
}

// priorResults returns the resources (type NUL id) a rule had results of.
// A pass over many rules reads the results of the account and region once,
// before it records any (what it records is of resources it evaluated,
// which forgetOthers keeps); otherwise those of the rule are read.
func (e *evaluator) priorResults(rule string) ([]string, error) {
	if e.manyRules && e.prior == nil {
		all, err := e.tx.ListEvaluationResults(conforms.EvaluationFilter{AccountID: e.accountID, Region: e.region})
		if err != nil {
			return nil, err
		}
		e.prior = map[string][]string{}
		for _, res := range all {
			e.prior[res.RuleName] = append(e.prior[res.RuleName], res.ResourceType+"\x00"+res.ResourceID)
		}
	}
	if e.prior != nil {
		return e.prior[rule], nil
	}
	old, err := e.tx.ListEvaluationResults(conforms.EvaluationFilter{AccountID: e.accountID, Region: e.region, RuleName: rule})
	if err != nil {
		return nil, err
	}
	keys := make([]string, len(old))
	for i, res := range old {
		keys[i] = res.ResourceType + "\x00" + res.ResourceID
	}
	return keys, nil
}

// evaluateSafely runs a rule, turning a panic into an error.
func evaluateSafely(impl *rules.Rule, it *rules.Item, p rules.Params, env rules.Env) (res rules.Result, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("the evaluation of %s %s failed: %v", it.ResourceType, it.ResourceID, v)
		}
	}()
	return impl.Evaluate(it, p, env)
}

// status records a rule's evaluation: a success, or a failure with the
// error code and message.
func (e *evaluator) status(r *conforms.ConfigRule, code, message string) error {
	return e.tx.RecordRuleEvaluations(e.accountID, e.region, []string{r.Name}, e.now, code, message)
}

// resourceChanged evaluates the change-triggered rules in scope of a CI just
// recorded; a deleted resource loses its results instead.
func (s *Service) resourceChanged(tx conforms.Tx, ci *conforms.ConfigurationItem) error {
	if ci.Deleted() {
		return tx.DeleteEvaluationResults(conforms.EvaluationFilter{AccountID: ci.AccountID, Region: ci.Region,
			ResourceType: ci.ResourceType, ResourceID: ci.ResourceID})
	}
	it, err := ruleItem(ci)
	if err != nil {
		return err
	}
	all, err := tx.ListConfigRules(conforms.ConfigRuleFilter{AccountID: ci.AccountID, Region: ci.Region})
	if err != nil {
		return err
	}
	// The rules that have a result for the resource: those it has left the
	// scope of lose it.
	had := map[string]bool{}
	old, err := tx.ListEvaluationResults(conforms.EvaluationFilter{AccountID: ci.AccountID, Region: ci.Region,
		ResourceType: ci.ResourceType, ResourceID: ci.ResourceID})
	if err != nil {
		return err
	}
	for _, r := range old {
		had[r.RuleName] = true
	}
	e := s.newEvaluator(tx, ci.AccountID, ci.Region)
	for _, r := range all {
		impl, _ := implementation(r)
		if impl == nil {
			continue
		}
		if !inScope(r, impl, it) {
			if had[r.Name] {
				err := tx.DeleteEvaluationResults(conforms.EvaluationFilter{AccountID: ci.AccountID, Region: ci.Region, RuleName: r.Name,
					ResourceType: ci.ResourceType, ResourceID: ci.ResourceID})
				if err != nil {
					return err
				}
			}
			continue
		}
		if !changeTriggered(r) {
			continue
		}
		if err := e.evaluate(r, []*rules.Item{it}, false); err != nil {
			return err
		}
	}
	return nil
}

// changeTriggered reports whether configuration changes trigger a managed
// rule, as the catalog says.
func changeTriggered(r *conforms.ConfigRule) bool {
	m, ok := catalog.Lookup(r.Source.SourceIdentifier)
	return ok && m.ConfigurationChanges
}

// evaluateRules evaluates rules of one account and region over every
// resource in their scope: a new or changed rule's first evaluation, and
// StartConfigRulesEvaluation. An account without resources costs one query.
func (s *Service) evaluateRules(tx conforms.Tx, accountID, region string, list []*conforms.ConfigRule) error {
	return s.evaluateRulesSeeded(tx, accountID, region, list, nil)
}

// evaluateRulesSeeded is evaluateRules with the current items of some types
// already parsed.
func (s *Service) evaluateRulesSeeded(tx conforms.Tx, accountID, region string, list []*conforms.ConfigRule, seed map[string][]*rules.Item) error {
	counts, err := tx.CountResources(accountID, region)
	if err != nil {
		return err
	}
	return s.evaluateCounted(tx, accountID, region, list, seed, counts)
}

// evaluateCounted is evaluateRulesSeeded with the account's resources
// counted by type (CountResources): without any, there is nothing to do.
func (s *Service) evaluateCounted(tx conforms.Tx, accountID, region string, list []*conforms.ConfigRule, seed map[string][]*rules.Item,
	counts map[string]int64) error {
	if len(counts) == 0 {
		return nil
	}
	e := s.newEvaluator(tx, accountID, region)
	e.manyRules = len(list) > 1
	for typ, items := range seed {
		e.byType[typ] = items
	}
	for _, r := range list {
		if err := e.evaluate(r, e.inputs(r, counts), true); err != nil {
			return err
		}
	}
	return nil
}

// inputs returns the items a rule evaluates: the current items of the
// types its implementation handles that the account has (counts by type).
func (e *evaluator) inputs(r *conforms.ConfigRule, counts map[string]int64) []*rules.Item {
	impl, _ := implementation(r)
	if impl == nil {
		return nil
	}
	var items []*rules.Item
	for _, typ := range impl.ResourceTypes {
		if counts[typ] > 0 {
			items = append(items, e.Items(typ)...)
		}
	}
	return items
}
