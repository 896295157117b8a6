package storetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"conforms"
)

var bucketTests = []test{
	{"RoundTripAndReplace", testBucketRoundTrip},
	{"ListByAccountAndPage", testBucketList},
	{"ErrNotFound", testBucketNotFound},
	{"ErrConflictWhenNotEmpty", testBucketNotEmpty},
}

var objectTests = []test{
	{"RoundTrip", testObjectRoundTrip},
	{"Replace", testObjectReplace},
	{"ListByPrefixAndPage", testObjectList},
	{"ErrNotFound", testObjectNotFound},
}

func newBucket(name, accountID string) *conforms.Bucket {
	return &conforms.Bucket{
		Name: name, AccountID: accountID, Region: "us-east-1", CreatedAt: at(1),
		Policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::` + name + `/*"}]}`,
	}
}

func newObject(bucket, key, body string) *conforms.Object {
	return &conforms.Object{
		Bucket: bucket, Key: key, Body: []byte(body), Size: int64(len(body)),
		ETag: `"` + fmt.Sprintf("%032x", len(body)) + `"`, ContentType: "application/json",
		Metadata: map[string]string{"owner": "team-a", "purpose": "templates"}, LastModified: at(2),
	}
}

func testBucketRoundTrip(t *testing.T, s conforms.Store) {
	a, b := newBucket("bucket-a", "111111111111"), newBucket("bucket-b", "222222222222")
	b.Policy, b.Region = "", "eu-west-1"
	update(t, s, func(tx conforms.Tx) error {
		if err := tx.PutBucket(a); err != nil {
			return err
		}
		return tx.PutBucket(b)
	})
	// A second Put replaces every field.
	a.Policy, a.Region = "", "eu-central-1"
	update(t, s, func(tx conforms.Tx) error { return tx.PutBucket(a) })
	view(t, s, func(tx conforms.Tx) error {
		for _, want := range []*conforms.Bucket{a, b} {
			got, err := tx.Bucket(want.Name)
			if err != nil {
				t.Fatalf("Bucket(%s): %v", want.Name, err)
			}
			wantEqual(t, "Bucket("+want.Name+")", got, want)
		}
		return nil
	})
}

func testBucketList(t *testing.T, s conforms.Store) {
	update(t, s, func(tx conforms.Tx) error {
		for i := range 5 {
			if err := tx.PutBucket(newBucket(fmt.Sprintf("mine-%d", i), "111111111111")); err != nil {
				return err
			}
		}
		return tx.PutBucket(newBucket("mine-other", "222222222222"))
	})
	view(t, s, func(tx conforms.Tx) error {
		page, err := tx.ListBuckets(conforms.BucketFilter{AccountID: "111111111111", Page: conforms.Page{After: "mine-1", Limit: 2}})
		if err != nil {
			t.Fatalf("ListBuckets: %v", err)
		}
		if got := bucketNames(page); fmt.Sprint(got) != "[mine-2 mine-3]" {
			t.Fatalf("ListBuckets after mine-1, limit 2 = %v, want [mine-2 mine-3]", got)
		}
		wantEqual(t, "ListBuckets()[0]", page[0], newBucket("mine-2", "111111111111"))
		mine, err := tx.ListBuckets(conforms.BucketFilter{AccountID: "111111111111"})
		if err != nil || len(mine) != 5 {
			t.Fatalf("ListBuckets of one account = %v, %v; want its 5 buckets", bucketNames(mine), err)
		}
		all, err := tx.ListBuckets(conforms.BucketFilter{})
		if err != nil || len(all) != 6 {
			t.Fatalf("ListBuckets of every account = %v, %v; want 6 buckets", bucketNames(all), err)
		}
		return nil
	})
}

func bucketNames(buckets []*conforms.Bucket) []string {
	var out []string
	for _, b := range buckets {
		out = append(out, b.Name)
	}
	return out
}

func testBucketNotFound(t *testing.T, s conforms.Store) {
	update(t, s, func(tx conforms.Tx) error { return tx.PutBucket(newBucket("bucket-a", "111111111111")) })
	_ = s.Update(t.Context(), func(tx conforms.Tx) error {
		_, err := tx.Bucket("bucket-b")
		wantErr(t, "Bucket of a missing name", err, conforms.ErrNotFound)
		wantErr(t, "DeleteBucket of a missing name", tx.DeleteBucket("bucket-b"), conforms.ErrNotFound)
		wantErr(t, "DeleteBucket", tx.DeleteBucket("bucket-a"), nil)
		_, err = tx.Bucket("bucket-a")
		wantErr(t, "Bucket after delete", err, conforms.ErrNotFound)
		return nil
	})
}

func testBucketNotEmpty(t *testing.T, s conforms.Store) {
	update(t, s, func(tx conforms.Tx) error {
		if err := tx.PutBucket(newBucket("bucket-a", "111111111111")); err != nil {
			return err
		}
		return tx.PutObject(newObject("bucket-a", "k", "v"))
	})
	err := s.Update(t.Context(), func(tx conforms.Tx) error { return tx.DeleteBucket("bucket-a") })
	wantErr(t, "DeleteBucket of a bucket with an object", err, conforms.ErrConflict)
	update(t, s, func(tx conforms.Tx) error {
		if err := tx.DeleteObject("bucket-a", "k"); err != nil {
			return err
		}
		return tx.DeleteBucket("bucket-a")
	})
}

// putObjects creates bucket-a and stores objs in it.
func putObjects(t *testing.T, s conforms.Store, objs ...*conforms.Object) {
	t.Helper()
	update(t, s, func(tx conforms.Tx) error {
		if err := tx.PutBucket(newBucket("bucket-a", "111111111111")); err != nil {
			return err
		}
		for _, o := range objs {
			if err := tx.PutObject(o); err != nil {
				return err
			}
		}
		return nil
	})
}

func testObjectRoundTrip(t *testing.T, s conforms.Store) {
	a := newObject("bucket-a", "a b/ü.json", `{"hello":"world"}`)
	empty := &conforms.Object{Bucket: "bucket-a", Key: "empty", Body: []byte{}, ETag: `"d41d8cd98f00b204e9800998ecf8427e"`, LastModified: at(3)}
	binary := newObject("bucket-a", "bin", "\x00\xff\x01")
	putObjects(t, s, a, empty, binary)
	view(t, s, func(tx conforms.Tx) error {
		for _, want := range []*conforms.Object{a, empty, binary} {
			got, err := tx.Object(want.Bucket, want.Key)
			if err != nil {
				t.Fatalf("Object(%q): %v", want.Key, err)
			}
			wantEqual(t, "Object("+want.Key+")", got, want)
			if got.Body == nil {
				t.Errorf("Object(%q).Body is nil, want a non-nil body", want.Key)
			}
		}
		return nil
	})
}

func testObjectReplace(t *testing.T, s conforms.Store) {
	putObjects(t, s, newObject("bucket-a", "k", "first"))
	b := newObject("bucket-a", "k", "second, longer")
	b.ContentType, b.Metadata, b.LastModified = "", nil, at(9)
	update(t, s, func(tx conforms.Tx) error { return tx.PutObject(b) })
	view(t, s, func(tx conforms.Tx) error {
		got, err := tx.Object("bucket-a", "k")
		if err != nil {
			t.Fatalf("Object: %v", err)
		}
		wantEqual(t, "Object after replace", got, b)
		return nil
	})
}

func testObjectList(t *testing.T, s conforms.Store) {
	var objs []*conforms.Object
	for _, key := range []string{"a/1", "a/2", "a/3", "a/4", "ab", "b/1", "A/1", "a%"} {
		objs = append(objs, newObject("bucket-a", key, "body of "+key))
	}
	putObjects(t, s, objs...)
	update(t, s, func(tx conforms.Tx) error {
		if err := tx.PutBucket(newBucket("bucket-b", "111111111111")); err != nil {
			return err
		}
		return tx.PutObject(newObject("bucket-b", "a/0", "other bucket"))
	})
	view(t, s, func(tx conforms.Tx) error {
		page, err := tx.ListObjects(conforms.ObjectFilter{Bucket: "bucket-a", Prefix: "a/", Page: conforms.Page{After: "a/1", Limit: 2}})
		if err != nil {
			t.Fatalf("ListObjects: %v", err)
		}
		if got := objectKeys(page); fmt.Sprint(got) != "[a/2 a/3]" {
			t.Fatalf("ListObjects prefix a/ after a/1, limit 2 = %q, want [a/2 a/3]", got)
		}
		want := *objs[1]
		want.Body = nil // lists leave bodies out
		wantEqual(t, "ListObjects()[0]", page[0], &want)
		if page[0].Body != nil {
			t.Errorf("ListObjects returned a body")
		}
		// Prefixes match case-sensitively and literally (% and _ are no wildcards).
		for _, prefix := range []string{"a", "", "a%", "A", "c"} {
			got, err := tx.ListObjects(conforms.ObjectFilter{Bucket: "bucket-a", Prefix: prefix})
			if err != nil {
				t.Fatalf("ListObjects(%q): %v", prefix, err)
			}
			var want []string
			for _, o := range objs {
				if strings.HasPrefix(o.Key, prefix) {
					want = append(want, o.Key)
				}
			}
			slices.Sort(want)
			if !slices.Equal(objectKeys(got), want) {
				t.Errorf("ListObjects(prefix %q) = %q, want %q", prefix, objectKeys(got), want)
			}
		}
		return nil
	})
}

func objectKeys(objs []*conforms.Object) []string {
	var out []string
	for _, o := range objs {
		out = append(out, o.Key)
	}
	return out
}

func testObjectNotFound(t *testing.T, s conforms.Store) {
	putObjects(t, s, newObject("bucket-a", "k", "v"))
	_ = s.Update(t.Context(), func(tx conforms.Tx) error {
		_, err := tx.Object("bucket-a", "other")
		wantErr(t, "Object of a missing key", err, conforms.ErrNotFound)
		_, err = tx.Object("bucket-b", "k")
		wantErr(t, "Object in a missing bucket", err, conforms.ErrNotFound)
		wantErr(t, "DeleteObject of a missing key", tx.DeleteObject("bucket-a", "other"), conforms.ErrNotFound)
		wantErr(t, "DeleteObject", tx.DeleteObject("bucket-a", "k"), nil)
		_, err = tx.Object("bucket-a", "k")
		wantErr(t, "Object after delete", err, conforms.ErrNotFound)
		return nil
	})
}
