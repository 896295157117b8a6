package sqlite

// Migrate exposes migrate to the tests of package sqlite_test.
var Migrate = migrate

// Migrations exposes the embedded migrations.
var Migrations = migrations
