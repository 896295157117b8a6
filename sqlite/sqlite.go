// Package sqlite implements conforms.Store on an embedded SQLite database
// file, through the pure-Go driver modernc.org/sqlite.
//
// The database runs in WAL mode with foreign keys on. A [DB] holds two
// connection pools on the same file: a single writer connection, on which
// every Update runs as BEGIN IMMEDIATE, so that writers queue up instead of
// failing with SQLITE_BUSY when a read transaction would have to be upgraded;
// and a pool of read-only connections for View, whose transactions read one
// snapshot and run concurrently with each other and with the writer.
//
// The schema is created and upgraded by the numbered SQL files in migration/,
// which [Open] applies in lexical order, each in its own transaction, and
// records by name in the migrations table.
//
// Times are stored as INTEGER microseconds since the Unix epoch, in UTC, and
// the zero time as NULL; they are read back in UTC. Empty optional strings
// are stored as NULL. Durations are stored in whole seconds.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"conforms"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// migrations holds the schema migrations, applied in lexical order of name.
//
//go:embed migration/*.sql
var migrations embed.FS

// pragmas are set on every connection, by the driver, when it opens it.
var pragmas = []string{
	"busy_timeout(5000)",
	"journal_mode(WAL)",
	"foreign_keys(1)",
	"synchronous(NORMAL)",
}

// DB is a conforms.Store on a SQLite database file. It is safe for
// concurrent use.
type DB struct {
	writer *sql.DB // one connection; its transactions begin IMMEDIATE
	reader *sql.DB // read-only connections for View
	// checkpointer copies the WAL into the database file in the
	// background, so that commits do not: the writer's automatic
	// checkpoints are off.
	checkpointer *sql.DB
	stop         chan struct{}
	stopped      chan struct{}
	mu           sync.Mutex
	specs        map[string]int64 // ids of committed rule specs, by specKey
}

func (db *DB) spec(key string) (int64, bool) {
	db.mu.Lock()
	defer db.mu.Unlock()
	id, ok := db.specs[key]
	return id, ok
}

func (db *DB) cacheSpecs(ids map[string]int64) {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.specs == nil || len(db.specs)+len(ids) > maxCachedSpecs {
		db.specs = map[string]int64{}
	}
	for key, id := range ids {
		db.specs[key] = id
	}
}

var _ conforms.Store = (*DB)(nil)

// Open opens the SQLite database at path, creating the file and its parent
// directories if they do not exist, and migrates its schema to the newest
// version.
func Open(path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("sqlite: database path required")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create database directory: %w", err)
	}
	if err := create(path); err != nil {
		return nil, err
	}
	db := &DB{}
	var err error
	if db.writer, err = openPool(path, 1, "_txlock=immediate", "_pragma="+url.QueryEscape("cache_size(-32768)"),
		"_pragma="+url.QueryEscape("wal_autocheckpoint(0)")); err != nil {
		return nil, err
	}
	// Migrating first also switches a new file to WAL before readers open it.
	if err := migrate(context.Background(), db.writer, migrations); err != nil {
		db.writer.Close()
		return nil, err
	}
	if db.reader, err = openPool(path, max(4, runtime.GOMAXPROCS(0)), "_pragma=query_only(1)"); err != nil {
		db.writer.Close()
		return nil, err
	}
	if db.checkpointer, err = openPool(path, 1); err != nil {
		db.reader.Close()
		db.writer.Close()
		return nil, err
	}
	db.stop, db.stopped = make(chan struct{}), make(chan struct{})
	go db.checkpoint()
	return db, nil
}

// checkpointEvery is how often the checkpointer copies the WAL into the
// database file.
const checkpointEvery = 250 * time.Millisecond

// checkpoint runs passive checkpoints until the database closes: they copy
// what readers no longer need and never block the writer, so the WAL
// stays small while commits only append to it.
func (db *DB) checkpoint() {
	defer close(db.stopped)
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-db.stop:
			return
		case <-t.C:
			// A busy checkpoint is tried again at the next tick.
			_, _ = db.checkpointer.Exec(`PRAGMA wal_checkpoint(PASSIVE)`)
		}
	}
}

// pageSize is the page size of a new database: configuration items are
// large rows, which split fewer pages in larger ones.
const pageSize = 16384

// create makes a new database file with the page size, which must be set
// before the file switches to WAL (the driver's _pragma parameters would
// switch it first); an existing file is left as it is.
func create(path string) error {
	if fi, err := os.Stat(path); err == nil && fi.Size() > 0 {
		return nil
	}
	db, err := sql.Open("sqlite", "file:"+escapePath(path))
	if err != nil {
		return fmt.Errorf("create database: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, q := range []string{fmt.Sprintf("PRAGMA page_size = %d", pageSize), "PRAGMA journal_mode = WAL"} {
		if _, err := db.Exec(q); err != nil {
			return fmt.Errorf("create database: %w", err)
		}
	}
	return nil
}

// openPool opens a pool of at most n connections to the database at path,
// with the common pragmas and the DSN parameters in extra, and checks that a
// connection can be made.
func openPool(path string, n int, extra ...string) (*sql.DB, error) {
	params := make([]string, 0, len(pragmas)+len(extra))
	for _, p := range pragmas {
		params = append(params, "_pragma="+url.QueryEscape(p))
	}
	params = append(params, extra...)
	dsn := "file:" + escapePath(path) + "?" + strings.Join(params, "&")

	pool, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	pool.SetMaxOpenConns(n)
	pool.SetMaxIdleConns(n)
	pool.SetConnMaxLifetime(0)
	pool.SetConnMaxIdleTime(0)
	if err := pool.Ping(); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open database: %w", err)
	}
	return pool, nil
}

