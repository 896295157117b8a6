package postgres

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"conforms"

	"github.com/jackc/pgx/v5"
)

const itemColumns = `i.account_id, i.region, i.resource_type, i.resource_id, i.capture_time, i.seq, i.status, i.resource_name,
	i.arn, i.availability_zone, i.resource_creation_time, i.state_id, i.version, i.schema_version_id, i.tags,
	i.configuration, i.supplementary, i.relationships`

func scanItem(s scanner) (*conforms.ConfigurationItem, error) {
	var ci conforms.ConfigurationItem
	err := s.Scan(&ci.AccountID, &ci.Region, &ci.ResourceType, &ci.ResourceID, (*timestampCol)(&ci.CaptureTime), &ci.Seq, &ci.Status,
		(*nullString)(&ci.ResourceName), (*nullString)(&ci.ARN), (*nullString)(&ci.AvailabilityZone),
		(*timestampCol)(&ci.ResourceCreationTime), &ci.StateID, &ci.Version, (*nullString)(&ci.SchemaVersionID),
		jsonText{&ci.Tags}, (*nullString)(&ci.Configuration), jsonText{&ci.Supplementary}, jsonText{&ci.Relationships})
	if err != nil {
		return nil, err
	}
	return &ci, nil
}

// PutConfigurationItem records ci as the resource's newest state.
func (tx *Tx) PutConfigurationItem(ci *conforms.ConfigurationItem) error {
	var seq, same int64
	err := tx.queryRow(`SELECT coalesce(max(seq) + 1, 0), count(*) FILTER (WHERE state_id = $1) FROM configuration_items
		WHERE account_id = $2 AND region = $3 AND resource_type = $4 AND resource_id = $5 AND capture_time = $6`,
		ci.StateID, ci.AccountID, ci.Region, ci.ResourceType, ci.ResourceID, timestamp(ci.CaptureTime)).Scan(&seq, &same)
	if err != nil {
		return fmt.Errorf("put configuration item %s %s: %w", ci.ResourceType, ci.ResourceID, formatError(err))
	}
	if same > 0 { // recorded already (a file imported again)
		ci.Seq = seq - 1
		return nil
	}
	ci.Seq = seq
	var cols itemColumnsOf
	if err := cols.add(ci); err != nil {
		return fmt.Errorf("put configuration item %s %s: %w", ci.ResourceType, ci.ResourceID, err)
	}
	// Both statements go in one round trip.
	b := &pgx.Batch{}
	b.Queue(insertItems, cols.args()...)
	queueResources(b, []*conforms.ConfigurationItem{ci})
	if err := tx.sendBatch(b); err != nil {
		return fmt.Errorf("put configuration item %s %s: %w", ci.ResourceType, ci.ResourceID, formatError(err))
	}
	return nil
}

// itemsPerInsert is how many items one INSERT of PutConfigurationItems
// writes at most.
const itemsPerInsert = 1000

// insertItems inserts the items of an itemColumnsOf; it ends with the
// ON CONFLICT clause of the caller, if any.
const insertItems = `INSERT INTO configuration_items (account_id, region, resource_type, resource_id, capture_time, seq, status,
		resource_name, arn, availability_zone, resource_creation_time, state_id, version, schema_version_id, tags,
		configuration, supplementary, relationships)
	SELECT a, r, t, i, ct, s, st, nullif(rn, ''), nullif(arn, ''), nullif(az, ''), rct, sid, v, nullif(sv, ''), tg,
		nullif(cf, ''), sp, rl
	FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::bigint[], $7::text[], $8::text[],
		$9::text[], $10::text[], $11::timestamptz[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[],
		$17::text[], $18::text[]) AS u (a, r, t, i, ct, s, st, rn, arn, az, rct, sid, v, sv, tg, cf, sp, rl)`

