package storetest

import (
	"errors"
	"fmt"
	"testing"

	"conforms"
)

var configRuleTests = []test{
	{"RoundTrip", testConfigRuleRoundTrip},
	{"ListAndPage", testConfigRuleList},
	{"ErrNotFound", testConfigRuleNotFound},
	{"SpecsShared", testConfigRuleSpecsShared},
	{"ScanAllAccounts", testScanConfigRules},
	{"PutMany", testPutConfigRules},
	{"DeletePackRules", testDeleteConformancePackRules},
}

func newConfigRule(accountID, region, name string) *conforms.ConfigRule {
	id := "config-rule-" + name[len(name)-1:] + "abcde"
	return &conforms.ConfigRule{
		AccountID: accountID, Region: region, Name: name, ID: id,
		Arn:         conforms.ConfigRuleArn(region, accountID, "config-conforms.amazonaws.com", id),
		Description: "checks " + name,
		Source: conforms.RuleSource{Owner: conforms.OwnerCustomLambda, SourceIdentifier: "arn:aws:lambda:us-east-1:" + accountID + ":function:f",
			SourceDetails: []conforms.SourceDetail{{EventSource: "aws.config", MessageType: "ScheduledNotification", MaximumExecutionFrequency: "One_Hour"}}},
		Scope:                     conforms.RuleScope{ComplianceResourceTypes: []string{"AWS::S3::Bucket"}, TagKey: "env", TagValue: "prod"},
		InputParameters:           `{"a":"1"}`,
		MaximumExecutionFrequency: "Six_Hours", State: "ACTIVE", CreatedBy: "config-conforms.amazonaws.com",
		EvaluationModes: []string{"DETECTIVE", "PROACTIVE"}, CreatedAt: at(5),
	}
}

func testConfigRuleRoundTrip(t *testing.T, s conforms.Store) {
	a := newConfigRule("111111111111", "us-east-1", "rule-a")
	b := &conforms.ConfigRule{AccountID: "111111111111", Region: "us-east-1", Name: "rule-b", ID: "config-rule-bbbbbb", Arn: "arn:aws:config:us-east-1:111111111111:config-rule/config-rule-bbbbbb",
		Source: conforms.RuleSource{Owner: conforms.OwnerCustomPolicy, PolicyRuntime: "guard-2.x.x", PolicyText: "rule x {}", EnableDebugLogDelivery: true},
		State:  "ACTIVE"}
	update(t, s, func(tx conforms.Tx) error {
		if err := tx.PutConfigRule(a); err != nil {
			return err
		}
		return tx.PutConfigRule(b)
	})
	a.Description, a.InputParameters = "", "" // an update replaces every field
	update(t, s, func(tx conforms.Tx) error { return tx.PutConfigRule(a) })
	view(t, s, func(tx conforms.Tx) error {
		for _, want := range []*conforms.ConfigRule{a, b} {
			got, err := tx.ConfigRule(want.AccountID, want.Region, want.Name)
			if err != nil {
				t.Fatalf("ConfigRule(%s): %v", want.Name, err)
			}
			wantEqual(t, "ConfigRule("+want.Name+")", got, want)
			got, err = tx.ConfigRuleByID(want.AccountID, want.Region, want.ID)
			if err != nil {
				t.Fatalf("ConfigRuleByID(%s): %v", want.ID, err)
			}
			wantEqual(t, "ConfigRuleByID("+want.ID+")", got, want)
		}
		_, err := tx.ConfigRuleByID(a.AccountID, a.Region, "config-rule-nope00")
		wantErr(t, "ConfigRuleByID of an unknown id", err, conforms.ErrNotFound)
		return nil
	})
}

