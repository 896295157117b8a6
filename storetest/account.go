package storetest

import (
	"fmt"
	"testing"
	"time"

	"conforms"
)

var accountTests = []test{
	{"RoundTrip", testAccountRoundTrip},
	{"Replace", testAccountReplace},
	{"ErrNotFound", testAccountNotFound},
	{"ErrConflict", testAccountConflict},
	{"List", testListAccounts},
}

// memberAccount returns an account of organization orgID under parentID, with
// every field set.
func memberAccount(id, orgID, parentID string) *conforms.Account {
	return &conforms.Account{
		ID:           id,
		Name:         "Account " + id,
		Email:        "acct-" + id + "@example.com",
		Status:       conforms.AccountActive,
		CreatedAt:    at(1),
		OrgID:        orgID,
		ParentID:     parentID,
		JoinedMethod: conforms.JoinedCreated,
		JoinedAt:     at(2),
	}
}

// standaloneAccount returns an account that belongs to no organization.
func standaloneAccount(id string) *conforms.Account {
	return &conforms.Account{
		ID:        id,
		Name:      "Standalone " + id,
		Email:     "solo-" + id + "@example.com",
		Status:    conforms.AccountSuspended,
		CreatedAt: at(3),
	}
}

func putAccounts(t *testing.T, s conforms.Store, accounts ...*conforms.Account) {
	t.Helper()
	update(t, s, func(tx conforms.Tx) error {
		for _, a := range accounts {
			if err := tx.PutAccount(a); err != nil {
				return fmt.Errorf("PutAccount(%q): %w", a.ID, err)
			}
		}
		return nil
	})
}

func testAccountRoundTrip(t *testing.T, s conforms.Store) {
	member := memberAccount("111111111111", "o-aaaaaaaaaa", "ou-aaaa-aaaaaaaa")
	solo := standaloneAccount("222222222222")
	// A time in another zone comes back as the same instant, in UTC.
	zoned := standaloneAccount("333333333333")
	zoned.CreatedAt = at(4).In(time.FixedZone("CEST", 2*60*60))
	putAccounts(t, s, member, solo, zoned)

	wantZoned := *zoned
	wantZoned.CreatedAt = at(4)
	view(t, s, func(tx conforms.Tx) error {
		for _, want := range []*conforms.Account{member, solo, &wantZoned} {
			got, err := tx.Account(want.ID)
			if err != nil {
				t.Fatalf("Account(%q): %v", want.ID, err)
			}
			wantEqual(t, fmt.Sprintf("Account(%q)", want.ID), got, want)
		}
		got, err := tx.AccountByEmail("ACCT-111111111111@Example.COM")
		if err != nil {
			t.Fatalf("AccountByEmail(upper case): %v", err)
		}
		wantEqual(t, "AccountByEmail(upper case)", got, member)
		return nil
	})
}

func testAccountReplace(t *testing.T, s conforms.Store) {
	a := standaloneAccount("111111111111")
	putAccounts(t, s, a)

	// Join an organization and change the email address.
	b := memberAccount(a.ID, "o-aaaaaaaaaa", "r-aaaa")
	b.Email = "new@example.com"
	putAccounts(t, s, b)

	view(t, s, func(tx conforms.Tx) error {
		got, err := tx.Account(a.ID)
		if err != nil {
			t.Fatalf("Account(%q): %v", a.ID, err)
		}
		wantEqual(t, fmt.Sprintf("Account(%q)", a.ID), got, b)
		_, err = tx.AccountByEmail(a.Email)
		wantErr(t, fmt.Sprintf("AccountByEmail(%q) (old address)", a.Email), err, conforms.ErrNotFound)
		got, err = tx.AccountByEmail(b.Email)
		if err != nil {
			t.Fatalf("AccountByEmail(%q): %v", b.Email, err)
		}
		wantEqual(t, fmt.Sprintf("AccountByEmail(%q)", b.Email), got, b)
		return nil
	})

	// Leave the organization again: the membership fields are cleared.
	putAccounts(t, s, a)
	view(t, s, func(tx conforms.Tx) error {
		got, err := tx.Account(a.ID)
		if err != nil {
			t.Fatalf("Account(%q): %v", a.ID, err)
		}
		wantEqual(t, fmt.Sprintf("Account(%q)", a.ID), got, a)
		return nil
	})
}

func testAccountNotFound(t *testing.T, s conforms.Store) {
	putAccounts(t, s, standaloneAccount("111111111111"))
	view(t, s, func(tx conforms.Tx) error {
		_, err := tx.Account("999999999999")
		wantErr(t, `Account("999999999999")`, err, conforms.ErrNotFound)
		_, err = tx.AccountByEmail("nobody@example.com")
		wantErr(t, `AccountByEmail("nobody@example.com")`, err, conforms.ErrNotFound)
		return nil
	})
}

