package postgres_test

import (
	"context"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"conforms"
	"conforms/internal/pgtest"
	"conforms/postgres"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5/pgxpool"
)

func TestOpen_ErrURLRequired(t *testing.T) {
	t.Parallel()
	if db, err := postgres.Open(t.Context(), ""); err == nil {
		db.Close()
		t.Errorf(`Open("") error = nil, want an error`)
	}
}

func TestOpen_Reopen(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	want := &conforms.Account{ID: "111111111111", Name: "a", Email: "a@example.com", Status: conforms.AccountActive}
	db, err := postgres.Open(t.Context(), url)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if err := db.Update(t.Context(), func(tx conforms.Tx) error { return tx.PutAccount(want) }); err != nil {
		t.Fatalf("PutAccount: %v", err)
	}
	before := appliedMigrations(t, url)
	if err := db.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	db = MustOpen(t, url)
	if got := appliedMigrations(t, url); !slices.Equal(got, before) {
		t.Errorf("migrations after reopening = %q, want %q", got, before)
	}
	err = db.View(t.Context(), func(tx conforms.Tx) error {
		got, err := tx.Account(want.ID)
		if err != nil {
			return err
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Account(%q) after reopening mismatch (-want +got):\n%s", want.ID, diff)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("View: %v", err)
	}
}

// Replicas starting at once on an empty database migrate it once.
func TestOpen_Concurrent(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	const replicas = 6
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range replicas {
		wg.Go(func() {
			<-start
			db, err := postgres.Open(t.Context(), url)
			if err != nil {
				t.Errorf("Open: %v", err)
				return
			}
			defer db.Close()
			err = db.Update(t.Context(), func(tx conforms.Tx) error {
				_, err := tx.PutSettingIfAbsent("k", "v")
				return err
			})
			if err != nil {
				t.Errorf("Update: %v", err)
			}
		})
	}
	close(start)
	wg.Wait()
	appliedMigrations(t, url)
}

// appliedMigrations returns the names in the migrations table, which must be
// those of the files in migration/, in order.
func appliedMigrations(t *testing.T, url string) []string {
	t.Helper()
	names := queryStrings(t, url, `SELECT name FROM migrations ORDER BY name`)
	files, err := fs.Glob(postgres.Migrations, "migration/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 || !slices.Equal(names, files) {
		t.Errorf("migrations = %q, want the files %q", names, files)
	}
	return names
}

func queryStrings(t *testing.T, url, query string) []string {
	t.Helper()
	pool, err := pgxpool.New(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	rows, err := pool.Query(t.Context(), query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var a []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		a = append(a, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestMigrate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := pgtest.NewDatabase(t)
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()

	// Migrations are not idempotent: applying one twice would fail.
	fsys := fstest.MapFS{
		"migration/0002_insert.sql": {Data: []byte(`INSERT INTO t (n) VALUES (2);`)},
		"migration/0001_create.sql": {Data: []byte(`CREATE TABLE t (n bigint); INSERT INTO t (n) VALUES (1);`)},
	}
	for range 2 {
		if err := postgres.Migrate(ctx, pool, fsys); err != nil {
			t.Fatalf("Migrate: %v", err)
		}
	}
	fsys["migration/0003_insert.sql"] = &fstest.MapFile{Data: []byte(`INSERT INTO t (n) VALUES (3);`)}
	if err := postgres.Migrate(ctx, pool, fsys); err != nil {
		t.Fatalf("Migrate with a new file: %v", err)
	}
	if got, want := queryStrings(t, url, `SELECT n::text FROM t ORDER BY n`), []string{"1", "2", "3"}; !slices.Equal(got, want) {
		t.Errorf("rows inserted by migrations = %q, want %q", got, want)
	}

	// A failing migration leaves nothing behind and is not recorded.
	fsys["migration/0004_bad.sql"] = &fstest.MapFile{Data: []byte(`INSERT INTO t (n) VALUES (4); SELECT * FROM no_such_table;`)}
	err = postgres.Migrate(ctx, pool, fsys)
	if err == nil || !strings.Contains(err.Error(), "0004_bad.sql") {
		t.Errorf("Migrate with a bad file error = %v, want an error naming the file", err)
	}
	if got, want := queryStrings(t, url, `SELECT n::text FROM t ORDER BY n`), []string{"1", "2", "3"}; !slices.Equal(got, want) {
		t.Errorf("rows after a failed migration = %q, want %q", got, want)
	}
	want := []string{"migration/0001_create.sql", "migration/0002_insert.sql", "migration/0003_insert.sql"}
	if got := queryStrings(t, url, `SELECT name FROM migrations ORDER BY name`); !slices.Equal(got, want) {
		t.Errorf("migrations = %q, want %q", got, want)
	}
}
