package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"conforms"
)

var transactionTests = []test{
	{"Rollback", testRollback},
	{"UpdateSeesOwnWrites", testUpdateSeesOwnWrites},
	{"ViewSeesCommitted", testViewSeesCommitted},
	{"ViewIsReadOnly", testViewIsReadOnly},
	{"ViewSnapshot", testViewSnapshot},
	{"CanceledContext", testCanceledContext},
	{"ConcurrentUpdates", testConcurrentUpdates},
	{"PutSettingIfAbsentRace", testPutSettingIfAbsentRace},
}

var errSentinel = errors.New("storetest: sentinel")

func testRollback(t *testing.T, s conforms.Store) {
	a := standaloneAccount("111111111111")
	err := s.Update(t.Context(), func(tx conforms.Tx) error {
		if err := tx.PutAccount(a); err != nil {
			t.Fatalf("PutAccount: %v", err)
		}
		if _, err := tx.PutSettingIfAbsent("k", "v"); err != nil {
			t.Fatalf("PutSettingIfAbsent: %v", err)
		}
		return errSentinel
	})
	if !errors.Is(err, errSentinel) {
		t.Fatalf("Update(fn returning errSentinel) error = %v, want %v", err, errSentinel)
	}
	view(t, s, func(tx conforms.Tx) error {
		_, err := tx.Account(a.ID)
		wantErr(t, "Account after rollback", err, conforms.ErrNotFound)
		_, err = tx.Setting("k")
		wantErr(t, "Setting after rollback", err, conforms.ErrNotFound)
		return nil
	})
}

func testUpdateSeesOwnWrites(t *testing.T, s conforms.Store) {
	a := standaloneAccount("111111111111")
	update(t, s, func(tx conforms.Tx) error {
		if err := tx.PutAccount(a); err != nil {
			return err
		}
		got, err := tx.Account(a.ID)
		if err != nil {
			t.Fatalf("Account(%q) in the Update that put it: %v", a.ID, err)
		}
		wantEqual(t, "Account in the Update that put it", got, a)
		return nil
	})
}

func testViewSeesCommitted(t *testing.T, s conforms.Store) {
	for i := range 3 {
		value := fmt.Sprint("v", i)
		update(t, s, func(tx conforms.Tx) error {
			_, err := tx.PutSettingIfAbsent(fmt.Sprint("k", i), value)
			return err
		})
		view(t, s, func(tx conforms.Tx) error {
			got, err := tx.Setting(fmt.Sprint("k", i))
			if err != nil {
				t.Fatalf("Setting(k%d) after commit: %v", i, err)
			}
			if got != value {
				t.Errorf("Setting(k%d) = %q, want %q", i, got, value)
			}
			return nil
		})
	}
}

func testViewIsReadOnly(t *testing.T, s conforms.Store) {
	err := s.View(t.Context(), func(tx conforms.Tx) error {
		if _, err := tx.PutSettingIfAbsent("k", "v"); err != nil {
			return err
		}
		t.Errorf("PutSettingIfAbsent in View succeeded, want an error")
		return nil
	})
	if err == nil {
		t.Errorf("View(fn writing) error = nil, want an error")
	}
	view(t, s, func(tx conforms.Tx) error {
		_, err := tx.Setting("k")
		wantErr(t, "Setting after a write in View", err, conforms.ErrNotFound)
		return nil
	})
}

// A View reads one snapshot: a write committed while it runs stays invisible
// to it. A store may instead make the writer wait for the View to end; the
// test gives the writer a moment and then carries on.
func testViewSnapshot(t *testing.T, s conforms.Store) {
	done := make(chan error, 1)
	view(t, s, func(tx conforms.Tx) error {
		_, err := tx.Setting("k")
		wantErr(t, "Setting before the concurrent write", err, conforms.ErrNotFound)
		go func() {
			done <- s.Update(t.Context(), func(tx conforms.Tx) error {
				_, err := tx.PutSettingIfAbsent("k", "v")
				return err
			})
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("concurrent Update: %v", err)
			}
			done <- nil
		case <-time.After(time.Second):
		}
		_, err = tx.Setting("k")
		wantErr(t, "Setting after a concurrent write", err, conforms.ErrNotFound)
		return nil
	})
	if err := <-done; err != nil {
		t.Fatalf("concurrent Update: %v", err)
	}
	view(t, s, func(tx conforms.Tx) error {
		got, err := tx.Setting("k")
		if err != nil || got != "v" {
			t.Errorf(`Setting("k") = %q, %v; want "v", nil`, got, err)
		}
		return nil
	})
}

