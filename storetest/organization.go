package storetest

import (
	"fmt"
	"testing"

	"conforms"
)

var organizationTests = []test{
	{"RoundTrip", testOrganizationRoundTrip},
	{"ReplaceKeepsChildren", testOrganizationReplace},
	{"ErrNotFound", testOrganizationNotFound},
	{"DeleteCascade", testDeleteOrganizationCascade},
}

var orgUnitTests = []test{
	{"RoundTrip", testOrgUnitRoundTrip},
	{"ErrNotFound", testOrgUnitNotFound},
	{"ErrConflict", testOrgUnitConflict},
	{"Delete", testDeleteOrgUnit},
	{"List", testListOrgUnits},
}

var createAccountStatusTests = []test{
	{"RoundTrip", testCreateAccountStatusRoundTrip},
	{"ErrNotFound", testCreateAccountStatusNotFound},
	{"List", testListCreateAccountStatuses},
}

var serviceAccessTests = []test{
	{"KeepsFirstEnabledAt", testServiceAccessKeepsFirstEnabledAt},
	{"List", testListServiceAccess},
	{"Delete", testDeleteServiceAccess},
}

var delegatedAdminTests = []test{
	{"Replace", testDelegatedAdminReplace},
	{"List", testListDelegatedAdmins},
	{"Delete", testDeleteDelegatedAdmin},
}

// newOrganization returns an organization whose root is r-<4 letters of id>.
func newOrganization(id string) *conforms.Organization {
	return &conforms.Organization{
		ID:                  id,
		FeatureSet:          conforms.FeatureSetAll,
		ManagementAccountID: "111111111111",
		RootID:              rootID(id),
		CreatedAt:           at(10),
	}
}

func rootID(orgID string) string { return "r-" + orgID[2:6] }

func newRoot(orgID string) *conforms.OrgUnit {
	return &conforms.OrgUnit{ID: rootID(orgID), OrgID: orgID, Name: "Root", CreatedAt: at(11)}
}

func newOrgUnit(id, orgID, parentID, name string) *conforms.OrgUnit {
	return &conforms.OrgUnit{ID: id, OrgID: orgID, ParentID: parentID, Name: name, CreatedAt: at(12)}
}

// putOrganizations stores the organizations with their roots.
func putOrganizations(t *testing.T, s conforms.Store, ids ...string) {
	t.Helper()
	update(t, s, func(tx conforms.Tx) error {
		for _, id := range ids {
			if err := tx.PutOrganization(newOrganization(id)); err != nil {
				return fmt.Errorf("PutOrganization(%q): %w", id, err)
			}
			if err := tx.PutOrgUnit(newRoot(id)); err != nil {
				return fmt.Errorf("PutOrgUnit(root of %q): %w", id, err)
			}
		}
		return nil
	})
}

func putOrgUnits(t *testing.T, s conforms.Store, units ...*conforms.OrgUnit) {
	t.Helper()
	update(t, s, func(tx conforms.Tx) error {
		for _, u := range units {
			if err := tx.PutOrgUnit(u); err != nil {
				return fmt.Errorf("PutOrgUnit(%q): %w", u.ID, err)
			}
		}
		return nil
	})
}

func testOrganizationRoundTrip(t *testing.T, s conforms.Store) {
	o := newOrganization("o-aaaaaaaaaa")
	update(t, s, func(tx conforms.Tx) error { return tx.PutOrganization(o) })
	view(t, s, func(tx conforms.Tx) error {
		got, err := tx.Organization(o.ID)
		if err != nil {
			t.Fatalf("Organization(%q): %v", o.ID, err)
		}
		wantEqual(t, fmt.Sprintf("Organization(%q)", o.ID), got, o)
		return nil
	})
}

// Storing an organization again replaces its fields and must not delete what
// belongs to it (an insert-or-replace that deletes the old row would cascade).
func testOrganizationReplace(t *testing.T, s conforms.Store) {
	putOrganizations(t, s, "o-aaaaaaaaaa")
	ou := newOrgUnit("ou-aaaa-11111111", "o-aaaaaaaaaa", "r-aaaa", "Prod")
	putOrgUnits(t, s, ou)
	o := newOrganization("o-aaaaaaaaaa")
	o.FeatureSet = conforms.FeatureSetConsolidatedBilling
	o.ManagementAccountID = "222222222222"
	o.CreatedAt = at(20)
	update(t, s, func(tx conforms.Tx) error { return tx.PutOrganization(o) })
	view(t, s, func(tx conforms.Tx) error {
		got, err := tx.Organization(o.ID)
		if err != nil {
			t.Fatalf("Organization(%q): %v", o.ID, err)
		}
		wantEqual(t, fmt.Sprintf("Organization(%q)", o.ID), got, o)
		gotUnit, err := tx.OrgUnit(ou.ID)
		if err != nil {
			t.Fatalf("OrgUnit(%q) after PutOrganization: %v", ou.ID, err)
		}
		wantEqual(t, fmt.Sprintf("OrgUnit(%q)", ou.ID), gotUnit, ou)
		return nil
	})
}

