package sqlite

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"conforms"
)

const itemColumns = `i.account_id, i.region, i.resource_type, i.resource_id, i.capture_time, i.seq, i.status, i.resource_name,
	i.arn, i.availability_zone, i.resource_creation_time, i.state_id, i.version, i.schema_version_id, i.tags,
	i.configuration, i.supplementary, i.relationships`

func scanItem(s scanner) (*conforms.ConfigurationItem, error) {
	var ci conforms.ConfigurationItem
	err := s.Scan(&ci.AccountID, &ci.Region, &ci.ResourceType, &ci.ResourceID, (*micros)(&ci.CaptureTime), &ci.Seq, &ci.Status,
		(*nullString)(&ci.ResourceName), (*nullString)(&ci.ARN), (*nullString)(&ci.AvailabilityZone),
		(*micros)(&ci.ResourceCreationTime), &ci.StateID, &ci.Version, (*nullString)(&ci.SchemaVersionID),
		jsonValue{&ci.Tags}, (*nullString)(&ci.Configuration), jsonValue{&ci.Supplementary}, jsonValue{&ci.Relationships})
	if err != nil {
		return nil, err
	}
	return &ci, nil
}

// PutConfigurationItem records ci as the resource's newest state.
func (tx *Tx) PutConfigurationItem(ci *conforms.ConfigurationItem) error {
	var seq, same int64
	err := tx.queryRow(`SELECT coalesce(max(seq) + 1, 0), count(*) FILTER (WHERE state_id = ?) FROM configuration_items
		WHERE account_id = ? AND region = ? AND resource_type = ? AND resource_id = ? AND capture_time = ?`,
		ci.StateID, ci.AccountID, ci.Region, ci.ResourceType, ci.ResourceID, micros(ci.CaptureTime)).Scan(&seq, &same)
	if err != nil {
		return fmt.Errorf("put configuration item %s %s: %w", ci.ResourceType, ci.ResourceID, formatError(err))
	}
	if same > 0 { // recorded already (a file imported again)
		ci.Seq = seq - 1
		return nil
	}
	ci.Seq = seq
	if _, err = tx.exec(`INSERT INTO configuration_items (`+itemInsertColumns+`) VALUES `+placeholders(1, 18), itemArgs(ci)...); err == nil {
		err = tx.putResources([]*conforms.ConfigurationItem{ci})
	}
	if err != nil {
		return fmt.Errorf("put configuration item %s %s: %w", ci.ResourceType, ci.ResourceID, formatError(err))
	}
	return nil
}

// itemsPerInsert is how many items one INSERT writes (18 parameters each).
const itemsPerInsert = 256

const itemInsertColumns = `account_id, region, resource_type, resource_id, capture_time, seq, status,
	resource_name, arn, availability_zone, resource_creation_time, state_id, version, schema_version_id, tags,
	configuration, supplementary, relationships`

func itemArgs(ci *conforms.ConfigurationItem) []any {
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
	return []any{ci.AccountID, ci.Region, ci.ResourceType, ci.ResourceID, micros(ci.CaptureTime), ci.Seq, ci.Status,
		nullString(ci.ResourceName), nullString(ci.ARN), nullString(ci.AvailabilityZone), micros(ci.ResourceCreationTime),
		ci.StateID, ci.Version, nullString(ci.SchemaVersionID), jsonValue{&tags}, nullString(ci.Configuration),
		jsonValue{&supp}, jsonValue{&rels}}
}

