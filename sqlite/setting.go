package sqlite

import "fmt"

// Setting returns the value stored under key.
func (tx *Tx) Setting(key string) (string, error) {
	var value string
	err := tx.queryRow(`SELECT value FROM settings WHERE key = ?`, key).Scan(&value)
	if err != nil {
		return "", fmt.Errorf("get setting key=%q: %w", key, formatError(err))
	}
	return value, nil
}

// PutSettingIfAbsent stores value under key unless the key is already set,
// and returns the value stored under key afterwards.
func (tx *Tx) PutSettingIfAbsent(key, value string) (string, error) {
	const q = `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = value
		RETURNING value`
	err := tx.queryRow(q, key, value).Scan(&value)
	if err != nil {
		return "", fmt.Errorf("put setting key=%q: %w", key, formatError(err))
	}
	return value, nil
}
