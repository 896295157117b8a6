// Command conforms runs the conforms server and its operator tools.
//
//	conforms serve [flags]   run the server
//	conforms bench [flags]   measure signed requests per second in-process
//	conforms bench fanout [flags]   time an organization conformance pack's deployment
//	conforms rules           list the managed rules conforms evaluates
//	conforms import FILE...  import AWS Config snapshot and history files into a server
//	conforms version         print the version
//
// Run "conforms serve -h" for the flags; each has an environment variable.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// Version is set at build time with -ldflags "-X main.Version=...".
var Version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "conforms:", err)
		}
		os.Exit(2)
	}
}

func run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usage()
	}
	switch args[0] {
	case "serve", "bench":
		tuneGC()
	}
	switch args[0] {
	case "serve":
		m := NewMain()
		if err := m.ParseFlags(args[1:]); err != nil {
			return err
		}
		return m.Run(ctx)
	case "bench":
		if len(args) > 1 && args[1] == "fanout" {
			return runFanout(ctx, args[2:])
		}
		if len(args) > 1 && args[1] == "evaluation" {
			return runEvaluationBench(ctx, args[2:])
		}
		return runBench(ctx, args[1:])
	case "rules":
		return runRules(args[1:], os.Stdout)
	case "import":
		return runImport(ctx, args[1:], os.Stderr)
	case "version":
		fmt.Println(Version)
		return nil
	case "help", "-h", "--help":
		return usage()
	}
	return fmt.Errorf("unknown command %q (try: conforms help)", args[0])
}

// tuneGC lets the heap grow to five times what is live between two
// collections (Go's default, GOGC=100, lets it double), under a soft limit
// of 1 GiB past which the collector works harder: an import allocates much
// short-lived memory, and collecting it at the default pace took a tenth
// of the CPU of a large import. GOGC and GOMEMLIMIT in the environment win.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(1 << 30)
	}
}

func usage() error {
	fmt.Fprint(os.Stderr, `conforms: a self-hostable AWS Config service for whole organizations

Usage:
  conforms serve [flags]   run the server (conforms serve -h lists the flags)
  conforms bench [flags]   measure signed requests per second on this machine
  conforms bench fanout [flags]
                           time an organization conformance pack's deployment to
                           organizations of 100, 1,000, ... accounts
  conforms bench evaluation [flags]
                           time importing and evaluating configuration items across
                           an organization with a pack deployed
  conforms rules [--coverage DIR]
                           list the managed rules conforms evaluates; with a directory of
                           pack templates, the share of their rule instances it evaluates
  conforms import [flags] FILE...
                           import AWS Config snapshot and history files (.json, .json.gz)
  conforms version         print the version
`)
	return flag.ErrHelp
}
