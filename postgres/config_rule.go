package postgres

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"conforms"

	"github.com/jackc/pgx/v5"
)

// configRuleSelect reads rules with their specs; conditions on the rule
// use the alias r.
const configRuleSelect = `SELECT r.account_id, r.region, r.name, r.id, s.description, s.source, s.scope, s.input_parameters,
	s.maximum_execution_frequency, r.state, r.created_by, s.evaluation_modes, r.created_at, r.conformance_pack
	FROM config_rules r JOIN rule_specs s ON s.id = r.spec `

func scanConfigRule(sc scanner) (*conforms.ConfigRule, error) {
	var r conforms.ConfigRule
	err := sc.Scan(&r.AccountID, &r.Region, &r.Name, &r.ID, (*nullString)(&r.Description),
		&r.Source, &r.Scope, (*nullString)(&r.InputParameters),
		(*nullString)(&r.MaximumExecutionFrequency), &r.State, (*nullString)(&r.CreatedBy),
		&r.EvaluationModes, (*timestampCol)(&r.CreatedAt), (*nullString)(&r.ConformancePack))
	if err != nil {
		return nil, err
	}
	nilIfEmpty(&r.EvaluationModes)
	r.Arn = conforms.ConfigRuleArn(r.Region, r.AccountID, r.CreatedBy, r.ID)
	return &r, nil
}

// ConfigRule returns the named rule of an account in a region.
func (tx *Tx) ConfigRule(accountID, region, name string) (*conforms.ConfigRule, error) {
	const q = configRuleSelect + `WHERE r.account_id = $1 AND r.region = $2 AND r.name = $3`
	r, err := scanConfigRule(tx.queryRow(q, accountID, region, name))
	if err != nil {
		return nil, fmt.Errorf("get config rule account=%s region=%s name=%s: %w", accountID, region, name, formatError(err))
	}
	return r, nil
}

// ConfigRuleByID returns the rule of an account in a region with the given id.
func (tx *Tx) ConfigRuleByID(accountID, region, id string) (*conforms.ConfigRule, error) {
	const q = configRuleSelect + `WHERE r.account_id = $1 AND r.region = $2 AND r.id = $3`
	r, err := scanConfigRule(tx.queryRow(q, accountID, region, id))
	if err != nil {
		return nil, fmt.Errorf("get config rule id=%s: %w", id, formatError(err))
	}
	return r, nil
}

// ruleSpec is the part of a rule that rule_specs keeps, as stored.
type ruleSpec struct {
	description, source, scope, params, frequency, modes string
}

func specOf(r *conforms.ConfigRule) (ruleSpec, error) {
	source, err := json.Marshal(r.Source)
	if err != nil {
		return ruleSpec{}, err
	}
	scope, err := json.Marshal(r.Scope)
	if err != nil {
		return ruleSpec{}, err
	}
	modes := r.EvaluationModes
	if modes == nil {
		modes = []string{}
	}
	m, err := json.Marshal(modes)
	return ruleSpec{r.Description, string(source), string(scope), r.InputParameters, r.MaximumExecutionFrequency, string(m)}, err
}

func (sp ruleSpec) hash() string {
	h := sha256.New()
	for _, part := range []string{sp.description, sp.source, sp.scope, sp.params, sp.frequency, sp.modes} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// specKey returns a key that tells specs apart without encoding them as
// JSON: every field, each preceded by its length. It keys the cache
// of spec ids, since an organization pack puts the same 130 specs in every
// account.
func specKey(r *conforms.ConfigRule) string {
	var b strings.Builder
	field := func(s string) {
		b.WriteString(strconv.Itoa(len(s)))
		b.WriteByte(':')
		b.WriteString(s)
	}
	list := func(l []string) {
		field(strconv.Itoa(len(l)))
		for _, s := range l {
			field(s)
		}
	}
	src, sc := &r.Source, &r.Scope
	field(r.Description)
	field(src.Owner)
	field(src.SourceIdentifier)
	field(strconv.Itoa(len(src.SourceDetails)))
	for _, d := range src.SourceDetails {
		field(d.EventSource)
		field(d.MessageType)
		field(d.MaximumExecutionFrequency)
	}
	field(src.PolicyRuntime)
	field(src.PolicyText)
	field(strconv.FormatBool(src.EnableDebugLogDelivery))
	list(sc.ComplianceResourceTypes)
	field(sc.TagKey)
	field(sc.TagValue)
	field(sc.ComplianceResourceID)
	field(r.InputParameters)
	field(r.MaximumExecutionFrequency)
	list(r.EvaluationModes)
	return b.String()
}

// maxCachedSpecs bounds the DB's cache of spec ids; it is emptied when full.
const maxCachedSpecs = 100_000

// specID returns the id of the rule's spec, storing the spec if it is new.
// Ids of committed specs are cached by the DB (specs are never deleted);
// those of this transaction's are kept in the transaction until it commits,
// and are forgotten if it does not.
func (tx *Tx) specID(r *conforms.ConfigRule) (int64, error) {
	key := specKey(r)
	if id, ok := tx.db.spec(key); ok {
		return id, nil
	}
	if id, ok := tx.newSpecs[key]; ok {
		return id, nil
	}
	sp, err := specOf(r)
	if err != nil {
		return 0, err
	}
	// A stored spec is read, not written again, so that transactions
	// storing the same spec do not conflict over its row.
	var id int64
	err = tx.queryRow(`WITH ins AS (
			INSERT INTO rule_specs (hash, description, source, scope, input_parameters, maximum_execution_frequency,
				evaluation_modes) VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (hash) DO NOTHING RETURNING id)
		SELECT id FROM ins UNION ALL SELECT id FROM rule_specs WHERE hash = $1`,
		sp.hash(), text(sp.description), sp.source, sp.scope, text(sp.params), text(sp.frequency), sp.modes).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("put rule spec: %w", formatError(err))
	}
	if tx.newSpecs == nil {
		tx.newSpecs = map[string]int64{}
	}
	tx.newSpecs[key] = id
	return id, nil
}

