package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	cstypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
)

// runEvaluationBench implements "conforms bench evaluation": an
// organization of --accounts accounts (each recording) with a pack
// deployed to all of them, then --items configuration items imported into
// each account (copies of the corpus CIs with new ids, half of them made
// non-compliant), timed until every import, and so every evaluation, is
// done. It runs an in-process conforms with --auth=account-id.
func runEvaluationBench(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("conforms bench evaluation", flag.ContinueOnError)
	accounts := fs.Int("accounts", 100, "accounts in the organization, the management account included")
	items := fs.Int("items", 1000, "configuration items imported into each account")
	templatePath := fs.String("template", "", "conformance pack template deployed to every account (required)")
	corpus := fs.String("corpus", filepath.Join("..", "shared", "corpus", "configuration-items", "rdk-example-ci"), "directory of CIs to copy")
	concurrency := fs.Int("concurrency", 4, "concurrent imports")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the imports to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	body, err := os.ReadFile(*templatePath)
	if err != nil {
		return fmt.Errorf("--template: %w", err)
	}
	samples, err := sampleCIs(*corpus)
	if err != nil {
		return err
	}
	maker, err := newSnapshotMaker(samples)
	if err != nil {
		return err
	}
	t := &benchTarget{region: "us-east-1"}
	stop, err := benchServer(ctx, t, "account-id")
	if err != nil {
		return err
	}
	defer stop()
	ids, err := benchOrg(ctx, t, *accounts, *concurrency)
	if err != nil {
		return err
	}
	client := t.configClient()
	if _, err := client.PutOrganizationConformancePack(ctx, &configservice.PutOrganizationConformancePackInput{
		OrganizationConformancePackName: aws.String("bench"), TemplateBody: aws.String(string(body))}); err != nil {
		return err
	}
	if st, err := pollOrgPack(ctx, client, "bench", 10*time.Minute); err != nil {
		return err
	} else if st.Status != cstypes.OrganizationResourceStatusCreateSuccessful {
		return fmt.Errorf("deployment: %s", st.Status)
	}
	fmt.Printf("evaluation bench: %d accounts with the pack deployed; importing %d items each\n", len(ids), *items)

	stopProfile, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return err
	}
	defer stopProfile()
	start := time.Now()
	err = parallel(ctx, len(ids), *concurrency, func(i int) error {
		file := maker.snapshot(ids[i], *items)
		_, err := sendImport(ctx, t.endpoint, t.region, t.as(ids[i]).creds, ids[i]+".json", file, false)
		return err
	})
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	total := len(ids) * *items
	fmt.Printf("evaluation bench: %d items imported and evaluated in %v: %.0f items/s; peak RSS of this process %d MiB\n",
		total, elapsed.Round(time.Millisecond), float64(total)/elapsed.Seconds(), peakRSS()>>20)
	stopProfile()
	return consoleTimes(ctx, t.endpoint, t.creds.AccessKeyID, "/console/compliance", "/console/compliance?sort=worst&page=2",
		"/console/packs", "/console/packs/bench", "/console/organization")
}

// consoleTimes signs in to the console of an --auth=account-id server as
// the root of an account and prints the server time (Server-Timing) of
// each page, the median of three requests.
func consoleTimes(ctx context.Context, endpoint, account string, pages ...string) error {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return err
	}
	client := &http.Client{Jar: jar}
	resp, err := client.PostForm(endpoint+"/console/signin", url.Values{"key_id": {account}, "secret": {"any"}, "region": {"us-east-1"}})
	if err != nil {
		return err
	}
	resp.Body.Close()
	for _, page := range pages {
		var times []float64
		for range 3 {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint+page, nil)
			if err != nil {
				return err
			}
			resp, err := client.Do(req)
			if err != nil {
				return err
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				return fmt.Errorf("console %s: %s", page, resp.Status)
			}
			var ms float64
			if _, err := fmt.Sscanf(resp.Header.Get("Server-Timing"), "app;dur=%g", &ms); err != nil {
				return fmt.Errorf("console %s: Server-Timing %q", page, resp.Header.Get("Server-Timing"))
			}
			times = append(times, ms)
		}
		slices.Sort(times)
		fmt.Printf("console %-40s %8.1f ms server time (median of 3)\n", page, times[1])
	}
	return nil
}

