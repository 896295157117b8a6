// Package postgres implements conforms.Store on PostgreSQL (13 or newer;
// tested on 15), through pgx's native interface and its connection pool
// (github.com/jackc/pgx/v5/pgxpool).
//
// It uses pgx directly rather than through database/sql: pgx caches each
// connection's prepared statements by query text (what package sqlite does
// by hand within a transaction), passes arrays and JSON natively, and gives
// each failure its SQLSTATE, which the retries below depend on. The
// sql.Scanner types of value.go work with pgx unchanged.
//
// # Transactions
//
// Several processes may share one database, so Updates are not serialised
// in the process as they are on SQLite: every Update runs at SERIALIZABLE
// isolation, and when PostgreSQL aborts it with a serialization failure
// (SQLSTATE 40001) or a deadlock (40P01) the whole transaction is run again,
// fn included, after a short random wait, up to [MaxAttempts] times. fn may
// therefore run more than once and must not have effects outside the
// transaction that it cannot repeat; the error of the last attempt is
// returned. An error of fn's own ends Update at once, unless the
// transaction had already failed in a way that a retry would cure: then the
// error may come from reads that failed and the transaction is retried.
//
// A transaction begins at its first statement. One whose first statement is
// [Tx.ClaimDeployments] runs at READ COMMITTED instead: it claims with
// SELECT ... FOR UPDATE SKIP LOCKED, the usual queue idiom, under which
// concurrent claims skip each other's rows without waiting; at SERIALIZABLE
// their predicate locks would make them abort each other. The claim's
// UPDATE re-checks a locked row's conditions, so no row is claimed twice.
// Whatever such a transaction does after the claim runs at READ COMMITTED
// too.
//
// An Update whose context is marked by conforms.WithLeasedWrites (the
// application of claimed deployments) runs at READ COMMITTED too: at
// SERIALIZABLE, batches of neighbouring accounts aborted each other through
// their predicate locks on shared index pages, and a third of the work of a
// deployment was done again.
//
// View runs at REPEATABLE READ, READ ONLY: one snapshot, taken at its first
// statement, and no writes.
//
// Unlike SQLite, PostgreSQL aborts the whole transaction when one of its
// statements fails. The statements that report a broken uniqueness rule
// as conforms.ErrConflict, which callers handle and carry on, run inside a
// savepoint, so that the transaction stays usable after the conflict, as on
// SQLite. After any other failed statement, every later statement of the
// transaction fails, and Update returns an error.
//
// # Schema
//
// The schema is created and upgraded by the numbered SQL files in
// migration/, which [Open] applies in lexical order, each in its own
// transaction, and records by name in the migrations table. Open holds a
// session advisory lock while it migrates, so that processes starting
// together on an empty database apply each migration once. The tables are
// created in the first schema of the connection's search_path, and the lock
// is per schema, so that several stores can share one database in schemas
// of their own.
//
// Text columns that are keys or are ordered use the "C" collation: they
// compare byte by byte, like SQLite's and Go's strings, whatever the
// database's locale. Times are timestamptz (microseconds), read back in
// UTC; the zero time is NULL, except in the deployment columns that are
// compared with < and <=, where it is the Unix epoch. Empty optional strings
// are stored as NULL. Durations are stored in whole seconds. Lists of
// strings are text[]; documents that conforms encodes are json, kept as
// written, except those of configuration items, which are text: an import
// writes millions of them, and the store encodes them itself. Bulk writes
// (PutConfigRules, PutEvaluationResults, PutConfigurationItems) send one
// array per column and INSERT ... SELECT FROM unnest, one statement for
// any number of rows. PostgreSQL's text cannot hold NUL characters or
// invalid UTF-8: storing such a string fails, where SQLite stores it.
//
// # Connections
//
// The URL is a libpq-style URL or keyword/value string as pgxpool.ParseConfig
// reads it; its pool_max_conns parameter sizes the pool (by default the
// larger of 4 and the number of CPUs), and default_query_exec_mode=exec
// turns off the prepared statement cache, for poolers such as PgBouncer in
// transaction mode.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"conforms"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// migrations holds the schema migrations, applied in lexical order of name.
//
//go:embed migration/*.sql
var migrations embed.FS

