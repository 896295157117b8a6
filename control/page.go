package control

import (
	"encoding/base64"
	"strings"
	"unicode/utf8"
)

// A page token is the key of the last row of the previous page, base64url
// encoded behind a prefix that names the list it belongs to, so that a token
// from one list is refused by another.

func encodeToken(list, lastKey string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(list + "\x00" + lastKey))
}

func decodeToken(list, token string) (after string, ok bool) {
	if token == "" {
		return "", true
	}
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return "", false
	}
	name, key, found := strings.Cut(string(b), "\x00")
	if !found || name != list || !utf8.ValidString(key) {
		return "", false
	}
	return key, true
}

// paged trims rows fetched with limit+1 to limit and returns the token of the
// next page, or "" on the last page.
func paged[T any](list string, rows []T, limit int, key func(T) string) ([]T, string) {
	if limit <= 0 || len(rows) <= limit {
		return rows, ""
	}
	rows = rows[:limit]
	return rows, encodeToken(list, key(rows[len(rows)-1]))
}
