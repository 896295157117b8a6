package storetest

import (
	"fmt"
	"testing"
	"time"

	"conforms"
)

var roleTests = []test{
	{"RoundTrip", testRoleRoundTrip},
	{"ErrNotFound", testRoleNotFound},
}

var accessKeyTests = []test{
	{"RoundTrip", testAccessKeyRoundTrip},
	{"ErrNotFound", testAccessKeyNotFound},
	{"DeleteExpired", testDeleteExpiredAccessKeys},
}

func newRole(accountID, name string) *conforms.Role {
	return &conforms.Role{
		AccountID:          accountID,
		Name:               name,
		ID:                 "AROAABCDEFGHIJKLMNOPQ",
		Path:               "/service-role/",
		TrustedAccounts:    []string{"111111111111", "222222222222"},
		MaxSessionDuration: 2 * time.Hour,
		CreatedAt:          at(70),
	}
}

func putRoles(t *testing.T, s conforms.Store, roles ...*conforms.Role) {
	t.Helper()
	update(t, s, func(tx conforms.Tx) error {
		for _, r := range roles {
			if err := tx.PutRole(r); err != nil {
				return fmt.Errorf("PutRole(%q, %q): %w", r.AccountID, r.Name, err)
			}
		}
		return nil
	})
}

func wantRoles(t *testing.T, s conforms.Store, roles ...*conforms.Role) {
	t.Helper()
	view(t, s, func(tx conforms.Tx) error {
		for _, want := range roles {
			got, err := tx.Role(want.AccountID, want.Name)
			if err != nil {
				t.Fatalf("Role(%q, %q): %v", want.AccountID, want.Name, err)
			}
			wantEqual(t, fmt.Sprintf("Role(%q, %q)", want.AccountID, want.Name), got, want)
		}
		return nil
	})
}

func testRoleRoundTrip(t *testing.T, s conforms.Store) {
	admin := newRole("111111111111", "Admin")
	// The same name in another account is another role.
	other := newRole("222222222222", "Admin")
	other.ID = "AROAZZZZZZZZZZZZZZZZZ"
	other.Path = "/"
	other.TrustedAccounts = nil
	other.MaxSessionDuration = time.Hour
	putRoles(t, s, admin, other)
	wantRoles(t, s, admin, other)

	// Replace.
	admin2 := newRole("111111111111", "Admin")
	admin2.TrustedAccounts = []string{"333333333333"}
	admin2.MaxSessionDuration = 12 * time.Hour
	admin2.CreatedAt = at(71)
	putRoles(t, s, admin2)
	wantRoles(t, s, admin2, other)
}

func testRoleNotFound(t *testing.T, s conforms.Store) {
	putRoles(t, s, newRole("111111111111", "Admin"))
	view(t, s, func(tx conforms.Tx) error {
		for _, c := range [][2]string{{"111111111111", "Reader"}, {"222222222222", "Admin"}} {
			_, err := tx.Role(c[0], c[1])
			wantErr(t, fmt.Sprintf("Role(%q, %q)", c[0], c[1]), err, conforms.ErrNotFound)
		}
		return nil
	})
}

// rootKey returns a long-term key of an account's root user.
func rootKey(id string) *conforms.AccessKey {
	return &conforms.AccessKey{
		ID:           id,
		Secret:       "secret-" + id,
		AccountID:    "111111111111",
		PrincipalArn: conforms.RootArn("111111111111"),
		UserID:       "111111111111",
		CreatedAt:    at(80),
	}
}

// sessionKey returns a temporary key that expires at expires.
func sessionKey(id string, expires time.Time) *conforms.AccessKey {
	return &conforms.AccessKey{
		ID:           id,
		Secret:       "secret-" + id,
		AccountID:    "222222222222",
		PrincipalArn: "arn:aws:sts::222222222222:assumed-role/Admin/alice",
		UserID:       "AROAABCDEFGHIJKLMNOPQ:alice",
		SessionToken: "token-" + id,
		ExpiresAt:    expires,
		CreatedAt:    at(81),
	}
}

func putAccessKeys(t *testing.T, s conforms.Store, keys ...*conforms.AccessKey) {
	t.Helper()
	update(t, s, func(tx conforms.Tx) error {
		for _, k := range keys {
			if err := tx.PutAccessKey(k); err != nil {
				return fmt.Errorf("PutAccessKey(%q): %w", k.ID, err)
			}
		}
		return nil
	})
}

func wantAccessKeys(t *testing.T, s conforms.Store, keys ...*conforms.AccessKey) {
	t.Helper()
	view(t, s, func(tx conforms.Tx) error {
		for _, want := range keys {
			got, err := tx.AccessKey(want.ID)
			if err != nil {
				t.Fatalf("AccessKey(%q): %v", want.ID, err)
			}
			wantEqual(t, fmt.Sprintf("AccessKey(%q)", want.ID), got, want)
		}
		return nil
	})
}

func testAccessKeyRoundTrip(t *testing.T, s conforms.Store) {
	root := rootKey("AKIAAAAAAAAAAAAAAAAA")
	session := sessionKey("ASIAAAAAAAAAAAAAAAAA", at(90))
	putAccessKeys(t, s, root, session)
	wantAccessKeys(t, s, root, session)

	// Replace: the session is refreshed.
	session2 := sessionKey(session.ID, at(95))
	session2.Secret = "rotated"
	session2.SessionToken = "token2"
	putAccessKeys(t, s, session2)
	wantAccessKeys(t, s, root, session2)
}

func testAccessKeyNotFound(t *testing.T, s conforms.Store) {
	putAccessKeys(t, s, rootKey("AKIAAAAAAAAAAAAAAAAA"))
	view(t, s, func(tx conforms.Tx) error {
		_, err := tx.AccessKey("AKIAZZZZZZZZZZZZZZZZ")
		wantErr(t, `AccessKey("AKIAZZZZZZZZZZZZZZZZ")`, err, conforms.ErrNotFound)
		return nil
	})
}

func testDeleteExpiredAccessKeys(t *testing.T, s conforms.Store) {
	now := at(100)
	root := rootKey("AKIAAAAAAAAAAAAAAAAA") // never expires
	gone1 := sessionKey("ASIA0000000000000001", at(10))
	gone2 := sessionKey("ASIA0000000000000002", now.Add(-time.Microsecond))
	edge := sessionKey("ASIA0000000000000003", now) // expires at, not before, now
	live := sessionKey("ASIA0000000000000004", now.Add(time.Hour))
	putAccessKeys(t, s, root, gone1, gone2, edge, live)

	deleteExpired := func() int {
		t.Helper()
		var n int
		update(t, s, func(tx conforms.Tx) error {
			var err error
			n, err = tx.DeleteExpiredAccessKeys(now)
			return err
		})
		return n
	}
	if got := deleteExpired(); got != 2 {
		t.Errorf("DeleteExpiredAccessKeys(%v) = %d, want 2", now, got)
	}
	wantAccessKeys(t, s, root, edge, live)
	view(t, s, func(tx conforms.Tx) error {
		for _, id := range []string{gone1.ID, gone2.ID} {
			_, err := tx.AccessKey(id)
			wantErr(t, fmt.Sprintf("AccessKey(%q) after DeleteExpiredAccessKeys", id), err, conforms.ErrNotFound)
		}
		return nil
	})
	if got := deleteExpired(); got != 0 {
		t.Errorf("DeleteExpiredAccessKeys(%v) again = %d, want 0", now, got)
	}
}
