package storetest

import (
	"testing"

	"conforms"
)

var evaluationTests = []test{
	{"WrittenOnChange", testEvaluationResults},
	{"DeletedWithTheirRule", testEvaluationResultsOfDeletedRule},
	{"RecordRuleEvaluations", testRecordRuleEvaluations},
}

func newResult(rule, id, compliance string, minute int) *conforms.EvaluationResult {
	return &conforms.EvaluationResult{AccountID: "111111111111", Region: "us-east-1", RuleName: rule, ResourceType: "AWS::S3::Bucket",
		ResourceID: id, Compliance: compliance, Annotation: "because", RecordedAt: at(minute), InvokedAt: at(minute), OrderingAt: at(minute)}
}

func testEvaluationResults(t *testing.T, s conforms.Store) {
	update(t, s, func(tx conforms.Tx) error {
		for _, name := range []string{"r1", "r2", "r3"} {
			if err := tx.PutConfigRule(newConfigRule("111111111111", "us-east-1", name)); err != nil {
				return err
			}
		}
		for _, tt := range []struct {
			r     *conforms.EvaluationResult
			wrote bool
		}{
			{newResult("r1", "b1", conforms.Compliant, 1), true},
			{newResult("r1", "b1", conforms.Compliant, 2), false}, // unchanged: nothing written
			{newResult("r1", "b2", conforms.NonCompliant, 2), true},
			{newResult("r2", "b1", conforms.NonCompliant, 3), true},
			{newResult("r2", "b1", conforms.Compliant, 4), true},
		} {
			wrote, err := tx.PutEvaluationResult(tt.r)
			if err != nil || wrote != tt.wrote {
				t.Fatalf("PutEvaluationResult(%s %s %s) = %v, %v; want %v", tt.r.RuleName, tt.r.ResourceID, tt.r.Compliance, wrote, err, tt.wrote)
			}
		}
		// Many at once: one new, one unchanged, one changed.
		n, err := tx.PutEvaluationResults([]*conforms.EvaluationResult{newResult("r3", "b1", conforms.Compliant, 5),
			newResult("r1", "b2", conforms.NonCompliant, 5), newResult("r2", "b1", conforms.NonCompliant, 5)})
		if err != nil || n != 2 {
			t.Fatalf("PutEvaluationResults = %d, %v; want 2 written", n, err)
		}
		if err := tx.DeleteEvaluationResults(conforms.EvaluationFilter{AccountID: "111111111111", Region: "us-east-1", RuleName: "r3"}); err != nil {
			return err
		}
		if _, err := tx.PutEvaluationResult(newResult("r2", "b1", conforms.Compliant, 4)); err != nil {
			return err
		}
		if err := tx.RecordRuleEvaluations("111111111111", "us-east-1", []string{"r1"}, at(2), "", ""); err != nil {
			return err
		}
		return tx.RecordRuleEvaluations("111111111111", "us-east-1", []string{"r1"}, at(3), "E", "m")
	})
	view(t, s, func(tx conforms.Tx) error {
		base := conforms.EvaluationFilter{AccountID: "111111111111", Region: "us-east-1"}
		all, err := tx.ListEvaluationResults(base)
		if err != nil || len(all) != 3 {
			t.Fatalf("ListEvaluationResults = %d, %v", len(all), err)
		}
		wantEqual(t, "unchanged result keeps its first times", all[0], newResult("r1", "b1", conforms.Compliant, 1))
		f := base
		f.Compliance = []string{conforms.NonCompliant}
		if got, err := tx.ListEvaluationResults(f); err != nil || len(got) != 1 || got[0].ResourceID != "b2" {
			t.Fatalf("non-compliant = %v, %v", got, err)
		}
		f = base
		f.ResourceID, f.After = "b1", "r1\x00AWS::S3::Bucket\x00b1"
		if got, err := tx.ListEvaluationResults(f); err != nil || len(got) != 1 || got[0].RuleName != "r2" {
			t.Fatalf("by resource after r1 = %v, %v", got, err)
		}
		counts, err := tx.CountEvaluationResults("111111111111", "us-east-1", []string{conforms.Compliant, conforms.NonCompliant})
		wantEqual(t, "CountEvaluationResults", counts, []conforms.ResultCount{{RuleName: "r1", Compliance: conforms.Compliant, N: 1},
			{RuleName: "r1", Compliance: conforms.NonCompliant, N: 1}, {RuleName: "r2", Compliance: conforms.Compliant, N: 1}})
		if err != nil {
			t.Fatal(err)
		}
		counts, err = tx.CountEvaluationResults("111111111111", "us-east-1", []string{conforms.NotApplicable})
		if err != nil || len(counts) != 0 {
			t.Errorf("CountEvaluationResults(NOT_APPLICABLE) = %v, %v", counts, err)
		}
		st, err := tx.RuleEvaluationStatus("111111111111", "us-east-1", "r1")
		if err != nil || !st.FirstEvaluationStarted || st.LastErrorCode != "E" || !st.LastSuccessfulAt.Equal(at(2)) {
			t.Fatalf("RuleEvaluationStatus = %+v, %v", st, err)
		}
		_, err = tx.RuleEvaluationStatus("111111111111", "us-east-1", "r9")
		wantErr(t, "RuleEvaluationStatus of an unknown rule", err, conforms.ErrNotFound)
		return nil
	})
	update(t, s, func(tx conforms.Tx) error {
		return tx.DeleteEvaluationResults(conforms.EvaluationFilter{AccountID: "111111111111", Region: "us-east-1", ResourceType: "AWS::S3::Bucket", ResourceID: "b1"})
	})
	view(t, s, func(tx conforms.Tx) error {
		if got, err := tx.ListEvaluationResults(conforms.EvaluationFilter{AccountID: "111111111111", Region: "us-east-1"}); err != nil || len(got) != 1 {
			t.Fatalf("after deleting b1's results = %v, %v", got, err)
		}
		counts, err := tx.CountEvaluationResults("111111111111", "us-east-1", []string{conforms.Compliant, conforms.NonCompliant})
		wantEqual(t, "counts after deleting b1's results", counts, []conforms.ResultCount{{RuleName: "r1", Compliance: conforms.NonCompliant, N: 1}})
		return err
	})
}