func testCanceledContext(t *testing.T, s conforms.Store) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	err := s.Update(ctx, func(tx conforms.Tx) error {
		_, err := tx.PutSettingIfAbsent("k", "v")
		return err
	})
	wantErr(t, "Update(canceled context)", err, context.Canceled)
	err = s.View(ctx, func(tx conforms.Tx) error {
		_, err := tx.Setting("k")
		return err
	})
	wantErr(t, "View(canceled context)", err, context.Canceled)
	view(t, s, func(tx conforms.Tx) error {
		_, err := tx.Setting("k")
		wantErr(t, "Setting after Update(canceled context)", err, conforms.ErrNotFound)
		return nil
	})
}

// testConcurrentUpdates has goroutines increment one counter with
// read-modify-write Updates and checks that no increment is lost.
//
// Settings cannot be overwritten, so the counter is kept in settings as an
// append-only sequence counter/0, counter/1, ...: an increment reads the count
// n and stores counter/n. Two Updates that read the same n would race for the
// same key; the loser gets the winner's value back from PutSettingIfAbsent.
func testConcurrentUpdates(t *testing.T, s conforms.Store) {
	const goroutines, increments = 8, 50
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range increments {
				token := fmt.Sprintf("g%d-i%d", g, i)
				if err := s.Update(t.Context(), func(tx conforms.Tx) error { return increment(tx, token) }); err != nil {
					t.Errorf("increment %s: %v", token, err)
					return
				}
			}
		})
	}
	wg.Wait()

	view(t, s, func(tx conforms.Tx) error {
		n, err := count(tx)
		if err != nil {
			t.Fatalf("count: %v", err)
		}
		if n != goroutines*increments {
			t.Errorf("counter = %d after %d×%d increments, want %d", n, goroutines, increments, goroutines*increments)
		}
		seen := make(map[string]bool)
		for i := range n {
			v, err := tx.Setting(counterKey(i))
			if err != nil {
				t.Fatalf("Setting(%q): %v", counterKey(i), err)
			}
			if seen[v] {
				t.Errorf("increment %s counted twice", v)
			}
			seen[v] = true
		}
		return nil
	})
}

func counterKey(i int) string { return fmt.Sprintf("counter/%d", i) }

// increment reads the counter and stores the next value, token.
func increment(tx conforms.Tx, token string) error {
	n, err := count(tx)
	if err != nil {
		return err
	}
	got, err := tx.PutSettingIfAbsent(counterKey(n), token)
	if err != nil {
		return err
	}
	if got != token {
		return fmt.Errorf("lost update: %s = %q, want %q", counterKey(n), got, token)
	}
	return nil
}

// count returns the counter: the number of keys counter/0, counter/1, ...
// It probes 0, 1, 3, 7, ... until a key is missing, then bisects.
func count(tx conforms.Tx) (int, error) {
	has := func(i int) (bool, error) {
		_, err := tx.Setting(counterKey(i))
		if errors.Is(err, conforms.ErrNotFound) {
			return false, nil
		}
		return err == nil, err
	}
	lo, hi := 0, 1 // keys below lo exist
	for {
		ok, err := has(hi - 1)
		if err != nil {
			return 0, err
		}
		if !ok {
			break
		}
		lo, hi = hi, hi*2
	}
	for lo < hi { // the first missing key is in [lo, hi)
		mid := (lo + hi) / 2
		ok, err := has(mid)
		if err != nil {
			return 0, err
		}
		if ok {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo, nil
}

// testPutSettingIfAbsentRace has goroutines race to set one key: one wins,
// and every goroutine gets the winner's value back.
func testPutSettingIfAbsentRace(t *testing.T, s conforms.Store) {
	const goroutines = 16
	got := make([]string, goroutines)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			<-start
			err := s.Update(t.Context(), func(tx conforms.Tx) error {
				var err error
				got[g], err = tx.PutSettingIfAbsent("leader", fmt.Sprint("g", g))
				return err
			})
			if err != nil {
				t.Errorf("goroutine %d: PutSettingIfAbsent: %v", g, err)
			}
		})
	}
	close(start)
	wg.Wait()

	var stored string
	view(t, s, func(tx conforms.Tx) error {
		var err error
		stored, err = tx.Setting("leader")
		if err != nil {
			t.Fatalf(`Setting("leader"): %v`, err)
		}
		return nil
	})
	candidates := make(map[string]bool)
	for g := range goroutines {
		candidates[fmt.Sprint("g", g)] = true
	}
	if !candidates[stored] {
		t.Errorf(`Setting("leader") = %q, want one of the goroutines' values`, stored)
	}
	for g, v := range got {
		if v != stored {
			t.Errorf("goroutine %d: PutSettingIfAbsent returned %q, want the winner %q", g, v, stored)
		}
	}
}