const configRuleColumns = `account_id, region, name, id, spec, state, created_by, created_at, conformance_pack`

// configRuleUpsert ends the INSERT of config rules: a rule replaces the one
// of the same name.
const configRuleUpsert = `
		ON CONFLICT (account_id, region, name) DO UPDATE SET
			id = excluded.id, spec = excluded.spec, state = excluded.state, created_by = excluded.created_by,
			created_at = excluded.created_at, conformance_pack = excluded.conformance_pack`

// PutConfigRule stores r.
func (tx *Tx) PutConfigRule(r *conforms.ConfigRule) error {
	spec, err := tx.specID(r)
	if err == nil {
		_, err = tx.exec(`INSERT INTO config_rules (`+configRuleColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`+configRuleUpsert,
			r.AccountID, r.Region, r.Name, r.ID, spec, r.State, text(r.CreatedBy), timestamp(r.CreatedAt), text(r.ConformancePack))
	}
	if err != nil {
		return fmt.Errorf("put config rule account=%s region=%s name=%s: %w", r.AccountID, r.Region, r.Name, formatError(err))
	}
	return nil
}

// configRuleColumnsOf are the columns of config rules, one array each, for
// an INSERT ... SELECT FROM unnest.
type configRuleColumnsOf struct {
	accounts, regions, names, ids, states, createdBy, packs []string // createdBy and packs: "" for NULL
	specs                                                   []int64
	createdAt                                               []*time.Time
}

// PutConfigRules stores rules with one INSERT of arrays, whatever their
// number. A rule whose name an existing rule of another conformance pack
// (or of none) holds is not written, and the call returns ErrConflict. Of
// rules of the same account, region and name, the last is stored.
func (tx *Tx) PutConfigRules(rules []*conforms.ConfigRule) error {
	rules = lastByKey(rules, func(r *conforms.ConfigRule) [3]string { return [3]string{r.AccountID, r.Region, r.Name} })
	if len(rules) == 0 {
		return nil
	}
	var c configRuleColumnsOf
	for _, r := range rules {
		spec, err := tx.specID(r)
		if err != nil {
			return fmt.Errorf("put %d config rules: %w", len(rules), err)
		}
		c.accounts = append(c.accounts, r.AccountID)
		c.regions = append(c.regions, r.Region)
		c.names = append(c.names, r.Name)
		c.ids = append(c.ids, r.ID)
		c.specs = append(c.specs, spec)
		c.states = append(c.states, r.State)
		c.createdBy = append(c.createdBy, r.CreatedBy)
		c.createdAt = append(c.createdAt, timestampPtr(r.CreatedAt))
		c.packs = append(c.packs, r.ConformancePack)
	}
	q := `INSERT INTO config_rules (` + configRuleColumns + `)
		SELECT a, r, n, i, s, st, nullif(cb, ''), ca, nullif(cp, '')
		FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::timestamptz[], $9::text[])
			AS u (a, r, n, i, s, st, cb, ca, cp)` + configRuleUpsert +
		` WHERE coalesce(config_rules.conformance_pack, '') = coalesce(excluded.conformance_pack, '')`
	tag, err := tx.exec(q, c.accounts, c.regions, c.names, c.ids, c.specs, c.states, c.createdBy, c.createdAt, c.packs)
	if err != nil {
		return fmt.Errorf("put %d config rules: %w", len(rules), formatError(err))
	}
	if n := tag.RowsAffected(); n != int64(len(rules)) {
		return fmt.Errorf("put %d config rules: %d names belong to other rules: %w", len(rules), int64(len(rules))-n, conforms.ErrConflict)
	}
	return nil
}

// lastByKey returns items without those that a later item of the same key
// replaces, in their order; an INSERT ... ON CONFLICT DO UPDATE cannot
// write one row twice.
func lastByKey[T any, K comparable](items []*T, key func(*T) K) []*T {
	last := make(map[K]int, len(items))
	for i, it := range items {
		last[key(it)] = i
	}
	if len(last) == len(items) {
		return items
	}
	out := make([]*T, 0, len(last))
	for i, it := range items {
		if last[key(it)] == i {
			out = append(out, it)
		}
	}
	return out
}

// DeleteConfigRule deletes the named rule of an account in a region, with
// its evaluation results and status.
func (tx *Tx) DeleteConfigRule(accountID, region, name string) error {
	err := tx.deleteRows(`DELETE FROM config_rules WHERE account_id = $1 AND region = $2 AND name = $3`, accountID, region, name)
	for _, q := range []string{
		`DELETE FROM evaluation_results WHERE account_id = $1 AND region = $2 AND rule_name = $3`,
		`DELETE FROM rule_evaluation_status WHERE account_id = $1 AND region = $2 AND rule_name = $3`,
	} {
		if err == nil {
			_, err = tx.exec(q, accountID, region, name)
		}
	}
	if err != nil {
		return fmt.Errorf("delete config rule account=%s region=%s name=%s: %w", accountID, region, name, formatError(err))
	}
	return nil
}

// ListConfigRules returns the rules of an account in a region, ordered by name.
func (tx *Tx) ListConfigRules(f conforms.ConfigRuleFilter) ([]*conforms.ConfigRule, error) {
	var c conditions
	c.add("r.account_id = ?", f.AccountID)
	c.add("r.region = ?", f.Region)
	c.eq("r.conformance_pack", f.ConformancePack)
	if f.After != "" {
		c.add("r.name > ?", f.After)
	}
	q := configRuleSelect + c.where() + ` ORDER BY r.name LIMIT ` + c.param(limit(f.Page))
	rules, err := list(tx, scanConfigRule, q, c.args...)
	if err != nil {
		return nil, fmt.Errorf("list config rules account=%s region=%s: %w", f.AccountID, f.Region, formatError(err))
	}
	return rules, nil
}

// ScanConfigRules returns a page of every account's rules.
func (tx *Tx) ScanConfigRules(p conforms.Page) ([]*conforms.ConfigRule, error) {
	parts := strings.SplitN(p.After, "\x00", 3)
	for len(parts) < 3 {
		parts = append(parts, "")
	}
	q := configRuleSelect + `WHERE (r.account_id, r.region, r.name) > ($1, $2, $3) ORDER BY r.account_id, r.region, r.name LIMIT $4`
	rules, err := list(tx, scanConfigRule, q, parts[0], parts[1], parts[2], limit(p))
	if err != nil {
		return nil, fmt.Errorf("scan config rules: %w", formatError(err))
	}
	return rules, nil
}

// ConfigRuleIDs returns the ids of an account's rules in a region.
func (tx *Tx) ConfigRuleIDs(accountID, region string) ([]string, error) {
	var ids []string
	err := tx.query(func(rows pgx.Rows) error {
		var id string
		err := rows.Scan(&id)
		ids = append(ids, id)
		return err
	}, `SELECT id FROM config_rules WHERE account_id = $1 AND region = $2`, accountID, region)
	if err != nil {
		return nil, fmt.Errorf("list config rule ids account=%s region=%s: %w", accountID, region, formatError(err))
	}
	return ids, nil
}

// DeleteConformancePackRules deletes the rules a conformance pack created
// in its account, with their remediation configurations and exceptions.
func (tx *Tx) DeleteConformancePackRules(accountID, region, pack string) error {
	for _, q := range []string{
		`DELETE FROM evaluation_results WHERE account_id = $1 AND region = $2 AND rule_name IN
			(SELECT name FROM config_rules WHERE account_id = $1 AND region = $2 AND conformance_pack = $3)`,
		`DELETE FROM rule_evaluation_status WHERE account_id = $1 AND region = $2 AND rule_name IN
			(SELECT name FROM config_rules WHERE account_id = $1 AND region = $2 AND conformance_pack = $3)`,
		`DELETE FROM remediation_exceptions WHERE account_id = $1 AND region = $2 AND config_rule_name IN
			(SELECT name FROM config_rules WHERE account_id = $1 AND region = $2 AND conformance_pack = $3)`,
		`DELETE FROM remediation_configurations WHERE account_id = $1 AND region = $2 AND config_rule_name IN
			(SELECT name FROM config_rules WHERE account_id = $1 AND region = $2 AND conformance_pack = $3)`,
		`DELETE FROM config_rules WHERE account_id = $1 AND region = $2 AND conformance_pack = $3`,
	} {
		if _, err := tx.exec(q, accountID, region, pack); err != nil {
			return fmt.Errorf("delete rules of conformance pack account=%s region=%s pack=%s: %w", accountID, region, pack, formatError(err))
		}
	}
	return nil
}

// CountConfigRules returns how many rules an account has in a region.
func (tx *Tx) CountConfigRules(accountID, region string) (int, error) {
	var n int
	err := tx.queryRow(`SELECT count(*) FROM config_rules WHERE account_id = $1 AND region = $2`, accountID, region).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count config rules account=%s region=%s: %w", accountID, region, formatError(err))
	}
	return n, nil
}
