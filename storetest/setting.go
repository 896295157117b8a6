package storetest

import (
	"testing"

	"conforms"
)

var settingTests = []test{
	{"ErrNotFound", testSettingNotFound},
	{"PutSettingIfAbsent", testPutSettingIfAbsent},
}

func testSettingNotFound(t *testing.T, s conforms.Store) {
	view(t, s, func(tx conforms.Tx) error {
		_, err := tx.Setting("missing")
		wantErr(t, `Setting("missing")`, err, conforms.ErrNotFound)
		return nil
	})
}

func testPutSettingIfAbsent(t *testing.T, s conforms.Store) {
	update(t, s, func(tx conforms.Tx) error {
		for _, c := range []struct{ key, value, want string }{
			{"k", "v1", "v1"},
			{"k", "v2", "v1"}, // already set in this transaction
			{"empty", "", ""},
			{"empty", "v", ""},
		} {
			got, err := tx.PutSettingIfAbsent(c.key, c.value)
			if err != nil {
				t.Fatalf("PutSettingIfAbsent(%q, %q): %v", c.key, c.value, err)
			}
			if got != c.want {
				t.Errorf("PutSettingIfAbsent(%q, %q) = %q, want %q", c.key, c.value, got, c.want)
			}
		}
		return nil
	})
	update(t, s, func(tx conforms.Tx) error {
		got, err := tx.PutSettingIfAbsent("k", "v3") // set by an earlier transaction
		if err != nil {
			t.Fatalf(`PutSettingIfAbsent("k", "v3"): %v`, err)
		}
		if got != "v1" {
			t.Errorf(`PutSettingIfAbsent("k", "v3") = %q, want "v1"`, got)
		}
		return nil
	})
	view(t, s, func(tx conforms.Tx) error {
		for key, want := range map[string]string{"k": "v1", "empty": ""} {
			got, err := tx.Setting(key)
			if err != nil {
				t.Fatalf("Setting(%q): %v", key, err)
			}
			if got != want {
				t.Errorf("Setting(%q) = %q, want %q", key, got, want)
			}
		}
		return nil
	})
}
