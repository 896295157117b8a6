package storetest

import (
	"testing"

	"conforms"
)

var conformancePackTests = []test{
	{"RoundTripAndList", testConformancePackRoundTrip},
	{"RulesOfAPack", testRulesOfAPack},
}

func newPack(accountID, region, name, id, state string) *conforms.ConformancePack {
	return &conforms.ConformancePack{
		AccountID: accountID, Region: region, Name: name, ID: id,
		Arn:              "arn:aws:config:" + region + ":" + accountID + ":conformance-pack/" + name + "/" + id,
		DeliveryS3Bucket: "awsconfigconforms-b", DeliveryS3KeyPrefix: "p",
		InputParameters: []conforms.PackParameter{{Name: "B", Value: "2"}, {Name: "A", Value: "1"}},
		Template:        "Resources: {}", TemplateS3URI: "s3://b/k", CreatedBy: "config-multiaccountsetup.amazonaws.com",
		State: state, StatusReason: "why", LastUpdateRequestedTime: at(1), LastUpdateCompletedTime: at(2),
	}
}

func testConformancePackRoundTrip(t *testing.T, s conforms.Store) {
	a := newPack("111111111111", "us-east-1", "pack-a", "conformance-pack-aaaaaaaaa", conforms.PackCreateComplete)
	b := newPack("111111111111", "us-east-1", "pack-b", "conformance-pack-bbbbbbbbb", conforms.PackCreateInProgress)
	c := &conforms.ConformancePack{AccountID: "222222222222", Region: "us-east-1", Name: "pack-c", ID: "conformance-pack-ccccccccc",
		Arn: "arn-c", Template: "t", State: conforms.PackDeleteInProgress}
	update(t, s, func(tx conforms.Tx) error {
		for _, p := range []*conforms.ConformancePack{a, b, c} {
			if err := tx.PutConformancePack(p); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, s, func(tx conforms.Tx) error {
		got, err := tx.ConformancePack("111111111111", "us-east-1", "pack-a")
		if err != nil {
			t.Fatalf("ConformancePack: %v", err)
		}
		wantEqual(t, "ConformancePack(pack-a)", got, a)
		mine, err := tx.ListConformancePacks(conforms.ConformancePackFilter{AccountID: "111111111111", Region: "us-east-1", Page: conforms.Page{After: "pack-a"}})
		if err != nil {
			t.Fatalf("ListConformancePacks: %v", err)
		}
		wantEqual(t, "ListConformancePacks after pack-a", mine, []*conforms.ConformancePack{b})
		pending, err := tx.ListConformancePacks(conforms.ConformancePackFilter{States: []string{conforms.PackCreateInProgress, conforms.PackDeleteInProgress}})
		if err != nil {
			t.Fatalf("ListConformancePacks by state: %v", err)
		}
		wantEqual(t, "ListConformancePacks in progress", pending, []*conforms.ConformancePack{b, c})
		return nil
	})
	err := s.Update(t.Context(), func(tx conforms.Tx) error {
		return tx.PutConformancePack(newPack("111111111111", "eu-west-1", "other", a.ID, conforms.PackCreateComplete))
	})
	wantErr(t, "PutConformancePack with a taken id", err, conforms.ErrConflict)
	_ = s.Update(t.Context(), func(tx conforms.Tx) error {
		wantErr(t, "DeleteConformancePack", tx.DeleteConformancePack("111111111111", "us-east-1", "pack-a"), nil)
		_, err := tx.ConformancePack("111111111111", "us-east-1", "pack-a")
		wantErr(t, "ConformancePack after delete", err, conforms.ErrNotFound)
		wantErr(t, "DeleteConformancePack twice", tx.DeleteConformancePack("111111111111", "us-east-1", "pack-a"), conforms.ErrNotFound)
		return nil
	})
}

func testRulesOfAPack(t *testing.T, s conforms.Store) {
	own := newConfigRule("111111111111", "us-east-1", "own-1")
	own.ConformancePack = ""
	packed := newConfigRule("111111111111", "us-east-1", "packed-2")
	packed.ConformancePack = "pack-a"
	update(t, s, func(tx conforms.Tx) error {
		if err := tx.PutConfigRule(own); err != nil {
			return err
		}
		return tx.PutConfigRule(packed)
	})
	view(t, s, func(tx conforms.Tx) error {
		got, err := tx.ListConfigRules(conforms.ConfigRuleFilter{AccountID: "111111111111", Region: "us-east-1", ConformancePack: "pack-a"})
		if err != nil {
			t.Fatalf("ListConfigRules of pack-a: %v", err)
		}
		wantEqual(t, "ListConfigRules of pack-a", got, []*conforms.ConfigRule{packed})
		return nil
	})
}