// MaxAttempts is how many times Update runs a transaction that PostgreSQL
// aborts with a serialization failure or a deadlock before it gives up and
// returns the error.
const MaxAttempts = 30

// Waits between attempts: a random duration up to retryWait, which doubles
// after each attempt up to maxRetryWait.
const (
	retryWait    = 2 * time.Millisecond
	maxRetryWait = 100 * time.Millisecond
)

// DB is a conforms.Store on a PostgreSQL database. It is safe for
// concurrent use.
type DB struct {
	pool    *pgxpool.Pool
	retries atomic.Int64 // attempts of Updates run again
	mu      sync.Mutex
	specs   map[string]int64 // ids of committed rule specs, by specKey
}

var _ conforms.Store = (*DB)(nil)

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

// Open connects to the PostgreSQL database at url and migrates its schema
// to the newest version. ctx bounds the connection and the migration, not
// the life of the DB.
func Open(ctx context.Context, url string) (*DB, error) {
	if url == "" {
		return nil, errors.New("postgres: database URL required")
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parse database URL: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if err := migrate(ctx, pool, migrations); err != nil {
		pool.Close()
		return nil, err
	}
	return &DB{pool: pool}, nil
}

// Close closes the database's connections. It waits for the connections in
// use to be released.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// View runs fn in a read-only transaction at REPEATABLE READ, which reads
// one snapshot of the database.
func (db *DB) View(ctx context.Context, fn func(conforms.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	tx := &Tx{ctx: ctx, db: db, opts: pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}}
	defer tx.rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.commit(); err != nil {
		return fmt.Errorf("commit view: %w", err)
	}
	return nil
}

// Update runs fn in a read-write transaction at SERIALIZABLE and commits it
// if fn returns nil; otherwise it rolls back and returns fn's error
// unchanged. A transaction that PostgreSQL aborts with a serialization
// failure or a deadlock is run again, fn included, up to MaxAttempts times.
func (db *DB) Update(ctx context.Context, fn func(conforms.Tx) error) error {
	wait := retryWait
	for attempt := 1; ; attempt++ {
		err, retry := db.update(ctx, fn)
		if !retry || attempt == MaxAttempts {
			return err
		}
		t := time.NewTimer(rand.N(wait))
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
		wait = min(2*wait, maxRetryWait)
		db.retries.Add(1)
	}
}

// update makes one attempt at Update, and reports whether the error it
// returns calls for another.
func (db *DB) update(ctx context.Context, fn func(conforms.Tx) error) (err error, retry bool) {
	if err := ctx.Err(); err != nil {
		return err, false
	}
	tx := &Tx{ctx: ctx, db: db, opts: pgx.TxOptions{IsoLevel: pgx.Serializable}}
	if conforms.LeasedWrites(ctx) {
		tx.opts.IsoLevel = pgx.ReadCommitted
	}
	defer tx.rollback()
	if err := fn(tx); err != nil {
		return err, tx.failed != nil || retryable(err)
	}
	if err := tx.commit(); err != nil {
		return fmt.Errorf("commit update: %w", err), tx.failed != nil || retryable(err)
	}
	if len(tx.newSpecs) > 0 {
		db.cacheSpecs(tx.newSpecs)
	}
	return nil, false
}

// retryable reports whether err is a failure that running the transaction
// again may avoid: a serialization failure or a deadlock.
func retryable(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && (e.Code == "40001" || e.Code == "40P01")
}

// Tx is a transaction of a [DB]; it implements conforms.Tx. Its methods are
// in the files named after the entities they store. Each attempt of an
// Update gets a Tx of its own.
type Tx struct {
	ctx      context.Context
	db       *DB
	opts     pgx.TxOptions
	tx       pgx.Tx           // begun by the first statement
	failed   error            // the first retryable failure of a statement
	newSpecs map[string]int64 // rule specs this transaction stored, by specKey
}

var _ conforms.Tx = (*Tx)(nil)

// begin returns the transaction, beginning it with tx.opts if no statement
// has run yet.
func (tx *Tx) begin() (pgx.Tx, error) {
	if tx.tx != nil {
		return tx.tx, nil
	}
	t, err := tx.db.pool.BeginTx(tx.ctx, tx.opts)
	if err != nil {
		return nil, tx.note(fmt.Errorf("begin transaction: %w", err))
	}
	tx.tx = t
	return t, nil
}

func (tx *Tx) commit() error {
	if tx.tx == nil {
		return nil
	}
	return tx.note(tx.tx.Commit(tx.ctx))
}

// rollback ends the transaction if commit did not. Rolling back with a
// context of its own lets a canceled Update return its connection clean.
func (tx *Tx) rollback() {
	if tx.tx == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(tx.ctx), 5*time.Second)
	defer cancel()
	_ = tx.tx.Rollback(ctx)
}

