package postgres

// Migrate exposes migrate to the tests of package postgres_test.
var Migrate = migrate

// Migrations exposes the embedded migrations.
var Migrations = migrations
