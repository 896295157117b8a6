package control

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"

	"conforms"
)

// The read models of the web console (package console). They answer what
// no single API operation answers efficiently for an organization of
// thousands of accounts (the recorder of every account, an organization
// pack's accounts with failures first, the accounts × packs heat map), each
// in one read transaction, and they authorise the caller as the API does:
// the management account and the delegated administrators of
// config.amazonaws.com see every account of the organization, as the
// aggregator operations let them; the management account and the delegated
// administrators of config-multiaccountsetup.amazonaws.com see the
// organization's conformance packs and their deployment to each account, as
// the organization conformance pack operations let them; anyone else sees
// its own account only.

const msgConsoleDenied = "You can see only your own account: the accounts of an organization are visible to its management account and to delegated administrators for config.amazonaws.com."

// consoleSessionKeySetting names the setting holding the console's session
// key, stored once so that every replica accepts every session cookie.
const consoleSessionKeySetting = "console.session-key"

// ConsoleSessionKey returns the key the console signs its session cookies
// with: 32 random bytes stored on first use and shared by every replica.
func (s *Service) ConsoleSessionKey(ctx context.Context) ([]byte, error) {
	var stored string
	err := s.Store.View(ctx, func(tx conforms.Tx) (err error) {
		stored, err = tx.Setting(consoleSessionKeySetting)
		return err
	})
	if errors.Is(err, conforms.ErrNotFound) {
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return nil, fmt.Errorf("console session key: %w", err)
		}
		err = s.Store.Update(ctx, func(tx conforms.Tx) (err error) {
			stored, err = tx.PutSettingIfAbsent(consoleSessionKeySetting, hex.EncodeToString(b))
			return err
		})
	}
	if err != nil {
		return nil, fmt.Errorf("console session key: %w", err)
	}
	key, err := hex.DecodeString(stored)
	if err != nil || len(key) < 32 {
		return nil, fmt.Errorf("console session key: the stored setting %s is malformed", consoleSessionKeySetting)
	}
	return key, nil
}

// ConsoleView is what the caller may see in the console.
type ConsoleView struct {
	Caller  *conforms.Caller
	Account *conforms.Account
	// Organization is nil when the caller's account is in none.
	Organization *conforms.Organization
	// OrgWide is set for the management account and the delegated
	// administrators for config.amazonaws.com of an organization with all
	// features: they see every account of the organization.
	OrgWide bool
	// PackAdmin is set when the caller may manage organization conformance
	// packs (the management account or a delegated administrator for
	// config-multiaccountsetup.amazonaws.com).
	PackAdmin bool
}

// Management reports whether the caller is its organization's management account.
func (v *ConsoleView) Management() bool {
	return v.Organization != nil && v.Organization.ManagementAccountID == v.Account.ID
}

// ConsoleWhoAmI returns what the caller may see.
func (s *Service) ConsoleWhoAmI(ctx context.Context) (*ConsoleView, error) {
	var v *ConsoleView
	err := s.Store.View(ctx, func(tx conforms.Tx) (err error) {
		v, err = consoleView(tx, caller(ctx))
		return err
	})
	return v, err
}

func consoleView(tx conforms.Tx, c *conforms.Caller) (*ConsoleView, error) {
	a, err := tx.Account(c.AccountID)
	if err != nil {
		return nil, fmt.Errorf("load caller account: %w", err)
	}
	v := &ConsoleView{Caller: c, Account: a}
	if a.OrgID == "" {
		return v, nil
	}
	if v.Organization, err = tx.Organization(a.OrgID); err != nil {
		return nil, fmt.Errorf("load organization %s: %w", a.OrgID, err)
	}
	for _, p := range []string{conforms.PrincipalConfigMultiAccountSetup, conforms.PrincipalConfig} {
		_, err := orgAdministrator(tx, c, p, msgConsoleDenied)
		if conforms.ErrorCode(err) != "" {
			continue
		} else if err != nil {
			return nil, err
		}
		// As the API: the accounts' data for config.amazonaws.com (aggregators),
		// the organization's packs for config-multiaccountsetup.
		v.OrgWide = v.OrgWide || p == conforms.PrincipalConfig
		v.PackAdmin = v.PackAdmin || p == conforms.PrincipalConfigMultiAccountSetup
	}
	return v, nil
}

// visibleAccount loads an account the view may see: AccessDeniedException
// for any other, so that a member learns nothing of other accounts.
// viewAccount runs fn in a read transaction after setting *account to an
// account the caller may see.
func (s *Service) viewAccount(ctx context.Context, accountID string, account **conforms.Account,
	fn func(tx conforms.Tx, v *ConsoleView) error) error {
	return s.Store.View(ctx, func(tx conforms.Tx) error {
		v, err := consoleView(tx, caller(ctx))
		if err != nil {
			return err
		}
		if *account, err = v.visibleAccount(tx, accountID); err != nil {
			return err
		}
		return fn(tx, v)
	})
}