// note records err if it is a retryable failure, and returns it.
func (tx *Tx) note(err error) error {
	if tx.failed == nil && err != nil && retryable(err) {
		tx.failed = err
	}
	return err
}

func (tx *Tx) exec(query string, args ...any) (pgconn.CommandTag, error) {
	if unstorable(args) {
		if strings.HasPrefix(strings.TrimSpace(query), "INSERT") {
			return pgconn.CommandTag{}, errUnstorable
		}
		return pgconn.NewCommandTag("UPDATE 0"), nil // nothing stored can match
	}
	t, err := tx.begin()
	if err != nil {
		return pgconn.CommandTag{}, err
	}
	tag, err := t.Exec(tx.ctx, query, args...)
	return tag, tx.note(err)
}

// execSavepoint is exec inside a savepoint: if the statement fails with a
// unique violation, the transaction is rolled back to the savepoint and
// stays usable, and the error is returned.
func (tx *Tx) execSavepoint(query string, args ...any) (pgconn.CommandTag, error) {
	t, err := tx.begin()
	if err != nil {
		return pgconn.CommandTag{}, err
	}
	// One round trip: the three statements go in one batch.
	b := &pgx.Batch{}
	b.Queue("SAVEPOINT conforms_stmt")
	b.Queue(query, args...)
	b.Queue("RELEASE SAVEPOINT conforms_stmt")
	res := t.SendBatch(tx.ctx, b)
	_, err = res.Exec()
	var tag pgconn.CommandTag
	if err == nil {
		tag, err = res.Exec()
		if err == nil {
			_, err = res.Exec()
		}
	}
	if cerr := res.Close(); err == nil {
		err = cerr
	}
	if err != nil && isUniqueViolation(err) {
		if _, rerr := t.Exec(tx.ctx, "ROLLBACK TO SAVEPOINT conforms_stmt; RELEASE SAVEPOINT conforms_stmt"); rerr != nil {
			return tag, tx.note(errors.Join(err, rerr))
		}
	}
	return tag, tx.note(err)
}

// sendBatch runs the statements queued in b in one round trip, and returns
// the first error.
func (tx *Tx) sendBatch(b *pgx.Batch) error {
	t, err := tx.begin()
	if err != nil {
		return err
	}
	return tx.note(t.SendBatch(tx.ctx, b).Close())
}

// query runs a query and calls fn for each row it returns.
func (tx *Tx) query(fn func(pgx.Rows) error, query string, args ...any) error {
	if unstorable(args) {
		return nil // nothing stored can match
	}
	t, err := tx.begin()
	if err != nil {
		return err
	}
	rows, err := t.Query(tx.ctx, query, args...)
	if err != nil {
		return tx.note(err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return tx.note(err)
		}
	}
	return tx.note(rows.Err())
}

