package main

import (
	"fmt"
	"regexp"
	"strings"
)

// javaSpace is Java's \s: Go's \s lacks the vertical tab.
const javaSpace = `\t\n\v\f\r `

// translatePattern turns a model pattern (java.util.regex syntax) into a Go
// regexp that matches the whole value, as Java's Matcher.matches() does.
// It rewrites what has a Go equivalent (\uXXXX, \s, \S, \p{IsX}) and rejects
// what Go would compile with a different meaning (class intersection &&,
// nested classes, \p{InBlock}, \p{javaX}); the rest is left to the Go
// compiler, which rejects lookaround, possessive quantifiers, atomic groups
// and backreferences.
func translatePattern(java string) (string, error) {
	t := translator{src: []rune(java)}
	if err := t.run(); err != nil {
		return "", err
	}
	expr := "^(?:" + t.out.String() + ")$"
	if _, err := regexp.Compile(expr); err != nil {
		return "", fmt.Errorf("go regexp: %w", err)
	}
	return expr, nil
}

type translator struct {
	src     []rune
	i       int
	inClass bool
	out     strings.Builder
}

func (t *translator) run() error {
	for t.i < len(t.src) {
		c := t.src[t.i]
		var err error
		switch {
		case c == '\\':
			err = t.escape()
		case c == '[':
			err = t.open()
		case c == ']' && t.inClass:
			t.inClass = false
			t.emit("]", 1)
		case c == '&' && t.inClass && t.peek(1) == '&':
			err = fmt.Errorf("character class intersection (&&)")
		default:
			t.emit(string(c), 1)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (t *translator) peek(off int) rune {
	if t.i+off < len(t.src) {
		return t.src[t.i+off]
	}
	return 0
}

// emit writes s and consumes n source runes.
func (t *translator) emit(s string, n int) {
	t.out.WriteString(s)
	t.i += n
}

func (t *translator) open() error {
	if t.inClass {
		return fmt.Errorf("nested character class")
	}
	t.inClass = true
	if t.peek(1) == '^' {
		t.emit("[^", 2)
		return nil
	}
	t.emit("[", 1)
	return nil
}

func (t *translator) escape() error {
	switch t.peek(1) {
	case 'u':
		return t.unicode()
	case 's':
		if t.inClass {
			t.emit(javaSpace, 2)
		} else {
			t.emit("["+javaSpace+"]", 2)
		}
	case 'S':
		if t.inClass {
			t.emit(`\S`, 2) // Go's \S also matches \v; no way to exclude it inside a class
		} else {
			t.emit("[^"+javaSpace+"]", 2)
		}
	case 'p', 'P':
		return t.property()
	case 'Q':
		return t.quote()
	case 0:
		return fmt.Errorf("trailing backslash")
	default:
		t.emit(string([]rune{'\\', t.peek(1)}), 2)
	}
	return nil
}

// unicode rewrites \uXXXX (exactly four hex digits, as in Java) to \x{XXXX}.
func (t *translator) unicode() error {
	if t.i+6 > len(t.src) {
		return fmt.Errorf(`truncated \u escape`)
	}
	hex := string(t.src[t.i+2 : t.i+6])
	for _, h := range hex {
		if !strings.ContainsRune("0123456789abcdefABCDEF", h) {
			return fmt.Errorf(`bad \u escape %q`, hex)
		}
	}
	t.emit(`\x{`+hex+`}`, 6)
	return nil
}

// property handles \p{...} and \P{...}: \p{IsX} becomes \p{X}; blocks (\p{InX})
// and Java classes (\p{javaX}) are rejected; the rest goes to Go as is.
func (t *translator) property() error {
	if t.peek(2) == 0 {
		return fmt.Errorf("truncated \\p escape")
	}
	if t.peek(2) != '{' {
		t.emit(string(t.src[t.i:t.i+3]), 3)
		return nil
	}
	end := t.i + 3
	for end < len(t.src) && t.src[end] != '}' {
		end++
	}
	if end == len(t.src) {
		return fmt.Errorf("unterminated \\p{")
	}
	name := string(t.src[t.i+3 : end])
	switch {
	case strings.HasPrefix(name, "In"), strings.HasPrefix(name, "java"):
		return fmt.Errorf("unsupported property \\p{%s}", name)
	case strings.HasPrefix(name, "Is"):
		name = name[2:]
	}
	t.emit(`\`+string(t.src[t.i+1])+"{"+name+"}", end+1-t.i)
	return nil
}

// quote copies a \Q...\E literal, which Go supports.
func (t *translator) quote() error {
	rest := string(t.src[t.i:])
	end := strings.Index(rest, `\E`)
	if end < 0 {
		t.emit(rest, len(t.src)-t.i)
		return nil
	}
	seg := rest[:end+2]
	t.emit(seg, len([]rune(seg)))
	return nil
}
