package control

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	json "github.com/goccy/go-json"
	"reflect"
	"sort"
	"strconv"
	"time"

	"conforms"
	"conforms/rules"
)

// maxClockSkew is how far in the future an imported capture time may be.
const maxClockSkew = 15 * time.Minute

// MaxImportItems bounds the configuration items of one imported file.
const MaxImportItems = 500_000

// ImportResult says what an import recorded.
type ImportResult struct {
	Items    int
	Accounts int
}

// ImportConfigurationItems records the configuration items of an AWS Config
// snapshot or history file ({"fileVersion", "configSnapshotId"?,
// "configurationItems": [...]}, items in either spelling:
// ../shared/docs/corpus.md §8), all in one transaction: a file with an
// invalid item is refused whole, naming the file, the item and the reason.
// Items must belong to the caller's account, or to an account of the
// organization the caller manages; an item's region is its awsRegion
// ("global" and none: the caller's). Every rule of each account and region
// touched is then evaluated once, over what the import left current,
// periodic ones included: an import is like a first recording, which a user
// previewing a pack wants evaluated at once (docs/decisions.md).
func (s *Service) ImportConfigurationItems(ctx context.Context, file string, data []byte) (ImportResult, error) {
	c := caller(ctx)
	items, err := parseImport(file, data, c.Region)
	if err != nil {
		return ImportResult{}, err
	}
	limit := s.now().Add(maxClockSkew)
	parsed := make([]*rules.Item, len(items)) // what the rules read, parsed once
	var scopes []scope
	touched := map[scope]bool{}
	for i, ci := range items {
		if ci.CaptureTime.After(limit) {
			return ImportResult{}, conforms.Errorf(conforms.CodeValidationException,
				"%s: configuration item %d (%s %s): configurationItemCaptureTime %s is in the future", file, i+1, ci.ResourceType,
				ci.ResourceID, ci.CaptureTime.Format(time.RFC3339))
		}
		if !ci.Deleted() {
			if parsed[i], err = ruleItem(ci); err != nil {
				return ImportResult{}, conforms.Errorf(conforms.CodeValidationException, "%s: configuration item %d: %v", file, i+1, err)
			}
		}
		if sc := (scope{ci.AccountID, ci.Region}); !touched[sc] {
			touched[sc] = true
			scopes = append(scopes, sc)
		}
	}
	// The evaluation is planned first, outside the write transaction, so
	// that imports evaluate side by side and the writer only writes; the
	// write checks that what the plan read is still current, and evaluates
	// again in its transaction when it is not.
	plans := map[scope]*importPlan{}
	err = s.Store.View(ctx, func(tx conforms.Tx) error {
		if err := mayImport(tx, c, file, items); err != nil { // before any work for an import that is refused
			return err
		}
		for _, sc := range scopes {
			p, err := s.planImport(tx, sc, items, parsed)
			if err != nil {
				return err
			}
			plans[sc] = p
		}
		return nil
	})
	if err != nil {
		return ImportResult{}, err
	}
	err = s.Store.Update(ctx, func(tx conforms.Tx) error {
		if err := mayImport(tx, c, file, items); err != nil {
			return err
		}
		// Where the plan is stale: the types an account had no resource of
		// before. The import's items are then all there is, and the
		// evaluation reads them as parsed here rather than back from the
		// store.
		valid := map[scope]bool{}
		fresh := map[scope]map[string]bool{}
		for _, sc := range scopes {
			current, err := plans[sc].current(tx)
			if err != nil {
				return err
			}
			if valid[sc] = current; current {
				continue
			}
			if fresh[sc], _, err = freshTypes(tx, sc, items); err != nil {
				return err
			}
		}
		if err := tx.PutConfigurationItems(items); err != nil {
			return err
		}
		for _, sc := range scopes {
			if err := s.clearDeleted(tx, sc.AccountID, sc.Region, items); err != nil {
				return err
			}
			if valid[sc] {
				if err := plans[sc].record(tx); err != nil {
					return err
				}
				continue
			}
			all, err := tx.ListConfigRules(conforms.ConfigRuleFilter{AccountID: sc.AccountID, Region: sc.Region})
			if err != nil {
				return err
			}
			if err := s.evaluateRulesSeeded(tx, sc.AccountID, sc.Region, all, seedItems(items, parsed, sc, fresh[sc])); err != nil {
				return err
			}
		}
		return nil
	})
	return ImportResult{Items: len(items), Accounts: len(scopes)}, err
}

// importPlan is the evaluation of an import's account and region, made
// before the import is written: the outcome of every rule of the account
// over what the import leaves current, and what it read.
type importPlan struct {
	version  string                 // ResourcesVersion when planned
	rules    []*conforms.ConfigRule // the account's rules when planned
	eval     *evaluator
	outcomes []*outcome
}

