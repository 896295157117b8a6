package iampolicy

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestGlob(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		pattern, s string
		want       bool
	}{
		{"", "", true},
		{"", "a", false},
		{"*", "", true},
		{"*", "anything at all", true},
		{"**", "x", true},
		{"?", "", false},
		{"?", "a", true},
		{"?", "é", true},
		{"??", "é", false},
		{"?", "ab", false},
		{"a*", "abc", true},
		{"a*", "ba", false},
		{"*c", "abc", true},
		{"*c", "abd", false},
		{"a*c", "ac", true},
		{"a*c", "abbbc", true},
		{"a*c", "abbbcd", false},
		{"a*b*c", "axxbyyc", true},
		{"a*b*c", "axxcyyb", false},
		{"*ab*ab*", "xabyab", true},
		{"*ab*ab*", "xaby", false},
		{"*aab", "aaaab", true},
		{"*a?b", "xaxb", true},
		{"s3:get*", "s3:getobject", true},
		{"s3:*object", "s3:getobject", true},
		{"s3:*object", "s3:getobjectacl", false},
		{"home/?/x", "home/é/x", true},
		{"$x", "$x", true},
	} {
		if got := glob(compile(tc.pattern, true, false).toks, tc.s); got != tc.want {
			t.Errorf("glob(%q, %q) = %v, want %v", tc.pattern, tc.s, got, tc.want)
		}
	}
}

func TestCompile(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		s          string
		wild, vars bool
		want       []token
	}{
		{"a*b?c", true, false, []token{{kind: tokLit, text: "a"}, {kind: tokStar}, {kind: tokLit, text: "b"}, {kind: tokOne}, {kind: tokLit, text: "c"}}},
		{"a*b", false, false, []token{{kind: tokLit, text: "a*b"}}},
		{"a***b", true, false, []token{{kind: tokLit, text: "a"}, {kind: tokStar}, {kind: tokLit, text: "b"}}},
		{"${aws:username}", true, false, []token{{kind: tokLit, text: "${aws:username}"}}},
		{"h/${aws:username}/*", true, true, []token{{kind: tokLit, text: "h/"}, {kind: tokVar, text: "aws:username"}, {kind: tokLit, text: "/"}, {kind: tokStar}}},
		{"${ aws:username , 'd''x' }", true, true, []token{{kind: tokVar, text: "aws:username", def: "d'x", hasDef: true}}},
		{"${aws:username,'}'}", true, true, []token{{kind: tokVar, text: "aws:username", def: "}", hasDef: true}}},
		{"a${*}b${?}${$}", true, true, []token{{kind: tokLit, text: "a*b?$"}}},
		{"${}", true, true, []token{{kind: tokLit, text: "${}"}}},
		{"${a b}", true, true, []token{{kind: tokLit, text: "${a b}"}}},
		{"${a, b}", true, true, []token{{kind: tokLit, text: "${a, b}"}}},
		{"${a, 'b}", true, true, []token{{kind: tokLit, text: "${a, 'b}"}}},
		{"x${a", true, true, []token{{kind: tokLit, text: "x${a"}}},
		{"$", true, true, []token{{kind: tokLit, text: "$"}}},
	} {
		got := compile(tc.s, tc.wild, tc.vars).toks
		if !equalTokens(got, tc.want) {
			t.Errorf("compile(%q, wild=%v, vars=%v) = %+v, want %+v", tc.s, tc.wild, tc.vars, got, tc.want)
		}
	}
}