func testConfigRuleList(t *testing.T, s conforms.Store) {
	update(t, s, func(tx conforms.Tx) error {
		for i := range 5 {
			if err := tx.PutConfigRule(newConfigRule("111111111111", "us-east-1", fmt.Sprintf("r%d", i))); err != nil {
				return err
			}
		}
		other := newConfigRule("111111111111", "eu-west-1", "x9")
		other.ID = "config-rule-other1"
		return tx.PutConfigRule(other)
	})
	view(t, s, func(tx conforms.Tx) error {
		page, err := tx.ListConfigRules(conforms.ConfigRuleFilter{AccountID: "111111111111", Region: "us-east-1", Page: conforms.Page{After: "r1", Limit: 2}})
		if err != nil {
			t.Fatalf("ListConfigRules: %v", err)
		}
		if len(page) != 2 || page[0].Name != "r2" || page[1].Name != "r3" {
			t.Fatalf("ListConfigRules after r1, limit 2 = %v, want r2 r3", names(page))
		}
		all, err := tx.ListConfigRules(conforms.ConfigRuleFilter{AccountID: "111111111111", Region: "us-east-1"})
		if err != nil || len(all) != 5 {
			t.Fatalf("ListConfigRules all = %v, %v; want 5 rules of us-east-1", names(all), err)
		}
		for region, want := range map[string]int{"us-east-1": 5, "eu-west-1": 1, "ap-south-1": 0} {
			if n, err := tx.CountConfigRules("111111111111", region); err != nil || n != want {
				t.Errorf("CountConfigRules(%s) = %d, %v; want %d", region, n, err, want)
			}
		}
		return nil
	})
}

func names(rules []*conforms.ConfigRule) []string {
	var out []string
	for _, r := range rules {
		out = append(out, r.Name)
	}
	return out
}

func testConfigRuleNotFound(t *testing.T, s conforms.Store) {
	update(t, s, func(tx conforms.Tx) error {
		return tx.PutConfigRule(newConfigRule("111111111111", "us-east-1", "rule-a"))
	})
	_ = s.Update(t.Context(), func(tx conforms.Tx) error {
		_, err := tx.ConfigRule("111111111111", "eu-west-1", "rule-a")
		wantErr(t, "ConfigRule in another region", err, conforms.ErrNotFound)
		wantErr(t, "DeleteConfigRule of another account", tx.DeleteConfigRule("222222222222", "us-east-1", "rule-a"), conforms.ErrNotFound)
		wantErr(t, "DeleteConfigRule", tx.DeleteConfigRule("111111111111", "us-east-1", "rule-a"), nil)
		_, err = tx.ConfigRule("111111111111", "us-east-1", "rule-a")
		wantErr(t, "ConfigRule after delete", err, conforms.ErrNotFound)
		return nil
	})
}

// testConfigRuleSpecsShared puts rules that check the same thing in two
// accounts, then changes one: each reads back as written.
func testConfigRuleSpecsShared(t *testing.T, s conforms.Store) {
	a, b := newConfigRule("111111111111", "us-east-1", "rule-a"), newConfigRule("222222222222", "us-east-1", "rule-a")
	// A rule put by a transaction that rolls back leaves nothing behind.
	errRollback := errors.New("roll back")
	err := s.Update(t.Context(), func(tx conforms.Tx) error {
		if err := tx.PutConfigRule(a); err != nil {
			return err
		}
		return errRollback
	})
	wantErr(t, "Update that rolls back", err, errRollback)
	update(t, s, func(tx conforms.Tx) error { return tx.PutConfigRules([]*conforms.ConfigRule{a, b}) })
	b.InputParameters, b.Scope.TagValue = `{"a":"2"}`, "dev"
	update(t, s, func(tx conforms.Tx) error { return tx.PutConfigRule(b) })
	view(t, s, func(tx conforms.Tx) error {
		for _, want := range []*conforms.ConfigRule{a, b} {
			got, err := tx.ConfigRule(want.AccountID, want.Region, want.Name)
			if err != nil {
				t.Fatalf("ConfigRule(%s): %v", want.AccountID, err)
			}
			wantEqual(t, "ConfigRule of "+want.AccountID, got, want)
		}
		return nil
	})
}

func packRules(account, pack string, n int) []*conforms.ConfigRule {
	var rules []*conforms.ConfigRule
	for i := range n {
		r := newConfigRule(account, "us-east-1", fmt.Sprintf("r%03d-%s", i, pack))
		r.ID, r.ConformancePack = fmt.Sprintf("config-rule-%s%03d", pack[:3], i), pack
		r.Arn = conforms.ConfigRuleArn(r.Region, r.AccountID, r.CreatedBy, r.ID)
		rules = append(rules, r)
	}
	return rules
}

