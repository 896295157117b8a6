package postgres

import (
	"context"
	"fmt"
	"io/fs"
	"sort"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// migrateLock is the key of the session advisory lock held while migrating:
// one per schema, the first of the search_path, in which the tables are
// created.
const migrateLock = `hashtextextended('conforms.migrate:' || coalesce(current_schema(), ''), 0)`

// migrate applies the migrations in fsys's migration/*.sql that the database
// does not have yet, in lexical order of name, each in its own transaction,
// and records each by name in the migrations table. It holds an advisory
// lock meanwhile, so that processes migrating the same database at once
// apply each migration once: the others wait, then find it recorded.
func migrate(ctx context.Context, pool *pgxpool.Pool, fsys fs.FS) error {
	names, err := fs.Glob(fsys, "migration/*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)

	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(`+migrateLock+`)`); err != nil {
		return fmt.Errorf("migrate: lock: %w", err)
	}
	defer func() {
		if _, err := conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(`+migrateLock+`)`); err != nil {
			// A session that cannot unlock must not go back to the pool
			// holding the lock.
			conn.Conn().Close(context.WithoutCancel(ctx))
		}
	}()

	const create = `CREATE TABLE IF NOT EXISTS migrations (
		name       text COLLATE "C" PRIMARY KEY,
		applied_at timestamptz NOT NULL DEFAULT now()
	)`
	if _, err := conn.Exec(ctx, create); err != nil {
		return fmt.Errorf("create migrations table: %w", err)
	}
	for _, name := range names {
		if err := migrateFile(ctx, conn.Conn(), fsys, name); err != nil {
			return fmt.Errorf("migrate %s: %w", name, err)
		}
	}
	return nil
}

// migrateFile applies one migration unless it is recorded as applied.
func migrateFile(ctx context.Context, conn *pgx.Conn, fsys fs.FS, name string) error {
	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		var applied bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM migrations WHERE name = $1)`, name).Scan(&applied); err != nil || applied {
			return err
		}
		script, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		// Without arguments, Exec uses the simple protocol, which runs a
		// script of several statements.
		if _, err := tx.Exec(ctx, string(script)); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO migrations (name) VALUES ($1)`, name)
		return err
	})
}
