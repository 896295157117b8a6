package control

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
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
const account, region = "111111111111", "us-east-1"

// importTest is a Service on a new SQLite store, with an account that has
// the managed rule S3_BUCKET_VERSIONING_ENABLED as "versioning".
func importTest(t *testing.T) (*Service, *sqlite.DB, *conforms.ConfigRule) {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	s := &Service{Store: db, Now: func() time.Time { return now }}
	rule := &conforms.ConfigRule{AccountID: account, Region: region, Name: "versioning", ID: "config-rule-aaaaaa", State: "ACTIVE",
		Source: conforms.RuleSource{Owner: conforms.OwnerAWS, SourceIdentifier: "S3_BUCKET_VERSIONING_ENABLED"}, CreatedAt: now}
	if err := db.Update(context.Background(), func(tx conforms.Tx) error {
		if err := tx.PutAccount(&conforms.Account{ID: account, Name: "a", Email: "a@example.com", Status: conforms.AccountActive, CreatedAt: now}); err != nil {
			return err
		}
		return tx.PutConfigRule(rule)
	}); err != nil {
		t.Fatal(err)
	}
	return s, db, rule
}

// bucket is an item of a bucket captured at the given minute of the day,
// with versioning in the given status.
func bucket(id, status string, minute int) string {
	return fmt.Sprintf(`{"awsAccountId":%q,"awsRegion":%q,"resourceType":"AWS::S3::Bucket","resourceId":%q,`+
		`"configurationItemCaptureTime":"2026-11-24T00:%02d:00Z","configuration":{"name":%q},`+
		`"supplementaryConfiguration":{"BucketVersioningConfiguration":{"status":%q}}}`, account, region, id, minute, id, status)
}

func deletedBucket(id string, minute int) string {
	return fmt.Sprintf(`{"awsAccountId":%q,"awsRegion":%q,"resourceType":"AWS::S3::Bucket","resourceId":%q,`+
		`"configurationItemStatus":"ResourceDeleted","configurationItemCaptureTime":"2026-11-24T00:%02d:00Z"}`, account, region, id, minute)
}

func file(items ...string) []byte {
	return []byte(`{"fileVersion":"1.0","configurationItems":[` + strings.Join(items, ",") + "]}")
}

// results returns the compliance of each resource's result of a rule.
func results(t *testing.T, db conforms.Store, rule string) map[string]string {
	t.Helper()
	got := map[string]string{}
	if err := db.View(context.Background(), func(tx conforms.Tx) error {
		rs, err := tx.ListEvaluationResults(conforms.EvaluationFilter{AccountID: account, Region: region, RuleName: rule})
		for _, r := range rs {
			got[r.ResourceID] = r.Compliance
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return got
}

func TestImportPlan_Current(t *testing.T) {
	ctx := context.Background()
	s, db, rule := importTest(t)
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

	p := plan(file(bucket("a", "Enabled", 0)))
	if p == nil || !current(p) {
		t.Fatalf("a plan over an empty account: %v, current %v", p, p != nil && current(p))
	}
	if len(p.outcomes) != 1 || len(p.outcomes[0].results) != 1 || p.outcomes[0].results[0].Compliance != "COMPLIANT" {
		t.Fatalf("planned outcomes = %+v", p.outcomes)
	}
	// An item recorded in the account (here the import itself, which
	// records what it planned) makes the plan stale.
	caller := conforms.WithCaller(ctx, &conforms.Caller{AccountID: account, Region: region})
	if _, err := s.ImportConfigurationItems(caller, "a.json", file(bucket("a", "Enabled", 0))); err != nil {
		t.Fatal(err)
	}
	if current(p) {
		t.Error("the plan is current after an import")
	}
	if _, err := s.ImportConfigurationItems(caller, "b.json", file(bucket("b", "Suspended", 0))); err != nil {
		t.Fatal(err)
	}
	// Buckets exist now: an import of buckets is evaluated in its transaction.
	if p := plan(file(bucket("c", "Enabled", 0))); p != nil {
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
	if got := results(t, db, "versioning"); len(got) != 2 || got["a"] != "COMPLIANT" || got["b"] != "NON_COMPLIANT" {
		t.Errorf("results = %v", got)
	}
}

func TestImport_CurrentItems(t *testing.T) {
	// An import evaluates what the store makes current, whichever way it
	// evaluates: not an item recorded again, not an item older than a
	// stored deletion; and a deletion it imports takes every result of the
	// resource with it, a custom rule's too.
	ctx := conforms.WithCaller(context.Background(), &conforms.Caller{AccountID: account, Region: region})
	t.Run("RecordedAgain", func(t *testing.T) {
		s, db, _ := importTest(t)
		// The same capture time and no state id: the same state id, so the
		// first item is y's, as the store keeps it.
		if _, err := s.ImportConfigurationItems(ctx, "f.json", file(bucket("y", "Enabled", 3), bucket("y", "Suspended", 3))); err != nil {
			t.Fatal(err)
		}
		if got := results(t, db, "versioning"); len(got) != 1 || got["y"] != "COMPLIANT" {
			t.Errorf("results = %v, want y COMPLIANT", got)
		}
	})
	t.Run("Deleted", func(t *testing.T) {
		s, db, _ := importTest(t)
		custom := &conforms.ConfigRule{AccountID: account, Region: region, Name: "custom", ID: "config-rule-bbbbbb", State: "ACTIVE",
			Source: conforms.RuleSource{Owner: conforms.OwnerCustomLambda, SourceIdentifier: "arn:aws:lambda:us-east-1:111111111111:function:f"}}
		if err := db.Update(ctx, func(tx conforms.Tx) error {
			if err := tx.PutConfigRule(custom); err != nil {
				return err
			}
			_, err := tx.PutEvaluationResult(&conforms.EvaluationResult{AccountID: account, Region: region, RuleName: "custom",
				ResourceType: "AWS::S3::Bucket", ResourceID: "z", Compliance: "NON_COMPLIANT"})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		for _, f := range [][]byte{
			file(deletedBucket("z", 1)),       // z, which only the custom rule knew, is gone
			file(deletedBucket("x", 2)),       // x is gone...
			file(bucket("x", "Suspended", 1)), // ...before this older state is imported
		} {
			if _, err := s.ImportConfigurationItems(ctx, "f.json", f); err != nil {
				t.Fatal(err)
			}
		}
		if got := results(t, db, "versioning"); len(got) != 0 {
			t.Errorf("versioning results = %v, want none: x is deleted", got)
		}
		if got := results(t, db, "custom"); len(got) != 0 {
			t.Errorf("custom results = %v, want none after z's deletion", got)
		}
	})
}
