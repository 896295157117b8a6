// Command apigen generates the API layer of conforms from the vendored AWS
// service models in model/, and re-vendors those models from botocore.
//
//	go run ./internal/apigen [-model DIR] [-out DIR]   generate (what go generate runs)
//	go run ./internal/apigen -vendor DATADIR [-model DIR]   re-vendor from botocore/data
//
// Generation writes api/awsconfig, api/organizations, api/sts and the root
// package's codes_gen.go under -out (the repository root). Output is
// deterministic and gofmt'ed.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	vendorDir := flag.String("vendor", "", "re-vendor the models from this botocore data directory instead of generating")
	modelDir := flag.String("model", "model", "directory of the vendored models and patches.json")
	outDir := flag.String("out", ".", "repository root to write generated code into")
	flag.Parse()
	var err error
	if *vendorDir != "" {
		err = vendor(*vendorDir, *modelDir)
	} else {
		err = generate(*modelDir, *outDir)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "apigen:", err)
		os.Exit(1)
	}
}