func equalTokens(a, b []token) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestARNPattern_Matches(t *testing.T) {
	t.Parallel()
	ev := newEvalCtx(&Request{Context: ctx{"aws:username": {"al:ice"}}})
	for _, tc := range []struct {
		pattern, s string
		vars       bool
		want       bool
	}{
		{"*", "arn:aws:s3:::b", false, true},
		{"*", "not an arn", false, true},
		{"arn:aws:s3:::b/*", "arn:aws:s3:::b/k", false, true},
		{"arn:aws:s3:::b/*", "arn:aws:s3:::b/a:b:c", false, true},
		{"arn:aws:s3:::b/*", "arn:aws:s3:::b", false, false},
		{"arn:aws:s3:::b/*", "arn:aws:s3:::c/k", false, false},
		{"arn:aws:s3:::b", "arn:aws:s3:::B", false, false},
		{"arn:*:s3:::b", "arn:aws-cn:s3:::b", false, true},
		{"arn:aws:*:::b", "arn:aws:s3:x::b", false, false},
		{"arn:aws:s3*b", "arn:aws:s3:::b", false, true}, // fewer than six fields: whole match
		{"arn:aws:s3:::home/${aws:username}/*", "arn:aws:s3:::home/al:ice/x", true, true},
		{"arn:aws:s3:::home/${aws:username}/*", "arn:aws:s3:::home/al:bob/x", true, false},
		{"arn:aws:s3:::home/${aws:nokey}/*", "arn:aws:s3:::home/al:ice/x", true, false},
		{"arn:aws:s3:::home/${aws:nokey, 'x'}/*", "arn:aws:s3:::home/x/y", true, true},
	} {
		if got := compileARN(tc.pattern, tc.vars).matches(&ev, tc.s); got != tc.want {
			t.Errorf("ARN pattern %q matches %q = %v, want %v", tc.pattern, tc.s, got, tc.want)
		}
	}
}

// TestGlob_Pathological checks that inputs that make backtracking matchers
// explode finish quickly.
func TestGlob_Pathological(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 20000)
	for _, tc := range []struct {
		pattern, s string
		want       bool
	}{
		{strings.Repeat("a*", 200) + "b", long, false},
		{strings.Repeat("*a", 200) + "*", long, true},
		{"*" + strings.Repeat("?a", 100) + "b", long, false},
		{strings.Repeat("*?", 300) + "b", long, false},
		{"*" + strings.Repeat("a", 100) + "b", long, false},
	} {
		start := time.Now()
		got := glob(compile(tc.pattern, true, false).toks, tc.s)
		if d := time.Since(start); d > time.Second {
			t.Errorf("glob(%.20q..., %d bytes) took %v", tc.pattern, len(tc.s), d)
		}
		if got != tc.want {
			t.Errorf("glob(%.20q..., %d bytes) = %v, want %v", tc.pattern, len(tc.s), got, tc.want)
		}
	}
}

// refGlob is a dynamic-programming reference matcher over characters, as
// glob sees them (a byte of invalid UTF-8 is one character).
func refGlob(p, s string) bool {
	pu, su := units(p), units(s)
	next := make([]bool, len(su)+1) // row i+1
	next[len(su)] = true
	for i := len(pu) - 1; i >= 0; i-- {
		cur := make([]bool, len(su)+1)
		for j := len(su); j >= 0; j-- {
			switch {
			case pu[i] == "*":
				cur[j] = next[j] || j < len(su) && cur[j+1]
			case pu[i] == "?":
				cur[j] = j < len(su) && next[j+1]
			default:
				cur[j] = j < len(su) && pu[i] == su[j] && next[j+1]
			}
		}
		next = cur
	}
	return next[0]
}

func units(s string) []string {
	var out []string
	for len(s) > 0 {
		n := runeLen(s)
		out = append(out, s[:n])
		s = s[n:]
	}
	return out
}

func FuzzGlob(f *testing.F) {
	for _, seed := range [][2]string{
		{"a*b?c", "axxbyc"}, {"*ab*ab*", "xabyab"}, {"*a?b", "xaxb"},
		{"h?me/*", "höme/x"}, {"*aab", "aaaab"}, {"**?", ""},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, p, s string) {
		if len(p) > 256 || len(s) > 256 || !utf8.ValidString(p) {
			t.Skip()
		}
		got := glob(compile(p, true, false).toks, s)
		if want := refGlob(p, s); got != want {
			t.Errorf("glob(%q, %q) = %v, reference says %v", p, s, got, want)
		}
	})
}
