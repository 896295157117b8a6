// Package pgtest gives tests throwaway PostgreSQL databases.
//
// A test binary has one server, which TestMain stops, and each test takes a
// fresh, empty database from it:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
//	func TestX(t *testing.T) {
//		url := pgtest.NewDatabase(t) // dropped when t ends
//		...
//	}
//
// The server is a new cluster in a temporary directory, made with initdb and
// started with pg_ctl from the PostgreSQL binaries in PATH or in
// /usr/lib/postgresql/*/bin (the newest version), on a free loopback port,
// with durability turned off for speed; Main stops it and removes the
// directory when the tests end. initdb refuses to run as root, so as root
// the binaries run as the user postgres. If the environment variable
// CONFORMS_TEST_STORE holds a postgres:// URL, that server is used instead
// and nothing is started. When neither is available, every test that asks
// for a database fails, saying so.
//
// A database of NewDatabase is a schema of its own in the server's
// database, which the URL it returns puts first in the search_path:
// creating a schema takes a millisecond, creating a database a tenth of a
// second.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// EnvURL names the environment variable that points the tests at an
// existing PostgreSQL server instead of a throwaway one.
const EnvURL = "CONFORMS_TEST_STORE"

// Server is a PostgreSQL server that hands out fresh databases. It is safe
// for concurrent use.
type Server struct {
	url   string        // of the server's database, as an administrator
	admin *pgxpool.Pool // connections to url
	n     atomic.Int64  // databases handed out

	// Set for a server that Start started.
	dir     string   // temporary directory: data, socket, log
	pgCtl   string   // path of pg_ctl
	asOwner []string // prefix of commands that must run as the data's owner
	stop    sync.Once
}

// Start starts a throwaway server, or connects to the one that
// CONFORMS_TEST_STORE names.
func Start() (*Server, error) {
	if u := os.Getenv(EnvURL); u != "" {
		if !strings.HasPrefix(u, "postgres://") && !strings.HasPrefix(u, "postgresql://") {
			return nil, fmt.Errorf("pgtest: %s=%q: want a postgres:// URL", EnvURL, u)
		}
		return connect(&Server{url: u})
	}
	s, err := startCluster()
	if err != nil {
		return nil, err
	}
	return connect(s)
}

// connect opens the administrator's pool of s, stopping s if it cannot.
func connect(s *Server) (*Server, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	pool, err := pgxpool.New(ctx, s.url)
	if err == nil {
		err = pool.Ping(ctx)
	}
	if err != nil {
		if pool != nil {
			pool.Close()
		}
		return nil, errors.Join(fmt.Errorf("pgtest: connect to %s: %w", redact(s.url), err), s.Stop())
	}
	s.admin = pool
	return s, nil
}

// URL returns the URL of the server's database, as an administrator.
func (s *Server) URL() string { return s.url }

// Stop stops a server that Start started and removes its files; for one of
// CONFORMS_TEST_STORE, it only closes the connections to it.
func (s *Server) Stop() error {
	var err error
	s.stop.Do(func() {
		if s.admin != nil {
			s.admin.Close()
		}
		if s.dir == "" {
			return
		}
		if s.pgCtl != "" {
			err = s.run(s.pgCtl, "stop", "-D", filepath.Join(s.dir, "data"), "-m", "immediate", "-w")
		}
		if rerr := os.RemoveAll(s.dir); err == nil {
			err = rerr
		}
	})
	return err
}

// NewDatabase creates a fresh, empty database and returns its URL; it is
// dropped when tb ends (after the cleanups registered later, which close
// the connections to it).
func (s *Server) NewDatabase(tb testing.TB) string {
	tb.Helper()
	schema := fmt.Sprintf("pgtest_%d_%d", os.Getpid(), s.n.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := s.admin.Exec(ctx, `CREATE SCHEMA `+schema); err != nil {
		tb.Fatalf("pgtest: create schema: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := s.admin.Exec(ctx, `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			tb.Errorf("pgtest: drop schema: %v", err)
		}
	})
	u, err := url.Parse(s.url)
	if err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Exec runs SQL on the server's database as an administrator, for tests
// that prepare or inspect databases.
func (s *Server) Exec(ctx context.Context, sql string, args ...any) error {
	_, err := s.admin.Exec(ctx, sql, args...)
	return err
}

// shared is the server of Main, started by the first test that needs it.
var shared struct {
	main   bool // Main runs the tests
	once   sync.Once
	server *Server
	err    error
}

// Main runs the tests, then stops the server that they started (the first
// call of NewDatabase or Shared starts it), and exits with the tests'
// status. Call it from TestMain. If the server cannot start, the tests that
// need it fail with the reason.
func Main(m *testing.M) {
	shared.main = true
	code := m.Run()
	if shared.server != nil {
		if err := shared.server.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			if code == 0 {
				code = 1
			}
		}
	}
	os.Exit(code)
}

