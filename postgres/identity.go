package postgres

import (
	"fmt"
	"time"

	"conforms"
)

const roleColumns = `account_id, name, id, path, trusted_accounts, max_session_duration, created_at`

// Role returns the named role of an account.
func (tx *Tx) Role(accountID, name string) (*conforms.Role, error) {
	const q = `SELECT ` + roleColumns + ` FROM roles WHERE account_id = $1 AND name = $2`
	var r conforms.Role
	err := tx.queryRow(q, accountID, name).Scan(&r.AccountID, &r.Name, &r.ID, &r.Path,
		&r.TrustedAccounts, (*secondsCol)(&r.MaxSessionDuration), (*timestampCol)(&r.CreatedAt))
	if err != nil {
		return nil, fmt.Errorf("get role account=%s name=%s: %w", accountID, name, formatError(err))
	}
	nilIfEmpty(&r.TrustedAccounts)
	return &r, nil
}

// PutRole stores r. MaxSessionDuration is stored in whole seconds.
func (tx *Tx) PutRole(r *conforms.Role) error {
	const q = `INSERT INTO roles (` + roleColumns + `) VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (account_id, name) DO UPDATE SET
			id = excluded.id, path = excluded.path, trusted_accounts = excluded.trusted_accounts,
			max_session_duration = excluded.max_session_duration, created_at = excluded.created_at`
	_, err := tx.exec(q, r.AccountID, r.Name, r.ID, r.Path,
		strs(r.TrustedAccounts), seconds(r.MaxSessionDuration), timestamp(r.CreatedAt))
	if err != nil {
		return fmt.Errorf("put role account=%s name=%s: %w", r.AccountID, r.Name, formatError(err))
	}
	return nil
}

const accessKeyColumns = `id, secret, account_id, principal_arn, user_id, session_token, expires_at, created_at`

// AccessKey returns the access key with the given id.
func (tx *Tx) AccessKey(id string) (*conforms.AccessKey, error) {
	const q = `SELECT ` + accessKeyColumns + ` FROM access_keys WHERE id = $1`
	var k conforms.AccessKey
	err := tx.queryRow(q, id).Scan(&k.ID, &k.Secret, &k.AccountID, &k.PrincipalArn, &k.UserID,
		(*nullString)(&k.SessionToken), (*timestampCol)(&k.ExpiresAt), (*timestampCol)(&k.CreatedAt))
	if err != nil {
		return nil, fmt.Errorf("get access key id=%s: %w", id, formatError(err))
	}
	return &k, nil
}

// PutAccessKey stores k.
func (tx *Tx) PutAccessKey(k *conforms.AccessKey) error {
	const q = `INSERT INTO access_keys (` + accessKeyColumns + `) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (id) DO UPDATE SET
			secret = excluded.secret, account_id = excluded.account_id, principal_arn = excluded.principal_arn,
			user_id = excluded.user_id, session_token = excluded.session_token,
			expires_at = excluded.expires_at, created_at = excluded.created_at`
	_, err := tx.exec(q, k.ID, k.Secret, k.AccountID, k.PrincipalArn, k.UserID,
		text(k.SessionToken), timestamp(k.ExpiresAt), timestamp(k.CreatedAt))
	if err != nil {
		return fmt.Errorf("put access key id=%s: %w", k.ID, formatError(err))
	}
	return nil
}

// DeleteExpiredAccessKeys deletes the keys that expired before t and returns
// how many it deleted. Keys that do not expire are kept.
func (tx *Tx) DeleteExpiredAccessKeys(t time.Time) (int, error) {
	tag, err := tx.exec(`DELETE FROM access_keys WHERE expires_at < $1`, timestamp(t))
	if err != nil {
		return 0, fmt.Errorf("delete expired access keys: %w", formatError(err))
	}
	return int(tag.RowsAffected()), nil
}