func (v *ConsoleView) visibleAccount(tx conforms.Tx, id string) (*conforms.Account, error) {
	if id == v.Account.ID {
		return v.Account, nil
	}
	if !v.OrgWide {
		return nil, conforms.Errorf(conforms.CodeAccessDeniedException, msgConsoleDenied)
	}
	a, err := tx.Account(id)
	if errors.Is(err, conforms.ErrNotFound) || (err == nil && a.OrgID != v.Organization.ID) {
		return nil, conforms.Errorf(conforms.CodeAccessDeniedException, "Account %s is not an account of your organization.", id)
	}
	return a, err
}

// accounts returns the accounts the view may see, ordered by id.
func (v *ConsoleView) accounts(tx conforms.Tx) ([]*conforms.Account, error) {
	if !v.OrgWide {
		return []*conforms.Account{v.Account}, nil
	}
	return tx.ListAccounts(conforms.AccountFilter{OrgID: v.Organization.ID})
}

// matchAccount reports whether an account's id, name or email contains q,
// case-insensitively; an empty q matches every account.
func matchAccount(a *conforms.Account, q string) bool {
	if q == "" {
		return true
	}
	q = strings.ToLower(q)
	return strings.Contains(a.ID, q) || strings.Contains(strings.ToLower(a.Name), q) || strings.Contains(strings.ToLower(a.Email), q)
}

// ConsolePage asks for rows [Offset, Offset+Limit) of a list.
type ConsolePage struct {
	Offset, Limit int
}

func (p ConsolePage) slice(n int) (start, end int) {
	limit := p.Limit
	if limit <= 0 {
		limit = 50
	}
	start = min(max(p.Offset, 0), n)
	return start, min(start+limit, n)
}

// Recorder states of the console's account list.
const (
	RecorderRecording = "recording"
	RecorderStopped   = "stopped"
	RecorderNone      = "none"
)

// ConsoleAccount is an account with its recorder in the caller's region.
type ConsoleAccount struct {
	Account  *conforms.Account
	Parent   string             // name of the root or unit holding it
	Recorder *conforms.Recorder // nil when the account has none
}

// RecorderState is RecorderRecording, RecorderStopped or RecorderNone.
func (a ConsoleAccount) RecorderState() string {
	switch {
	case a.Recorder == nil:
		return RecorderNone
	case a.Recorder.Recording:
		return RecorderRecording
	}
	return RecorderStopped
}

// ConsoleAccountFilter narrows the console's account list.
type ConsoleAccountFilter struct {
	Query    string // in the id, name or email
	ParentID string // directly under this root or unit
	Recorder string // one of the Recorder* states
}

