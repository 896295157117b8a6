package control

import (
	"errors"
	"fmt"

	"conforms"
)

// packSync is what applying a conformance pack to its account will write:
// the pack's rules as the template wants them (with ids drawn for the new
// ones), and the rules and remediations it has now. Both the account's own
// packs and the packs an organization conformance pack deploys are applied
// through it.
type packSync struct {
	pack *conforms.ConformancePack
	want *desiredPack
	have map[string]*conforms.ConfigRule // by name
}

// planPackSync reads what the pack has and checks that the account can hold
// what it wants: a configuration recorder and room under the rule quota. It
// writes nothing, so its errors leave the transaction usable.
func (s *Service) planPackSync(tx conforms.Tx, p *conforms.ConformancePack, want *desiredPack, existing bool) (*packSync, error) {
	if _, err := tx.Recorder(p.AccountID, p.Region); errors.Is(err, conforms.ErrNotFound) {
		return nil, conforms.Errorf(conforms.CodeNoAvailableConfigurationRecorderException,
			"Account %s has no configuration recorder in %s. You must create a configuration recorder before you can create or update a Config rule.",
			p.AccountID, p.Region)
	} else if err != nil {
		return nil, err
	}
	ps := &packSync{pack: p, want: want, have: map[string]*conforms.ConfigRule{}}
	if existing {
		var err error
		if ps.have, err = packRules(tx, p); err != nil {
			return nil, err
		}
	}
	ids, err := tx.ConfigRuleIDs(p.AccountID, p.Region)
	if err != nil {
		return nil, err
	}
	if n := len(ids) - len(ps.have) + len(want.rules); n > maxConfigRules {
		return nil, conforms.Errorf(conforms.CodeMaxNumberOfConfigRulesExceededException,
			"Failed to put conformance pack %s because account %s would have %d config rules in %s; the maximum number of config rules is %d.",
			p.Name, p.AccountID, n, p.Region, maxConfigRules)
	}
	taken := make(map[string]bool, len(ids)+len(want.rules))
	for _, id := range ids {
		taken[id] = true
	}
	now := s.now()
	for _, r := range want.rules {
		r.AccountID, r.Region, r.CreatedBy = p.AccountID, p.Region, conforms.PrincipalConfigConforms
		if old := ps.have[r.Name]; old != nil {
			r.ID, r.Arn, r.CreatedAt = old.ID, old.Arn, old.CreatedAt
			continue
		}
		for r.ID == "" || taken[r.ID] {
			r.ID = "config-rule-" + s.random(lowerAlnum, 6)
		}
		taken[r.ID] = true
		r.Arn = conforms.ConfigRuleArn(p.Region, p.AccountID, r.CreatedBy, r.ID)
		r.CreatedAt = now
	}
	return ps, nil
}

// write makes the pack's rules and remediations what its template wants,
// and stores the pack. Rules are written in bulk.
func (s *Service) write(tx conforms.Tx, ps *packSync) error {
	p := ps.pack
	wanted := make(map[string]*conforms.ConfigRule, len(ps.want.rules))
	for _, r := range ps.want.rules {
		wanted[r.Name] = r
	}
	for name := range ps.have {
		if wanted[name] == nil {
			if err := deletePackRule(tx, p, name); err != nil {
				return err
			}
		}
	}
	if err := tx.PutConfigRules(ps.want.rules); errors.Is(err, conforms.ErrConflict) {
		return conforms.Errorf(conforms.CodeResourceInUseException,
			"Account %s already has config rules named like the rules of conformance pack %s, which it did not create; delete them and apply the pack again.",
			p.AccountID, p.Name)
	} else if err != nil {
		return err
	}
	remediated := map[string]bool{}
	for _, rc := range ps.want.remediations {
		if err := s.putRemediation(tx, wanted[rc.ConfigRuleName], rc, conforms.PrincipalConfigConforms); err != nil {
			return err
		}
		remediated[rc.ConfigRuleName] = true
	}
	if err := s.evaluateRules(tx, p.AccountID, p.Region, ps.want.rules); err != nil {
		return err
	}
	for name := range ps.have { // rules that had a remediation and have none now
		if remediated[name] || wanted[name] == nil {
			continue
		}
		err := tx.DeleteRemediationConfiguration(p.AccountID, p.Region, name)
		if err != nil && !errors.Is(err, conforms.ErrNotFound) {
			return err
		}
	}
	return tx.PutConformancePack(p)
}

// packRules returns the rules the pack created, by name.
func packRules(tx conforms.Tx, p *conforms.ConformancePack) (map[string]*conforms.ConfigRule, error) {
	rules, err := tx.ListConfigRules(conforms.ConfigRuleFilter{AccountID: p.AccountID, Region: p.Region, ConformancePack: p.Name})
	have := map[string]*conforms.ConfigRule{}
	for _, r := range rules {
		have[r.Name] = r
	}
	return have, err
}

// deletePackRule deletes a rule of the pack with its remediation.
func deletePackRule(tx conforms.Tx, p *conforms.ConformancePack, name string) error {
	err := tx.DeleteRemediationConfiguration(p.AccountID, p.Region, name)
	if err != nil && !errors.Is(err, conforms.ErrNotFound) {
		return err
	}
	return tx.DeleteConfigRule(p.AccountID, p.Region, name)
}

// deletePack deletes the pack with its rules and remediations.
func deletePack(tx conforms.Tx, p *conforms.ConformancePack) error {
	if err := tx.DeleteConformancePackRules(p.AccountID, p.Region, p.Name); err != nil {
		return fmt.Errorf("delete rules of pack %s: %w", p.Name, err)
	}
	return tx.DeleteConformancePack(p.AccountID, p.Region, p.Name)
}
