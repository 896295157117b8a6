package control

import (
	"context"
	"errors"
	"time"

	"conforms"
	"conforms/catalog"
)

// frequencies are the MaximumExecutionFrequency values.
var frequencies = map[string]time.Duration{
	"One_Hour": time.Hour, "Three_Hours": 3 * time.Hour, "Six_Hours": 6 * time.Hour,
	"Twelve_Hours": 12 * time.Hour, "TwentyFour_Hours": 24 * time.Hour,
}

// periodicFrequency returns how often a managed rule runs periodically:
// its MaximumExecutionFrequency, 24 hours by default; 0 for a rule that
// only changes trigger.
func periodicFrequency(r *conforms.ConfigRule) time.Duration {
	if f, ok := frequencies[r.MaximumExecutionFrequency]; ok {
		return f
	}
	if m, ok := catalog.Lookup(r.Source.SourceIdentifier); ok && m.Periodic {
		return 24 * time.Hour
	}
	return 0
}

// periodicPage is how many rules one pass of EvaluatePeriodicRules reads at a time.
const periodicPage = 5000

// EvaluatePeriodicRules evaluates, over every resource in their scope, the
// periodic managed rules whose last evaluation is at least their frequency
// old (by the Service's clock), and returns how many it evaluated. It reads
// every rule of every account, a page at a time, and evaluates each
// account and region in a transaction of its own.
func (s *Service) EvaluatePeriodicRules(ctx context.Context) (int, error) {
	now, after, done := s.now(), "", 0
	for {
		var page []*conforms.ConfigRule
		due := map[scope][]*conforms.ConfigRule{}
		var order []scope
		err := s.Store.View(ctx, func(tx conforms.Tx) error {
			var err error
			if page, err = tx.ScanConfigRules(conforms.Page{After: after, Limit: periodicPage}); err != nil {
				return err
			}
			for _, r := range page {
				freq := periodicFrequency(r)
				if impl, _ := implementation(r); impl == nil || freq == 0 {
					continue
				}
				st, err := tx.RuleEvaluationStatus(r.AccountID, r.Region, r.Name)
				if err != nil && !errors.Is(err, conforms.ErrNotFound) {
					return err
				}
				if st != nil && now.Sub(st.LastSuccessfulAt) < freq {
					continue
				}
				sc := scope{r.AccountID, r.Region}
				if due[sc] == nil {
					order = append(order, sc)
				}
				due[sc] = append(due[sc], r)
			}
			return nil
		})
		if err != nil {
			return done, err
		}
		for _, sc := range order {
			var n int
			err := s.Store.Update(ctx, func(tx conforms.Tx) error {
				// The rules are read again: one may have changed or gone since
				// the scan, or another replica may have evaluated it.
				var fresh []*conforms.ConfigRule
				for _, r := range due[sc] {
					cur, err := tx.ConfigRule(r.AccountID, r.Region, r.Name)
					if errors.Is(err, conforms.ErrNotFound) {
						continue
					} else if err != nil {
						return err
					}
					st, err := tx.RuleEvaluationStatus(r.AccountID, r.Region, r.Name)
					if err != nil && !errors.Is(err, conforms.ErrNotFound) {
						return err
					}
					if st != nil && now.Sub(st.LastSuccessfulAt) < periodicFrequency(cur) {
						continue
					}
					fresh = append(fresh, cur)
				}
				counts, err := tx.CountResources(sc.AccountID, sc.Region)
				if err != nil {
					return err
				}
				n = len(fresh)
				if len(counts) > 0 {
					return s.evaluateCounted(tx, sc.AccountID, sc.Region, fresh, nil, counts)
				}
				// Nothing to evaluate: the rules have still run.
				names := make([]string, len(fresh))
				for i, r := range fresh {
					names[i] = r.Name
				}
				return tx.RecordRuleEvaluations(sc.AccountID, sc.Region, names, now, "", "")
			})
			if err != nil {
				return done, err
			}
			done += n
		}
		if len(page) < periodicPage {
			return done, nil
		}
		last := page[len(page)-1]
		after = last.AccountID + "\x00" + last.Region + "\x00" + last.Name
	}
}