// ConsoleAccounts returns a page of the accounts the caller may see that
// match f, by id, with their recorders, and how many match. Filtering by
// recorder state reads the recorder of every account; otherwise only the
// page's are read.
func (s *Service) ConsoleAccounts(ctx context.Context, f ConsoleAccountFilter, p ConsolePage) ([]ConsoleAccount, int, error) {
	switch f.Recorder {
	case "", RecorderRecording, RecorderStopped, RecorderNone:
	default:
		return nil, 0, conforms.Errorf(conforms.CodeValidationException, "The recorder state %q is not one of recording, stopped or none.", f.Recorder)
	}
	var out []ConsoleAccount
	var total int
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		v, err := consoleView(tx, caller(ctx))
		if err != nil {
			return err
		}
		all, err := v.accounts(tx)
		if err != nil {
			return err
		}
		names, err := unitNames(tx, v)
		if err != nil {
			return err
		}
		var kept []ConsoleAccount
		for _, a := range all {
			if !matchAccount(a, f.Query) || (f.ParentID != "" && a.ParentID != f.ParentID) {
				continue
			}
			ca := ConsoleAccount{Account: a, Parent: names[a.ParentID]}
			if f.Recorder != "" {
				if ca.Recorder, err = recorderOrNil(tx, a.ID, v.Caller.Region); err != nil {
					return err
				}
				if ca.RecorderState() != f.Recorder {
					continue
				}
			}
			kept = append(kept, ca)
		}
		total = len(kept)
		start, end := p.slice(total)
		out = kept[start:end]
		for i := range out {
			if f.Recorder == "" {
				if out[i].Recorder, err = recorderOrNil(tx, out[i].Account.ID, v.Caller.Region); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return out, total, err
}

func recorderOrNil(tx conforms.Tx, accountID, region string) (*conforms.Recorder, error) {
	r, err := tx.Recorder(accountID, region)
	if errors.Is(err, conforms.ErrNotFound) {
		return nil, nil
	}
	return r, err
}

// unitNames returns the names of the organization's root and units by id.
func unitNames(tx conforms.Tx, v *ConsoleView) (map[string]string, error) {
	names := map[string]string{}
	if v.Organization == nil {
		return names, nil
	}
	units, err := tx.ListOrgUnits(conforms.OrgUnitFilter{OrgID: v.Organization.ID})
	for _, u := range units {
		names[u.ID] = u.Name
	}
	return names, err
}

// OrgTreeNode is the root or an organizational unit, with its children and
// how many accounts it holds directly and below it.
type OrgTreeNode struct {
	Unit     *conforms.OrgUnit
	Children []*OrgTreeNode
	Accounts int // directly under the unit
	Total    int // under the unit and its descendants
}

// ConsoleOrgTree returns the tree of the caller's organization, which only
// the accounts that see the whole organization may read.
func (s *Service) ConsoleOrgTree(ctx context.Context) (*OrgTreeNode, error) {
	var root *OrgTreeNode
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		v, err := consoleView(tx, caller(ctx))
		if err != nil {
			return err
		}
		if !v.OrgWide {
			return conforms.Errorf(conforms.CodeAccessDeniedException, msgConsoleDenied)
		}
		units, err := tx.ListOrgUnits(conforms.OrgUnitFilter{OrgID: v.Organization.ID})
		if err != nil {
			return err
		}
		accounts, err := tx.ListAccounts(conforms.AccountFilter{OrgID: v.Organization.ID})
		if err != nil {
			return err
		}
		nodes := map[string]*OrgTreeNode{}
		for _, u := range units {
			nodes[u.ID] = &OrgTreeNode{Unit: u}
		}
		for _, a := range accounts {
			if n := nodes[a.ParentID]; n != nil {
				n.Accounts++
			}
		}
		for _, u := range units {
			if parent := nodes[u.ParentID]; parent != nil {
				parent.Children = append(parent.Children, nodes[u.ID])
			}
		}
		for _, n := range nodes {
			sort.Slice(n.Children, func(i, j int) bool { return n.Children[i].Unit.Name < n.Children[j].Unit.Name })
		}
		root = nodes[v.Organization.RootID]
		if root == nil {
			return fmt.Errorf("organization %s has no root %s", v.Organization.ID, v.Organization.RootID)
		}
		sumTree(root, 0)
		return nil
	})
	return root, err
}

func sumTree(n *OrgTreeNode, depth int) int {
	n.Total = n.Accounts
	if depth > maxOrgUnitDepth+1 { // a cycle would be a store bug; stop
		return n.Total
	}
	for _, c := range n.Children {
		n.Total += sumTree(c, depth+1)
	}
	return n.Total
}

// ConsolePack is an organization conformance pack with its deployment
// progress.
type ConsolePack struct {
	OrgPackStatus
	// Accounts counts the pack's deployments (accounts losing the pack
	// included); Done those successful, Failed and InProgress the others.
	Accounts, Done, Failed, InProgress int
	// Failures are the first failed deployments, by account id.
	Failures []*conforms.Deployment
}

// consoleFailures is how many failed accounts the pack list shows per pack.
const consoleFailures = 3

// ConsolePacks returns the caller's organization conformance packs (as
// DescribeOrganizationConformancePacks sees them) with their progress,
// failed packs first, then in progress, then by name.
func (s *Service) ConsolePacks(ctx context.Context) ([]ConsolePack, error) {
	var out []ConsolePack
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		c := caller(ctx)
		m, err := packAdministrator(tx, c)
		if err != nil {
			return err
		}
		packs, err := tx.ListOrgConformancePacks(conforms.OrgConformancePackFilter{OrgID: m.Organization.ID, Region: c.Region, OwnerAccountID: m.Account.ID})
		if err != nil {
			return err
		}
		for _, p := range packs {
			cp, err := consolePack(tx, p)
			if err != nil {
				return err
			}
			out = append(out, cp)
		}
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool { return packRank(out[i]) < packRank(out[j]) })
	return out, err
}

// packRank orders failed packs first, then packs in progress, then the others.
func packRank(p ConsolePack) int {
	switch {
	case p.Failed > 0:
		return 0
	case p.InProgress > 0:
		return 1
	}
	return 2
}

func consolePack(tx conforms.Tx, p *conforms.OrgConformancePack) (ConsolePack, error) {
	st, err := packStatus(tx, p)
	if err != nil {
		return ConsolePack{}, err
	}
	cp := ConsolePack{OrgPackStatus: st}
	counts, err := tx.CountDeployments(p.OrgID, p.Region, p.Name)
	if err != nil {
		return cp, err
	}
	for status, n := range counts {
		cp.Accounts += n
		switch {
		case isFailed(status):
			cp.Failed += n
		case strings.HasSuffix(status, "_IN_PROGRESS"):
			cp.InProgress += n
		default:
			cp.Done += n
		}
	}
	for _, status := range []string{conforms.OrgCreateFailed, conforms.OrgUpdateFailed, conforms.OrgDeleteFailed} {
		if len(cp.Failures) >= consoleFailures || counts[status] == 0 {
			continue
		}
		rows, err := tx.ListDeployments(conforms.DeploymentFilter{OrgID: p.OrgID, Region: p.Region, PackName: p.Name, Status: status,
			Page: conforms.Page{Limit: consoleFailures - len(cp.Failures)}})
		if err != nil {
			return cp, err
		}
		cp.Failures = append(cp.Failures, rows...)
	}
	return cp, nil
}

