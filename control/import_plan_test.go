package control

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"conforms"
	"conforms/rules"
	"conforms/sqlite"
)

// TestImportPlan_Current: an import's evaluation, planned outside the write
// transaction, is recorded only if nothing it read has changed since: an
// item recorded in its account and region, or a rule changed, makes it
// stale, and the import then evaluates in its transaction; the results are
// the same either way.
func TestImportPlan_Current(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	s := &Service{Store: db, Now: func() time.Time { return now }}
	const account, region = "111111111111", "us-east-1"
	rule := &conforms.ConfigRule{AccountID: account, Region: region, Name: "versioning", ID: "config-rule-aaaaaa", State: "ACTIVE",
		Source: conforms.RuleSource{Owner: conforms.OwnerAWS, SourceIdentifier: "S3_BUCKET_VERSIONING_ENABLED"}, CreatedAt: now}
	if err := db.Update(ctx, func(tx conforms.Tx) error {
		if err := tx.PutAccount(&conforms.Account{ID: account, Name: "a", Email: "a@example.com", Status: conforms.AccountActive, CreatedAt: now}); err != nil {
			return err
		}
		return tx.PutConfigRule(rule)
	}); err != nil {
		t.Fatal(err)
	}
	bucket := func(id, status string) string {
		return `{"awsAccountId":"` + account + `","awsRegion":"` + region + `","resourceType":"AWS::S3::Bucket","resourceId":"` + id +
			`","configurationItemCaptureTime":"2026-11-24T00:00:00Z","configuration":{"name":"` + id + `"},` +
			`"supplementaryConfiguration":{"BucketVersioningConfiguration":{"status":"` + status + `"}}}`
	}
	file := func(items ...string) []byte {
		data := `{"fileVersion":"1.0","configurationItems":[`
		for i, it := range items {
			if i > 0 {
				data += ","
			}
			data += it
		}
		return []byte(data + "]}")
	}
	plan := func(data []byte) *importPlan {
		t.Helper()
		items, err := parseImport("f.json", data, region)
		if err != nil {
			t.Fatal(err)
		}
		parsed := make([]*rules.Item, len(items))
		for i, ci := range items {
			if parsed[i], err = ruleItem(ci); err != nil {
				t.Fatal(err)
			}
		}
		var p *importPlan
		if err := db.View(ctx, func(tx conforms.Tx) error {
			p, err = s.planImport(tx, scope{account, region}, items, parsed)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return p
	}
	current := func(p *importPlan) bool {
		t.Helper()
		var ok bool
		if err := db.View(ctx, func(tx conforms.Tx) (err error) { ok, err = p.current(tx); return err }); err != nil {
			t.Fatal(err)
		}
		return ok
	}

	p := plan(file(bucket("a", "Enabled")))
	if p == nil || !current(p) {
		t.Fatalf("a plan over an empty account: %v, current %v", p, p != nil && current(p))
	}
	if len(p.outcomes) != 1 || len(p.outcomes[0].results) != 1 || p.outcomes[0].results[0].Compliance != "COMPLIANT" {
		t.Fatalf("planned outcomes = %+v", p.outcomes)
	}
	// An item recorded in the account (here the import itself, which
	// records what it planned) makes the plan stale.
	caller := conforms.WithCaller(ctx, &conforms.Caller{AccountID: account, Region: region})
	if _, err := s.ImportConfigurationItems(caller, "a.json", file(bucket("a", "Enabled"))); err != nil {
		t.Fatal(err)
	}
	if current(p) {
		t.Error("the plan is current after an import")
	}
	if _, err := s.ImportConfigurationItems(caller, "b.json", file(bucket("b", "Suspended"))); err != nil {
		t.Fatal(err)
	}
	// Buckets exist now: an import of buckets is evaluated in its transaction.
	if p := plan(file(bucket("c", "Enabled"))); p != nil {
		t.Errorf("planned an import of a type the account has: %+v", p)
	}
	// A changed rule makes a plan stale.
	p = plan(file(`{"awsAccountId":"` + account + `","resourceType":"AWS::EC2::Volume","resourceId":"vol-1",` +
		`"configurationItemCaptureTime":"2026-11-24T00:00:00Z","configuration":{"encrypted":true}}`))
	if p == nil || !current(p) {
		t.Fatal("no current plan for a new type")
	}
	rule.InputParameters = `{"isMfaDeleteEnabled":"true"}`
	if err := db.Update(ctx, func(tx conforms.Tx) error { return tx.PutConfigRule(rule) }); err != nil {
		t.Fatal(err)
	}
	if current(p) {
		t.Error("the plan is current after its rule changed")
	}
	// Both ways recorded the same kind of results: a by the plan, b in the
	// transaction.
	if err := db.View(ctx, func(tx conforms.Tx) error {
		rs, err := tx.ListEvaluationResults(conforms.EvaluationFilter{AccountID: account, Region: region, RuleName: "versioning"})
		if err != nil {
			return err
		}
		got := map[string]string{}
		for _, r := range rs {
			got[r.ResourceID] = r.Compliance
		}
		if len(got) != 2 || got["a"] != "COMPLIANT" || got["b"] != "NON_COMPLIANT" {
			t.Errorf("results = %v", got)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
