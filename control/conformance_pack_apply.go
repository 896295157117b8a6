package control

import (
	"context"
	"errors"

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
// Every replica runs it: the transaction that applies a pack reads its state
// again, and on PostgreSQL runs at SERIALIZABLE, so of two replicas applying
// one pack at once one commits and the other, run again, finds it applied.
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
	want, err := resolvePack(p, s.templateLimits())
	if err != nil {
		return err
	}
	ps, err := s.planPackSync(tx, p, want, true)
	if err != nil {
		return err
	}
	p.State, p.StatusReason, p.LastUpdateCompletedTime = conforms.PackCreateComplete, "", s.now()
	return s.write(tx, ps)
}
