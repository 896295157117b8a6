// Package conforms: the API layer in api/ and codes_gen.go is generated from
// the vendored AWS models in model/ by internal/apigen.
package conforms

//go:generate go run ./internal/apigen
