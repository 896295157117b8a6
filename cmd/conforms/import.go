package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"

	"conforms/api"
)

// runImport implements "conforms import": it sends AWS Config snapshot and
// history files (.json or .json.gz) to a server's import endpoint, signed
// with the caller's AWS credentials (the default chain: environment, shared
// files, profile), one file a request, with a progress line on stderr. A
// file the server refuses is reported with the reason, and the others are
// still imported; the exit status says whether all were.
func runImport(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("conforms import", flag.ContinueOnError)
	endpoint := fs.String("endpoint", envOr("AWS_ENDPOINT_URL", "http://127.0.0.1:4599"), "the conforms server (env AWS_ENDPOINT_URL)")
	region := fs.String("region", envOr("AWS_REGION", envOr("AWS_DEFAULT_REGION", "us-east-1")), "region to import into")
	profile := fs.String("profile", os.Getenv("AWS_PROFILE"), "shared-credentials profile")
	if err := fs.Parse(args); err != nil {
		return err
	}
	files := fs.Args()
	if len(files) == 0 {
		return errors.New("usage: conforms import [--endpoint URL] [--region R] [--profile P] FILE (one or more)")
	}
	opts := []func(*config.LoadOptions) error{config.WithRegion(*region)}
	if *profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(*profile))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return fmt.Errorf("load AWS credentials: %w", err)
	}
	creds, err := cfg.Credentials.Retrieve(ctx)
	if err != nil {
		return fmt.Errorf("load AWS credentials: %w", err)
	}
	var failed []string
	items, start := 0, time.Now()
	for i, f := range files {
		n, err := importFile(ctx, strings.TrimRight(*endpoint, "/"), *region, creds, f)
		items += n
		if err != nil {
			failed = append(failed, err.Error())
		}
		fmt.Fprintf(stderr, "\r%s %d/%d files, %d items, %.0f items/s ", progressBar(i+1, len(files), 30), i+1, len(files), items,
			float64(items)/time.Since(start).Seconds())
	}
	fmt.Fprintln(stderr)
	for _, f := range failed {
		fmt.Fprintln(stderr, "refused:", f)
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d of %d files were refused", len(failed), len(files))
	}
	return nil
}

func progressBar(done, total, width int) string {
	filled := width * done / total
	return "[" + strings.Repeat("=", filled) + strings.Repeat(" ", width-filled) + "]"
}

// importFile sends one file and returns how many items the server recorded.
func importFile(ctx context.Context, endpoint, region string, creds aws.Credentials, path string) (int, error) {
	body, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	n, err := sendImport(ctx, endpoint, region, creds, filepath.Base(path), body, strings.HasSuffix(path, ".gz"))
	if err != nil {
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	return n, nil
}

// sendImport posts one file to a server's import endpoint, signed with
// creds (the hash of the file too, which the server checks before reading
// it), and returns how many items the server recorded.
func sendImport(ctx context.Context, endpoint, region string, creds aws.Credentials, name string, body []byte, gzipped bool) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint+api.ImportPath+"?file="+url.QueryEscape(name), bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	if gzipped {
		req.Header.Set("Content-Encoding", "gzip")
	}
	req.Header.Set("Content-Type", "application/json")
	sum := sha256.Sum256(body)
	req.Header.Set("X-Amz-Content-Sha256", hex.EncodeToString(sum[:]))
	if err := benchSigner.SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), "config", region, time.Now()); err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Type    string `json:"__type"`
			Message string `json:"message"`
		}
		_ = json.Unmarshal(data, &e)
		return 0, fmt.Errorf("%s: %s", e.Type, e.Message)
	}
	var out struct{ Items int }
	if err := json.Unmarshal(data, &out); err != nil {
		return 0, err
	}
	return out.Items, nil
}
