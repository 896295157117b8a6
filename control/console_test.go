package control_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"conforms"
	"conforms/control"
)

const consolePack = `Resources:
  Volumes:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: encrypted-volumes
      Source: {Owner: AWS, SourceIdentifier: ENCRYPTED_VOLUMES}
  Versioning:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: s3-bucket-versioning-enabled
      Source: {Owner: AWS, SourceIdentifier: S3_BUCKET_VERSIONING_ENABLED}
`

// consoleOrg is an organization for the console's read models: the
// management account, members a and b (recording), c (not recording), and
// admin, a delegated administrator for config.amazonaws.com; plus a
// standalone account. The pack "base" is deployed, and a holds one
// encrypted and one unencrypted volume, b one encrypted volume.
type consoleOrg struct {
	svc                        *control.Service
	mgmt, a, b, c, admin, solo string
}

func newConsoleOrg(t *testing.T) *consoleOrg {
	t.Helper()
	o := &consoleOrg{svc: newService(t), mgmt: "111111111111", solo: "999999999999"}
	svc, ctx := o.svc, context.Background()
	err := svc.Store.Update(ctx, func(tx conforms.Tx) error {
		for _, id := range []string{o.mgmt, o.solo} {
			if err := tx.PutAccount(&conforms.Account{ID: id, Name: "account-" + id, Email: id + "@example.com", Status: conforms.AccountActive}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	m := as(root(o.mgmt))
	if _, err := svc.CreateOrganization(m, conforms.FeatureSetAll); err != nil {
		t.Fatal(err)
	}
	ids := map[string]*string{"a": &o.a, "b": &o.b, "c": &o.c, "admin": &o.admin}
	for _, name := range []string{"a", "b", "c", "admin"} {
		st, err := svc.CreateAccount(m, control.CreateAccountInput{AccountName: name, Email: name + "@example.com"})
		if err != nil {
			t.Fatal(err)
		}
		*ids[name] = st.AccountID
	}
	if err := svc.EnableAWSServiceAccess(m, conforms.PrincipalConfig); err != nil {
		t.Fatal(err)
	}
	if err := svc.RegisterDelegatedAdministrator(m, o.admin, conforms.PrincipalConfig); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{o.mgmt, o.a, o.b, o.admin} {
		c := as(root(id))
		if err := svc.PutConfigurationRecorder(c, &conforms.Recorder{RoleARN: "arn:aws:iam::" + id + ":role/config"}); err != nil {
			t.Fatal(err)
		}
		if err := svc.PutDeliveryChannel(c, &conforms.DeliveryChannel{Name: "default", S3BucketName: "config-" + id}); err != nil {
			t.Fatal(err)
		}
		if err := svc.StartConfigurationRecorder(c, "default"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.PutOrgConformancePack(m, control.PutOrgConformancePackInput{Name: "base", TemplateBody: consolePack}); err != nil {
		t.Fatal(err)
	}
	for {
		n, err := svc.DeployOrgPacks(ctx, "test")
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	volume := func(account, id string, encrypted bool) map[string]any {
		return map[string]any{"awsAccountId": account, "resourceType": "AWS::EC2::Volume", "resourceId": id, "awsRegion": "us-east-1",
			"configurationItemCaptureTime": "2026-01-01T00:00:00Z", "configurationItemStatus": "OK",
			"configuration": map[string]any{"volumeId": id, "state": "in-use", "encrypted": encrypted}}
	}
	data, _ := json.Marshal(map[string]any{"fileVersion": "1.0", "configurationItems": []any{
		volume(o.a, "vol-1", true), volume(o.a, "vol-2", false), volume(o.b, "vol-3", true)}})
	if _, err := svc.ImportConfigurationItems(m, "items.json", data); err != nil {
		t.Fatal(err)
	}
	return o
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if conforms.ErrorCode(err) != code {
		t.Fatalf("err = %v, want %s", err, code)
	}
}

func TestConsole_Visibility(t *testing.T) {
	o := newConsoleOrg(t)
	svc := o.svc
	// b administers the organization's packs only: as in the API, it sees
	// the packs, not the accounts' data.
	m := as(root(o.mgmt))
	if err := svc.EnableAWSServiceAccess(m, conforms.PrincipalConfigMultiAccountSetup); err != nil {
		t.Fatal(err)
	}
	if err := svc.RegisterDelegatedAdministrator(m, o.b, conforms.PrincipalConfigMultiAccountSetup); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		who                string
		orgWide, packAdmin bool
		accounts           int
	}{
		{o.mgmt, true, true, 5},
		{o.admin, true, false, 5},
		{o.b, false, true, 1},
		{o.a, false, false, 1},
		{o.solo, false, false, 1},
	} {
		ctx := as(root(tt.who))
		v, err := svc.ConsoleWhoAmI(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if v.OrgWide != tt.orgWide || v.PackAdmin != tt.packAdmin {
			t.Errorf("%s: OrgWide %v PackAdmin %v, want %v %v", tt.who, v.OrgWide, v.PackAdmin, tt.orgWide, tt.packAdmin)
		}
		rows, total, err := svc.ConsoleAccounts(ctx, control.ConsoleAccountFilter{}, control.ConsolePage{Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		if total != tt.accounts || len(rows) != min(2, tt.accounts) {
			t.Errorf("%s: %d of %d accounts, want %d", tt.who, len(rows), total, tt.accounts)
		}
		hm, err := svc.ConsoleHeatMap(ctx, control.HeatMapFilter{}, control.ConsolePage{})
		if err != nil {
			t.Fatal(err)
		}
		if hm.Total != tt.accounts {
			t.Errorf("%s: heat map of %d accounts, want %d", tt.who, hm.Total, tt.accounts)
		}
	}
	// A member's heat map has the packs its account holds, and no other
	// organization pack: c, which does not record, holds none.
	for who, want := range map[string]int{o.a: 1, o.c: 0} {
		hm, err := svc.ConsoleHeatMap(as(root(who)), control.HeatMapFilter{}, control.ConsolePage{})
		if err != nil {
			t.Fatal(err)
		}
		if len(hm.Columns) != want || (want == 1 && hm.Columns[0].OrgPack != "base") {
			t.Errorf("%s: heat map columns %+v, want %d", who, hm.Columns, want)
		}
	}
	// A member reads its own account only; others' are denied, as are the
	// tree and the organization packs.
	member := as(root(o.a))
	if _, err := svc.ConsoleAccount(member, o.a); err != nil {
		t.Fatal(err)
	}
	_, err := svc.ConsoleAccount(member, o.b)
	wantCode(t, err, conforms.CodeAccessDeniedException)
	_, err = svc.ConsoleRuleResults(member, o.b, "any", nil, 0, "")
	wantCode(t, err, conforms.CodeAccessDeniedException)
	_, err = svc.ConsoleResource(member, o.b, "AWS::EC2::Volume", "vol-3")
	wantCode(t, err, conforms.CodeAccessDeniedException)
	_, err = svc.ConsoleOrgTree(member)
	wantCode(t, err, conforms.CodeAccessDeniedException)
	_, err = svc.ConsolePacks(member)
	wantCode(t, err, conforms.CodeOrganizationAccessDeniedException)
	// The delegated administrator for config.amazonaws.com reads members,
	// but not an account outside the organization; it manages no packs.
	admin := as(root(o.admin))
	if _, err := svc.ConsoleResource(admin, o.b, "AWS::EC2::Volume", "vol-3"); err != nil {
		t.Fatal(err)
	}
	_, err = svc.ConsoleAccount(admin, o.solo)
	wantCode(t, err, conforms.CodeAccessDeniedException)
	_, err = svc.ConsolePacks(admin)
	wantCode(t, err, conforms.CodeOrganizationAccessDeniedException)
	// Filters.
	rows, total, err := svc.ConsoleAccounts(m, control.ConsoleAccountFilter{Recorder: control.RecorderNone}, control.ConsolePage{})
	if err != nil || total != 1 || rows[0].Account.ID != o.c {
		t.Errorf("accounts without a recorder = %d %v %v, want %s", total, rows, err, o.c)
	}
	if _, total, _ := svc.ConsoleAccounts(m, control.ConsoleAccountFilter{Query: "ADMIN@"}, control.ConsolePage{}); total != 1 {
		t.Errorf("accounts matching ADMIN@ = %d, want 1", total)
	}
	_, _, err = svc.ConsoleAccounts(m, control.ConsoleAccountFilter{Recorder: "on"}, control.ConsolePage{})
	wantCode(t, err, conforms.CodeValidationException)
	tree, err := svc.ConsoleOrgTree(m)
	if err != nil || tree.Total != 5 {
		t.Fatalf("tree = %+v, %v", tree, err)
	}
}

// TestConsole_PackScores checks the console's scores against the API's
// (ListConformancePackComplianceScores in each member), and the pack's
// progress with its failed account first.
func TestConsole_PackScores(t *testing.T) {
	o := newConsoleOrg(t)
	svc := o.svc
	m := as(root(o.mgmt))
	packs, err := svc.ConsolePacks(m)
	if err != nil {
		t.Fatal(err)
	}
	if len(packs) != 1 || packs[0].Accounts != 5 || packs[0].Done != 4 || packs[0].Failed != 1 || len(packs[0].Failures) != 1 ||
		packs[0].Failures[0].AccountID != o.c || packs[0].Failures[0].ErrorCode != conforms.CodeNoAvailableConfigurationRecorderException {
		t.Fatalf("packs = %+v", packs)
	}
	pa, err := svc.ConsolePackAccounts(m, "base", control.ConsoleDeploymentFilter{}, control.ConsolePage{})
	if err != nil {
		t.Fatal(err)
	}
	if pa.Total != 5 || pa.Rows[0].AccountID != o.c {
		t.Fatalf("pack accounts = %+v", pa.Rows)
	}
	failed, err := svc.ConsolePackAccounts(m, "base", control.ConsoleDeploymentFilter{Status: "FAILED"}, control.ConsolePage{})
	if err != nil || failed.Total != 1 {
		t.Fatalf("failed accounts = %+v, %v", failed, err)
	}
	member := pa.Pack.Pack.MemberPackName()
	want := map[string]string{}
	for _, id := range []string{o.mgmt, o.a, o.b, o.admin} {
		scores, _, err := svc.ListConformancePackComplianceScores(as(root(id)), nil, false, false, 0, "")
		if err != nil || len(scores) != 1 {
			t.Fatalf("%s: scores %+v, %v", id, scores, err)
		}
		want[id] = scores[0].Score
	}
	if want[o.a] != "50.00" || want[o.b] != "100.00" {
		t.Fatalf("API scores = %v", want)
	}
	for _, f := range []control.HeatMapFilter{{}, {Worst: true}} {
		hm, err := svc.ConsoleHeatMap(m, f, control.ConsolePage{})
		if err != nil {
			t.Fatal(err)
		}
		if len(hm.Columns) != 1 || hm.Columns[0].Pack != member || hm.Columns[0].NonCompliant != 1 || hm.Columns[0].Accounts != 4 {
			t.Fatalf("columns = %+v", hm.Columns)
		}
		for _, row := range hm.Rows {
			cell := row.Cells[0]
			got := conforms.InsufficientData
			if cell.Score >= 0 {
				got = fmt.Sprintf("%.2f", cell.Score)
			}
			if row.Account.ID == o.c {
				if cell.Deployed {
					t.Errorf("the pack is deployed in %s, which does not record", o.c)
				}
			} else if got != want[row.Account.ID] || cell.Rules != 2 {
				t.Errorf("%s: heat map %s (%d rules), API %s", row.Account.ID, got, cell.Rules, want[row.Account.ID])
			}
		}
		if f.Worst && hm.Rows[0].Account.ID != o.a {
			t.Errorf("worst first: %s first, want %s", hm.Rows[0].Account.ID, o.a)
		}
	}
	rules, err := svc.ConsolePackRules(m, o.a, member)
	if err != nil {
		t.Fatal(err)
	}
	if rules.Rules[0].Compliance != conforms.NonCompliant || rules.Cell.Score != 50 {
		t.Fatalf("pack rules = %+v", rules)
	}
	res, err := svc.ConsoleRuleResults(m, o.a, rules.Rules[0].RuleName, nil, 1, "")
	if err != nil || len(res.Results) != 1 || res.Results[0].ResourceID != "vol-2" {
		t.Fatalf("non-compliant results = %+v, %v", res, err)
	}
	all, err := svc.ConsoleRuleResults(m, o.a, rules.Rules[0].RuleName, []string{conforms.Compliant, conforms.NonCompliant}, 1, "")
	if err != nil || all.Next == "" {
		t.Fatalf("first page = %+v, %v", all, err)
	}
	next, err := svc.ConsoleRuleResults(m, o.a, rules.Rules[0].RuleName, []string{conforms.Compliant, conforms.NonCompliant}, 1, all.Next)
	if err != nil || len(next.Results) != 1 || next.Results[0].ResourceID == all.Results[0].ResourceID {
		t.Fatalf("second page = %+v, %v", next, err)
	}
	_, err = svc.ConsoleRuleResults(m, o.a, rules.Rules[0].RuleName, nil, 1, "bad token")
	wantCode(t, err, conforms.CodeInvalidNextTokenException)
	item, err := svc.ConsoleResource(m, o.a, "AWS::EC2::Volume", "vol-2")
	if err != nil || !bytes.Contains([]byte(item.Item.Configuration), []byte(`"encrypted":false`)) || len(item.Results) != 1 {
		t.Fatalf("resource = %+v, %v", item, err)
	}
}

func TestConsole_SessionKey(t *testing.T) {
	svc := newService(t)
	k1, err := svc.ConsoleSessionKey(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	k2, err := svc.ConsoleSessionKey(context.Background())
	if err != nil || len(k1) != 32 || !bytes.Equal(k1, k2) {
		t.Fatalf("keys %x, %x (%v): want the same 32 bytes twice", k1, k2, err)
	}
}