// PutConfigurationItems records items as PutConfigurationItem would, one
// after the other, in a few statements: each chunk is inserted at seq 0,
// skipping the items whose (resource, capture time, 0) is taken. When a
// chunk is not inserted whole, an item whose seq 0 holds its own state id
// was inserted by the chunk or recorded before (recorded again: pointing
// the resource at it again changes nothing); the others are recorded one by
// one. A first import takes the fast way only.
func (tx *Tx) PutConfigurationItems(items []*conforms.ConfigurationItem) error {
	// In the order of the table's key, so that new rows fill pages one
	// after the other; a resource's items keep their order.
	items = slices.Clone(items)
	slices.SortStableFunc(items, func(a, b *conforms.ConfigurationItem) int {
		return cmp.Or(strings.Compare(a.AccountID, b.AccountID), strings.Compare(a.Region, b.Region),
			strings.Compare(a.ResourceType, b.ResourceType), strings.Compare(a.ResourceID, b.ResourceID))
	})
	var slow, written []*conforms.ConfigurationItem
	for rest := items; len(rest) > 0; {
		chunk := rest[:min(len(rest), itemsPerInsert)]
		rest = rest[len(chunk):]
		args := make([]any, 0, 18*len(chunk))
		for _, ci := range chunk {
			ci.Seq = 0
			args = append(args, itemArgs(ci)...)
		}
		res, err := tx.exec(`INSERT INTO configuration_items (`+itemInsertColumns+`) VALUES `+placeholders(len(chunk), 18)+
			` ON CONFLICT DO NOTHING`, args...)
		var n int64
		if err == nil {
			n, err = res.RowsAffected()
		}
		if err != nil {
			return fmt.Errorf("put %d configuration items: %w", len(chunk), formatError(err))
		}
		if int(n) == len(chunk) {
			written = append(written, chunk...)
			continue
		}
		for _, ci := range chunk {
			var state string
			err := tx.queryRow(`SELECT state_id FROM configuration_items WHERE account_id = ? AND region = ? AND resource_type = ?
				AND resource_id = ? AND capture_time = ? AND seq = 0`, ci.AccountID, ci.Region, ci.ResourceType, ci.ResourceID,
				micros(ci.CaptureTime)).Scan(&state)
			if err != nil {
				return fmt.Errorf("put configuration item %s %s: %w", ci.ResourceType, ci.ResourceID, formatError(err))
			}
			if state == ci.StateID {
				written = append(written, ci)
			} else {
				slow = append(slow, ci)
			}
		}
	}
	if err := tx.putResources(written); err != nil {
		return fmt.Errorf("put %d configuration items: %w", len(written), formatError(err))
	}
	for _, ci := range slow {
		if err := tx.PutConfigurationItem(ci); err != nil {
			return err
		}
	}
	return nil
}

// putResources points each resource at the newest of its items recorded
// (unless a later one is already current).
func (tx *Tx) putResources(items []*conforms.ConfigurationItem) error {
	// One row per resource: an upsert may not touch a row twice on PostgreSQL,
	// and the newest is the one that counts.
	newest := make(map[[4]string]*conforms.ConfigurationItem, len(items))
	order := make([][4]string, 0, len(items))
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
	for len(order) > 0 {
		chunk := order[:min(len(order), itemsPerInsert)]
		order = order[len(chunk):]
		args := make([]any, 0, 8*len(chunk))
		for _, k := range chunk {
			ci := newest[k]
			args = append(args, ci.AccountID, ci.Region, ci.ResourceType, ci.ResourceID, nullString(ci.ResourceName),
				micros(ci.CaptureTime), ci.Seq, ci.Deleted())
		}
		_, err := tx.exec(`INSERT INTO resources (account_id, region, resource_type, resource_id, resource_name, capture_time, seq, deleted)
			VALUES `+placeholders(len(chunk), 8)+`
			ON CONFLICT (account_id, region, resource_type, resource_id) DO UPDATE SET resource_name = excluded.resource_name,
				capture_time = excluded.capture_time, seq = excluded.seq, deleted = excluded.deleted
			WHERE (excluded.capture_time, excluded.seq) >= (resources.capture_time, resources.seq)`, args...)
		if err != nil {
			return err
		}
	}
	return nil
}

