package postgres

import "fmt"

// Setting returns the value stored under key.
func (tx *Tx) Setting(key string) (string, error) {
	var value string
	err := tx.queryRow(`SELECT value FROM settings WHERE key = $1`, key).Scan(&value)
	if err != nil {
		return "", fmt.Errorf("get setting key=%q: %w", key, formatError(err))
	}
	return value, nil
}

// PutSettingIfAbsent stores value under key unless the key is already set,
// and returns the value stored under key afterwards. A stored key is read,
// not written, so that racing transactions do not conflict over it.
func (tx *Tx) PutSettingIfAbsent(key, value string) (string, error) {
	const q = `WITH ins AS (INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING value)
		SELECT value FROM ins UNION ALL SELECT value FROM settings WHERE key = $1`
	err := tx.queryRow(q, key, value).Scan(&value)
	if err != nil {
		return "", fmt.Errorf("put setting key=%q: %w", key, formatError(err))
	}
	return value, nil
}