// planImport evaluates the rules of an account and region as they will
// be once the import is written, when every type the import brings is new
// to the account: its items are then all there is of those types, and the
// other types are read from the store. It returns nil otherwise: the
// import is then evaluated in its transaction.
func (s *Service) planImport(tx conforms.Tx, sc scope, items []*conforms.ConfigurationItem, parsed []*rules.Item) (*importPlan, error) {
	version, err := tx.ResourcesVersion(sc.AccountID, sc.Region)
	if err != nil {
		return nil, err
	}
	fresh, all, err := freshTypes(tx, sc, items)
	if err != nil || !all {
		return nil, err
	}
	counts, err := tx.CountResources(sc.AccountID, sc.Region)
	if err != nil {
		return nil, err
	}
	list, err := tx.ListConfigRules(conforms.ConfigRuleFilter{AccountID: sc.AccountID, Region: sc.Region})
	if err != nil {
		return nil, err
	}
	p := &importPlan{version: version, rules: list, eval: s.newEvaluator(tx, sc.AccountID, sc.Region)}
	for typ, seed := range seedItems(items, parsed, sc, fresh) {
		p.eval.byType[typ] = seed
		counts[typ] = int64(len(seed))
	}
	for _, r := range list {
		o, err := p.eval.outcome(r, p.eval.inputs(r, counts))
		if err != nil {
			return nil, err
		}
		p.outcomes = append(p.outcomes, o)
	}
	return p, nil
}

// current reports whether what a plan read is still current in tx: no item
// recorded since in its account and region, and the same rules.
func (p *importPlan) current(tx conforms.Tx) (bool, error) {
	if p == nil {
		return false, nil
	}
	version, err := tx.ResourcesVersion(p.eval.accountID, p.eval.region)
	if err != nil || version != p.version {
		return false, err
	}
	list, err := tx.ListConfigRules(conforms.ConfigRuleFilter{AccountID: p.eval.accountID, Region: p.eval.region})
	if err != nil {
		return false, err
	}
	return reflect.DeepEqual(list, p.rules), nil
}

// record writes a plan's outcomes in tx.
func (p *importPlan) record(tx conforms.Tx) error {
	// The transaction may be a retry (PostgreSQL): what it read before is gone.
	p.eval.tx, p.eval.manyRules, p.eval.prior = tx, len(p.outcomes) > 1, nil
	var succeeded []string // one status write for them all
	for _, o := range p.outcomes {
		if err := p.eval.recordResults(o, true); err != nil {
			return err
		}
		switch {
		case o.skip:
		case o.code != "":
			if err := p.eval.status(o.rule, o.code, o.msg); err != nil {
				return err
			}
		default:
			succeeded = append(succeeded, o.rule.Name)
		}
	}
	return tx.RecordRuleEvaluations(p.eval.accountID, p.eval.region, succeeded, p.eval.now, "", "")
}

// freshTypes returns the types of a scope's imported items of which the
// account has no resource at all, deleted ones included: the import's
// items are then all the history there is, and the last of each resource
// will be its current item. all reports whether every type is fresh.
func freshTypes(tx conforms.Tx, sc scope, items []*conforms.ConfigurationItem) (fresh map[string]bool, all bool, err error) {
	fresh, all = map[string]bool{}, true
	seen := map[string]bool{}
	for _, ci := range items {
		if (scope{ci.AccountID, ci.Region}) != sc || seen[ci.ResourceType] {
			continue
		}
		seen[ci.ResourceType] = true
		some, err := tx.ListResources(conforms.ResourceFilter{AccountID: sc.AccountID, Region: sc.Region, ResourceType: ci.ResourceType,
			IncludeDeleted: true, Page: conforms.Page{Limit: 1}})
		if err != nil {
			return nil, false, err
		}
		if len(some) == 0 {
			fresh[ci.ResourceType] = true
		} else {
			all = false
		}
	}
	return fresh, all, nil
}

// seedItems returns, by type, the current items of the types in fresh: the
// last imported item of each resource in the scope (items are in capture
// order), when it is not a deletion. An item with the capture time and
// state id of an earlier one is that item recorded again, which the store
// does not record.
func seedItems(items []*conforms.ConfigurationItem, parsed []*rules.Item, sc scope, fresh map[string]bool) map[string][]*rules.Item {
	latest := map[[2]string]int{}
	var order [][2]string
	recorded := map[[4]string]bool{}
	for i, ci := range items {
		if ci.AccountID != sc.AccountID || ci.Region != sc.Region || !fresh[ci.ResourceType] {
			continue
		}
		state := [4]string{ci.ResourceType, ci.ResourceID, ci.CaptureTime.Format(time.RFC3339Nano), ci.StateID}
		if recorded[state] {
			continue
		}
		recorded[state] = true
		k := [2]string{ci.ResourceType, ci.ResourceID}
		if _, ok := latest[k]; !ok {
			order = append(order, k)
		}
		latest[k] = i
	}
	seed := map[string][]*rules.Item{}
	for typ := range fresh {
		seed[typ] = nil
	}
	for _, k := range order {
		if it := parsed[latest[k]]; it != nil {
			seed[k[0]] = append(seed[k[0]], it)
		}
	}
	return seed
}