func testOrganizationNotFound(t *testing.T, s conforms.Store) {
	view(t, s, func(tx conforms.Tx) error {
		_, err := tx.Organization("o-zzzzzzzzzz")
		wantErr(t, `Organization("o-zzzzzzzzzz")`, err, conforms.ErrNotFound)
		return nil
	})
	err := s.Update(t.Context(), func(tx conforms.Tx) error { return tx.DeleteOrganization("o-zzzzzzzzzz") })
	wantErr(t, `DeleteOrganization("o-zzzzzzzzzz")`, err, conforms.ErrNotFound)
}

func testDeleteOrganizationCascade(t *testing.T, s conforms.Store) {
	// Two organizations with one of everything each.
	for _, id := range []string{"o-aaaaaaaaaa", "o-bbbbbbbbbb"} {
		putOrganizations(t, s, id)
		update(t, s, func(tx conforms.Tx) error {
			return putOrganizationChildren(tx, id)
		})
	}
	// The management account, detached, and an account that never joined.
	putAccounts(t, s, standaloneAccount("111111111111"), standaloneAccount("999999999999"))

	update(t, s, func(tx conforms.Tx) error { return tx.DeleteOrganization("o-aaaaaaaaaa") })

	view(t, s, func(tx conforms.Tx) error {
		_, err := tx.Organization("o-aaaaaaaaaa")
		wantErr(t, `Organization("o-aaaaaaaaaa") after delete`, err, conforms.ErrNotFound)
		for _, id := range []string{"r-aaaa", "ou-aaaa-11111111"} {
			_, err := tx.OrgUnit(id)
			wantErr(t, fmt.Sprintf("OrgUnit(%q) after delete", id), err, conforms.ErrNotFound)
		}
		_, err = tx.CreateAccountStatus("car-aaaaaaaaaa")
		wantErr(t, `CreateAccountStatus("car-aaaaaaaaaa") after delete`, err, conforms.ErrNotFound)
		wantOrganizationChildren(t, tx, "o-aaaaaaaaaa", 0)

		// The other organization keeps everything.
		if _, err := tx.Organization("o-bbbbbbbbbb"); err != nil {
			t.Errorf(`Organization("o-bbbbbbbbbb"): %v`, err)
		}
		wantOrganizationChildren(t, tx, "o-bbbbbbbbbb", 1)

		// Accounts are not the organization's to delete.
		for _, id := range []string{"111111111111", "999999999999"} {
			if _, err := tx.Account(id); err != nil {
				t.Errorf("Account(%q) after DeleteOrganization: %v", id, err)
			}
		}
		return nil
	})
}

// putOrganizationChildren stores an OU, a create-account status, a service
// access and a delegated administrator in organization orgID.
func putOrganizationChildren(tx conforms.Tx, orgID string) error {
	x := orgID[2:6]
	if err := tx.PutOrgUnit(newOrgUnit("ou-"+x+"-11111111", orgID, rootID(orgID), "Prod")); err != nil {
		return err
	}
	if err := tx.PutCreateAccountStatus(newCreateAccountStatus("car-"+orgID[2:], orgID, conforms.CreateAccountInProgress)); err != nil {
		return err
	}
	if err := tx.PutServiceAccess(&conforms.ServiceAccess{OrgID: orgID, Principal: "config.amazonaws.com", EnabledAt: at(30)}); err != nil {
		return err
	}
	return tx.PutDelegatedAdmin(&conforms.DelegatedAdmin{OrgID: orgID, AccountID: "333333333333", Principal: "config.amazonaws.com", EnabledAt: at(31)})
}