func testAccountConflict(t *testing.T, s conforms.Store) {
	a := standaloneAccount("111111111111")
	putAccounts(t, s, a)

	// Same address in another case, other account: conflict, nothing written.
	b := standaloneAccount("222222222222")
	b.Email = "SOLO-111111111111@EXAMPLE.com"
	err := s.Update(t.Context(), func(tx conforms.Tx) error { return tx.PutAccount(b) })
	wantErr(t, "PutAccount(same email, other case)", err, conforms.ErrConflict)
	view(t, s, func(tx conforms.Tx) error {
		_, err := tx.Account(b.ID)
		wantErr(t, fmt.Sprintf("Account(%q) after conflict", b.ID), err, conforms.ErrNotFound)
		got, err := tx.AccountByEmail(a.Email)
		if err != nil {
			t.Fatalf("AccountByEmail(%q): %v", a.Email, err)
		}
		wantEqual(t, fmt.Sprintf("AccountByEmail(%q)", a.Email), got, a)
		return nil
	})

	// The same account may change the case of its own address.
	a.Email = "Solo-111111111111@example.com"
	putAccounts(t, s, a)
	view(t, s, func(tx conforms.Tx) error {
		got, err := tx.Account(a.ID)
		if err != nil {
			t.Fatalf("Account(%q): %v", a.ID, err)
		}
		wantEqual(t, fmt.Sprintf("Account(%q)", a.ID), got, a)
		return nil
	})
}

func testListAccounts(t *testing.T, s conforms.Store) {
	// Put in an order that is not the id order.
	putAccounts(t, s,
		memberAccount("000000000005", "o-bbbbbbbbbb", "r-bbbb"),
		memberAccount("000000000003", "o-aaaaaaaaaa", "ou-aaaa-11111111"),
		standaloneAccount("000000000006"),
		memberAccount("000000000001", "o-aaaaaaaaaa", "r-aaaa"),
		memberAccount("000000000004", "o-aaaaaaaaaa", "ou-aaaa-11111111"),
		memberAccount("000000000002", "o-aaaaaaaaaa", "r-aaaa"),
	)
	tests := []struct {
		f    conforms.AccountFilter
		want []string
	}{
		{conforms.AccountFilter{}, []string{"000000000001", "000000000002", "000000000003", "000000000004", "000000000005", "000000000006"}},
		{conforms.AccountFilter{OrgID: "o-aaaaaaaaaa"}, []string{"000000000001", "000000000002", "000000000003", "000000000004"}},
		{conforms.AccountFilter{OrgID: "o-bbbbbbbbbb"}, []string{"000000000005"}},
		{conforms.AccountFilter{OrgID: "o-cccccccccc"}, nil},
		{conforms.AccountFilter{ParentID: "ou-aaaa-11111111"}, []string{"000000000003", "000000000004"}},
		{conforms.AccountFilter{OrgID: "o-aaaaaaaaaa", ParentID: "r-aaaa"}, []string{"000000000001", "000000000002"}},
		{conforms.AccountFilter{OrgID: "o-bbbbbbbbbb", ParentID: "r-aaaa"}, nil},
		{conforms.AccountFilter{Page: conforms.Page{Limit: 2}}, []string{"000000000001", "000000000002"}},
		{conforms.AccountFilter{Page: conforms.Page{After: "000000000002", Limit: 2}}, []string{"000000000003", "000000000004"}},
		{conforms.AccountFilter{Page: conforms.Page{After: "000000000004"}}, []string{"000000000005", "000000000006"}},
		{conforms.AccountFilter{Page: conforms.Page{After: "000000000006"}}, nil},
		{conforms.AccountFilter{Page: conforms.Page{After: "0000000000025"}}, []string{"000000000003", "000000000004", "000000000005", "000000000006"}},
		{conforms.AccountFilter{OrgID: "o-aaaaaaaaaa", Page: conforms.Page{After: "000000000001", Limit: 2}}, []string{"000000000002", "000000000003"}},
		{conforms.AccountFilter{Page: conforms.Page{Limit: 10}}, []string{"000000000001", "000000000002", "000000000003", "000000000004", "000000000005", "000000000006"}},
	}
	view(t, s, func(tx conforms.Tx) error {
		for _, tt := range tests {
			got, err := tx.ListAccounts(tt.f)
			if err != nil {
				t.Fatalf("ListAccounts(%+v): %v", tt.f, err)
			}
			wantEqual(t, fmt.Sprintf("ListAccounts(%+v) ids", tt.f), accountIDs(got), tt.want)
		}
		for org, want := range map[string]int{"o-aaaaaaaaaa": 4, "o-bbbbbbbbbb": 1, "o-cccccccccc": 0} {
			if n, err := tx.CountAccounts(org); err != nil || n != want {
				t.Fatalf("CountAccounts(%s) = %d, %v; want %d", org, n, err, want)
			}
		}
		return nil
	})

	// Listed accounts carry every field.
	view(t, s, func(tx conforms.Tx) error {
		got, err := tx.ListAccounts(conforms.AccountFilter{OrgID: "o-bbbbbbbbbb"})
		if err != nil {
			t.Fatalf("ListAccounts: %v", err)
		}
		want := []*conforms.Account{memberAccount("000000000005", "o-bbbbbbbbbb", "r-bbbb")}
		wantEqual(t, `ListAccounts({OrgID: "o-bbbbbbbbbb"})`, got, want)
		return nil
	})
}

func accountIDs(accounts []*conforms.Account) []string {
	var ids []string
	for _, a := range accounts {
		ids = append(ids, a.ID)
	}
	return ids
}
