package storetest

import (
	"testing"

	"conforms"
)

var aggregatorTests = []test{
	{"RoundTrip", testAggregatorRoundTrip},
}

func testAggregatorRoundTrip(t *testing.T, s conforms.Store) {
	org := &conforms.Aggregator{AccountID: "111111111111", Region: "us-east-1", Name: "org", Arn: "arn-org",
		OrgSource: &conforms.AggregationSource{RoleArn: "arn:aws:iam::111111111111:role/a", AllRegions: true}, CreatedAt: at(1), UpdatedAt: at(2)}
	accts := &conforms.Aggregator{AccountID: "111111111111", Region: "us-east-1", Name: "accts", Arn: "arn-accts",
		AccountSources: []conforms.AggregationSource{{AccountIDs: []string{"222222222222"}, Regions: []string{"eu-west-1"}}}, CreatedAt: at(1), UpdatedAt: at(1)}
	update(t, s, func(tx conforms.Tx) error {
		if err := tx.PutAggregator(org); err != nil {
			return err
		}
		if err := tx.PutRecorder(&conforms.Recorder{AccountID: "111111111111", Region: "eu-west-1", Name: "default"}); err != nil {
			return err
		}
		return tx.PutAggregator(accts)
	})
	view(t, s, func(tx conforms.Tx) error {
		got, err := tx.Aggregator("111111111111", "us-east-1", "org")
		if err != nil {
			t.Fatalf("Aggregator: %v", err)
		}
		org.AccountSources = []conforms.AggregationSource{}
		wantEqual(t, "organization aggregator", got, org)
		all, err := tx.ListAggregators("111111111111", "us-east-1", conforms.Page{Limit: 1})
		if err != nil || len(all) != 1 || all[0].Name != "accts" {
			t.Fatalf("ListAggregators = %v, %v", all, err)
		}
		wantEqual(t, "account aggregator", all[0], accts)
		return nil
	})
	update(t, s, func(tx conforms.Tx) error { return tx.DeleteAggregator("111111111111", "us-east-1", "org") })
	view(t, s, func(tx conforms.Tx) error {
		_, err := tx.Aggregator("111111111111", "us-east-1", "org")
		wantErr(t, "Aggregator after delete", err, conforms.ErrNotFound)
		return nil
	})
}
