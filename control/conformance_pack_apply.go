package control

import (
	"context"
	"errors"
	"fmt"

	"conforms"
)

// pendingPacksBatch is how many packs one ApplyPendingPacks call applies.
const pendingPacksBatch = 20

// wake tells the pack applier that there is work, if the server gave it a way.
func (s *Service) wake() {
	if s.Wake != nil {
		s.Wake()
	}
}

// ApplyPendingPacks brings the conformance packs that are being created,
// updated or deleted to their desired state, each in its own transaction,
// and returns how many it handled. Applying is idempotent: a pack whose
// transaction failed or was interrupted is simply applied again.
//
// It is not yet safe to run from several replicas at once: packs are not
// claimed (issue 4 brings leases).
func (s *Service) ApplyPendingPacks(ctx context.Context) (int, error) {
	var pending []*conforms.ConformancePack
	err := s.Store.View(ctx, func(tx conforms.Tx) (err error) {
		pending, err = tx.ListConformancePacks(conforms.ConformancePackFilter{
			States: []string{conforms.PackCreateInProgress, conforms.PackDeleteInProgress}, Page: conforms.Page{Limit: pendingPacksBatch},
		})
		return err
	})
	if err != nil {
		return 0, err
	}
	var errs []error
	for _, p := range pending { // one pack's failure does not hold up the others
		errs = append(errs, s.applyPack(ctx, p))
	}
	return len(pending), errors.Join(errs...)
}

// applyPack applies one pack. A failure of the pack's contents (a rule the
// account refuses, no recorder) or a panic marks the pack failed with the
// reason; other errors (the store's) are returned and the pack is tried again.
func (s *Service) applyPack(ctx context.Context, p *conforms.ConformancePack) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = s.failPack(ctx, p, conforms.Errorf(conforms.CodeInternalFailure, "applying the pack failed: %v", v))
		}
	}()
	err = s.Store.Update(ctx, func(tx conforms.Tx) error {
		cur, err := tx.ConformancePack(p.AccountID, p.Region, p.Name)
		if errors.Is(err, conforms.ErrNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		switch cur.State {
		case conforms.PackCreateInProgress:
			return s.createPack(tx, cur)
		case conforms.PackDeleteInProgress:
			return deletePack(tx, cur)
		}
		return nil
	})
	var e *conforms.Error
	if !errors.As(err, &e) {
		return err
	}
	return s.failPack(ctx, p, e)
}

// failPack marks a pack that is still in the state p has as failed, with e as the reason.
func (s *Service) failPack(ctx context.Context, p *conforms.ConformancePack, e *conforms.Error) error {
	failed := conforms.PackCreateFailed
	if p.State == conforms.PackDeleteInProgress {
		failed = conforms.PackDeleteFailed
	}
	return s.Store.Update(ctx, func(tx conforms.Tx) error {
		cur, err := tx.ConformancePack(p.AccountID, p.Region, p.Name)
		if err != nil || cur.State != p.State {
			return err
		}
		cur.State, cur.StatusReason, cur.LastUpdateCompletedTime = failed, e.Code+": "+e.Message, s.now()
		return tx.PutConformancePack(cur)
	})
}

// createPack creates, updates and removes the pack's rules and remediations
// so that they are what its template asks for.
func (s *Service) createPack(tx conforms.Tx, p *conforms.ConformancePack) error {
	want, err := resolvePack(p)
	if err != nil {
		return err
	}
	have, err := packRules(tx, p)
	if err != nil {
		return err
	}
	wanted := map[string]*conforms.ConfigRule{}
	for _, r := range want.rules {
		wanted[r.Name] = r
		if err := s.putPackRule(tx, p, r, have[r.Name]); err != nil {
			return err
		}
	}
	for name := range have {
		if wanted[name] == nil {
			if err := deletePackRule(tx, p, name); err != nil {
				return err
			}
		}
	}
	if err := s.putPackRemediations(tx, p, want, wanted); err != nil {
		return err
	}
	p.State, p.StatusReason, p.LastUpdateCompletedTime = conforms.PackCreateComplete, "", s.now()
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

func (s *Service) putPackRule(tx conforms.Tx, p *conforms.ConformancePack, r, old *conforms.ConfigRule) error {
	if old == nil {
		other, err := tx.ConfigRule(p.AccountID, p.Region, r.Name)
		if err == nil {
			return conforms.Errorf(conforms.CodeResourceInUseException,
				"The account already has a rule named %s that conformance pack %s did not create.", other.Name, p.Name)
		} else if !errors.Is(err, conforms.ErrNotFound) {
			return err
		}
	}
	return s.putConfigRule(tx, p.AccountID, p.Region, r, old, conforms.PrincipalConfigConforms)
}

// deletePackRule deletes a rule of the pack with its remediation.
func deletePackRule(tx conforms.Tx, p *conforms.ConformancePack, name string) error {
	err := tx.DeleteRemediationConfiguration(p.AccountID, p.Region, name)
	if err != nil && !errors.Is(err, conforms.ErrNotFound) {
		return err
	}
	return tx.DeleteConfigRule(p.AccountID, p.Region, name)
}

// putPackRemediations puts the template's remediations and removes those of
// pack rules that no longer have one.
func (s *Service) putPackRemediations(tx conforms.Tx, p *conforms.ConformancePack, want *desiredPack, rules map[string]*conforms.ConfigRule) error {
	remediated := map[string]bool{}
	for _, rc := range want.remediations {
		rule, err := tx.ConfigRule(p.AccountID, p.Region, rc.ConfigRuleName)
		if err != nil {
			return fmt.Errorf("load rule of remediation: %w", err)
		}
		if err := s.putRemediation(tx, rule, rc, conforms.PrincipalConfigConforms); err != nil {
			return err
		}
		remediated[rc.ConfigRuleName] = true
	}
	for name := range rules {
		if remediated[name] {
			continue
		}
		err := tx.DeleteRemediationConfiguration(p.AccountID, p.Region, name)
		if err != nil && !errors.Is(err, conforms.ErrNotFound) {
			return err
		}
	}
	return nil
}

// deletePack deletes the pack with its rules and remediations.
func deletePack(tx conforms.Tx, p *conforms.ConformancePack) error {
	have, err := packRules(tx, p)
	if err != nil {
		return err
	}
	for name := range have {
		if err := deletePackRule(tx, p, name); err != nil {
			return err
		}
	}
	return tx.DeleteConformancePack(p.AccountID, p.Region, p.Name)
}