// escapePath escapes the characters that would end the path part of a file:
// URI or be taken for an escape.
func escapePath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(filepath.ToSlash(path))
}

// Close closes the database.
func (db *DB) Close() error {
	close(db.stop)
	<-db.stopped
	return errors.Join(db.checkpointer.Close(), db.reader.Close(), db.writer.Close())
}

// View runs fn in a read-only transaction, which reads one snapshot of the
// database. Views run concurrently with each other and with Update.
func (db *DB) View(ctx context.Context, fn func(conforms.Tx) error) error {
	tx, err := db.reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("begin view: %w", err)
	}
	defer tx.Rollback()
	if err := fn(&Tx{ctx: ctx, tx: tx, db: db}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit view: %w", err)
	}
	return nil
}

// Update runs fn in a read-write transaction and commits it if fn returns
// nil; otherwise it rolls back and returns fn's error unchanged. Updates run
// one at a time.
func (db *DB) Update(ctx context.Context, fn func(conforms.Tx) error) error {
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin update: %w", err)
	}
	defer tx.Rollback()
	t := &Tx{ctx: ctx, tx: tx, db: db}
	if err := fn(t); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit update: %w", err)
	}
	if len(t.newSpecs) > 0 {
		db.cacheSpecs(t.newSpecs)
	}
	return nil
}

// Tx is a transaction of a [DB]; it implements conforms.Tx. Its methods are
// in the files named after the entities they store.
type Tx struct {
	ctx      context.Context
	tx       *sql.Tx
	db       *DB
	stmts    map[string]*sql.Stmt // prepared in this transaction, by query
	newSpecs map[string]int64     // rule specs this transaction stored, by specKey
}

// stmt returns the query prepared in the transaction, preparing it once:
// a transaction that applies many accounts runs the same statements many
// times, and parsing them was a fifth of its time. The transaction closes
// its statements when it ends.
func (tx *Tx) stmt(query string) (*sql.Stmt, error) {
	if s := tx.stmts[query]; s != nil {
		return s, nil
	}
	s, err := tx.tx.PrepareContext(tx.ctx, query)
	if err != nil {
		return nil, err
	}
	if tx.stmts == nil {
		tx.stmts = map[string]*sql.Stmt{}
	}
	tx.stmts[query] = s
	return s, nil
}

func (tx *Tx) exec(query string, args ...any) (sql.Result, error) {
	s, err := tx.stmt(query)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(tx.ctx, args...)
}

func (tx *Tx) query(query string, args ...any) (*sql.Rows, error) {
	s, err := tx.stmt(query)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(tx.ctx, args...)
}

// queryRow is QueryRowContext with a prepared statement; a failure to
// prepare is returned by Scan.
func (tx *Tx) queryRow(query string, args ...any) scanner {
	s, err := tx.stmt(query)
	if err != nil {
		return errRow{err}
	}
	return s.QueryRowContext(tx.ctx, args...)
}

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

var _ conforms.Tx = (*Tx)(nil)

// scanner is a *sql.Row or *sql.Rows.
type scanner interface {
	Scan(dest ...any) error
}

// list runs a query and scans each row it returns with scan.
func list[T any](tx *Tx, scan func(scanner) (*T, error), query string, args ...any) ([]*T, error) {
	rows, err := tx.query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var items []*T
	for rows.Next() {
		item, err := scan(rows)
		if err != nil {
			return nil, err
		}
		items = append(items, item)
	}
	return items, rows.Err()
}

// deleteRows runs a DELETE and returns sql.ErrNoRows if it deleted nothing.
func (tx *Tx) deleteRows(query string, args ...any) error {
	res, err := tx.exec(query, args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return sql.ErrNoRows
	}
	return nil
}

// limit returns the LIMIT of a page: -1, no limit, for Limit 0.
func limit(p conforms.Page) int {
	if p.Limit <= 0 {
		return -1
	}
	return p.Limit
}

// formatError translates the driver's errors into the errors of the
// conforms.Store contract: no row becomes conforms.ErrNotFound, a broken
// UNIQUE or PRIMARY KEY constraint conforms.ErrConflict. It returns other
// errors unchanged.
func formatError(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return conforms.ErrNotFound
	}
	var e *sqlite.Error
	if errors.As(err, &e) {
		switch e.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return fmt.Errorf("%w: %s", conforms.ErrConflict, e.Error())
		}
	}
	return err
}

// conditions builds a WHERE clause of the conditions whose value is given,
// so that SQLite can use the indexes of those columns; a condition written
// as (? = ” OR column = ?) keeps it from doing so.
type conditions struct {
	clauses []string
	args    []any
}

// eq adds column = value unless value is "".
func (c *conditions) eq(column, value string) {
	if value != "" {
		c.add(column+" = ?", value)
	}
}

func (c *conditions) add(clause string, args ...any) {
	c.clauses = append(c.clauses, clause)
	c.args = append(c.args, args...)
}

func (c *conditions) where() string {
	if len(c.clauses) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(c.clauses, " AND ")
}