// itemColumnsOf are the columns of configuration items, one array each, for
// insertItems; "" stands for NULL in the optional strings.
type itemColumnsOf struct {
	accounts, regions, types, ids, statuses, names, arns, zones, stateIDs, versions, schemas, tags, configs, supps, rels []string
	captures, creations                                                                                                  []*time.Time
	seqs                                                                                                                 []int64
}

func (c *itemColumnsOf) add(ci *conforms.ConfigurationItem) error {
	tags, supp, rels := ci.Tags, ci.Supplementary, ci.Relationships
	if tags == nil {
		tags = map[string]string{}
	}
	if supp == nil {
		supp = map[string]string{}
	}
	if rels == nil {
		rels = []conforms.ResourceRelationship{}
	}
	var docs [3][]byte
	for i, v := range []any{tags, supp, rels} {
		var err error
		if docs[i], err = json.Marshal(v); err != nil {
			return err
		}
	}
	c.accounts = append(c.accounts, ci.AccountID)
	c.regions = append(c.regions, ci.Region)
	c.types = append(c.types, ci.ResourceType)
	c.ids = append(c.ids, ci.ResourceID)
	c.captures = append(c.captures, timestampPtr(ci.CaptureTime))
	c.seqs = append(c.seqs, ci.Seq)
	c.statuses = append(c.statuses, ci.Status)
	c.names = append(c.names, ci.ResourceName)
	c.arns = append(c.arns, ci.ARN)
	c.zones = append(c.zones, ci.AvailabilityZone)
	c.creations = append(c.creations, timestampPtr(ci.ResourceCreationTime))
	c.stateIDs = append(c.stateIDs, ci.StateID)
	c.versions = append(c.versions, ci.Version)
	c.schemas = append(c.schemas, ci.SchemaVersionID)
	c.tags = append(c.tags, string(docs[0]))
	c.configs = append(c.configs, ci.Configuration)
	c.supps = append(c.supps, string(docs[1]))
	c.rels = append(c.rels, string(docs[2]))
	return nil
}

func (c *itemColumnsOf) args() []any {
	return []any{c.accounts, c.regions, c.types, c.ids, c.captures, c.seqs, c.statuses, c.names, c.arns, c.zones,
		c.creations, c.stateIDs, c.versions, c.schemas, c.tags, c.configs, c.supps, c.rels}
}

// PutConfigurationItems records items as PutConfigurationItem would, one
// after the other, in a few statements: each chunk is inserted at seq 0,
// skipping the items whose (resource, capture time, 0) is taken, which are
// then recorded one by one. A first import takes the fast way only.
func (tx *Tx) PutConfigurationItems(items []*conforms.ConfigurationItem) error {
	type key struct {
		account, region, typ, id string
		at                       int64
	}
	var slow, written []*conforms.ConfigurationItem
	for rest := items; len(rest) > 0; {
		chunk := rest[:min(len(rest), itemsPerInsert)]
		rest = rest[len(chunk):]
		var cols itemColumnsOf
		for _, ci := range chunk {
			ci.Seq = 0
			if err := cols.add(ci); err != nil {
				return fmt.Errorf("put configuration item %s %s: %w", ci.ResourceType, ci.ResourceID, err)
			}
		}
		inserted := map[key]bool{}
		err := tx.query(func(rows pgx.Rows) error {
			var k key
			var at time.Time
			err := rows.Scan(&k.account, &k.region, &k.typ, &k.id, &at)
			k.at = at.UnixMicro()
			inserted[k] = true
			return err
		}, insertItems+` ON CONFLICT DO NOTHING RETURNING account_id, region, resource_type, resource_id, capture_time`, cols.args()...)
		if err != nil {
			return fmt.Errorf("put %d configuration items: %w", len(chunk), formatError(err))
		}
		for _, ci := range chunk {
			k := key{ci.AccountID, ci.Region, ci.ResourceType, ci.ResourceID, ci.CaptureTime.UnixMicro()}
			if inserted[k] {
				delete(inserted, k) // a second item of the chunk with the same key was not inserted
				written = append(written, ci)
			} else {
				slow = append(slow, ci)
			}
		}
	}
	if len(written) > 0 {
		b := &pgx.Batch{}
		queueResources(b, written)
		if err := tx.sendBatch(b); err != nil {
			return fmt.Errorf("put %d configuration items: %w", len(written), formatError(err))
		}
	}
	for _, ci := range slow {
		if err := tx.PutConfigurationItem(ci); err != nil {
			return err
		}
	}
	return nil
}