// wantOrganizationChildren checks that organization orgID has n units besides
// its root, n create-account statuses, service accesses and delegated admins.
func wantOrganizationChildren(t *testing.T, tx conforms.Tx, orgID string, n int) {
	t.Helper()
	units, err := tx.ListOrgUnits(conforms.OrgUnitFilter{OrgID: orgID})
	if err != nil {
		t.Fatalf("ListOrgUnits(%q): %v", orgID, err)
	}
	statuses, err := tx.ListCreateAccountStatuses(conforms.CreateAccountStatusFilter{OrgID: orgID})
	if err != nil {
		t.Fatalf("ListCreateAccountStatuses(%q): %v", orgID, err)
	}
	access, err := tx.ListServiceAccess(orgID)
	if err != nil {
		t.Fatalf("ListServiceAccess(%q): %v", orgID, err)
	}
	admins, err := tx.ListDelegatedAdmins(conforms.DelegatedAdminFilter{OrgID: orgID})
	if err != nil {
		t.Fatalf("ListDelegatedAdmins(%q): %v", orgID, err)
	}
	wantUnits := 0
	if n > 0 {
		wantUnits = n + 1 // and the root
	}
	for _, c := range []struct {
		what      string
		got, want int
	}{
		{"ListOrgUnits", len(units), wantUnits},
		{"ListCreateAccountStatuses", len(statuses), n},
		{"ListServiceAccess", len(access), n},
		{"ListDelegatedAdmins", len(admins), n},
	} {
		if c.got != c.want {
			t.Errorf("%s(%q) returned %d rows, want %d", c.what, orgID, c.got, c.want)
		}
	}
}

func testOrgUnitRoundTrip(t *testing.T, s conforms.Store) {
	putOrganizations(t, s, "o-aaaaaaaaaa")
	ou := newOrgUnit("ou-aaaa-11111111", "o-aaaaaaaaaa", "r-aaaa", "Prod")
	putOrgUnits(t, s, ou)
	view(t, s, func(tx conforms.Tx) error {
		for _, want := range []*conforms.OrgUnit{newRoot("o-aaaaaaaaaa"), ou} {
			got, err := tx.OrgUnit(want.ID)
			if err != nil {
				t.Fatalf("OrgUnit(%q): %v", want.ID, err)
			}
			wantEqual(t, fmt.Sprintf("OrgUnit(%q)", want.ID), got, want)
			if got.IsRoot() != want.IsRoot() {
				t.Errorf("OrgUnit(%q).IsRoot() = %v, want %v", want.ID, got.IsRoot(), want.IsRoot())
			}
		}
		return nil
	})

	// Rename and move.
	ou2 := newOrgUnit("ou-aaaa-22222222", "o-aaaaaaaaaa", "r-aaaa", "Dev")
	ou.Name, ou.ParentID = "Production", ou2.ID
	putOrgUnits(t, s, ou2, ou)
	view(t, s, func(tx conforms.Tx) error {
		got, err := tx.OrgUnit(ou.ID)
		if err != nil {
			t.Fatalf("OrgUnit(%q): %v", ou.ID, err)
		}
		wantEqual(t, fmt.Sprintf("OrgUnit(%q) after rename", ou.ID), got, ou)
		return nil
	})
}

func testOrgUnitNotFound(t *testing.T, s conforms.Store) {
	view(t, s, func(tx conforms.Tx) error {
		_, err := tx.OrgUnit("ou-zzzz-zzzzzzzz")
		wantErr(t, `OrgUnit("ou-zzzz-zzzzzzzz")`, err, conforms.ErrNotFound)
		return nil
	})
	err := s.Update(t.Context(), func(tx conforms.Tx) error { return tx.DeleteOrgUnit("ou-zzzz-zzzzzzzz") })
	wantErr(t, `DeleteOrgUnit("ou-zzzz-zzzzzzzz")`, err, conforms.ErrNotFound)
}

func testOrgUnitConflict(t *testing.T, s conforms.Store) {
	// Both roots are named "Root": roots have no parent, so no conflict.
	putOrganizations(t, s, "o-aaaaaaaaaa", "o-bbbbbbbbbb")
	prod := newOrgUnit("ou-aaaa-11111111", "o-aaaaaaaaaa", "r-aaaa", "Prod")
	dev := newOrgUnit("ou-aaaa-22222222", "o-aaaaaaaaaa", "r-aaaa", "Dev")
	putOrgUnits(t, s, prod, dev,
		// The same name under other parents.
		newOrgUnit("ou-aaaa-33333333", "o-aaaaaaaaaa", prod.ID, "Prod"),
		newOrgUnit("ou-bbbb-11111111", "o-bbbbbbbbbb", "r-bbbb", "Prod"),
	)

	dup := newOrgUnit("ou-aaaa-44444444", "o-aaaaaaaaaa", "r-aaaa", "Prod")
	err := s.Update(t.Context(), func(tx conforms.Tx) error { return tx.PutOrgUnit(dup) })
	wantErr(t, "PutOrgUnit(new unit, sibling's name)", err, conforms.ErrConflict)

	renamed := *dev
	renamed.Name = "Prod"
	err = s.Update(t.Context(), func(tx conforms.Tx) error { return tx.PutOrgUnit(&renamed) })
	wantErr(t, "PutOrgUnit(rename to sibling's name)", err, conforms.ErrConflict)

	view(t, s, func(tx conforms.Tx) error {
		_, err := tx.OrgUnit(dup.ID)
		wantErr(t, fmt.Sprintf("OrgUnit(%q) after conflict", dup.ID), err, conforms.ErrNotFound)
		got, err := tx.OrgUnit(dev.ID)
		if err != nil {
			t.Fatalf("OrgUnit(%q): %v", dev.ID, err)
		}
		wantEqual(t, fmt.Sprintf("OrgUnit(%q) after conflict", dev.ID), got, dev)
		return nil
	})
}