// ResourcesVersion returns the number of an account's resources in a region
// and the sums of their current items' capture times and seqs: recording an
// item either adds a resource or moves its current item forward, so the
// three change whenever an item is recorded.
func (tx *Tx) ResourcesVersion(accountID, region string) (string, error) {
	var n, at, seq int64
	err := tx.queryRow(`SELECT count(*), coalesce(sum(capture_time), 0), coalesce(sum(seq), 0) FROM resources
		WHERE account_id = ? AND region = ?`, accountID, region).Scan(&n, &at, &seq)
	if err != nil {
		return "", fmt.Errorf("resources version: %w", formatError(err))
	}
	return fmt.Sprintf("%d:%d:%d", n, at, seq), nil
}

const currentItem = `SELECT ` + itemColumns + ` FROM resources r JOIN configuration_items i ON i.account_id = r.account_id
	AND i.region = r.region AND i.resource_type = r.resource_type AND i.resource_id = r.resource_id
	AND i.capture_time = r.capture_time AND i.seq = r.seq`

// ConfigurationItem returns the current item of a resource.
func (tx *Tx) ConfigurationItem(accountID, region, resourceType, resourceID string) (*conforms.ConfigurationItem, error) {
	q := currentItem + ` WHERE r.account_id = ? AND r.region = ? AND r.resource_type = ? AND r.resource_id = ?`
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
		c.add("r.resource_id IN (SELECT value FROM json_each(?))", jsonStrings(f.ResourceIDs))
	}
	if !f.IncludeDeleted {
		c.add("NOT r.deleted")
	}
	if f.After != "" {
		typ, id, _ := strings.Cut(f.After, "\x00")
		c.add("(r.resource_type, r.resource_id) > (?, ?)", typ, id)
	}
	q := currentItem + c.where() + ` ORDER BY r.resource_type, r.resource_id LIMIT ?`
	items, err := list(tx, scanItem, q, append(c.args, limit(f.Page))...)
	if err != nil {
		return nil, fmt.Errorf("list resources: %w", formatError(err))
	}
	return items, nil
}

// CountResources counts an account's resources that are not deleted, by type.
func (tx *Tx) CountResources(accountID, region string) (map[string]int64, error) {
	rows, err := tx.query(`SELECT resource_type, count(*) FROM resources WHERE account_id = ? AND region = ? AND NOT deleted
		GROUP BY resource_type`, accountID, region)
	if err != nil {
		return nil, fmt.Errorf("count resources: %w", formatError(err))
	}
	defer rows.Close()
	counts := map[string]int64{}
	for rows.Next() {
		var typ string
		var n int64
		if err := rows.Scan(&typ, &n); err != nil {
			return nil, err
		}
		counts[typ] = n
	}
	return counts, rows.Err()
}

// ConfigurationItemHistory returns items of one resource's history.
func (tx *Tx) ConfigurationItemHistory(f conforms.HistoryFilter) ([]*conforms.ConfigurationItem, error) {
	var c conditions
	c.add("i.account_id = ?", f.AccountID)
	c.add("i.region = ?", f.Region)
	c.add("i.resource_type = ?", f.ResourceType)
	c.add("i.resource_id = ?", f.ResourceID)
	if !f.Earlier.IsZero() {
		c.add("i.capture_time >= ?", micros(f.Earlier))
	}
	if !f.Later.IsZero() {
		c.add("i.capture_time <= ?", micros(f.Later))
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
		` ORDER BY i.capture_time ` + order + `, i.seq ` + order + ` LIMIT ?`
	items, err := list(tx, scanItem, q, append(c.args, limit(f.Page))...)
	if err != nil {
		return nil, fmt.Errorf("configuration item history %s %s: %w", f.ResourceType, f.ResourceID, formatError(err))
	}
	return items, nil
}

// historyCursor parses the "capture micros:seq" cursor of a history page.
func historyCursor(s string) (int64, int64, error) {
	a, b, ok := strings.Cut(s, ":")
	at, err1 := strconv.ParseInt(a, 10, 64)
	seq, err2 := strconv.ParseInt(b, 10, 64)
	if !ok || err1 != nil || err2 != nil {
		return 0, 0, fmt.Errorf("history cursor %q: %w", s, conforms.ErrNotFound)
	}
	return at, seq, nil
}