// queueResources queues the statement that points each resource at the
// newest of its items (unless a later one is already current).
func queueResources(b *pgx.Batch, items []*conforms.ConfigurationItem) {
	// One row per resource: an upsert may not touch a row twice, and the
	// newest is the one that counts.
	newest := make(map[[4]string]*conforms.ConfigurationItem, len(items))
	var order [][4]string
	for _, ci := range items {
		k := [4]string{ci.AccountID, ci.Region, ci.ResourceType, ci.ResourceID}
		cur, ok := newest[k]
		if !ok {
			order = append(order, k)
		}
		if !ok || ci.CaptureTime.After(cur.CaptureTime) || (ci.CaptureTime.Equal(cur.CaptureTime) && ci.Seq >= cur.Seq) {
			newest[k] = ci
		}
	}
	var accounts, regions, types, ids, names []string
	var captures []*time.Time
	var seqs []int64
	var deleted []bool
	for _, k := range order {
		ci := newest[k]
		accounts = append(accounts, ci.AccountID)
		regions = append(regions, ci.Region)
		types = append(types, ci.ResourceType)
		ids = append(ids, ci.ResourceID)
		names = append(names, ci.ResourceName)
		captures = append(captures, timestampPtr(ci.CaptureTime))
		seqs = append(seqs, ci.Seq)
		deleted = append(deleted, ci.Deleted())
	}
	b.Queue(`INSERT INTO resources (account_id, region, resource_type, resource_id, resource_name, capture_time, seq, deleted)
		SELECT a, r, t, i, nullif(n, ''), ct, s, d
		FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::bigint[], $8::boolean[])
			AS u (a, r, t, i, n, ct, s, d)
		ON CONFLICT (account_id, region, resource_type, resource_id) DO UPDATE SET resource_name = excluded.resource_name,
			capture_time = excluded.capture_time, seq = excluded.seq, deleted = excluded.deleted
		WHERE (excluded.capture_time, excluded.seq) >= (resources.capture_time, resources.seq)`,
		accounts, regions, types, ids, names, captures, seqs, deleted)
}

// ResourcesVersion returns the number of an account's resources in a region
// and the sums of their current items' capture times and seqs: recording an
// item either adds a resource or moves its current item forward, so the
// three change whenever an item is recorded.
func (tx *Tx) ResourcesVersion(accountID, region string) (string, error) {
	var v string
	err := tx.queryRow(`SELECT count(*) || ':' || coalesce(sum((extract(epoch FROM capture_time) * 1000000)::bigint), 0)
			|| ':' || coalesce(sum(seq), 0)
		FROM resources WHERE account_id = $1 AND region = $2`, accountID, region).Scan(&v)
	if err != nil {
		return "", fmt.Errorf("resources version: %w", formatError(err))
	}
	return v, nil
}

const currentItem = `SELECT ` + itemColumns + ` FROM resources r JOIN configuration_items i ON i.account_id = r.account_id
	AND i.region = r.region AND i.resource_type = r.resource_type AND i.resource_id = r.resource_id
	AND i.capture_time = r.capture_time AND i.seq = r.seq`

// ConfigurationItem returns the current item of a resource.
func (tx *Tx) ConfigurationItem(accountID, region, resourceType, resourceID string) (*conforms.ConfigurationItem, error) {
	q := currentItem + ` WHERE r.account_id = $1 AND r.region = $2 AND r.resource_type = $3 AND r.resource_id = $4`
	ci, err := scanItem(tx.queryRow(q, accountID, region, resourceType, resourceID))
	if err != nil {
		return nil, fmt.Errorf("get configuration item %s %s: %w", resourceType, resourceID, formatError(err))
	}
	return ci, nil
}