// NewDatabase is Server.NewDatabase on the server of Main.
func NewDatabase(tb testing.TB) string {
	tb.Helper()
	s, err := Shared()
	if err != nil {
		tb.Fatalf("%v", err)
	}
	return s.NewDatabase(tb)
}

// Shared returns the server of Main, starting it if it is not running, or
// the error it failed to start with.
func Shared() (*Server, error) {
	if !shared.main {
		return nil, errors.New("pgtest: no server: call pgtest.Main from TestMain")
	}
	shared.once.Do(func() { shared.server, shared.err = Start() })
	return shared.server, shared.err
}

// startCluster makes a new cluster in a temporary directory and starts it.
func startCluster() (*Server, error) {
	bin, err := findBinaries()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "pgtest-")
	if err != nil {
		return nil, fmt.Errorf("pgtest: %w", err)
	}
	s := &Server{dir: dir}
	if os.Geteuid() == 0 {
		if err := s.runAsPostgres(); err != nil {
			return nil, errors.Join(err, s.Stop())
		}
	}
	data := filepath.Join(dir, "data")
	if err := s.run(filepath.Join(bin, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
		"--locale=C", "--no-sync", "--no-instructions"); err != nil {
		return nil, errors.Join(err, s.Stop())
	}
	// The port is free when chosen, but may be taken before the server
	// binds it: try another.
	for attempt := 0; ; attempt++ {
		port, err := freePort()
		if err != nil {
			return nil, errors.Join(err, s.Stop())
		}
		opts := strings.Join([]string{
			"-p", strconv.Itoa(port), "-k", dir, "-c", "listen_addresses=127.0.0.1",
			"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
			"-c", "max_connections=500", "-c", "shared_buffers=64MB",
		}, " ")
		err = s.run(filepath.Join(bin, "pg_ctl"), "start", "-D", data, "-l", filepath.Join(dir, "log"), "-o", opts, "-w", "-t", "60")
		if err == nil {
			s.pgCtl = filepath.Join(bin, "pg_ctl")
			s.url = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
			return s, nil
		}
		if attempt == 2 {
			log, _ := os.ReadFile(filepath.Join(dir, "log"))
			return nil, errors.Join(fmt.Errorf("%w\nserver log:\n%s", err, log), s.Stop())
		}
	}
}

// runAsPostgres makes the commands of s run as the user postgres, who
// must own the directory and be able to reach it.
func (s *Server) runAsPostgres() error {
	u, err := user.Lookup("postgres")
	if err != nil {
		return fmt.Errorf("pgtest: running as root, and initdb refuses root: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	if err := os.Chown(s.dir, uid, gid); err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	for d := filepath.Dir(s.dir); ; d = filepath.Dir(d) {
		if fi, err := os.Stat(d); err == nil && fi.Mode().Perm()&0o001 == 0 {
			return fmt.Errorf("pgtest: the user postgres cannot reach %s: %s is not searchable by others", s.dir, d)
		}
		if d == filepath.Dir(d) {
			break
		}
	}
	runuser, err := exec.LookPath("runuser")
	if err != nil {
		return fmt.Errorf("pgtest: running as root, and initdb refuses root: %w", err)
	}
	s.asOwner = []string{runuser, "-u", "postgres", "--"}
	return nil
}

// run runs a command in the directory of s, as the data's owner.
func (s *Server) run(name string, args ...string) error {
	argv := append(append(append([]string{}, s.asOwner...), name), args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = s.dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("pgtest: %s %s: %w\n%s", filepath.Base(name), args[0], err, out)
	}
	return nil
}

// binGlob matches the directories of Debian's PostgreSQL binaries.
var binGlob = "/usr/lib/postgresql/*/bin"

// findBinaries returns the directory of initdb and pg_ctl: that of PATH's,
// or the newest /usr/lib/postgresql/*/bin.
func findBinaries() (string, error) {
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if _, err := exec.LookPath("initdb"); err == nil {
			return filepath.Dir(p), nil
		}
	}
	dirs, _ := filepath.Glob(binGlob)
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", fmt.Errorf("pgtest: PostgreSQL's initdb and pg_ctl are in neither PATH nor /usr/lib/postgresql/*/bin: "+
		"install PostgreSQL (apt-get install postgresql-15), or set %s to the postgres:// URL of a server", EnvURL)
}

// version returns the major version in a path /usr/lib/postgresql/N/bin.
func version(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

// freePort returns a loopback TCP port that nothing listens on.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pgtest: find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// redact hides the password of a URL.
func redact(s string) string {
	if u, err := url.Parse(s); err == nil {
		return u.Redacted()
	}
	return "the server"
}
