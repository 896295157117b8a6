package postgres

import (
	"fmt"

	"conforms"
)

const bucketColumns = `name, account_id, region, policy, created_at`

func scanBucket(s scanner) (*conforms.Bucket, error) {
	var b conforms.Bucket
	err := s.Scan(&b.Name, &b.AccountID, &b.Region, (*nullString)(&b.Policy), (*timestampCol)(&b.CreatedAt))
	if err != nil {
		return nil, err
	}
	return &b, nil
}

// Bucket returns the S3 bucket with the given name.
func (tx *Tx) Bucket(name string) (*conforms.Bucket, error) {
	const q = `SELECT ` + bucketColumns + ` FROM buckets WHERE name = $1`
	b, err := scanBucket(tx.queryRow(q, name))
	if err != nil {
		return nil, fmt.Errorf("get bucket name=%s: %w", name, formatError(err))
	}
	return b, nil
}

// PutBucket stores b, replacing the bucket with the same name.
func (tx *Tx) PutBucket(b *conforms.Bucket) error {
	const q = `INSERT INTO buckets (` + bucketColumns + `) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (name) DO UPDATE SET
			account_id = excluded.account_id, region = excluded.region,
			policy = excluded.policy, created_at = excluded.created_at`
	_, err := tx.exec(q, b.Name, b.AccountID, b.Region, text(b.Policy), timestamp(b.CreatedAt))
	if err != nil {
		return fmt.Errorf("put bucket name=%s: %w", b.Name, formatError(err))
	}
	return nil
}

// DeleteBucket deletes a bucket. It returns conforms.ErrConflict if the
// bucket still holds objects.
func (tx *Tx) DeleteBucket(name string) error {
	var full bool
	err := tx.queryRow(`SELECT EXISTS (SELECT 1 FROM objects WHERE bucket = $1)`, name).Scan(&full)
	if err != nil {
		return fmt.Errorf("delete bucket name=%s: %w", name, formatError(err))
	}
	if full {
		return fmt.Errorf("delete bucket name=%s: %w: the bucket holds objects", name, conforms.ErrConflict)
	}
	if err := tx.deleteRows(`DELETE FROM buckets WHERE name = $1`, name); err != nil {
		return fmt.Errorf("delete bucket name=%s: %w", name, formatError(err))
	}
	return nil
}

// ListBuckets returns the buckets that match f, ordered by name.
func (tx *Tx) ListBuckets(f conforms.BucketFilter) ([]*conforms.Bucket, error) {
	var c conditions
	c.eq("account_id", f.AccountID)
	if f.After != "" {
		c.add("name > ?", f.After)
	}
	q := `SELECT ` + bucketColumns + ` FROM buckets` + c.where() + ` ORDER BY name LIMIT ` + c.param(limit(f.Page))
	buckets, err := list(tx, scanBucket, q, c.args...)
	if err != nil {
		return nil, fmt.Errorf("list buckets account=%s: %w", f.AccountID, formatError(err))
	}
	return buckets, nil
}

// objectColumns are the columns of an object but its body, which only
// Object reads.
const objectColumns = `bucket, key, size, etag, content_type, metadata, last_modified`

// scanObject scans objectColumns, followed by body if withBody.
func scanObject(s scanner, withBody bool) (*conforms.Object, error) {
	var o conforms.Object
	dest := []any{&o.Bucket, &o.Key, &o.Size, &o.ETag, (*nullString)(&o.ContentType),
		&o.Metadata, (*timestampCol)(&o.LastModified)}
	if withBody {
		dest = append(dest, &o.Body)
	}
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	return &o, nil
}

// Object returns an object with its body.
func (tx *Tx) Object(bucket, key string) (*conforms.Object, error) {
	const q = `SELECT ` + objectColumns + `, body FROM objects WHERE bucket = $1 AND key = $2`
	o, err := scanObject(tx.queryRow(q, bucket, key), true)
	if err != nil {
		return nil, fmt.Errorf("get object bucket=%s key=%s: %w", bucket, key, formatError(err))
	}
	if o.Body == nil {
		o.Body = []byte{}
	}
	return o, nil
}

// PutObject stores o, replacing the object with the same key. The bucket
// must exist.
func (tx *Tx) PutObject(o *conforms.Object) error {
	const q = `INSERT INTO objects (` + objectColumns + `, body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (bucket, key) DO UPDATE SET
			size = excluded.size, etag = excluded.etag, content_type = excluded.content_type,
			metadata = excluded.metadata, last_modified = excluded.last_modified, body = excluded.body`
	body := o.Body
	if body == nil {
		body = []byte{} // NOT NULL: pgx sends a nil slice as NULL
	}
	metadata := o.Metadata
	if metadata == nil {
		metadata = map[string]string{}
	}
	_, err := tx.exec(q, o.Bucket, o.Key, o.Size, o.ETag, text(o.ContentType),
		metadata, timestamp(o.LastModified), body)
	if err != nil {
		return fmt.Errorf("put object bucket=%s key=%s: %w", o.Bucket, o.Key, formatError(err))
	}
	return nil
}

// DeleteObject deletes an object.
func (tx *Tx) DeleteObject(bucket, key string) error {
	if err := tx.deleteRows(`DELETE FROM objects WHERE bucket = $1 AND key = $2`, bucket, key); err != nil {
		return fmt.Errorf("delete object bucket=%s key=%s: %w", bucket, key, formatError(err))
	}
	return nil
}

// ListObjects returns the objects of a bucket whose keys start with
// f.Prefix, ordered by key, without their bodies. Keys compare byte by byte.
func (tx *Tx) ListObjects(f conforms.ObjectFilter) ([]*conforms.Object, error) {
	// key >= prefix lets the primary key index start at the prefix;
	// starts_with does the matching, literally.
	const q = `SELECT ` + objectColumns + ` FROM objects
		WHERE bucket = $1 AND key > $2 AND key >= $3 AND starts_with(key, $3)
		ORDER BY key LIMIT $4`
	objects, err := list(tx, func(s scanner) (*conforms.Object, error) { return scanObject(s, false) },
		q, f.Bucket, f.After, f.Prefix, limit(f.Page))
	if err != nil {
		return nil, fmt.Errorf("list objects bucket=%s prefix=%s: %w", f.Bucket, f.Prefix, formatError(err))
	}
	return objects, nil
}