func isFailed(status string) bool { return strings.HasSuffix(status, "_FAILED") }

// ConsoleDeployment is an organization pack's deployment to one account,
// with the compliance of the member pack it made there.
type ConsoleDeployment struct {
	*conforms.Deployment
	Account *conforms.Account
	// Cell is the member pack's compliance; Deployed is false when the
	// account holds no such pack.
	Cell HeatCell
}

// ConsoleDeploymentFilter narrows a pack's deployments.
type ConsoleDeploymentFilter struct {
	Query  string // in the account's id, name or email
	Status string // a detailed status, or "FAILED" for any failure
}

// ConsolePackAccounts is one organization pack's accounts.
type ConsolePackAccounts struct {
	Pack ConsolePack
	Rows []ConsoleDeployment
	// Total is how many deployments match the filter.
	Total int
}

// ConsolePackAccounts returns one of the caller's organization packs with
// a page of its deployments that match f: failed first, then in progress,
// then the others, each by account id; the member packs' compliance is
// computed for the page's accounts only.
func (s *Service) ConsolePackAccounts(ctx context.Context, name string, f ConsoleDeploymentFilter, p ConsolePage) (*ConsolePackAccounts, error) {
	out := &ConsolePackAccounts{}
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		c := caller(ctx)
		m, err := packAdministrator(tx, c)
		if err != nil {
			return err
		}
		v, err := consoleView(tx, c)
		if err != nil {
			return err
		}
		pack, err := ownPack(tx, m, c.Region, name)
		if errors.Is(err, conforms.ErrNotFound) {
			return conforms.Errorf(conforms.CodeNoSuchOrganizationConformancePackException, msgNoSuchOrgPacks)
		} else if err != nil {
			return err
		}
		if out.Pack, err = consolePack(tx, pack); err != nil {
			return err
		}
		rows, err := tx.ListDeployments(conforms.DeploymentFilter{OrgID: pack.OrgID, Region: pack.Region, PackName: pack.Name, Targeted: !pack.Deleting})
		if err != nil {
			return err
		}
		accounts, err := tx.ListAccounts(conforms.AccountFilter{OrgID: pack.OrgID})
		if err != nil {
			return err
		}
		byID := make(map[string]*conforms.Account, len(accounts))
		for _, a := range accounts {
			byID[a.ID] = a
		}
		var kept []ConsoleDeployment
		for _, d := range rows {
			a := byID[d.AccountID]
			if a == nil { // an account that left: its row is a removal
				a = &conforms.Account{ID: d.AccountID}
			}
			if !matchAccount(a, f.Query) || (f.Status == "FAILED" && !isFailed(d.Status)) || (f.Status != "" && f.Status != "FAILED" && d.Status != f.Status) {
				continue
			}
			kept = append(kept, ConsoleDeployment{Deployment: d, Account: a})
		}
		rank := func(d ConsoleDeployment) int {
			switch {
			case isFailed(d.Status):
				return 0
			case strings.HasSuffix(d.Status, "_IN_PROGRESS"):
				return 1
			}
			return 2
		}
		sort.SliceStable(kept, func(i, j int) bool { return rank(kept[i]) < rank(kept[j]) })
		out.Total = len(kept)
		start, end := p.slice(len(kept))
		out.Rows = kept[start:end]
		member := pack.MemberPackName()
		for i := range out.Rows {
			if !v.OrgWide { // the accounts' compliance is for those who see their data
				break
			}
			cells, err := accountPackCells(tx, out.Rows[i].AccountID, pack.Region)
			if err != nil {
				return err
			}
			out.Rows[i].Cell = cells[member]
		}
		return nil
	})
	return out, err
}

// HeatCell is the compliance of one pack in one account.
type HeatCell struct {
	Deployed bool // the account holds the pack
	// Score is the percentage of the pack's compliant rule and resource
	// pairs, as ListConformancePackComplianceScores computes it; -1 for
	// INSUFFICIENT_DATA.
	Score      float64
	Compliance string // of the pack: COMPLIANT, NON_COMPLIANT or INSUFFICIENT_DATA
	// Rules counts the pack's rules, NonCompliantRules those not compliant.
	Rules, NonCompliantRules int
}

