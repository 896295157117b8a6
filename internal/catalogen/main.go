// Command catalogen generates catalog/managed_rules.json, the managed-rule
// catalog embedded in package conforms/catalog, from the managed-rule metadata
// in shared/corpus/managed-rules:
//
//	go run ./internal/catalogen [-src DIR] [-out FILE]   (from the repository root)
//	go generate ./catalog                                 (runs the same with paths relative to catalog/)
//
// -src holds aws_managed_rules.json (moto's list scraped from the AWS Config
// developer guide) and top-rules.json (rule names for the most used
// identifiers). The output is deterministic: rules sorted by identifier, one
// rule per line, parameters in documentation order.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	src := flag.String("src", "../shared/corpus/managed-rules", "directory holding aws_managed_rules.json and top-rules.json")
	out := flag.String("out", "catalog/managed_rules.json", "file to write")
	flag.Parse()
	if err := run(*src, *out); err != nil {
		fmt.Fprintln(os.Stderr, "catalogen:", err)
		os.Exit(1)
	}
}

// run generates the catalog from src and writes it to out, leaving out
// untouched when the content is unchanged.
func run(src, out string) error {
	data, err := generate(src)
	if err != nil {
		return err
	}
	if old, err := os.ReadFile(out); err == nil && string(old) == string(data) {
		return nil
	}
	if err := os.WriteFile(out, data, 0o644); err != nil {
		return fmt.Errorf("write catalog: %w", err)
	}
	return nil
}