// clearDeleted removes the results of the imported resources that are now
// deleted.
func (s *Service) clearDeleted(tx conforms.Tx, accountID, region string, items []*conforms.ConfigurationItem) error {
	for _, ci := range items {
		if ci.AccountID != accountID || ci.Region != region || !ci.Deleted() {
			continue
		}
		cur, err := tx.ConfigurationItem(accountID, region, ci.ResourceType, ci.ResourceID)
		if err != nil {
			return err
		}
		if cur.Deleted() {
			if err := s.resourceChanged(tx, cur); err != nil {
				return err
			}
		}
	}
	return nil
}

// mayImport checks that the caller may import every item of a file:
// those of its own account, and for the management account those of its
// organization's accounts. A store error is returned as it is.
func mayImport(tx conforms.Tx, c *conforms.Caller, file string, items []*conforms.ConfigurationItem) error {
	allowed := map[string]bool{c.AccountID: true}
	var m *Membership
	for i, ci := range items {
		if allowed[ci.AccountID] {
			continue
		}
		denied := func(format string, args ...any) error {
			return conforms.Errorf(conforms.CodeAccessDeniedException, "%s: configuration item %d (%s %s): %s",
				file, i+1, ci.ResourceType, ci.ResourceID, fmt.Sprintf(format, args...))
		}
		if m == nil {
			var err error
			m, err = membership(tx, c.AccountID)
			var e *conforms.Error
			if errors.As(err, &e) || (err == nil && !m.IsManagement()) {
				return denied("the item belongs to account %s; only that account or its organization's management account may import it", ci.AccountID)
			} else if err != nil {
				return err
			}
		}
		a, err := tx.Account(ci.AccountID)
		if errors.Is(err, conforms.ErrNotFound) || (err == nil && a.OrgID != m.Organization.ID) {
			return denied("account %s is not in the caller's organization", ci.AccountID)
		} else if err != nil {
			return err
		}
		allowed[ci.AccountID] = true
	}
	return nil
}

