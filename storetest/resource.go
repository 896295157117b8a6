package storetest

import (
	"fmt"
	"testing"

	"conforms"
)

var resourceTests = []test{
	{"HistoryAndCurrent", testResourceHistory},
	{"HistoryAndCurrentInBulk", testResourceHistoryInBulk},
	{"Version", testResourcesVersion},
	{"ListAndCount", testListResources},
}

func newItem(typ, id string, minute int, status string) *conforms.ConfigurationItem {
	return &conforms.ConfigurationItem{
		AccountID: "111111111111", Region: "us-east-1", ResourceType: typ, ResourceID: id, ResourceName: "name-" + id,
		ARN: "arn:aws:s3:::" + id, AvailabilityZone: "Regional", Status: status, CaptureTime: at(minute),
		ResourceCreationTime: at(0), StateID: fmt.Sprint(minute), Version: "1.3", Tags: map[string]string{"env": "prod"},
		Configuration: fmt.Sprintf(`{"name":%q,"minute":%d}`, id, minute),
		Supplementary: map[string]string{"BucketVersioningConfiguration": `{"status":"Enabled"}`},
		Relationships: []conforms.ResourceRelationship{{ResourceType: "AWS::EC2::VPC", ResourceID: "vpc-1", Name: "Is contained in Vpc"}},
	}
}

func testResourceHistory(t *testing.T, s conforms.Store) {
	checkResourceHistory(t, s, func(tx conforms.Tx, items []*conforms.ConfigurationItem) error {
		for _, ci := range items {
			if err := tx.PutConfigurationItem(ci); err != nil {
				return err
			}
		}
		return nil
	})
}

func testResourceHistoryInBulk(t *testing.T, s conforms.Store) {
	// PutConfigurationItems is PutConfigurationItem item after item: the
	// same history, seqs and current item, in one call.
	checkResourceHistory(t, s, func(tx conforms.Tx, items []*conforms.ConfigurationItem) error {
		return tx.PutConfigurationItems(items)
	})
}

func checkResourceHistory(t *testing.T, s conforms.Store, put func(conforms.Tx, []*conforms.ConfigurationItem) error) {
	v1, v2, v3 := newItem("AWS::S3::Bucket", "b", 1, conforms.ItemDiscovered), newItem("AWS::S3::Bucket", "b", 2, conforms.ItemOK),
		newItem("AWS::S3::Bucket", "b", 2, conforms.ItemDeleted)
	v3.Configuration, v3.Tags, v3.Supplementary, v3.Relationships = "", map[string]string{}, map[string]string{}, []conforms.ResourceRelationship{}
	v3.StateID = "2b"
	old := newItem("AWS::S3::Bucket", "b", 0, conforms.ItemDiscovered)   // imported late: history, not current
	again := newItem("AWS::S3::Bucket", "b", 1, conforms.ItemDiscovered) // v1 recorded again: not stored twice
	update(t, s, func(tx conforms.Tx) error {
		return put(tx, []*conforms.ConfigurationItem{v1, v2, v3, old, again})
	})
	if again.Seq != 0 {
		t.Errorf("seq of an item recorded again = %d, want 0", again.Seq)
	}
	if v2.Seq != 0 || v3.Seq != 1 {
		t.Fatalf("seqs at one capture time = %d, %d; want 0, 1", v2.Seq, v3.Seq)
	}
	view(t, s, func(tx conforms.Tx) error {
		cur, err := tx.ConfigurationItem("111111111111", "us-east-1", "AWS::S3::Bucket", "b")
		if err != nil {
			t.Fatalf("ConfigurationItem: %v", err)
		}
		wantEqual(t, "current item", cur, v3)
		_, err = tx.ConfigurationItem("111111111111", "us-east-1", "AWS::S3::Bucket", "nope")
		wantErr(t, "ConfigurationItem of an unknown resource", err, conforms.ErrNotFound)

		f := conforms.HistoryFilter{AccountID: "111111111111", Region: "us-east-1", ResourceType: "AWS::S3::Bucket", ResourceID: "b"}
		all, err := tx.ConfigurationItemHistory(f)
		if err != nil || len(all) != 4 {
			t.Fatalf("history = %d items, %v", len(all), err)
		}
		wantEqual(t, "newest first", []*conforms.ConfigurationItem{all[0], all[1], all[3]}, []*conforms.ConfigurationItem{v3, v2, old})
		f.Chronological, f.Earlier, f.Later, f.Limit = true, at(1), at(2), 2
		page, err := tx.ConfigurationItemHistory(f)
		if err != nil || len(page) != 2 || page[0].StateID != "1" || page[1].Seq != 0 {
			t.Fatalf("chronological page = %v, %v", page, err)
		}
		f.After = fmt.Sprintf("%d:%d", page[1].CaptureTime.UnixMicro(), page[1].Seq)
		rest, err := tx.ConfigurationItemHistory(f)
		if err != nil || len(rest) != 1 || rest[0].Status != conforms.ItemDeleted {
			t.Fatalf("next page = %v, %v", rest, err)
		}
		return nil
	})
}