func testDeleteOrgUnit(t *testing.T, s conforms.Store) {
	putOrganizations(t, s, "o-aaaaaaaaaa")
	prod := newOrgUnit("ou-aaaa-11111111", "o-aaaaaaaaaa", "r-aaaa", "Prod")
	dev := newOrgUnit("ou-aaaa-22222222", "o-aaaaaaaaaa", "r-aaaa", "Dev")
	putOrgUnits(t, s, prod, dev)
	update(t, s, func(tx conforms.Tx) error { return tx.DeleteOrgUnit(prod.ID) })
	view(t, s, func(tx conforms.Tx) error {
		_, err := tx.OrgUnit(prod.ID)
		wantErr(t, fmt.Sprintf("OrgUnit(%q) after delete", prod.ID), err, conforms.ErrNotFound)
		if _, err := tx.OrgUnit(dev.ID); err != nil {
			t.Errorf("OrgUnit(%q) after deleting a sibling: %v", dev.ID, err)
		}
		return nil
	})
	// The name is free again.
	putOrgUnits(t, s, newOrgUnit("ou-aaaa-33333333", "o-aaaaaaaaaa", "r-aaaa", "Prod"))
	err := s.Update(t.Context(), func(tx conforms.Tx) error { return tx.DeleteOrgUnit(prod.ID) })
	wantErr(t, fmt.Sprintf("DeleteOrgUnit(%q) again", prod.ID), err, conforms.ErrNotFound)
}

func testListOrgUnits(t *testing.T, s conforms.Store) {
	putOrganizations(t, s, "o-bbbbbbbbbb", "o-aaaaaaaaaa")
	putOrgUnits(t, s,
		newOrgUnit("ou-aaaa-33333333", "o-aaaaaaaaaa", "ou-aaaa-11111111", "Team"),
		newOrgUnit("ou-bbbb-11111111", "o-bbbbbbbbbb", "r-bbbb", "Prod"),
		newOrgUnit("ou-aaaa-22222222", "o-aaaaaaaaaa", "r-aaaa", "Dev"),
		newOrgUnit("ou-aaaa-11111111", "o-aaaaaaaaaa", "r-aaaa", "Prod"),
	)
	all := []string{"ou-aaaa-11111111", "ou-aaaa-22222222", "ou-aaaa-33333333", "ou-bbbb-11111111", "r-aaaa", "r-bbbb"}
	tests := []struct {
		f    conforms.OrgUnitFilter
		want []string
	}{
		{conforms.OrgUnitFilter{}, all},
		{conforms.OrgUnitFilter{OrgID: "o-aaaaaaaaaa"}, []string{"ou-aaaa-11111111", "ou-aaaa-22222222", "ou-aaaa-33333333", "r-aaaa"}},
		{conforms.OrgUnitFilter{OrgID: "o-cccccccccc"}, nil},
		{conforms.OrgUnitFilter{ParentID: "r-aaaa"}, []string{"ou-aaaa-11111111", "ou-aaaa-22222222"}},
		{conforms.OrgUnitFilter{ParentID: "ou-aaaa-11111111"}, []string{"ou-aaaa-33333333"}},
		{conforms.OrgUnitFilter{OrgID: "o-bbbbbbbbbb", ParentID: "r-aaaa"}, nil},
		{conforms.OrgUnitFilter{Page: conforms.Page{Limit: 3}}, all[:3]},
		{conforms.OrgUnitFilter{Page: conforms.Page{After: all[2], Limit: 2}}, all[3:5]},
		{conforms.OrgUnitFilter{Page: conforms.Page{After: all[4]}}, all[5:]},
		{conforms.OrgUnitFilter{Page: conforms.Page{After: all[5]}}, nil},
		{conforms.OrgUnitFilter{OrgID: "o-aaaaaaaaaa", Page: conforms.Page{After: "ou-aaaa-11111111", Limit: 1}}, []string{"ou-aaaa-22222222"}},
	}
	view(t, s, func(tx conforms.Tx) error {
		for _, tt := range tests {
			got, err := tx.ListOrgUnits(tt.f)
			if err != nil {
				t.Fatalf("ListOrgUnits(%+v): %v", tt.f, err)
			}
			var ids []string
			for _, u := range got {
				ids = append(ids, u.ID)
			}
			wantEqual(t, fmt.Sprintf("ListOrgUnits(%+v) ids", tt.f), ids, tt.want)
		}
		got, err := tx.ListOrgUnits(conforms.OrgUnitFilter{OrgID: "o-bbbbbbbbbb"})
		if err != nil {
			t.Fatalf("ListOrgUnits: %v", err)
		}
		want := []*conforms.OrgUnit{newOrgUnit("ou-bbbb-11111111", "o-bbbbbbbbbb", "r-bbbb", "Prod"), newRoot("o-bbbbbbbbbb")}
		wantEqual(t, `ListOrgUnits({OrgID: "o-bbbbbbbbbb"})`, got, want)
		return nil
	})
}

