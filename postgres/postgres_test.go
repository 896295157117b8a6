package postgres_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"conforms"
	"conforms/internal/pgtest"
	"conforms/postgres"
	"conforms/storetest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// MustOpen opens the database at url and closes it when tb ends.
func MustOpen(tb testing.TB, url string) *postgres.DB {
	tb.Helper()
	db, err := postgres.Open(context.Background(), url)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return db
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) conforms.Store {
		return MustOpen(t, pgtest.NewDatabase(t))
	})
}

// BenchmarkView_AccessKey measures the per-request credential lookup: a point
// read of an access key in its own View, from parallel goroutines.
func BenchmarkView_AccessKey(b *testing.B) {
	db := MustOpen(b, pgtest.NewDatabase(b))
	ctx := context.Background()
	const id = "ASIAAAAAAAAAAAAAAAAA"
	err := db.Update(ctx, func(tx conforms.Tx) error {
		return tx.PutAccessKey(&conforms.AccessKey{
			ID: id, Secret: "secret", AccountID: "111111111111",
			PrincipalArn: "arn:aws:sts::111111111111:assumed-role/Admin/alice", UserID: "AROAABCDEFGHIJKLMNOPQ:alice",
			SessionToken: "token", ExpiresAt: time.Now().Add(time.Hour), CreatedAt: time.Now(),
		})
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			err := db.View(ctx, func(tx conforms.Tx) error {
				_, err := tx.AccessKey(id)
				return err
			})
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func TestUnstorableText(t *testing.T) {
	// PostgreSQL refuses text with NUL or invalid UTF-8 and would abort the
	// transaction: a read naming such text finds nothing, the transaction
	// goes on, and a write of it fails.
	db := MustOpen(t, pgtest.NewDatabase(t))
	ctx := context.Background()
	err := db.Update(ctx, func(tx conforms.Tx) error {
		for _, id := range []string{"a\x00b", "\xff\xfe"} {
			if _, err := tx.Account(id); !errors.Is(err, conforms.ErrNotFound) {
				t.Errorf("Account(%q) = %v, want ErrNotFound", id, err)
			}
			if err := tx.DeleteConfigRule("111111111111", "us-east-1", id); !errors.Is(err, conforms.ErrNotFound) {
				t.Errorf("DeleteConfigRule(%q) = %v, want ErrNotFound", id, err)
			}
			if items, err := tx.ListResources(conforms.ResourceFilter{AccountID: "111111111111", Region: "us-east-1", ResourceIDs: []string{id}}); err != nil || len(items) != 0 {
				t.Errorf("ListResources(%q) = %v, %v", id, items, err)
			}
		}
		_, err := tx.PutSettingIfAbsent("still", "usable")
		return err
	})
	if err != nil {
		t.Fatalf("the transaction after lookups of unstorable text: %v", err)
	}
	err = db.Update(ctx, func(tx conforms.Tx) error {
		_, err := tx.PutSettingIfAbsent("bad\x00key", "v")
		return err
	})
	if err == nil {
		t.Error("stored a key with a NUL character")
	}
}
