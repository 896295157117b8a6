package postgres

import (
	"fmt"

	"conforms"
)

const accountColumns = `id, name, email, status, created_at, org_id, parent_id, joined_method, joined_at`

func scanAccount(row scanner) (*conforms.Account, error) {
	var a conforms.Account
	err := row.Scan(&a.ID, &a.Name, &a.Email, &a.Status, (*timestampCol)(&a.CreatedAt),
		(*nullString)(&a.OrgID), (*nullString)(&a.ParentID), (*nullString)(&a.JoinedMethod), (*timestampCol)(&a.JoinedAt))
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// Account returns the account with the given id.
func (tx *Tx) Account(id string) (*conforms.Account, error) {
	const q = `SELECT ` + accountColumns + ` FROM accounts WHERE id = $1`
	a, err := scanAccount(tx.queryRow(q, id))
	if err != nil {
		return nil, fmt.Errorf("get account id=%s: %w", id, formatError(err))
	}
	return a, nil
}

// AccountByEmail returns the account with the given email address, compared
// case-insensitively (ASCII letters only).
func (tx *Tx) AccountByEmail(email string) (*conforms.Account, error) {
	const q = `SELECT ` + accountColumns + ` FROM accounts WHERE lower(email) = lower($1::text COLLATE "C")`
	a, err := scanAccount(tx.queryRow(q, email))
	if err != nil {
		return nil, fmt.Errorf("get account email=%q: %w", email, formatError(err))
	}
	return a, nil
}

// PutAccount stores a. It returns conforms.ErrConflict if another account
// has the same email address, compared case-insensitively; the
// transaction stays usable.
func (tx *Tx) PutAccount(a *conforms.Account) error {
	const q = `INSERT INTO accounts (` + accountColumns + `) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (id) DO UPDATE SET
			name = excluded.name, email = excluded.email, status = excluded.status,
			created_at = excluded.created_at, org_id = excluded.org_id, parent_id = excluded.parent_id,
			joined_method = excluded.joined_method, joined_at = excluded.joined_at`
	_, err := tx.execSavepoint(q, a.ID, a.Name, a.Email, a.Status, timestamp(a.CreatedAt),
		text(a.OrgID), text(a.ParentID), text(a.JoinedMethod), timestamp(a.JoinedAt))
	if err != nil {
		return fmt.Errorf("put account id=%s: %w", a.ID, formatError(err))
	}
	return nil
}

// ListAccounts returns the accounts that match f, ordered by id.
func (tx *Tx) ListAccounts(f conforms.AccountFilter) ([]*conforms.Account, error) {
	var c conditions
	c.eq("org_id", f.OrgID)
	c.eq("parent_id", f.ParentID)
	if f.After != "" {
		c.add("id > ?", f.After)
	}
	q := `SELECT ` + accountColumns + ` FROM accounts` + c.where() + ` ORDER BY id LIMIT ` + c.param(limit(f.Page))
	accounts, err := list(tx, scanAccount, q, c.args...)
	if err != nil {
		return nil, fmt.Errorf("list accounts: %w", formatError(err))
	}
	return accounts, nil
}

// CountAccounts returns how many accounts an organization has.
func (tx *Tx) CountAccounts(orgID string) (int, error) {
	var n int
	if err := tx.queryRow(`SELECT count(*) FROM accounts WHERE org_id = $1`, orgID).Scan(&n); err != nil {
		return 0, fmt.Errorf("count accounts org=%s: %w", orgID, formatError(err))
	}
	return n, nil
}