// accountPackCells computes the compliance of every pack of an account in
// a region from two reads: its rules and its compliant and non-compliant
// results.
func accountPackCells(tx conforms.Tx, accountID, region string) (map[string]HeatCell, error) {
	rules, err := tx.ListConfigRules(conforms.ConfigRuleFilter{AccountID: accountID, Region: region})
	if err != nil {
		return nil, err
	}
	packOf := map[string]string{}
	tallies := packTallies{}
	for _, r := range rules {
		if r.ConformancePack != "" {
			packOf[r.Name] = r.ConformancePack
			tallies.of(r.ConformancePack).rules[r.Name] = conforms.InsufficientData
		}
	}
	if len(tallies) == 0 {
		return map[string]HeatCell{}, nil
	}
	counts, err := tx.CountEvaluationResults(accountID, region, scoredCompliance)
	if err != nil {
		return nil, err
	}
	for _, c := range counts {
		if pack := packOf[c.RuleName]; pack != "" {
			tallies.of(pack).add(c)
		}
	}
	return tallies.cells(), nil
}

// scoredCompliance are the results a pack's score counts.
var scoredCompliance = []string{conforms.Compliant, conforms.NonCompliant}

// packTally counts the results of one pack's rules in one account.
type packTally struct {
	ok, all int
	rules   map[string]string // compliance by rule name
}

// packTallies are the tallies of an account's packs, by pack name.
type packTallies map[string]*packTally

func (ts packTallies) of(pack string) *packTally {
	t := ts[pack]
	if t == nil {
		t = &packTally{rules: map[string]string{}}
		ts[pack] = t
	}
	return t
}

func (t *packTally) add(c conforms.ResultCount) {
	t.all += c.N
	if c.Compliance == conforms.Compliant {
		t.ok += c.N
		if t.rules[c.RuleName] != conforms.NonCompliant {
			t.rules[c.RuleName] = conforms.Compliant
		}
	} else {
		t.rules[c.RuleName] = conforms.NonCompliant
	}
}

// cells derives each pack's compliance as AWS does (NON_COMPLIANT if a rule
// is, COMPLIANT if a rule is and none is not, INSUFFICIENT_DATA otherwise)
// and its score (ListConformancePackComplianceScores: compliant pairs of
// rule and resource over all compliant and non-compliant ones).
func (ts packTallies) cells() map[string]HeatCell {
	cells := make(map[string]HeatCell, len(ts))
	for pack, t := range ts {
		cell := HeatCell{Deployed: true, Score: -1, Rules: len(t.rules), Compliance: conforms.InsufficientData}
		if t.all > 0 {
			cell.Score = 100 * float64(t.ok) / float64(t.all)
		}
		for _, st := range t.rules {
			switch st {
			case conforms.NonCompliant:
				cell.NonCompliantRules++
				cell.Compliance = conforms.NonCompliant
			case conforms.Compliant:
				if cell.Compliance != conforms.NonCompliant {
					cell.Compliance = conforms.Compliant
				}
			}
		}
		cells[pack] = cell
	}
	return cells
}

// HeatColumn is one pack of the heat map: an organization pack (by the
// name of the member packs it deploys) or an account's own pack.
type HeatColumn struct {
	Pack    string // the member pack's name
	OrgPack string // the organization pack's name; "" for an account's own pack
	// Summary over every account that matches the filter.
	Accounts, NonCompliant int
	Average                float64 // mean score of the accounts with one; -1 when none
}

// Label is the name to show for the column.
func (c HeatColumn) Label() string { return cmpOr(c.OrgPack, c.Pack) }

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// HeatRow is one account of the heat map, its cells in column order.
type HeatRow struct {
	Account *conforms.Account
	Cells   []HeatCell
	// Worst is the lowest score of its packs (-1 when none has one), for sorting.
	Worst float64
}

// HeatMap is the compliance of the accounts × packs the caller may see.
type HeatMap struct {
	Columns []HeatColumn
	Rows    []HeatRow
	Total   int // accounts that match the filter
}

// HeatMapFilter narrows and orders the heat map.
type HeatMapFilter struct {
	Query string // in the account's id, name or email
	// NonCompliant keeps the accounts with a non-compliant pack.
	NonCompliant bool
	// Worst orders accounts by their lowest score (accounts without scores
	// last) instead of by id.
	Worst bool
}

