package sqlite_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"conforms"
	"conforms/sqlite"
	"conforms/storetest"

	"github.com/google/go-cmp/cmp"
)

// MustOpen opens the database at path and closes it when tb ends.
func MustOpen(tb testing.TB, path string) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.Open(path)
	if err != nil {
		tb.Fatalf("Open(%q): %v", path, err)
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
		db := MustOpen(t, filepath.Join(t.TempDir(), "db"))
		return db
	})
}

func TestOpen_CreatesFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "a", "b", "conforms.db")
	MustOpen(t, path)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("Stat(%q) after Open: %v", path, err)
	}
	if !fi.Mode().IsRegular() || fi.Size() == 0 {
		t.Errorf("Stat(%q) = mode %v, size %d; want a non-empty regular file", path, fi.Mode(), fi.Size())
	}
	// WAL mode leaves a -wal file next to the database while it is open.
	if _, err := os.Stat(path + "-wal"); err != nil {
		t.Errorf("Stat(%q): %v; want a WAL file", path+"-wal", err)
	}
}

func TestOpen_ErrPathRequired(t *testing.T) {
	t.Parallel()
	if db, err := sqlite.Open(""); err == nil {
		db.Close()
		t.Errorf(`Open("") error = nil, want an error`)
	}
}

func TestOpen_Reopen(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "db")
	want := &conforms.Account{ID: "111111111111", Name: "a", Email: "a@example.com", Status: conforms.AccountActive}
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if err := db.Update(t.Context(), func(tx conforms.Tx) error { return tx.PutAccount(want) }); err != nil {
		t.Fatalf("PutAccount: %v", err)
	}
	before := appliedMigrations(t, path)
	if err := db.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	db = MustOpen(t, path)
	if got := appliedMigrations(t, path); !slices.Equal(got, before) {
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

// appliedMigrations returns the names in the migrations table, which must be
// those of the files in migration/, in order.
func appliedMigrations(t *testing.T, path string) []string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	names := queryStrings(t, db, `SELECT name FROM migrations ORDER BY name`)
	files, err := filepath.Glob("migration/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 || !slices.Equal(names, files) {
		t.Errorf("migrations = %q, want the files %q", names, files)
	}
	return names
}

func queryStrings(t *testing.T, db *sql.DB, query string) []string {
	t.Helper()
	rows, err := db.Query(query)
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
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	// Migrations are not idempotent: applying one twice would fail.
	fsys := fstest.MapFS{
		"migration/0002_insert.sql": {Data: []byte(`INSERT INTO t (n) VALUES (2);`)},
		"migration/0001_create.sql": {Data: []byte(`CREATE TABLE t (n INTEGER); INSERT INTO t (n) VALUES (1);`)},
	}
	for range 2 {
		if err := sqlite.Migrate(ctx, db, fsys); err != nil {
			t.Fatalf("Migrate: %v", err)
		}
	}
	fsys["migration/0003_insert.sql"] = &fstest.MapFile{Data: []byte(`INSERT INTO t (n) VALUES (3);`)}
	if err := sqlite.Migrate(ctx, db, fsys); err != nil {
		t.Fatalf("Migrate with a new file: %v", err)
	}
	if got, want := queryStrings(t, db, `SELECT n FROM t ORDER BY rowid`), []string{"1", "2", "3"}; !slices.Equal(got, want) {
		t.Errorf("rows inserted by migrations = %q, want %q", got, want)
	}

	// A failing migration leaves nothing behind and is not recorded.
	fsys["migration/0004_bad.sql"] = &fstest.MapFile{Data: []byte(`INSERT INTO t (n) VALUES (4); SELECT * FROM no_such_table;`)}
	err = sqlite.Migrate(ctx, db, fsys)
	if err == nil || !strings.Contains(err.Error(), "0004_bad.sql") {
		t.Errorf("Migrate with a bad file error = %v, want an error naming the file", err)
	}
	if got, want := queryStrings(t, db, `SELECT n FROM t ORDER BY rowid`), []string{"1", "2", "3"}; !slices.Equal(got, want) {
		t.Errorf("rows after a failed migration = %q, want %q", got, want)
	}
	want := []string{"migration/0001_create.sql", "migration/0002_insert.sql", "migration/0003_insert.sql"}
	if got := queryStrings(t, db, `SELECT name FROM migrations ORDER BY name`); !slices.Equal(got, want) {
		t.Errorf("migrations = %q, want %q", got, want)
	}
}

