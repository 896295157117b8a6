package sqlite

// Migrate exposes migrate to the tests of package sqlite_test.
var Migrate = migrate

// Migrations exposes the embedded migrations.
var Migrations = migrations

// JSONValue encodes v as the store writes it.
func JSONValue(v any) (string, error) {
	s, err := jsonValue{v}.Value()
	if err != nil {
		return "", err
	}
	return s.(string), nil
}
