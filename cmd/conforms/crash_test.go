package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	cstypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
)

// crashServer is the conforms binary running as a child process, which the
// test kills with SIGKILL.
type crashServer struct {
	bin, dir, addr string
	args           []string // more flags
	cmd            *exec.Cmd
}

func (c *crashServer) start(t *testing.T) {
	t.Helper()
	c.launch(t)
	c.waitReady(t)
}

// launch starts the process without waiting for it to serve.
func (c *crashServer) launch(t *testing.T) {
	t.Helper()
	c.cmd = exec.Command(c.bin, append([]string{"serve", "--data", c.dir, "--listen", c.addr, "--auth", "account-id",
		"--deploy-lease", "1s", "--deploy-batch", "16", "--log-level", "error"}, c.args...)...)
	c.cmd.Stderr = os.Stderr
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
}

func (c *crashServer) waitReady(t *testing.T) {
	t.Helper()
	if err := waitHealthy(bg, "http://"+c.addr, 20*time.Second); err != nil {
		t.Fatal(err)
	}
}

func (c *crashServer) kill(t *testing.T) {
	t.Helper()
	if err := c.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = c.cmd.Wait()
}

// TestCrash_DeploymentConverges kills the server with SIGKILL three times
// while an organization conformance pack of 130 rules deploys to 300
// accounts. After the last restart every account holds exactly one member
// pack with exactly its 130 rules: nothing lost, nothing applied twice.
func TestCrash_DeploymentConverges(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and deploys to 300 accounts")
	}
	const accounts, rules = 300, 130
	body := must(os.ReadFile(filepath.Join("..", "..", "..", "shared", "corpus", "conformance-packs", "Operational-Best-Practices-for-APRA-CPG-234.yaml")))(t)
	c := &crashServer{bin: buildBinary(t), dir: t.TempDir(), addr: freeAddr(t)}
	c.start(t)
	defer func() { _ = c.cmd.Process.Kill(); _ = c.cmd.Wait() }()

	mgmt := "111111111111"
	target := &benchTarget{endpoint: "http://" + c.addr, region: "us-east-1",
		creds: aws.Credentials{AccessKeyID: mgmt, SecretAccessKey: "any"}}
	ids := must(benchOrg(bg, target, accounts, 4))(t)
	must(target.configClient().PutOrganizationConformancePack(bg, &configservice.PutOrganizationConformancePackInput{
		OrganizationConformancePackName: aws.String("crash"), TemplateBody: aws.String(string(body))}))(t)

	client := target.configClient()
	midway := 0 // kills while the deployment was in progress
	for i := range 3 {
		time.Sleep(time.Duration(150+100*i) * time.Millisecond)
		done, err := countSuccessful(bg, client, "crash")
		if err != nil {
			t.Fatal(err)
		}
		if done < accounts {
			midway++
		}
		t.Logf("kill %d: %d of %d accounts done", i+1, done, accounts)
		c.kill(t)
		c.start(t)
	}
	if midway == 0 {
		t.Fatal("no kill happened during the deployment; deploy to more accounts")
	}
	if st, err := pollOrgPack(bg, client, "crash", 2*time.Minute); err != nil || st.Status != cstypes.OrganizationResourceStatusCreateSuccessful {
		t.Fatalf("status = %s %s %s, %v", st.Status, aws.ToString(st.ErrorCode), aws.ToString(st.ErrorMessage), err)
	}
	if n, err := countSuccessful(bg, client, "crash"); err != nil || n != accounts {
		t.Fatalf("%d accounts CREATE_SUCCESSFUL, %v; want %d", n, err, accounts)
	}
	for _, id := range ids {
		member := target.as(id).configClient()
		packs := must(member.DescribeConformancePacks(bg, &configservice.DescribeConformancePacksInput{}))(t).ConformancePackDetails
		if len(packs) != 1 {
			t.Fatalf("account %s has %d packs", id, len(packs))
		}
		suffix := strings.TrimPrefix(aws.ToString(packs[0].ConformancePackId), "conformance-pack-")
		n := 0
		p := configservice.NewDescribeConfigRulesPaginator(member, &configservice.DescribeConfigRulesInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(bg)
			if err != nil {
				t.Fatalf("account %s, after %d rules: %v", id, n, err)
			}
			for _, r := range page.ConfigRules {
				if !strings.HasSuffix(aws.ToString(r.ConfigRuleName), "-conformance-pack-"+suffix) {
					t.Fatalf("account %s has rule %s, not of its pack %s", id, aws.ToString(r.ConfigRuleName), suffix)
				}
				n++
			}
		}
		if n != rules {
			t.Fatalf("account %s has %d rules, want %d", id, n, rules)
		}
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	return must(freeLoopbackAddr())(t)
}
