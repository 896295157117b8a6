package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	cstypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
	"github.com/jackc/pgx/v5/pgxpool"
)

// TestReplicas_DeploymentConverges runs three replicas of the built binary
// on one PostgreSQL database, started at the same moment on an empty
// database, and deploys an organization conformance pack of 130 rules to
// 1,000 accounts through them. One replica is killed with SIGKILL when
// about half the accounts are done; the two others finish the deployment,
// taking over its expired leases. Every account ends with exactly one
// member pack holding exactly its 130 rules, and every deployment row is
// applied once, at the pack's generation.
func TestReplicas_DeploymentConverges(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary, starts PostgreSQL and deploys to 1,000 accounts")
	}
	const accounts, rules = 1000, 130
	body := must(os.ReadFile(filepath.Join("..", "..", "..", "shared", "corpus", "conformance-packs", "Operational-Best-Practices-for-APRA-CPG-234.yaml")))(t)
	store := postgresStore(t, t.TempDir())
	bin := buildBinary(t)
	replicas := make([]*crashServer, 3)
	for i := range replicas {
		replicas[i] = &crashServer{bin: bin, dir: t.TempDir(), addr: freeAddr(t),
			args: []string{"--store", store, "--deploy-lease", "2s"}}
		replicas[i].launch(t) // all at once: migrations and bootstrap race
	}
	defer func() {
		for _, r := range replicas {
			_ = r.cmd.Process.Kill()
			_ = r.cmd.Wait()
		}
	}()
	for _, r := range replicas {
		r.waitReady(t)
	}
	// One bootstrap identity, whichever replica won.
	var key string
	for i, r := range replicas {
		b := must(os.ReadFile(filepath.Join(r.dir, "credentials")))(t)
		if i == 0 {
			key = string(b)
		} else if string(b) != key {
			t.Fatalf("replica %d bootstrapped another identity:\n%s\nwant\n%s", i, b, key)
		}
	}

	target := func(r *crashServer) *benchTarget {
		return &benchTarget{endpoint: "http://" + r.addr, region: "us-east-1",
			creds: aws.Credentials{AccessKeyID: "111111111111", SecretAccessKey: "any"}}
	}
	start := time.Now()
	ids := must(benchOrg(bg, target(replicas[0]), accounts, 4))(t)
	t.Logf("organization of %d accounts set up through replica 0 in %v", len(ids), time.Since(start).Round(time.Millisecond))
	start = time.Now()
	must(target(replicas[1]).configClient().PutOrganizationConformancePack(bg, &configservice.PutOrganizationConformancePackInput{
		OrganizationConformancePackName: aws.String("replicas"), TemplateBody: aws.String(string(body))}))(t)

	// Kill replica 0 halfway.
	watcher := target(replicas[2]).configClient()
	for {
		done := must(countSuccessful(bg, watcher, "replicas"))(t)
		if done >= accounts/2 {
			if done == accounts {
				t.Fatal("the deployment finished before the kill; deploy to more accounts")
			}
			t.Logf("killing replica 0 with %d of %d accounts done, after %v", done, accounts, time.Since(start).Round(time.Millisecond))
			replicas[0].kill(t)
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if st, err := pollOrgPack(bg, watcher, "replicas", 3*time.Minute); err != nil || st.Status != cstypes.OrganizationResourceStatusCreateSuccessful {
		t.Fatalf("status = %s %s %s, %v", st.Status, aws.ToString(st.ErrorCode), aws.ToString(st.ErrorMessage), err)
	}
	t.Logf("deployed to %d accounts in %v", accounts, time.Since(start).Round(time.Millisecond))

	// The whole state, read from the database.
	ctx, cancel := context.WithTimeout(bg, time.Minute)
	defer cancel()
	db := must(pgxpool.New(ctx, store))(t)
	defer db.Close()
	var deployments, applied int
	if err := db.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE status = 'CREATE_SUCCESSFUL' AND applied_generation = generation
		AND NOT remove AND lease_owner IS NULL) FROM deployments WHERE pack_name = 'replicas'`).Scan(&deployments, &applied); err != nil {
		t.Fatal(err)
	}
	if deployments != accounts || applied != accounts {
		t.Errorf("%d deployment rows, %d applied and released; want %d", deployments, applied, accounts)
	}
	rows := must(db.Query(ctx, `SELECT a.id, count(DISTINCT p.name), count(r.name)
		FROM accounts a LEFT JOIN conformance_packs p ON p.account_id = a.id
		LEFT JOIN config_rules r ON r.account_id = p.account_id AND r.region = p.region AND r.conformance_pack = p.name
		WHERE a.org_id IS NOT NULL GROUP BY a.id`))(t)
	defer rows.Close()
	seen := 0
	for rows.Next() {
		var id string
		var packs, n int
		if err := rows.Scan(&id, &packs, &n); err != nil {
			t.Fatal(err)
		}
		if packs != 1 || n != rules {
			t.Errorf("account %s: %d packs, %d rules; want 1 and %d", id, packs, n, rules)
		}
		seen++
	}
	if err := rows.Err(); err != nil || seen != accounts {
		t.Fatalf("%d accounts in the organization, %v; want %d", seen, err, accounts)
	}
	// And through the API of a surviving replica, for a few members.
	for _, id := range []string{ids[1], ids[accounts/2], ids[accounts-1]} {
		member := target(replicas[1]).as(id).configClient()
		packs := must(member.DescribeConformancePacks(bg, &configservice.DescribeConformancePacksInput{}))(t).ConformancePackDetails
		if len(packs) != 1 || !strings.HasPrefix(aws.ToString(packs[0].ConformancePackName), "OrgConformsPack-replicas-") {
			t.Errorf("account %s: packs %v", id, packs)
		}
	}
}

// buildBinary builds the conforms binary into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "conforms")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func TestBench_FanoutReplicas(t *testing.T) {
	// conforms bench fanout --store --replicas: two replicas of the binary
	// on a fresh schema, which is dropped afterwards.
	if testing.Short() {
		t.Skip("builds the binary and starts PostgreSQL")
	}
	bin := buildBinary(t)
	benchExecutable = func() (string, error) { return bin, nil }
	defer func() { benchExecutable = os.Executable }()
	store := postgresStore(t, t.TempDir())
	template := filepath.Join("..", "..", "..", "shared", "corpus", "conformance-packs", "Operational-Best-Practices-for-Amazon-S3.yaml")
	if err := runFanout(bg, []string{"--store", store, "--replicas", "2", "--accounts", "5", "--template", template}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(bg, time.Minute)
	defer cancel()
	db := must(pgxpool.New(ctx, store))(t)
	defer db.Close()
	var n int
	if err := db.QueryRow(ctx, `SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE 'conforms_bench_%'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d bench schemas left, %v", n, err)
	}
}
