package main

import (
	"regexp"
	"testing"
)

func TestTranslatePattern(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, java, want string
	}{
		{"Plain", `[a-zA-Z][-a-zA-Z0-9]*`, `^(?:[a-zA-Z][-a-zA-Z0-9]*)$`},
		{"Unicode", `[\u0020-\u007E]+`, `^(?:[\x{0020}-\x{007E}]+)$`},
		{"JavaFourDigitUnicode", `[\u10000]`, `^(?:[\x{1000}0])$`},
		{"Space", `^\S+$`, `^(?:^[^\t\n\v\f\r ]+$)$`},
		{"SpaceInClass", `[\s\S]*`, `^(?:[\t\n\v\f\r \S]*)$`},
		{"IsProperty", `\p{IsLatin}+`, `^(?:\p{Latin}+)$`},
		{"Property", `[\p{L}\p{Z}\p{N}_.:/=+\-@]*`, `^(?:[\p{L}\p{Z}\p{N}_.:/=+\-@]*)$`},
		{"Quote", `\Qa.b\E`, `^(?:\Qa.b\E)$`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := translatePattern(tt.java)
			if err != nil || got != tt.want {
				t.Errorf("translatePattern(%q) = %q, %v; want %q", tt.java, got, err, tt.want)
			}
		})
	}
}

func TestTranslatePattern_Err(t *testing.T) {
	t.Parallel()
	for _, java := range []string{
		`(?=abc)x`,          // lookahead
		`(?<!a)b`,           // lookbehind
		`a++`,               // possessive
		`(?>a)`,             // atomic group
		`(a)\1`,             // backreference
		`[a-z&&[^e]]`,       // intersection
		`[a[bc]]`,           // nested class
		`\p{InGreek}`,       // block
		`\p{javaLowerCase}`, // Java class
		`\uZZZZ`,
		`abc\`,
	} {
		if got, err := translatePattern(java); err == nil {
			t.Errorf("translatePattern(%q) = %q, want error", java, got)
		}
	}
}

// TestTranslatePattern_FullMatch checks Java matches() semantics: the whole
// value must match, also for top-level alternations.
func TestTranslatePattern_FullMatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		java, in string
		want     bool
	}{
		{`\d{12}`, "123456789012", true},
		{`\d{12}`, "1234567890123", false},
		{`s3://.*`, "xs3://b", false},
		{`^(r-[0-9a-z]{4,32})|(\d{12})$`, "r-abcd", true},
		{`^(r-[0-9a-z]{4,32})|(\d{12})$`, "r-abcd-tail", false},
		{`^(r-[0-9a-z]{4,32})|(\d{12})$`, "x123456789012", false},
		{`.*\S.*`, "\v", false},
		{`[\s]`, "\v", true},
	}
	for _, tt := range tests {
		expr, err := translatePattern(tt.java)
		if err != nil {
			t.Fatalf("translatePattern(%q): %v", tt.java, err)
		}
		if got := regexp.MustCompile(expr).MatchString(tt.in); got != tt.want {
			t.Errorf("%q matches %q = %v, want %v", tt.java, tt.in, got, tt.want)
		}
	}
}