// testPutConfigRules writes more rules than one INSERT holds, replaces them,
// and is refused a name another pack's rule holds.
func testPutConfigRules(t *testing.T, s conforms.Store) {
	rules := packRules("111111111111", "pk1", 300)
	update(t, s, func(tx conforms.Tx) error { return tx.PutConfigRules(rules) })
	rules[299].Description = "changed"
	update(t, s, func(tx conforms.Tx) error { return tx.PutConfigRules(rules[250:]) })
	view(t, s, func(tx conforms.Tx) error {
		got, err := tx.ListConfigRules(conforms.ConfigRuleFilter{AccountID: "111111111111", Region: "us-east-1", ConformancePack: "pk1"})
		if err != nil || len(got) != 300 {
			t.Fatalf("ListConfigRules of the pack = %d rules, %v; want 300", len(got), err)
		}
		wantEqual(t, "rule 299", got[299], rules[299])
		ids, err := tx.ConfigRuleIDs("111111111111", "us-east-1")
		if err != nil || len(ids) != 300 {
			t.Fatalf("ConfigRuleIDs = %d ids, %v; want 300", len(ids), err)
		}
		return nil
	})
	other := newConfigRule("111111111111", "us-east-1", "r000-pk1")
	other.ConformancePack, other.ID = "pk2", "config-rule-zzzzzz"
	err := s.Update(t.Context(), func(tx conforms.Tx) error { return tx.PutConfigRules([]*conforms.ConfigRule{other}) })
	wantErr(t, "PutConfigRules over another pack's rule", err, conforms.ErrConflict)
	other.ConformancePack = ""
	err = s.Update(t.Context(), func(tx conforms.Tx) error { return tx.PutConfigRules([]*conforms.ConfigRule{other}) })
	wantErr(t, "PutConfigRules of a pack-less rule over a pack's rule", err, conforms.ErrConflict)
}

func testDeleteConformancePackRules(t *testing.T, s conforms.Store) {
	update(t, s, func(tx conforms.Tx) error {
		if err := tx.PutConfigRules(append(packRules("111111111111", "pk1", 3), packRules("111111111111", "pk2", 2)...)); err != nil {
			return err
		}
		return tx.PutRemediationConfiguration(&conforms.RemediationConfiguration{AccountID: "111111111111", Region: "us-east-1",
			ConfigRuleName: "r000-pk1", TargetType: "SSM_DOCUMENT", TargetID: "AWS-Doc", Arn: "arn-rem",
			Parameters: map[string]conforms.RemediationParameter{}})
	})
	update(t, s, func(tx conforms.Tx) error {
		if err := tx.DeleteConformancePackRules("111111111111", "us-east-1", "pk1"); err != nil {
			return err
		}
		return tx.DeleteConformancePackRules("111111111111", "us-east-1", "pk9") // none is not an error
	})
	view(t, s, func(tx conforms.Tx) error {
		left, err := tx.ListConfigRules(conforms.ConfigRuleFilter{AccountID: "111111111111", Region: "us-east-1"})
		if err != nil || len(left) != 2 || left[0].ConformancePack != "pk2" {
			t.Fatalf("rules left = %d, %v; want pk2's 2", len(left), err)
		}
		_, err = tx.RemediationConfiguration("111111111111", "us-east-1", "r000-pk1")
		wantErr(t, "remediation of a deleted pack rule", err, conforms.ErrNotFound)
		return nil
	})
}

func testScanConfigRules(t *testing.T, s conforms.Store) {
	update(t, s, func(tx conforms.Tx) error {
		b := newConfigRule("111111111111", "eu-west-1", "rule-b")
		b.ID = "config-rule-bbbbbb"
		return tx.PutConfigRules([]*conforms.ConfigRule{newConfigRule("222222222222", "us-east-1", "rule-a"),
			newConfigRule("111111111111", "us-east-1", "rule-a"), b})
	})
	view(t, s, func(tx conforms.Tx) error {
		first, err := tx.ScanConfigRules(conforms.Page{Limit: 2})
		if err != nil || len(first) != 2 || first[0].Region != "eu-west-1" || first[1].AccountID != "111111111111" {
			t.Fatalf("first page = %v, %v", first, err)
		}
		rest, err := tx.ScanConfigRules(conforms.Page{After: "111111111111\x00us-east-1\x00rule-a"})
		if err != nil || len(rest) != 1 || rest[0].AccountID != "222222222222" {
			t.Fatalf("rest = %v, %v", rest, err)
		}
		return nil
	})
}