// ConsoleHeatMap returns the compliance of the packs of the accounts the
// caller may see: a column per organization pack of the organization (of
// any owner), and for a caller who sees only its own account, a column per
// pack of its own. Column summaries and the ordering cover every matching
// account, computed from the accounts' results alone (resultCells); the
// rows of the page are then computed in full (accountPackCells).
func (s *Service) ConsoleHeatMap(ctx context.Context, f HeatMapFilter, p ConsolePage) (*HeatMap, error) {
	hm := &HeatMap{}
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		v, err := consoleView(tx, caller(ctx))
		if err != nil {
			return err
		}
		region := v.Caller.Region
		if hm.Columns, err = heatColumns(tx, v); err != nil {
			return err
		}
		col := map[string]int{}
		for i, c := range hm.Columns {
			col[c.Pack] = i
			hm.Columns[i].Average = -1
		}
		all, err := v.accounts(tx)
		if err != nil {
			return err
		}
		deployed, err := deployedOrgPacks(tx, v, hm.Columns)
		if err != nil {
			return err
		}
		sums := make([]float64, len(hm.Columns))
		scored := make([]int, len(hm.Columns))
		for _, a := range all {
			if !matchAccount(a, f.Query) {
				continue
			}
			var cells map[string]HeatCell
			if v.OrgWide {
				cells, err = resultCells(tx, a.ID, region, deployed[a.ID])
			} else {
				cells, err = accountPackCells(tx, a.ID, region)
			}
			if err != nil {
				return err
			}
			row := HeatRow{Account: a, Cells: make([]HeatCell, len(hm.Columns)), Worst: -1}
			bad := false
			for pack, cell := range cells {
				i, ok := col[pack]
				if !ok {
					continue
				}
				row.Cells[i] = cell
				hm.Columns[i].Accounts++
				if cell.Compliance == conforms.NonCompliant {
					hm.Columns[i].NonCompliant++
					bad = true
				}
				if cell.Score >= 0 {
					sums[i] += cell.Score
					scored[i]++
					if row.Worst < 0 || cell.Score < row.Worst {
						row.Worst = cell.Score
					}
				}
			}
			if f.NonCompliant && !bad {
				continue
			}
			hm.Rows = append(hm.Rows, row)
		}
		for i := range hm.Columns {
			if scored[i] > 0 {
				hm.Columns[i].Average = sums[i] / float64(scored[i])
			}
		}
		if f.Worst {
			sort.SliceStable(hm.Rows, func(i, j int) bool {
				a, b := hm.Rows[i].Worst, hm.Rows[j].Worst
				return a >= 0 && (b < 0 || a < b)
			})
		}
		hm.Total = len(hm.Rows)
		start, end := p.slice(hm.Total)
		hm.Rows = hm.Rows[start:end]
		if !v.OrgWide {
			return nil
		}
		for i, row := range hm.Rows { // the page's rows in full
			cells, err := accountPackCells(tx, row.Account.ID, region)
			if err != nil {
				return err
			}
			for pack, cell := range cells {
				if j, ok := col[pack]; ok {
					hm.Rows[i].Cells[j] = cell
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return hm, nil
}

// deployedOrgPacks returns, by account, the member packs of the columns'
// organization packs that the account holds (an applied generation, not
// being removed), from one read of each pack's deployments.
func deployedOrgPacks(tx conforms.Tx, v *ConsoleView, cols []HeatColumn) (map[string]map[string]bool, error) {
	out := map[string]map[string]bool{}
	if !v.OrgWide {
		return out, nil
	}
	for _, c := range cols {
		if c.OrgPack == "" {
			continue
		}
		rows, err := tx.ListDeployments(conforms.DeploymentFilter{OrgID: v.Organization.ID, Region: v.Caller.Region, PackName: c.OrgPack})
		if err != nil {
			return nil, err
		}
		for _, d := range rows {
			if d.AppliedGeneration == 0 || d.Remove {
				continue
			}
			if out[d.AccountID] == nil {
				out[d.AccountID] = map[string]bool{}
			}
			out[d.AccountID][c.Pack] = true
		}
	}
	return out, nil
}

// packRuleMarker is what the names of the rules a conformance pack creates
// contain, followed by the last part of the pack's id: the rules of one
// pack in one account share what follows it.
const packRuleMarker = "-conformance-pack-"

// resultCells computes the compliance and score of an account's packs from
// its compliant and non-compliant results, reading one rule per pack (the
// rules of a pack share the end of their names) to learn which pack the
// results belong to; deployed names the packs the account holds, which
// have a cell even without results. Rules and NonCompliantRules count
// only the rules with results: accountPackCells counts them all.
func resultCells(tx conforms.Tx, accountID, region string, deployed map[string]bool) (map[string]HeatCell, error) {
	counts, err := tx.CountEvaluationResults(accountID, region, scoredCompliance)
	if err != nil {
		return nil, err
	}
	packOfSuffix, packOfRule := map[string]string{}, map[string]string{}
	packOf := func(rule string) (string, error) {
		if p, ok := packOfRule[rule]; ok {
			return p, nil
		}
		suffix := ""
		if i := strings.LastIndex(rule, packRuleMarker); i >= 0 {
			suffix = rule[i:]
			if p, ok := packOfSuffix[suffix]; ok {
				packOfRule[rule] = p
				return p, nil
			}
		}
		r, err := tx.ConfigRule(accountID, region, rule)
		if errors.Is(err, conforms.ErrNotFound) {
			r, err = &conforms.ConfigRule{}, nil
		} else if err != nil {
			return "", err
		}
		packOfRule[rule] = r.ConformancePack
		if suffix != "" && r.ConformancePack != "" {
			packOfSuffix[suffix] = r.ConformancePack
		}
		return r.ConformancePack, nil
	}
	tallies := packTallies{}
	for pack := range deployed {
		tallies.of(pack)
	}
	for _, c := range counts {
		pack, err := packOf(c.RuleName)
		if err != nil {
			return nil, err
		}
		if pack != "" {
			tallies.of(pack).add(c)
		}
	}
	return tallies.cells(), nil
}

// orgPackName returns the organization pack's name in a member pack's
// name, OrgConformsPack-<name>-<suffix>.
func orgPackName(member string) string {
	name := strings.TrimPrefix(member, "OrgConformsPack-")
	if i := strings.LastIndex(name, "-"); i > 0 {
		name = name[:i]
	}
	return name
}

// heatColumns returns the organization's packs (every owner's, by name)
// for a caller who sees the organization; the packs of its own account
// for anyone else, who may not list the organization's (as in the API,
// where DescribeOrganizationConformancePacks refuses a member), the
// organization's among them named as such.
func heatColumns(tx conforms.Tx, v *ConsoleView) ([]HeatColumn, error) {
	var cols []HeatColumn
	seen := map[string]bool{}
	if v.OrgWide {
		packs, err := tx.ListOrgConformancePacks(conforms.OrgConformancePackFilter{OrgID: v.Organization.ID, Region: v.Caller.Region})
		if err != nil {
			return nil, err
		}
		for _, p := range packs {
			cols = append(cols, HeatColumn{Pack: p.MemberPackName(), OrgPack: p.Name})
			seen[p.MemberPackName()] = true
		}
	}
	if !v.OrgWide {
		own, err := tx.ListConformancePacks(conforms.ConformancePackFilter{AccountID: v.Account.ID, Region: v.Caller.Region})
		if err != nil {
			return nil, err
		}
		for _, p := range own {
			col := HeatColumn{Pack: p.Name}
			if p.CreatedBy == conforms.PrincipalConfigMultiAccountSetup {
				col.OrgPack = orgPackName(p.Name)
			}
			cols = append(cols, col)
		}
	}
	return cols, nil
}

// ConsolePackRules is one pack of an account with its rules' compliance.
type ConsolePackRules struct {
	Account *conforms.Account
	Pack    *conforms.ConformancePack
	Cell    HeatCell
	Rules   []RuleCompliance
}

// ConsolePackRules returns the compliance of each rule of a pack in an
// account the caller may see.
func (s *Service) ConsolePackRules(ctx context.Context, accountID, pack string) (*ConsolePackRules, error) {
	out := &ConsolePackRules{}
	err := s.viewAccount(ctx, accountID, &out.Account, func(tx conforms.Tx, v *ConsoleView) (err error) {
		member := &conforms.Caller{AccountID: accountID, Region: v.Caller.Region}
		if out.Pack, out.Rules, err = packRulesCompliance(tx, member, pack); err != nil {
			return err
		}
		cells, err := accountPackCells(tx, accountID, v.Caller.Region)
		out.Cell = cells[pack]
		// Non-compliant rules first, then those without data, by name.
		rank := map[string]int{conforms.NonCompliant: 0, conforms.InsufficientData: 1, conforms.Compliant: 2}
		sort.SliceStable(out.Rules, func(i, j int) bool { return rank[out.Rules[i].Compliance] < rank[out.Rules[j].Compliance] })
		return err
	})
	return out, err
}

// ConsoleRuleResults is a page of one rule's results in an account.
type ConsoleRuleResults struct {
	Account    *conforms.Account
	Rule       *conforms.ConfigRule
	Compliance RuleCompliance
	Results    []*conforms.EvaluationResult
	Next       string // token of the next page; "" on the last
}

// ConsoleRuleResults returns a page of a rule's results of the given
// compliance types (default: NON_COMPLIANT) in an account the caller may
// see.
func (s *Service) ConsoleRuleResults(ctx context.Context, accountID, rule string, types []string, limit int, token string) (*ConsoleRuleResults, error) {
	if limit <= 0 || limit > complianceDetailsLimit {
		limit = complianceDetailsLimit
	}
	if len(types) == 0 {
		types = []string{conforms.NonCompliant}
	}
	after, ok := decodeToken("console-rule-results", token)
	if !ok {
		return nil, conforms.Errorf(conforms.CodeInvalidNextTokenException, "The nextToken provided is invalid")
	}
	out := &ConsoleRuleResults{}
	err := s.viewAccount(ctx, accountID, &out.Account, func(tx conforms.Tx, v *ConsoleView) (err error) {
		region := v.Caller.Region
		rules, err := namedRules(tx, &conforms.Caller{AccountID: accountID, Region: region}, []string{rule})
		if err != nil {
			return err
		}
		out.Rule = rules[0]
		if out.Compliance, err = ruleCompliance(tx, accountID, region, rule); err != nil {
			return err
		}
		rows, err := tx.ListEvaluationResults(conforms.EvaluationFilter{AccountID: accountID, Region: region, RuleName: rule,
			Compliance: types, Page: conforms.Page{After: after, Limit: limit + 1}})
		out.Results, out.Next = paged("console-rule-results", rows, limit, resultKey)
		return err
	})
	return out, err
}

// ConsoleResource is a resource of an account: its current configuration
// item, its results and its latest history.
type ConsoleResource struct {
	Account *conforms.Account
	Item    *conforms.ConfigurationItem
	Results []*conforms.EvaluationResult
	History []*conforms.ConfigurationItem // newest first, at most consoleHistory
}

const consoleHistory = 10

// ConsoleResource returns a resource of an account the caller may see
// (ResourceNotDiscoveredException when it has no item).
func (s *Service) ConsoleResource(ctx context.Context, accountID, resourceType, resourceID string) (*ConsoleResource, error) {
	out := &ConsoleResource{}
	err := s.viewAccount(ctx, accountID, &out.Account, func(tx conforms.Tx, v *ConsoleView) (err error) {
		region := v.Caller.Region
		out.Item, err = tx.ConfigurationItem(accountID, region, resourceType, resourceID)
		if errors.Is(err, conforms.ErrNotFound) {
			return conforms.Errorf(conforms.CodeResourceNotDiscoveredException, "Resource %s of resourceType:%s is unknown or has not been discovered", resourceID, resourceType)
		} else if err != nil {
			return err
		}
		if out.Results, err = tx.ListEvaluationResults(conforms.EvaluationFilter{AccountID: accountID, Region: region,
			ResourceType: resourceType, ResourceID: resourceID, Page: conforms.Page{Limit: 1000}}); err != nil {
			return err
		}
		out.History, err = tx.ConfigurationItemHistory(conforms.HistoryFilter{AccountID: accountID, Region: region,
			ResourceType: resourceType, ResourceID: resourceID, Page: conforms.Page{Limit: consoleHistory}})
		return err
	})
	return out, err
}

// ConsoleAccountView is one account as the console shows it.
type ConsoleAccountView struct {
	ConsoleAccount
	Channel *conforms.DeliveryChannel // nil when none
	// Packs are the account's conformance packs with their compliance.
	Packs []ConsoleAccountPack
	// Deployments are the organization packs' deployments to the account.
	Deployments []*conforms.Deployment
	Rules       int
	Resources   map[string]int64 // by type, deleted ones left out
}

// ConsoleAccountPack is a pack of an account with its compliance.
type ConsoleAccountPack struct {
	Pack *conforms.ConformancePack
	Cell HeatCell
}

// ConsoleAccount returns an account the caller may see.
func (s *Service) ConsoleAccount(ctx context.Context, accountID string) (*ConsoleAccountView, error) {
	out := &ConsoleAccountView{}
	err := s.viewAccount(ctx, accountID, &out.Account, func(tx conforms.Tx, v *ConsoleView) (err error) {
		region := v.Caller.Region
		names, err := unitNames(tx, v)
		if err != nil {
			return err
		}
		out.Parent = names[out.Account.ParentID]
		if out.Recorder, err = recorderOrNil(tx, accountID, region); err != nil {
			return err
		}
		out.Channel, err = tx.DeliveryChannel(accountID, region)
		if errors.Is(err, conforms.ErrNotFound) {
			out.Channel, err = nil, nil
		} else if err != nil {
			return err
		}
		packs, err := tx.ListConformancePacks(conforms.ConformancePackFilter{AccountID: accountID, Region: region})
		if err != nil {
			return err
		}
		cells, err := accountPackCells(tx, accountID, region)
		if err != nil {
			return err
		}
		for _, p := range packs {
			cell := cells[p.Name]
			if !cell.Deployed {
				cell = HeatCell{Score: -1, Compliance: conforms.InsufficientData}
			}
			out.Packs = append(out.Packs, ConsoleAccountPack{Pack: p, Cell: cell})
		}
		if out.Account.OrgID != "" {
			if out.Deployments, err = tx.ListDeployments(conforms.DeploymentFilter{OrgID: out.Account.OrgID, Region: region, AccountID: accountID}); err != nil {
				return err
			}
		}
		if out.Rules, err = tx.CountConfigRules(accountID, region); err != nil {
			return err
		}
		counts, err := tx.CountResources(accountID, region)
		out.Resources = map[string]int64{}
		for t, n := range counts {
			out.Resources[t] = n
		}
		return err
	})
	return out, err
}
