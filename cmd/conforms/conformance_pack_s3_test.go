package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// TestConfig_ConformancePackFromS3 deploys the corpus template that is too
// large for TemplateBody through TemplateS3Uri, and checks that the template
// is read as the caller would read it.
func TestConfig_ConformancePackFromS3(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "corpus", "conformance-packs")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("no corpus: ", err)
	}
	path := filepath.Join(dir, "Operational-Best-Practices-for-ABS-CCIGv2-Material.yaml")
	body := must(os.ReadFile(path))(t)
	if len(body) <= 51200 {
		t.Fatalf("%s is %d bytes; the test wants one over 51,200", path, len(body))
	}
	s := mustStart(t, "")
	o := mustCreateOrg(t, s, 1)
	mgmtS3 := s.s3(o.mgmt)
	mustCreateBucket(t, mgmtS3, "awsconfigconforms-templates")
	must(mgmtS3.PutObject(bg, &s3.PutObjectInput{Bucket: aws.String("awsconfigconforms-templates"), Key: aws.String("packs/abs.yaml"),
		Body: strings.NewReader(string(body))}))(t)

	client := s.config(o.mgmt)
	mustRecorder(t, client, s.RootKey().AccountID)
	in := &configservice.PutConformancePackInput{ConformancePackName: aws.String("abs"),
		TemplateS3Uri: aws.String("s3://awsconfigconforms-templates/packs/abs.yaml"), TemplateBody: aws.String("ignored: S3 wins")}
	must(client.PutConformancePack(bg, in))(t)
	if st := waitPack(t, client, "abs"); st.ConformancePackState != types.ConformancePackStateCreateComplete {
		t.Fatalf("status = %+v", st)
	}
	if n := len(packRuleNames(t, client)); n == 0 {
		t.Fatal("the pack created no rules")
	}

	// A member may not read the management account's bucket without a policy.
	member := s.config(o.assume(t, o.accounts[0]))
	_, err := member.PutConformancePack(bg, in)
	wantAPIError(t, err, "InsufficientPermissionsException", "AccessDenied")
	// With an organization policy it may.
	must(mgmtS3.PutBucketPolicy(bg, &s3.PutBucketPolicyInput{Bucket: aws.String("awsconfigconforms-templates"),
		Policy: aws.String(policy("awsconfigconforms-templates", "Allow", `"*"`, `"s3:GetObject"`, "/*", `{"StringEquals":{"aws:PrincipalOrgID":"`+o.orgID+`"}}`))}))(t)
	mustRecorder(t, member, o.accounts[0])
	must(member.PutConformancePack(bg, in))(t)
	if st := waitPack(t, member, "abs"); st.ConformancePackState != types.ConformancePackStateCreateComplete {
		t.Fatalf("member's status = %+v", st)
	}
}