// sampleCIs reads the corpus CIs to copy.
func sampleCIs(dir string) ([]map[string]any, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []map[string]any
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		var ci map[string]any
		if json.Unmarshal(data, &ci) == nil && ci["resourceType"] != nil {
			out = append(out, ci)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no CIs in %s", dir)
	}
	return out, nil
}

// snapshotMaker makes synthetic snapshot files cheaply: each sample CI is
// encoded once, in a compliant and a non-compliant variant, with markers
// where the account and the resource id go, and a file is the variants
// joined with the markers replaced. Encoding maps item by item cost the
// client a tenth of the CPU of a run.
type snapshotMaker struct {
	variants [][2][][]byte // per sample, per variant: the text around the markers
	ids      [][]byte      // per sample, its resource id as JSON string content
}

const (
	accountMarker = "@@ACCOUNT@@"
	idMarker      = "@@ID@@"
)

func newSnapshotMaker(samples []map[string]any) (*snapshotMaker, error) {
	m := &snapshotMaker{}
	for _, src := range samples {
		var pair [2][][]byte
		for variant := range 2 {
			ci := make(map[string]any, len(src))
			for k, v := range src {
				ci[k] = v
			}
			delete(ci, "accountId")
			ci["awsAccountId"], ci["resourceId"], ci["resourceName"], ci["awsRegion"] = accountMarker, idMarker, idMarker, "us-east-1"
			// One corpus CI has Python datetimes for its times.
			ci["configurationItemCaptureTime"], ci["resourceCreationTime"] = "2026-11-24T00:00:00Z", "2026-01-01T00:00:00Z"
			if cfg, ok := src["configuration"].(map[string]any); ok && variant == 1 {
				c := make(map[string]any, len(cfg))
				for k, v := range cfg {
					c[k] = v
				}
				c["encrypted"], c["storageEncrypted"], c["publiclyAccessible"] = false, false, true
				ci["configuration"] = c
			}
			data, err := json.Marshal(ci)
			if err != nil {
				return nil, err
			}
			pair[variant] = splitMarkers(data)
		}
		id, err := json.Marshal(fmt.Sprint(src["resourceId"]))
		if err != nil {
			return nil, err
		}
		m.variants, m.ids = append(m.variants, pair), append(m.ids, id[1:len(id)-1])
	}
	return m, nil
}

// splitMarkers cuts text at the markers: the parts at odd indexes are the
// markers themselves.
func splitMarkers(data []byte) [][]byte {
	var parts [][]byte
	for len(data) > 0 {
		i, j := bytes.Index(data, []byte(accountMarker)), bytes.Index(data, []byte(idMarker))
		k, marker := i, accountMarker
		if k < 0 || (j >= 0 && j < k) {
			k, marker = j, idMarker
		}
		if k < 0 {
			break
		}
		parts = append(parts, data[:k], []byte(marker))
		data = data[k+len(marker):]
	}
	return append(parts, data)
}

// snapshot makes a snapshot file of n copies of the samples for an
// account, with fresh ids, every other one with its encryption and
// versioning settings turned off.
func (m *snapshotMaker) snapshot(account string, n int) []byte {
	out := make([]byte, 0, n*2048)
	out = append(out, `{"fileVersion":"1.0","configurationItems":[`...)
	for i := range n {
		if i > 0 {
			out = append(out, ',')
		}
		sample := i % len(m.variants)
		id := strconv.AppendInt(nil, int64(i), 10)
		for _, part := range m.variants[sample][i%2] {
			switch string(part) {
			case accountMarker:
				out = append(out, account...)
			case idMarker:
				out = append(out, m.ids[sample]...)
				out = append(out, '-')
				out = append(out, id...)
			default:
				out = append(out, part...)
			}
		}
	}
	return append(out, "]}"...)
}
