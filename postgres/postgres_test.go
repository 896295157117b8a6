package postgres_test

import (
	"context"
	"testing"

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