// BenchmarkView_AccessKey measures the per-request credential lookup: a point
// read of an access key in its own View, from parallel goroutines.
func BenchmarkView_AccessKey(b *testing.B) {
	db := MustOpen(b, filepath.Join(b.TempDir(), "db"))
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

// TestMigrate_RuleSpecs upgrades a database that has rules in the layout of
// migration 0007 (one row a rule, with its ARN) to rule specs.
func TestMigrate_RuleSpecs(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "db")
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	raw.SetMaxOpenConns(1)
	old := fstest.MapFS{}
	entries, err := fs.ReadDir(sqlite.Migrations, "migration")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() < "0008" {
			data, err := fs.ReadFile(sqlite.Migrations, "migration/"+e.Name())
			if err != nil {
				t.Fatal(err)
			}
			old["migration/"+e.Name()] = &fstest.MapFile{Data: data}
		}
	}
	if err := sqlite.Migrate(ctx, raw, old); err != nil {
		t.Fatal(err)
	}
	_, err = raw.Exec(`INSERT INTO config_rules (account_id, region, name, id, arn, description, source, scope, input_parameters,
		maximum_execution_frequency, state, created_by, evaluation_modes, created_at, conformance_pack) VALUES
		('111111111111', 'us-east-1', 'old-rule', 'config-rule-abcdef', 'arn', 'checks', '{"Owner":"AWS","SourceIdentifier":"S3_BUCKET_VERSIONING_ENABLED"}',
		 '{}', '{"a":"1"}', NULL, 'ACTIVE', NULL, '["DETECTIVE"]', 5, NULL)`)
	if err != nil {
		t.Fatal(err)
	}
	raw.Close()

	db := MustOpen(t, path)
	err = db.View(ctx, func(tx conforms.Tx) error {
		r, err := tx.ConfigRule("111111111111", "us-east-1", "old-rule")
		if err != nil {
			return err
		}
		want := &conforms.ConfigRule{AccountID: "111111111111", Region: "us-east-1", Name: "old-rule", ID: "config-rule-abcdef",
			Arn: "arn:aws:config:us-east-1:111111111111:config-rule/config-rule-abcdef", Description: "checks",
			Source: conforms.RuleSource{Owner: "AWS", SourceIdentifier: "S3_BUCKET_VERSIONING_ENABLED"}, InputParameters: `{"a":"1"}`,
			State: "ACTIVE", EvaluationModes: []string{"DETECTIVE"}, CreatedAt: time.UnixMicro(5).UTC()}
		if diff := cmp.Diff(want, r); diff != "" {
			t.Errorf("migrated rule (-want +got):\n%s", diff)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCheckpoint_Background(t *testing.T) {
	// Commits only append to the WAL; the checkpointer copies it into the
	// database file soon after, without another write.
	path := filepath.Join(t.TempDir(), "db")
	db := MustOpen(t, path)
	size := func() int64 {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	before := size()
	big := strings.Repeat("x", 1<<20)
	if err := db.Update(context.Background(), func(tx conforms.Tx) error {
		_, err := tx.PutSettingIfAbsent("big", big)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); size() < before+1<<20; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("database file still %d bytes (was %d) 5 s after a 1 MiB commit: no checkpoint", size(), before)
		}
	}
	var pageSize int
	if err := db.View(context.Background(), func(tx conforms.Tx) error { return nil }); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if err := raw.QueryRow(`PRAGMA page_size`).Scan(&pageSize); err != nil || pageSize != 16384 {
		t.Errorf("page size of a new database = %d, %v; want 16384", pageSize, err)
	}
}

// FuzzJSONValue: the documents the store encodes by hand (tags and
// supplementary configuration, relationships) decode to what
// encoding/json's encoding of them decodes to, whatever their strings.
// Run: go test -run XXX -fuzz FuzzJSONValue ./sqlite
func FuzzJSONValue(f *testing.F) {
	for _, s := range []string{"", "plain", `q"uote\back`, "ctl\x00\x01\x1f\n\r\t", "html <&>", "bad \xff\xfe utf-8", "é ü \u2028 😀"} {
		f.Add(s, s+"x")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		check := func(v, decoded any) {
			t.Helper()
			got, err := sqlite.JSONValue(v)
			if err != nil {
				t.Fatal(err)
			}
			want, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(got), decoded); err != nil {
				t.Fatalf("%q is not JSON: %v", got, err)
			}
			again := reflect.New(reflect.TypeOf(decoded).Elem()).Interface()
			if err := json.Unmarshal(want, again); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(decoded, again) {
				t.Fatalf("%q decodes to %v; encoding/json's %s to %v", got, decoded, want, again)
			}
		}
		m := map[string]string{a: b, b: a, "k": a}
		check(&m, &map[string]string{})
		rels := []conforms.ResourceRelationship{{ResourceType: a, ResourceID: b, ResourceName: a + b, Name: b}}
		check(&rels, &[]conforms.ResourceRelationship{})
	})
}