// ListResources returns the current items that match f, ordered by type and id.
func (tx *Tx) ListResources(f conforms.ResourceFilter) ([]*conforms.ConfigurationItem, error) {
	var c conditions
	c.add("r.account_id = ?", f.AccountID)
	c.add("r.region = ?", f.Region)
	c.eq("r.resource_type", f.ResourceType)
	c.eq("r.resource_name", f.ResourceName)
	if len(f.ResourceIDs) > 0 {
		c.add("r.resource_id = ANY(?)", f.ResourceIDs)
	}
	if !f.IncludeDeleted {
		c.add("NOT r.deleted")
	}
	if f.After != "" {
		typ, id, _ := strings.Cut(f.After, "\x00")
		c.add("(r.resource_type, r.resource_id) > (?, ?)", typ, id)
	}
	q := currentItem + c.where() + ` ORDER BY r.resource_type, r.resource_id LIMIT ` + c.param(limit(f.Page))
	items, err := list(tx, scanItem, q, c.args...)
	if err != nil {
		return nil, fmt.Errorf("list resources: %w", formatError(err))
	}
	return items, nil
}

// CountResources counts an account's resources that are not deleted, by type.
func (tx *Tx) CountResources(accountID, region string) (map[string]int64, error) {
	counts := map[string]int64{}
	err := tx.query(func(rows pgx.Rows) error {
		var typ string
		var n int64
		err := rows.Scan(&typ, &n)
		counts[typ] = n
		return err
	}, `SELECT resource_type, count(*) FROM resources WHERE account_id = $1 AND region = $2 AND NOT deleted
		GROUP BY resource_type`, accountID, region)
	if err != nil {
		return nil, fmt.Errorf("count resources: %w", formatError(err))
	}
	return counts, nil
}

// ConfigurationItemHistory returns items of one resource's history.
func (tx *Tx) ConfigurationItemHistory(f conforms.HistoryFilter) ([]*conforms.ConfigurationItem, error) {
	var c conditions
	c.add("i.account_id = ?", f.AccountID)
	c.add("i.region = ?", f.Region)
	c.add("i.resource_type = ?", f.ResourceType)
	c.add("i.resource_id = ?", f.ResourceID)
	if !f.Earlier.IsZero() {
		c.add("i.capture_time >= ?", timestamp(f.Earlier))
	}
	if !f.Later.IsZero() {
		c.add("i.capture_time <= ?", timestamp(f.Later))
	}
	order, cmp := "DESC", "<"
	if f.Chronological {
		order, cmp = "ASC", ">"
	}
	if f.After != "" {
		at, seq, err := historyCursor(f.After)
		if err != nil {
			return nil, err
		}
		c.add("(i.capture_time, i.seq) "+cmp+" (?, ?)", at, seq)
	}
	q := `SELECT ` + itemColumns + ` FROM configuration_items i` + c.where() +
		` ORDER BY i.capture_time ` + order + `, i.seq ` + order + ` LIMIT ` + c.param(limit(f.Page))
	items, err := list(tx, scanItem, q, c.args...)
	if err != nil {
		return nil, fmt.Errorf("configuration item history %s %s: %w", f.ResourceType, f.ResourceID, formatError(err))
	}
	return items, nil
}

// historyCursor parses the "capture micros:seq" cursor of a history page.
func historyCursor(s string) (time.Time, int64, error) {
	a, b, ok := strings.Cut(s, ":")
	at, err1 := strconv.ParseInt(a, 10, 64)
	seq, err2 := strconv.ParseInt(b, 10, 64)
	if !ok || err1 != nil || err2 != nil {
		return time.Time{}, 0, fmt.Errorf("history cursor %q: %w", s, conforms.ErrNotFound)
	}
	return time.UnixMicro(at).UTC(), seq, nil
}
