package postgres_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"conforms"
	"conforms/internal/pgtest"
	"conforms/postgres"

	"github.com/jackc/pgx/v5/pgconn"
)

// Two Updates read the same row, then both write it: SERIALIZABLE aborts
// one, which runs again on the other's write, so both writes count.
func TestUpdate_RetriesLostUpdate(t *testing.T) {
	t.Parallel()
	db := MustOpen(t, pgtest.NewDatabase(t))
	a := &conforms.Account{ID: "111111111111", Name: "x", Email: "a@example.com", Status: conforms.AccountActive}
	if err := db.Update(t.Context(), func(tx conforms.Tx) error { return tx.PutAccount(a) }); err != nil {
		t.Fatal(err)
	}

	// Both first attempts read the row before either writes it.
	var read sync.WaitGroup
	read.Add(2)
	var runs atomic.Int64
	appendName := func(suffix string) error {
		first := true
		return db.Update(t.Context(), func(tx conforms.Tx) error {
			runs.Add(1)
			got, err := tx.Account(a.ID)
			if err != nil {
				return err
			}
			if first {
				first = false
				read.Done()
				read.Wait()
			}
			got.Name += suffix
			return tx.PutAccount(got)
		})
	}
	errs := make(chan error, 2)
	for _, suffix := range []string{"1", "2"} {
		go func() { errs <- appendName(suffix) }()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatalf("Update: %v", err)
		}
	}
	err := db.View(t.Context(), func(tx conforms.Tx) error {
		got, err := tx.Account(a.ID)
		if err != nil {
			return err
		}
		if got.Name != "x12" && got.Name != "x21" {
			t.Errorf("name after two concurrent appends = %q, want x12 or x21", got.Name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := runs.Load(); n < 3 {
		t.Errorf("fn ran %d times, want at least 3 (one retry)", n)
	}
	if n := postgres.Retries(db); n < 1 {
		t.Errorf("Retries = %d, want at least 1", n)
	}
}

// Workers claim batches of deployments at once until none is left: no row
// is handed out twice, every row is handed out, and no claim conflicts
// with another (no Update runs again).
func TestClaimDeployments_Concurrent(t *testing.T) {
	t.Parallel()
	db := MustOpen(t, pgtest.NewDatabase(t))
	const rows, workers, batch = 300, 8, 7
	err := db.Update(t.Context(), func(tx conforms.Tx) error {
		p := &conforms.OrgConformancePack{OrgID: "o-aaaaaaaaaa", Region: "us-east-1", Name: "pack", OwnerAccountID: "111111111111",
			Suffix: "abcdefgh", Template: "Resources: {}", Generation: 1}
		if err := tx.PutOrgConformancePack(p); err != nil {
			return err
		}
		for i := range rows {
			d := &conforms.Deployment{OrgID: p.OrgID, Region: p.Region, PackName: p.Name, AccountID: fmt.Sprintf("%012d", i),
				Generation: 1, Status: conforms.OrgCreateInProgress}
			if err := tx.PutDeployment(d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	owners := map[string]string{} // account: owner
	var wg sync.WaitGroup
	start := make(chan struct{})
	now := time.Now()
	for w := range workers {
		owner := fmt.Sprint("worker-", w)
		wg.Go(func() {
			<-start
			for {
				var claimed []*conforms.Deployment
				err := db.Update(t.Context(), func(tx conforms.Tx) (err error) {
					claimed, err = tx.ClaimDeployments(owner, now, time.Minute, batch)
					return err
				})
				if err != nil {
					t.Errorf("%s: ClaimDeployments: %v", owner, err)
					return
				}
				if len(claimed) == 0 {
					return
				}
				mu.Lock()
				for _, d := range claimed {
					if d.LeaseOwner != owner {
						t.Errorf("%s claimed %s leased to %q", owner, d.AccountID, d.LeaseOwner)
					}
					if prev, ok := owners[d.AccountID]; ok {
						t.Errorf("%s claimed %s, which %s claimed", owner, d.AccountID, prev)
					}
					owners[d.AccountID] = owner
				}
				mu.Unlock()
			}
		})
	}
	close(start)
	wg.Wait()
	if len(owners) != rows {
		t.Errorf("%d rows claimed, want %d", len(owners), rows)
	}
	if n := postgres.Retries(db); n != 0 {
		t.Errorf("Retries = %d, want 0: claims conflicted", n)
	}
}

// A unique violation reported as ErrConflict leaves the transaction usable,
// as on SQLite: the caller handles it and carries on.
func TestUpdate_ConflictKeepsTransaction(t *testing.T) {
	t.Parallel()
	db := MustOpen(t, pgtest.NewDatabase(t))
	a := &conforms.Account{ID: "111111111111", Name: "a", Email: "a@example.com", Status: conforms.AccountActive}
	b := &conforms.Account{ID: "222222222222", Name: "b", Email: "A@EXAMPLE.COM", Status: conforms.AccountActive}
	err := db.Update(t.Context(), func(tx conforms.Tx) error {
		if err := tx.PutAccount(a); err != nil {
			return err
		}
		if err := tx.PutAccount(b); !errors.Is(err, conforms.ErrConflict) {
			return fmt.Errorf("PutAccount(same email) = %v, want ErrConflict", err)
		}
		_, err := tx.PutSettingIfAbsent("after", "conflict")
		return err
	})
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	err = db.View(t.Context(), func(tx conforms.Tx) error {
		if _, err := tx.Account(a.ID); err != nil {
			return err
		}
		if _, err := tx.Account(b.ID); !errors.Is(err, conforms.ErrNotFound) {
			t.Errorf("Account(b) = %v, want ErrNotFound", err)
		}
		v, err := tx.Setting("after")
		if v != "conflict" {
			t.Errorf("Setting(after) = %q, %v; want conflict", v, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Emails are unique regardless of ASCII case only, as with SQLite's NOCASE.
func TestAccountByEmail_ASCIICase(t *testing.T) {
	t.Parallel()
	db := MustOpen(t, pgtest.NewDatabase(t))
	a := &conforms.Account{ID: "111111111111", Name: "a", Email: "élan@example.com", Status: conforms.AccountActive}
	b := &conforms.Account{ID: "222222222222", Name: "b", Email: "Élan@example.com", Status: conforms.AccountActive}
	err := db.Update(t.Context(), func(tx conforms.Tx) error {
		if err := tx.PutAccount(a); err != nil {
			return err
		}
		return tx.PutAccount(b)
	})
	if err != nil {
		t.Fatalf("PutAccount of emails that differ in a non-ASCII letter's case: %v", err)
	}
	err = db.View(t.Context(), func(tx conforms.Tx) error {
		got, err := tx.AccountByEmail("ÉLAN@EXAMPLE.COM")
		if err != nil || got.ID != b.ID {
			t.Errorf("AccountByEmail(ÉLAN@EXAMPLE.COM) = %+v, %v; want account b", got, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The spec ids a transaction stores are cached only once it commits: a
// rolled-back or retried transaction's are forgotten, and the rule written
// later (or by the retry) points at a spec that exists.
func TestSpecCache_OnlyCommitted(t *testing.T) {
	t.Parallel()
	db := MustOpen(t, pgtest.NewDatabase(t))
	rule := func(name string) *conforms.ConfigRule {
		return &conforms.ConfigRule{AccountID: "111111111111", Region: "us-east-1", Name: name, ID: "config-rule-" + name,
			Source: conforms.RuleSource{Owner: "AWS", SourceIdentifier: "S3_BUCKET_VERSIONING_ENABLED"}, State: "ACTIVE"}
	}
	errRollback := errors.New("roll back")
	err := db.Update(t.Context(), func(tx conforms.Tx) error {
		if err := tx.PutConfigRule(rule("a")); err != nil {
			return err
		}
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		t.Fatalf("Update = %v, want %v", err, errRollback)
	}
	attempt := 0
	err = db.Update(t.Context(), func(tx conforms.Tx) error {
		attempt++
		if err := tx.PutConfigRule(rule("b")); err != nil {
			return err
		}
		if attempt == 1 {
			return fmt.Errorf("as if: %w", &pgconn.PgError{Code: "40001", Message: "could not serialize access"})
		}
		return nil
	})
	if err != nil || attempt != 2 {
		t.Fatalf("Update = %v after %d attempts, want nil after 2", err, attempt)
	}
	err = db.View(t.Context(), func(tx conforms.Tx) error {
		for _, name := range []string{"b"} {
			if _, err := tx.ConfigRule("111111111111", "us-east-1", name); err != nil {
				t.Errorf("ConfigRule(%s): %v", name, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// An Update that keeps failing with a serialization failure gives up after
// MaxAttempts and returns the error.
func TestUpdate_GivesUp(t *testing.T) {
	t.Parallel()
	db := MustOpen(t, pgtest.NewDatabase(t))
	runs := 0
	err := db.Update(t.Context(), func(tx conforms.Tx) error {
		runs++
		return &pgconn.PgError{Code: "40P01", Message: "deadlock detected"}
	})
	var e *pgconn.PgError
	if !errors.As(err, &e) || e.Code != "40P01" || runs != postgres.MaxAttempts {
		t.Errorf("Update = %v after %d runs, want the deadlock after %d", err, runs, postgres.MaxAttempts)
	}
	// Other errors are returned at once.
	runs = 0
	err = db.Update(t.Context(), func(tx conforms.Tx) error {
		runs++
		return errors.New("not retried")
	})
	if err == nil || !strings.Contains(err.Error(), "not retried") || runs != 1 {
		t.Errorf("Update = %v after %d runs, want the error after 1", err, runs)
	}
}