func newCreateAccountStatus(id, orgID, state string) *conforms.CreateAccountStatus {
	s := &conforms.CreateAccountStatus{
		ID:          id,
		OrgID:       orgID,
		AccountName: "Name of " + id,
		State:       state,
		RequestedAt: at(40),
	}
	switch state {
	case conforms.CreateAccountSucceeded:
		s.CompletedAt = at(41)
		s.AccountID = "444444444444"
	case conforms.CreateAccountFailed:
		s.CompletedAt = at(42)
		s.FailureReason = "EMAIL_ALREADY_EXISTS"
	}
	return s
}

func putCreateAccountStatuses(t *testing.T, s conforms.Store, statuses ...*conforms.CreateAccountStatus) {
	t.Helper()
	update(t, s, func(tx conforms.Tx) error {
		for _, c := range statuses {
			if err := tx.PutCreateAccountStatus(c); err != nil {
				return fmt.Errorf("PutCreateAccountStatus(%q): %w", c.ID, err)
			}
		}
		return nil
	})
}

func testCreateAccountStatusRoundTrip(t *testing.T, s conforms.Store) {
	putOrganizations(t, s, "o-aaaaaaaaaa")
	statuses := []*conforms.CreateAccountStatus{
		newCreateAccountStatus("car-11111111", "o-aaaaaaaaaa", conforms.CreateAccountInProgress),
		newCreateAccountStatus("car-22222222", "o-aaaaaaaaaa", conforms.CreateAccountSucceeded),
		newCreateAccountStatus("car-33333333", "o-aaaaaaaaaa", conforms.CreateAccountFailed),
	}
	putCreateAccountStatuses(t, s, statuses...)
	wantCreateAccountStatuses(t, s, statuses...)

	// The request completes.
	done := newCreateAccountStatus("car-11111111", "o-aaaaaaaaaa", conforms.CreateAccountSucceeded)
	putCreateAccountStatuses(t, s, done)
	wantCreateAccountStatuses(t, s, done)
}

func wantCreateAccountStatuses(t *testing.T, s conforms.Store, statuses ...*conforms.CreateAccountStatus) {
	t.Helper()
	view(t, s, func(tx conforms.Tx) error {
		for _, want := range statuses {
			got, err := tx.CreateAccountStatus(want.ID)
			if err != nil {
				t.Fatalf("CreateAccountStatus(%q): %v", want.ID, err)
			}
			wantEqual(t, fmt.Sprintf("CreateAccountStatus(%q)", want.ID), got, want)
		}
		return nil
	})
}

func testCreateAccountStatusNotFound(t *testing.T, s conforms.Store) {
	view(t, s, func(tx conforms.Tx) error {
		_, err := tx.CreateAccountStatus("car-zzzzzzzz")
		wantErr(t, `CreateAccountStatus("car-zzzzzzzz")`, err, conforms.ErrNotFound)
		return nil
	})
}