func testEvaluationResultsOfDeletedRule(t *testing.T, s conforms.Store) {
	update(t, s, func(tx conforms.Tx) error {
		if err := tx.PutConfigRules(append(packRules("111111111111", "pk1", 1), newConfigRule("111111111111", "us-east-1", "own-rule"))); err != nil {
			return err
		}
		for _, r := range []*conforms.EvaluationResult{newResult("r000-pk1", "b1", conforms.Compliant, 1), newResult("own-rule", "b1", conforms.Compliant, 1)} {
			if _, err := tx.PutEvaluationResult(r); err != nil {
				return err
			}
		}
		return nil
	})
	update(t, s, func(tx conforms.Tx) error {
		if err := tx.DeleteConformancePackRules("111111111111", "us-east-1", "pk1"); err != nil {
			return err
		}
		return tx.DeleteConfigRule("111111111111", "us-east-1", "own-rule")
	})
	view(t, s, func(tx conforms.Tx) error {
		if got, err := tx.ListEvaluationResults(conforms.EvaluationFilter{AccountID: "111111111111", Region: "us-east-1"}); err != nil || len(got) != 0 {
			t.Fatalf("results of deleted rules = %v, %v", got, err)
		}
		if counts, err := tx.CountEvaluationResults("111111111111", "us-east-1", []string{conforms.Compliant}); err != nil || len(counts) != 0 {
			t.Fatalf("counts of deleted rules = %v, %v", counts, err)
		}
		return nil
	})
}

func testRecordRuleEvaluations(t *testing.T, s conforms.Store) {
	// A success sets the last successful time and clears the error; a
	// failure sets the failure's time and error; each keeps the other time.
	get := func(rule string) *conforms.RuleEvaluationStatus {
		t.Helper()
		var st *conforms.RuleEvaluationStatus
		view(t, s, func(tx conforms.Tx) (err error) {
			st, err = tx.RuleEvaluationStatus("111111111111", "us-east-1", rule)
			return err
		})
		return st
	}
	update(t, s, func(tx conforms.Tx) error {
		return tx.RecordRuleEvaluations("111111111111", "us-east-1", []string{"a", "b"}, at(1), "", "")
	})
	update(t, s, func(tx conforms.Tx) error {
		return tx.RecordRuleEvaluations("111111111111", "us-east-1", []string{"b", "c"}, at(2), "E", "it failed")
	})
	wantEqual(t, "a", get("a"), &conforms.RuleEvaluationStatus{AccountID: "111111111111", Region: "us-east-1", RuleName: "a",
		LastSuccessfulAt: at(1), FirstEvaluationStarted: true})
	wantEqual(t, "b", get("b"), &conforms.RuleEvaluationStatus{AccountID: "111111111111", Region: "us-east-1", RuleName: "b",
		LastSuccessfulAt: at(1), LastFailedAt: at(2), FirstEvaluationStarted: true, LastErrorCode: "E", LastErrorMessage: "it failed"})
	wantEqual(t, "c", get("c"), &conforms.RuleEvaluationStatus{AccountID: "111111111111", Region: "us-east-1", RuleName: "c",
		LastFailedAt: at(2), FirstEvaluationStarted: true, LastErrorCode: "E", LastErrorMessage: "it failed"})
	update(t, s, func(tx conforms.Tx) error {
		return tx.RecordRuleEvaluations("111111111111", "us-east-1", []string{"b"}, at(3), "", "")
	})
	wantEqual(t, "b after a success", get("b"), &conforms.RuleEvaluationStatus{AccountID: "111111111111", Region: "us-east-1", RuleName: "b",
		LastSuccessfulAt: at(3), LastFailedAt: at(2), FirstEvaluationStarted: true})
	update(t, s, func(tx conforms.Tx) error {
		return tx.RecordRuleEvaluations("111111111111", "us-east-1", nil, at(4), "", "")
	})
}