// queryRow is QueryRow; errors, also that of beginning the transaction, are
// returned by Scan.
func (tx *Tx) queryRow(query string, args ...any) scanner {
	if unstorable(args) {
		return errRow{pgx.ErrNoRows} // nothing stored can match
	}
	t, err := tx.begin()
	if err != nil {
		return errRow{err}
	}
	return row{tx, t.QueryRow(tx.ctx, query, args...)}
}

type row struct {
	tx  *Tx
	row pgx.Row
}

func (r row) Scan(dest ...any) error { return r.tx.note(r.row.Scan(dest...)) }

// errUnstorable is the error of a write of text that PostgreSQL cannot hold.
var errUnstorable = errors.New("postgres: text with a NUL character or invalid UTF-8 cannot be stored")

// unstorable reports whether an argument is text that PostgreSQL refuses:
// a NUL character or invalid UTF-8. Sent, it would fail the statement and
// with it the whole transaction; since nothing stored can hold such text,
// a read that names it finds nothing instead, without asking the server.
func unstorable(args []any) bool {
	bad := func(s string) bool { return strings.IndexByte(s, 0) >= 0 || !utf8.ValidString(s) }
	for _, a := range args {
		switch v := a.(type) {
		case string:
			if bad(v) {
				return true
			}
		case []string:
			for _, s := range v {
				if bad(s) {
					return true
				}
			}
		}
	}
	return false
}

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

// scanner is a pgx.Row or pgx.Rows.
type scanner interface {
	Scan(dest ...any) error
}

// list runs a query and scans each row it returns with scan.
func list[T any](tx *Tx, scan func(scanner) (*T, error), query string, args ...any) ([]*T, error) {
	var items []*T
	err := tx.query(func(rows pgx.Rows) error {
		item, err := scan(rows)
		if err != nil {
			return err
		}
		items = append(items, item)
		return nil
	}, query, args...)
	if err != nil {
		return nil, err
	}
	return items, nil
}

// deleteRows runs a DELETE and returns pgx.ErrNoRows if it deleted nothing.
func (tx *Tx) deleteRows(query string, args ...any) error {
	tag, err := tx.exec(query, args...)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return pgx.ErrNoRows
	}
	return nil
}

// limit returns the LIMIT of a page: NULL, no limit, for Limit 0.
func limit(p conforms.Page) any {
	if p.Limit <= 0 {
		return nil
	}
	return p.Limit
}

// formatError translates the driver's errors into the errors of the
// conforms.Store contract: no row becomes conforms.ErrNotFound, a unique
// violation (SQLSTATE 23505) conforms.ErrConflict. It returns other errors
// unchanged.
func formatError(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return conforms.ErrNotFound
	}
	var e *pgconn.PgError
	if errors.As(err, &e) && e.Code == "23505" {
		return fmt.Errorf("%w: %s", conforms.ErrConflict, e.Error())
	}
	return err
}

func isUniqueViolation(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == "23505"
}

// conditions builds a WHERE clause of the conditions whose value is given,
// numbering their parameters $1, $2, ...
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

// add adds clause, whose parameters are written ?, with their args.
func (c *conditions) add(clause string, args ...any) {
	var b strings.Builder
	for i, part := range strings.Split(clause, "?") {
		if i > 0 {
			b.WriteString(c.param(args[i-1]))
		}
		b.WriteString(part)
	}
	c.clauses = append(c.clauses, b.String())
}

// param adds an argument and returns its placeholder.
func (c *conditions) param(v any) string {
	c.args = append(c.args, v)
	return "$" + strconv.Itoa(len(c.args))
}

func (c *conditions) where() string {
	if len(c.clauses) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(c.clauses, " AND ")
}
