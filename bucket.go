package conforms

import "time"

// Bucket is an S3 bucket. Bucket names are global: one name, one bucket,
// whichever account owns it. Whether another account may act on it is decided
// by its bucket policy.
type Bucket struct {
	Name      string
	AccountID string // the owner
	Region    string
	Policy    string // the bucket policy document; "" for none
	CreatedAt time.Time
}

// BucketFilter selects buckets for [Tx.ListBuckets]; a zero AccountID does not filter.
type BucketFilter struct {
	AccountID string
	Page      // by name
}

// Object is an object in an S3 bucket.
type Object struct {
	Bucket       string
	Key          string
	Body         []byte // nil in lists
	Size         int64
	ETag         string // quoted hex MD5 of the body, as S3 sends it
	ContentType  string
	Metadata     map[string]string // x-amz-meta-* headers, by lower-case name without the prefix
	LastModified time.Time
}

// ObjectFilter selects objects for [Tx.ListObjects]: the objects of one
// bucket whose keys start with Prefix, ordered by key.
type ObjectFilter struct {
	Bucket string
	Prefix string
	Page   // by key
}
