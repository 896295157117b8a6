package pgtest

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { Main(m) }

func query(t *testing.T, url, sql string) (n int64, err error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer conn.Close(ctx)
	err = conn.QueryRow(ctx, sql).Scan(&n)
	return n, err
}

func TestNewDatabase_Isolated(t *testing.T) {
	s, err := Shared()
	if err != nil {
		t.Fatal(err)
	}
	var schema string
	t.Run("Use", func(t *testing.T) {
		a, b := NewDatabase(t), NewDatabase(t)
		if n, err := query(t, a, `WITH c AS (SELECT 1) SELECT 1`); err != nil || n != 1 {
			t.Fatalf("SELECT 1 = %d, %v", n, err)
		}
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `CREATE TABLE t AS SELECT 1::bigint AS n`); err != nil {
			t.Fatalf("CREATE TABLE: %v", err)
		}
		if n, err := query(t, a, `SELECT n FROM t`); err != nil || n != 1 {
			t.Errorf("SELECT n FROM t in the first database = %d, %v; want 1", n, err)
		}
		if _, err := query(t, b, `SELECT n FROM t`); err == nil {
			t.Errorf("the second database sees the first's table")
		}
		schema = strings.TrimPrefix(a[strings.Index(a, "search_path="):], "search_path=")
	})
	n, err := query(t, s.URL(), `SELECT count(*) FROM pg_namespace WHERE nspname = '`+schema+`'`)
	if err != nil || n != 0 {
		t.Errorf("schema %s after the test = %d, %v; want dropped", schema, n, err)
	}
}

func TestStart_EnvURL(t *testing.T) {
	shared, err := Shared()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvURL, shared.URL())
	s, err := Start()
	if err != nil {
		t.Fatalf("Start with %s set: %v", EnvURL, err)
	}
	if s.URL() != shared.URL() {
		t.Errorf("URL = %q, want %q", s.URL(), shared.URL())
	}
	t.Run("NewDatabase", func(t *testing.T) {
		if n, err := query(t, s.NewDatabase(t), `SELECT 1`); err != nil || n != 1 {
			t.Errorf("SELECT 1 = %d, %v", n, err)
		}
	})
	if err := s.Stop(); err != nil {
		t.Errorf("Stop: %v", err)
	}
	// Stopping it only closed connections: the server still answers.
	if n, err := query(t, shared.URL(), `SELECT 1`); err != nil || n != 1 {
		t.Errorf("server after Stop of a %s server: %d, %v", EnvURL, n, err)
	}

	t.Setenv(EnvURL, "mysql://localhost/db")
	if _, err := Start(); err == nil {
		t.Errorf("Start with %s=mysql://... error = nil, want an error", EnvURL)
	}
}

func TestStart_NoBinaries(t *testing.T) {
	t.Setenv(EnvURL, "")
	t.Setenv("PATH", t.TempDir())
	old := binGlob
	binGlob = t.TempDir() + "/*/bin"
	defer func() { binGlob = old }()
	_, err := Start()
	if err == nil || !strings.Contains(err.Error(), "initdb") || !strings.Contains(err.Error(), EnvURL) {
		t.Errorf("Start without binaries error = %v, want one naming initdb and %s", err, EnvURL)
	}
}

func TestStop_RemovesDirectory(t *testing.T) {
	if os.Getenv(EnvURL) != "" {
		t.Skip("the tests use the server of " + EnvURL)
	}
	start := time.Now()
	s, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("a server started in %v", time.Since(start))
	dir := s.dir
	if err := s.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("Stat(%s) after Stop: %v, want it removed", dir, err)
	}
}
