package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
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
		file := syntheticSnapshot(ids[i], samples, *items)
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

// syntheticSnapshot makes a snapshot file of n copies of the samples for
// an account, with fresh ids, every other one with its encryption and
// versioning settings turned off.
func syntheticSnapshot(account string, samples []map[string]any, n int) []byte {
	items := make([]map[string]any, 0, n)
	for i := range n {
		src := samples[i%len(samples)]
		ci := make(map[string]any, len(src))
		for k, v := range src {
			ci[k] = v
		}
		delete(ci, "accountId")
		id := fmt.Sprintf("%v-%d", src["resourceId"], i)
		ci["awsAccountId"], ci["resourceId"], ci["resourceName"], ci["awsRegion"] = account, id, id, "us-east-1"
		// One corpus CI has Python datetimes for its times.
		ci["configurationItemCaptureTime"], ci["resourceCreationTime"] = "2026-11-24T00:00:00Z", "2026-01-01T00:00:00Z"
		if i%2 == 1 {
			if cfg, ok := src["configuration"].(map[string]any); ok {
				c := make(map[string]any, len(cfg))
				for k, v := range cfg {
					c[k] = v
				}
				c["encrypted"], c["storageEncrypted"], c["publiclyAccessible"] = false, false, true
				ci["configuration"] = c
			}
		}
		items = append(items, ci)
	}
	data, _ := json.Marshal(map[string]any{"fileVersion": "1.0", "configurationItems": items})
	return data
}
