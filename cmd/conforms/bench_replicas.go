package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/jackc/pgx/v5"
)

// benchReplicas starts n replicas of conforms serve (this executable, with
// --auth=account-id) as child processes sharing a fresh schema of the
// PostgreSQL database at store, and points t at the first one as the root
// of account 111111111111. stop kills the replicas and drops the schema.
func benchReplicas(ctx context.Context, t *benchTarget, store string, n int) (stop func(), err error) {
	exe, err := benchExecutable()
	if err != nil {
		return nil, err
	}
	schemaURL, drop, err := benchSchema(ctx, store)
	if err != nil {
		return nil, err
	}
	var cmds []*exec.Cmd
	var dirs []string
	stop = func() {
		for _, c := range cmds {
			_ = c.Process.Kill()
			_ = c.Wait()
		}
		for _, d := range dirs {
			os.RemoveAll(d)
		}
		drop()
	}
	var addrs []string
	for range n {
		dir, err := os.MkdirTemp("", "conforms-bench-")
		if err != nil {
			stop()
			return nil, err
		}
		dirs = append(dirs, dir)
		addr, err := freeLoopbackAddr()
		if err != nil {
			stop()
			return nil, err
		}
		c := exec.Command(exe, "serve", "--store", schemaURL, "--data", dir, "--listen", addr, "--auth", "account-id", "--log-level", "error")
		c.Stderr = os.Stderr
		if err := c.Start(); err != nil {
			stop()
			return nil, err
		}
		cmds, addrs = append(cmds, c), append(addrs, addr)
	}
	for _, addr := range addrs {
		if err := waitHealthy(ctx, "http://"+addr, 30*time.Second); err != nil {
			stop()
			return nil, err
		}
	}
	t.endpoint, t.creds = "http://"+addrs[0], aws.Credentials{AccessKeyID: "111111111111", SecretAccessKey: "any"}
	return stop, nil
}

// benchExecutable returns the conforms binary that benchReplicas starts:
// this one (tests set another).
var benchExecutable = os.Executable

// benchSchema creates a schema of its own in the database at store and
// returns the URL that puts it first in the search_path, and a function
// that drops it.
func benchSchema(ctx context.Context, store string) (string, func(), error) {
	conn, err := pgx.Connect(ctx, store)
	if err != nil {
		return "", nil, fmt.Errorf("--store: %w", err)
	}
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	schema := "conforms_bench_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		conn.Close(ctx)
		return "", nil, fmt.Errorf("--store: %w", err)
	}
	drop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_, _ = conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE")
		conn.Close(ctx)
	}
	u, err := url.Parse(store)
	if err != nil {
		drop()
		return "", nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), drop, nil
}

func freeLoopbackAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// waitHealthy waits for a server's /healthz to answer 200.
func waitHealthy(ctx context.Context, endpoint string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if err := ctx.Err(); err != nil {
			return err
		}
		if resp, err := http.Get(endpoint + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return errors.New(endpoint + " did not become healthy")
}