func testListResources(t *testing.T, s conforms.Store) {
	update(t, s, func(tx conforms.Tx) error {
		for _, ci := range []*conforms.ConfigurationItem{
			newItem("AWS::S3::Bucket", "b2", 1, conforms.ItemOK), newItem("AWS::S3::Bucket", "b1", 1, conforms.ItemOK),
			newItem("AWS::EC2::Volume", "v1", 1, conforms.ItemOK), newItem("AWS::EC2::Volume", "v2", 1, conforms.ItemDeleted),
		} {
			if err := tx.PutConfigurationItem(ci); err != nil {
				return err
			}
		}
		other := newItem("AWS::S3::Bucket", "b9", 1, conforms.ItemOK)
		other.Region = "eu-west-1"
		return tx.PutConfigurationItem(other)
	})
	ids := func(items []*conforms.ConfigurationItem) string {
		var out string
		for _, ci := range items {
			out += ci.ResourceID + " "
		}
		return out
	}
	view(t, s, func(tx conforms.Tx) error {
		base := conforms.ResourceFilter{AccountID: "111111111111", Region: "us-east-1"}
		for _, tt := range []struct {
			edit func(*conforms.ResourceFilter)
			want string
		}{
			{func(*conforms.ResourceFilter) {}, "v1 b1 b2 "},
			{func(f *conforms.ResourceFilter) { f.IncludeDeleted = true }, "v1 v2 b1 b2 "},
			{func(f *conforms.ResourceFilter) { f.ResourceType = "AWS::S3::Bucket" }, "b1 b2 "},
			{func(f *conforms.ResourceFilter) { f.ResourceIDs = []string{"b2", "v1"} }, "v1 b2 "},
			{func(f *conforms.ResourceFilter) { f.ResourceName = "name-b1" }, "b1 "},
			{func(f *conforms.ResourceFilter) { f.Limit = 2 }, "v1 b1 "},
			{func(f *conforms.ResourceFilter) { f.After = "AWS::S3::Bucket\x00b1" }, "b2 "},
		} {
			f := base
			tt.edit(&f)
			got, err := tx.ListResources(f)
			if err != nil || ids(got) != tt.want {
				t.Errorf("ListResources(%+v) = %q, %v; want %q", f, ids(got), err, tt.want)
			}
		}
		counts, err := tx.CountResources("111111111111", "us-east-1")
		if err != nil || fmt.Sprint(counts) != fmt.Sprint(map[string]int64{"AWS::EC2::Volume": 1, "AWS::S3::Bucket": 2}) {
			t.Errorf("CountResources = %v, %v", counts, err)
		}
		return nil
	})
}

func testResourcesVersion(t *testing.T, s conforms.Store) {
	// The version changes with every item recorded in the account and
	// region: a new resource, a later item, another item at the same
	// capture time; and not with another account's items.
	versions := map[string]bool{}
	version := func(what string) {
		t.Helper()
		view(t, s, func(tx conforms.Tx) error {
			v, err := tx.ResourcesVersion("111111111111", "us-east-1")
			if err != nil {
				t.Fatalf("ResourcesVersion: %v", err)
			}
			if versions[v] {
				t.Errorf("after %s: version %q seen before", what, v)
			}
			versions[v] = true
			return nil
		})
	}
	version("nothing")
	steps := []struct {
		what string
		ci   *conforms.ConfigurationItem
	}{
		{"a new resource", newItem("AWS::S3::Bucket", "a", 1, conforms.ItemDiscovered)},
		{"another resource", newItem("AWS::S3::Bucket", "b", 1, conforms.ItemDiscovered)},
		{"a later item", newItem("AWS::S3::Bucket", "a", 2, conforms.ItemOK)},
		{"an item at the same time", func() *conforms.ConfigurationItem {
			ci := newItem("AWS::S3::Bucket", "a", 2, conforms.ItemDeleted)
			ci.StateID = "2b"
			return ci
		}()},
	}
	for _, step := range steps {
		update(t, s, func(tx conforms.Tx) error { return tx.PutConfigurationItem(step.ci) })
		version(step.what)
	}
	other := newItem("AWS::S3::Bucket", "c", 3, conforms.ItemOK)
	other.AccountID = "222222222222"
	var before, after string
	view(t, s, func(tx conforms.Tx) (err error) {
		before, err = tx.ResourcesVersion("111111111111", "us-east-1")
		return err
	})
	update(t, s, func(tx conforms.Tx) error { return tx.PutConfigurationItem(other) })
	view(t, s, func(tx conforms.Tx) (err error) {
		after, err = tx.ResourcesVersion("111111111111", "us-east-1")
		return err
	})
	if before != after {
		t.Errorf("another account's item changed the version: %q -> %q", before, after)
	}
}
