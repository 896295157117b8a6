package sqlite

import (
	"fmt"
	"time"

	"conforms"
)

const roleColumns = `account_id, name, id, path, trusted_accounts, max_session_duration, created_at`

// Role returns the named role of an account.
func (tx *Tx) Role(accountID, name string) (*conforms.Role, error) {
	const q = `SELECT ` + roleColumns + ` FROM roles WHERE account_id = ? AND name = ?`
	var r conforms.Role
	err := tx.queryRow(q, accountID, name).Scan(&r.AccountID, &r.Name, &r.ID, &r.Path,
		(*jsonStrings)(&r.TrustedAccounts), (*seconds)(&r.MaxSessionDuration), (*micros)(&r.CreatedAt))
	if err != nil {
		return nil, fmt.Errorf("get role account=%s name=%s: %w", accountID, name, formatError(err))
	}
	return &r, nil
}

// PutRole stores r. MaxSessionDuration is stored in whole seconds.
func (tx *Tx) PutRole(r *conforms.Role) error {
	const q = `INSERT INTO roles (` + roleColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (account_id, name) DO UPDATE SET
			id = excluded.id, path = excluded.path, trusted_accounts = excluded.trusted_accounts,
			max_session_duration = excluded.max_session_duration, created_at = excluded.created_at`
	_, err := tx.exec(q, r.AccountID, r.Name, r.ID, r.Path,
		jsonStrings(r.TrustedAccounts), seconds(r.MaxSessionDuration), micros(r.CreatedAt))
	if err != nil {
		return fmt.Errorf("put role account=%s name=%s: %w", r.AccountID, r.Name, formatError(err))
	}
	return nil
}

const accessKeyColumns = `id, secret, account_id, principal_arn, user_id, session_token, expires_at, created_at`

// AccessKey returns the access key with the given id.
func (tx *Tx) AccessKey(id string) (*conforms.AccessKey, error) {
	const q = `SELECT ` + accessKeyColumns + ` FROM access_keys WHERE id = ?`
	var k conforms.AccessKey
	err := tx.queryRow(q, id).Scan(&k.ID, &k.Secret, &k.AccountID, &k.PrincipalArn, &k.UserID,
		(*nullString)(&k.SessionToken), (*micros)(&k.ExpiresAt), (*micros)(&k.CreatedAt))
	if err != nil {
		return nil, fmt.Errorf("get access key id=%s: %w", id, formatError(err))
	}
	return &k, nil
}

// PutAccessKey stores k.
func (tx *Tx) PutAccessKey(k *conforms.AccessKey) error {
	const q = `INSERT INTO access_keys (` + accessKeyColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET
			secret = excluded.secret, account_id = excluded.account_id, principal_arn = excluded.principal_arn,
			user_id = excluded.user_id, session_token = excluded.session_token,
			expires_at = excluded.expires_at, created_at = excluded.created_at`
	_, err := tx.exec(q, k.ID, k.Secret, k.AccountID, k.PrincipalArn, k.UserID,
		nullString(k.SessionToken), micros(k.ExpiresAt), micros(k.CreatedAt))
	if err != nil {
		return fmt.Errorf("put access key id=%s: %w", k.ID, formatError(err))
	}
	return nil
}

// DeleteExpiredAccessKeys deletes the keys that expired before t and returns
// how many it deleted. Keys that do not expire are kept.
func (tx *Tx) DeleteExpiredAccessKeys(t time.Time) (int, error) {
	const q = `DELETE FROM access_keys WHERE expires_at < ?`
	res, err := tx.exec(q, micros(t))
	if err != nil {
		return 0, fmt.Errorf("delete expired access keys: %w", formatError(err))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("delete expired access keys: %w", err)
	}
	return int(n), nil
}
