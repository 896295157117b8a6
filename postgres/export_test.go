package postgres

// Migrate exposes migrate to the tests of package postgres_test.
var Migrate = migrate

// Migrations exposes the embedded migrations.
var Migrations = migrations

// Retries returns how many times db ran an Update's transaction again.
func Retries(db *DB) int64 { return db.retries.Load() }