func testListCreateAccountStatuses(t *testing.T, s conforms.Store) {
	putOrganizations(t, s, "o-aaaaaaaaaa", "o-bbbbbbbbbb")
	putCreateAccountStatuses(t, s,
		newCreateAccountStatus("car-55555555", "o-bbbbbbbbbb", conforms.CreateAccountInProgress),
		newCreateAccountStatus("car-33333333", "o-aaaaaaaaaa", conforms.CreateAccountFailed),
		newCreateAccountStatus("car-11111111", "o-aaaaaaaaaa", conforms.CreateAccountInProgress),
		newCreateAccountStatus("car-44444444", "o-aaaaaaaaaa", conforms.CreateAccountInProgress),
		newCreateAccountStatus("car-22222222", "o-aaaaaaaaaa", conforms.CreateAccountSucceeded),
	)
	type f = conforms.CreateAccountStatusFilter
	tests := []struct {
		f    f
		want []string
	}{
		{f{}, []string{"car-11111111", "car-22222222", "car-33333333", "car-44444444", "car-55555555"}},
		{f{OrgID: "o-aaaaaaaaaa"}, []string{"car-11111111", "car-22222222", "car-33333333", "car-44444444"}},
		{f{OrgID: "o-cccccccccc"}, nil},
		{f{States: []string{conforms.CreateAccountInProgress}}, []string{"car-11111111", "car-44444444", "car-55555555"}},
		{f{OrgID: "o-aaaaaaaaaa", States: []string{conforms.CreateAccountInProgress}}, []string{"car-11111111", "car-44444444"}},
		{f{States: []string{conforms.CreateAccountSucceeded, conforms.CreateAccountFailed}}, []string{"car-22222222", "car-33333333"}},
		{f{States: []string{"NO_SUCH_STATE"}}, nil},
		{f{Page: conforms.Page{Limit: 2}}, []string{"car-11111111", "car-22222222"}},
		{f{Page: conforms.Page{After: "car-22222222", Limit: 2}}, []string{"car-33333333", "car-44444444"}},
		{f{Page: conforms.Page{After: "car-55555555"}}, nil},
		{f{OrgID: "o-aaaaaaaaaa", States: []string{conforms.CreateAccountInProgress}, Page: conforms.Page{After: "car-11111111", Limit: 5}}, []string{"car-44444444"}},
	}
	view(t, s, func(tx conforms.Tx) error {
		for _, tt := range tests {
			got, err := tx.ListCreateAccountStatuses(tt.f)
			if err != nil {
				t.Fatalf("ListCreateAccountStatuses(%+v): %v", tt.f, err)
			}
			var ids []string
			for _, c := range got {
				ids = append(ids, c.ID)
			}
			wantEqual(t, fmt.Sprintf("ListCreateAccountStatuses(%+v) ids", tt.f), ids, tt.want)
		}
		got, err := tx.ListCreateAccountStatuses(f{OrgID: "o-aaaaaaaaaa", States: []string{conforms.CreateAccountFailed}})
		if err != nil {
			t.Fatalf("ListCreateAccountStatuses: %v", err)
		}
		want := []*conforms.CreateAccountStatus{newCreateAccountStatus("car-33333333", "o-aaaaaaaaaa", conforms.CreateAccountFailed)}
		wantEqual(t, "ListCreateAccountStatuses(FAILED)", got, want)
		return nil
	})
}

func listServiceAccess(t *testing.T, tx conforms.Tx, orgID string) []*conforms.ServiceAccess {
	t.Helper()
	got, err := tx.ListServiceAccess(orgID)
	if err != nil {
		t.Fatalf("ListServiceAccess(%q): %v", orgID, err)
	}
	return got
}

func testServiceAccessKeepsFirstEnabledAt(t *testing.T, s conforms.Store) {
	putOrganizations(t, s, "o-aaaaaaaaaa")
	first := &conforms.ServiceAccess{OrgID: "o-aaaaaaaaaa", Principal: "config.amazonaws.com", EnabledAt: at(50)}
	update(t, s, func(tx conforms.Tx) error { return tx.PutServiceAccess(first) })
	update(t, s, func(tx conforms.Tx) error {
		return tx.PutServiceAccess(&conforms.ServiceAccess{OrgID: first.OrgID, Principal: first.Principal, EnabledAt: at(51)})
	})
	view(t, s, func(tx conforms.Tx) error {
		wantEqual(t, `ListServiceAccess("o-aaaaaaaaaa")`, listServiceAccess(t, tx, first.OrgID), []*conforms.ServiceAccess{first})
		return nil
	})
}