// parseImport parses a snapshot or history file into items in capture
// order.
func parseImport(file string, data []byte, defaultRegion string) ([]*conforms.ConfigurationItem, error) {
	invalid := func(format string, args ...any) error {
		return conforms.Errorf(conforms.CodeValidationException, "%s: %s", file, fmt.Sprintf(format, args...))
	}
	// The whole file is decoded at once; only when that fails is it decoded
	// again item by item, to say which item is wrong.
	var fast struct {
		ConfigurationItems []fileItem `json:"configurationItems"`
	}
	if json.Unmarshal(data, &fast) == nil && fast.ConfigurationItems != nil && len(fast.ConfigurationItems) <= MaxImportItems {
		items := make([]*conforms.ConfigurationItem, 0, len(fast.ConfigurationItems))
		for i := range fast.ConfigurationItems {
			ci, err := fast.ConfigurationItems[i].item(defaultRegion)
			if err != nil {
				return nil, invalid("configuration item %d: %v", i+1, err)
			}
			items = append(items, ci)
		}
		sort.SliceStable(items, func(i, j int) bool { return items[i].CaptureTime.Before(items[j].CaptureTime) })
		return items, nil
	}
	var doc struct {
		FileVersion        string            `json:"fileVersion"`
		ConfigurationItems []json.RawMessage `json:"configurationItems"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, invalid("not a configuration snapshot or history file: %v", err)
	}
	if doc.ConfigurationItems == nil {
		return nil, invalid("no configurationItems list")
	}
	if len(doc.ConfigurationItems) > MaxImportItems {
		return nil, invalid("%d configuration items; at most %d are allowed in one file", len(doc.ConfigurationItems), MaxImportItems)
	}
	items := make([]*conforms.ConfigurationItem, 0, len(doc.ConfigurationItems))
	for i, raw := range doc.ConfigurationItems {
		ci, err := importedItem(raw, defaultRegion)
		if err != nil {
			return nil, invalid("configuration item %d: %v", i+1, err)
		}
		items = append(items, ci)
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].CaptureTime.Before(items[j].CaptureTime) })
	return items, nil
}

// fileItem is a configuration item of a snapshot or history file, in
// either spelling.
type fileItem struct {
	Version                  string          `json:"version"`
	ConfigurationItemVersion string          `json:"configurationItemVersion"`
	AccountID                string          `json:"accountId"`
	AwsAccountID             string          `json:"awsAccountId"`
	CaptureTime              json.RawMessage `json:"configurationItemCaptureTime"`
	Status                   string          `json:"configurationItemStatus"`
	StateID                  json.RawMessage `json:"configurationStateId"`
	Arn                      string          `json:"arn"`
	ARN                      string          `json:"ARN"`
	ResourceType             string          `json:"resourceType"`
	ResourceID               string          `json:"resourceId"`
	ResourceName             string          `json:"resourceName"`
	AwsRegion                string          `json:"awsRegion"`
	AvailabilityZone         string          `json:"availabilityZone"`
	ResourceCreationTime     json.RawMessage `json:"resourceCreationTime"`
	Tags                     map[string]string
	Relationships            []struct {
		ResourceType     string `json:"resourceType"`
		ResourceID       string `json:"resourceId"`
		ResourceName     string `json:"resourceName"`
		RelationshipName string `json:"relationshipName"`
		Name             string `json:"name"`
	} `json:"relationships"`
	Configuration json.RawMessage            `json:"configuration"`
	Supplementary map[string]json.RawMessage `json:"supplementaryConfiguration"`
}

// importedItem converts one CI of a file, in either spelling.
func importedItem(raw json.RawMessage, defaultRegion string) (*conforms.ConfigurationItem, error) {
	var f fileItem
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, err
	}
	return f.item(defaultRegion)
}

// item converts a file's item.
func (f *fileItem) item(defaultRegion string) (*conforms.ConfigurationItem, error) {
	ci := &conforms.ConfigurationItem{
		AccountID: first(f.AccountID, f.AwsAccountID), ResourceType: f.ResourceType, ResourceID: f.ResourceID,
		ResourceName: f.ResourceName, ARN: first(f.Arn, f.ARN), AvailabilityZone: f.AvailabilityZone,
		Status: first(f.Status, conforms.ItemOK), Version: first(f.Version, f.ConfigurationItemVersion, configurationItemVersion),
		Region: f.AwsRegion, Tags: f.Tags, Supplementary: map[string]string{},
	}
	switch {
	case len(ci.AccountID) != 12 || !allDigits(ci.AccountID):
		return nil, fmt.Errorf("accountId %q is not a 12-digit account id", ci.AccountID)
	case ci.ResourceType == "" || ci.ResourceID == "":
		return nil, errors.New("resourceType and resourceId are required")
	}
	if ci.Region == "" || ci.Region == "global" {
		ci.Region = defaultRegion
	}
	var err error
	if ci.CaptureTime, err = importTime(f.CaptureTime); err != nil || ci.CaptureTime.IsZero() {
		return nil, fmt.Errorf("configurationItemCaptureTime is missing or not a time")
	}
	if ci.ResourceCreationTime, err = importTime(f.ResourceCreationTime); err != nil {
		return nil, fmt.Errorf("resourceCreationTime is not a time")
	}
	ci.StateID = string(f.StateID)
	if s, err := strconv.Unquote(ci.StateID); err == nil {
		ci.StateID = s
	}
	if ci.StateID == "" || ci.StateID == "null" {
		ci.StateID = strconv.FormatInt(ci.CaptureTime.UnixMilli(), 10)
	}
	if ci.Configuration, err = jsonText(f.Configuration); err != nil {
		return nil, fmt.Errorf("configuration: %v", err)
	}
	for k, v := range f.Supplementary {
		if ci.Supplementary[k], err = jsonText(v); err != nil {
			return nil, fmt.Errorf("supplementaryConfiguration.%s: %v", k, err)
		}
	}
	for _, r := range f.Relationships {
		ci.Relationships = append(ci.Relationships, conforms.ResourceRelationship{ResourceType: r.ResourceType, ResourceID: r.ResourceID,
			ResourceName: r.ResourceName, Name: first(r.RelationshipName, r.Name)})
	}
	return ci, nil
}

// jsonText returns a value as the JSON text the store keeps: an object as
// its text, JSON text as it is (the API spelling), null as "". v comes from
// a decoder, so it is valid JSON: only a string is decoded, to see whether
// it holds JSON text.
func jsonText(v json.RawMessage) (string, error) {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || string(v) == "null" {
		return "", nil
	}
	if v[0] != '"' {
		return string(v), nil
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return "", err
	}
	if s != "" && !json.Valid([]byte(s)) {
		return string(v), nil // a plain string value, kept as JSON
	}
	return s, nil
}

func importTime(v json.RawMessage) (time.Time, error) {
	if len(v) == 0 || string(v) == "null" {
		return time.Time{}, nil
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		return time.Parse(time.RFC3339Nano, s)
	}
	var f float64
	if err := json.Unmarshal(v, &f); err != nil {
		return time.Time{}, err
	}
	return time.UnixMilli(int64(f * 1000)).UTC(), nil
}

func first(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