func testListServiceAccess(t *testing.T, s conforms.Store) {
	putOrganizations(t, s, "o-aaaaaaaaaa", "o-bbbbbbbbbb")
	a := []*conforms.ServiceAccess{
		{OrgID: "o-aaaaaaaaaa", Principal: "config-multiaccountsetup.amazonaws.com", EnabledAt: at(52)},
		{OrgID: "o-aaaaaaaaaa", Principal: "config.amazonaws.com", EnabledAt: at(53)},
		{OrgID: "o-aaaaaaaaaa", Principal: "sso.amazonaws.com", EnabledAt: at(54)},
	}
	b := &conforms.ServiceAccess{OrgID: "o-bbbbbbbbbb", Principal: "config.amazonaws.com", EnabledAt: at(55)}
	update(t, s, func(tx conforms.Tx) error {
		for _, x := range []*conforms.ServiceAccess{a[2], b, a[0], a[1]} {
			if err := tx.PutServiceAccess(x); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, s, func(tx conforms.Tx) error {
		wantEqual(t, `ListServiceAccess("o-aaaaaaaaaa")`, listServiceAccess(t, tx, "o-aaaaaaaaaa"), a)
		wantEqual(t, `ListServiceAccess("o-bbbbbbbbbb")`, listServiceAccess(t, tx, "o-bbbbbbbbbb"), []*conforms.ServiceAccess{b})
		wantEqual(t, `ListServiceAccess("o-cccccccccc")`, listServiceAccess(t, tx, "o-cccccccccc"), []*conforms.ServiceAccess(nil))
		return nil
	})
}

func testDeleteServiceAccess(t *testing.T, s conforms.Store) {
	putOrganizations(t, s, "o-aaaaaaaaaa", "o-bbbbbbbbbb")
	keep := &conforms.ServiceAccess{OrgID: "o-aaaaaaaaaa", Principal: "sso.amazonaws.com", EnabledAt: at(56)}
	other := &conforms.ServiceAccess{OrgID: "o-bbbbbbbbbb", Principal: "config.amazonaws.com", EnabledAt: at(57)}
	update(t, s, func(tx conforms.Tx) error {
		for _, x := range []*conforms.ServiceAccess{keep, other, {OrgID: "o-aaaaaaaaaa", Principal: "config.amazonaws.com", EnabledAt: at(58)}} {
			if err := tx.PutServiceAccess(x); err != nil {
				return err
			}
		}
		return nil
	})
	update(t, s, func(tx conforms.Tx) error { return tx.DeleteServiceAccess("o-aaaaaaaaaa", "config.amazonaws.com") })
	view(t, s, func(tx conforms.Tx) error {
		wantEqual(t, `ListServiceAccess("o-aaaaaaaaaa")`, listServiceAccess(t, tx, "o-aaaaaaaaaa"), []*conforms.ServiceAccess{keep})
		wantEqual(t, `ListServiceAccess("o-bbbbbbbbbb")`, listServiceAccess(t, tx, "o-bbbbbbbbbb"), []*conforms.ServiceAccess{other})
		return nil
	})
	for _, c := range [][2]string{
		{"o-aaaaaaaaaa", "config.amazonaws.com"}, // deleted already
		{"o-bbbbbbbbbb", "sso.amazonaws.com"},
		{"o-cccccccccc", "config.amazonaws.com"},
	} {
		err := s.Update(t.Context(), func(tx conforms.Tx) error { return tx.DeleteServiceAccess(c[0], c[1]) })
		wantErr(t, fmt.Sprintf("DeleteServiceAccess(%q, %q)", c[0], c[1]), err, conforms.ErrNotFound)
	}

	// Once deleted, access may be enabled again, with a new EnabledAt.
	again := &conforms.ServiceAccess{OrgID: "o-aaaaaaaaaa", Principal: "config.amazonaws.com", EnabledAt: at(59)}
	update(t, s, func(tx conforms.Tx) error { return tx.PutServiceAccess(again) })
	view(t, s, func(tx conforms.Tx) error {
		wantEqual(t, `ListServiceAccess("o-aaaaaaaaaa")`, listServiceAccess(t, tx, "o-aaaaaaaaaa"), []*conforms.ServiceAccess{again, keep})
		return nil
	})
}

func putDelegatedAdmins(t *testing.T, s conforms.Store, admins ...*conforms.DelegatedAdmin) {
	t.Helper()
	update(t, s, func(tx conforms.Tx) error {
		for _, d := range admins {
			if err := tx.PutDelegatedAdmin(d); err != nil {
				return fmt.Errorf("PutDelegatedAdmin(%+v): %w", d, err)
			}
		}
		return nil
	})
}

func listDelegatedAdmins(t *testing.T, tx conforms.Tx, f conforms.DelegatedAdminFilter) []*conforms.DelegatedAdmin {
	t.Helper()
	got, err := tx.ListDelegatedAdmins(f)
	if err != nil {
		t.Fatalf("ListDelegatedAdmins(%+v): %v", f, err)
	}
	return got
}

func testDelegatedAdminReplace(t *testing.T, s conforms.Store) {
	putOrganizations(t, s, "o-aaaaaaaaaa")
	d := &conforms.DelegatedAdmin{OrgID: "o-aaaaaaaaaa", AccountID: "333333333333", Principal: "config.amazonaws.com", EnabledAt: at(60)}
	putDelegatedAdmins(t, s, d)
	d2 := *d
	d2.EnabledAt = at(61)
	putDelegatedAdmins(t, s, &d2)
	view(t, s, func(tx conforms.Tx) error {
		wantEqual(t, "ListDelegatedAdmins({})", listDelegatedAdmins(t, tx, conforms.DelegatedAdminFilter{}), []*conforms.DelegatedAdmin{&d2})
		return nil
	})
}

func testListDelegatedAdmins(t *testing.T, s conforms.Store) {
	putOrganizations(t, s, "o-aaaaaaaaaa", "o-bbbbbbbbbb")
	const cfg, sso = "config.amazonaws.com", "sso.amazonaws.com"
	a1 := &conforms.DelegatedAdmin{OrgID: "o-aaaaaaaaaa", AccountID: "111111111111", Principal: cfg, EnabledAt: at(62)}
	a2 := &conforms.DelegatedAdmin{OrgID: "o-aaaaaaaaaa", AccountID: "111111111111", Principal: sso, EnabledAt: at(63)}
	a3 := &conforms.DelegatedAdmin{OrgID: "o-aaaaaaaaaa", AccountID: "222222222222", Principal: cfg, EnabledAt: at(64)}
	b1 := &conforms.DelegatedAdmin{OrgID: "o-bbbbbbbbbb", AccountID: "000000000001", Principal: sso, EnabledAt: at(65)}
	b2 := &conforms.DelegatedAdmin{OrgID: "o-bbbbbbbbbb", AccountID: "333333333333", Principal: cfg, EnabledAt: at(66)}
	putDelegatedAdmins(t, s, b2, a3, a2, b1, a1)

	type f = conforms.DelegatedAdminFilter
	tests := []struct {
		f    f
		want []*conforms.DelegatedAdmin
	}{
		{f{}, []*conforms.DelegatedAdmin{b1, a1, a2, a3, b2}},
		{f{OrgID: "o-aaaaaaaaaa"}, []*conforms.DelegatedAdmin{a1, a2, a3}},
		{f{OrgID: "o-cccccccccc"}, nil},
		{f{AccountID: "111111111111"}, []*conforms.DelegatedAdmin{a1, a2}},
		{f{Principal: cfg}, []*conforms.DelegatedAdmin{a1, a3, b2}},
		{f{OrgID: "o-bbbbbbbbbb", Principal: cfg}, []*conforms.DelegatedAdmin{b2}},
		{f{AccountID: "111111111111", Principal: sso}, []*conforms.DelegatedAdmin{a2}},
		{f{OrgID: "o-bbbbbbbbbb", AccountID: "111111111111"}, nil},
	}
	view(t, s, func(tx conforms.Tx) error {
		for _, tt := range tests {
			wantEqual(t, fmt.Sprintf("ListDelegatedAdmins(%+v)", tt.f), listDelegatedAdmins(t, tx, tt.f), tt.want)
		}
		return nil
	})
}

func testDeleteDelegatedAdmin(t *testing.T, s conforms.Store) {
	putOrganizations(t, s, "o-aaaaaaaaaa")
	const cfg, sso = "config.amazonaws.com", "sso.amazonaws.com"
	keep := &conforms.DelegatedAdmin{OrgID: "o-aaaaaaaaaa", AccountID: "111111111111", Principal: sso, EnabledAt: at(67)}
	putDelegatedAdmins(t, s, keep,
		&conforms.DelegatedAdmin{OrgID: "o-aaaaaaaaaa", AccountID: "111111111111", Principal: cfg, EnabledAt: at(68)})
	update(t, s, func(tx conforms.Tx) error { return tx.DeleteDelegatedAdmin("o-aaaaaaaaaa", "111111111111", cfg) })
	view(t, s, func(tx conforms.Tx) error {
		wantEqual(t, "ListDelegatedAdmins({})", listDelegatedAdmins(t, tx, conforms.DelegatedAdminFilter{}), []*conforms.DelegatedAdmin{keep})
		return nil
	})
	for _, c := range [][3]string{
		{"o-aaaaaaaaaa", "111111111111", cfg}, // deleted already
		{"o-aaaaaaaaaa", "222222222222", sso},
		{"o-bbbbbbbbbb", "111111111111", sso},
	} {
		err := s.Update(t.Context(), func(tx conforms.Tx) error { return tx.DeleteDelegatedAdmin(c[0], c[1], c[2]) })
		wantErr(t, fmt.Sprintf("DeleteDelegatedAdmin(%q, %q, %q)", c[0], c[1], c[2]), err, conforms.ErrNotFound)
	}
}
