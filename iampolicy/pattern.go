package iampolicy

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind is the kind of one token of a compiled pattern.
type tokKind uint8

const (
	tokLit  tokKind = iota // literal text
	tokStar                // '*': any run of characters, including none
	tokOne                 // '?': exactly one character
	tokVar                 // a policy variable such as ${aws:username}
)

// token is one piece of a compiled pattern.
type token struct {
	kind   tokKind
	text   string // literal text (tokLit) or the variable's key (tokVar)
	def    string // the variable's default value, if hasDef
	hasDef bool
}

// pattern is a compiled policy value: literal text, wildcards (only when it
// was compiled with wildcards on) and policy variables (only when it was
// compiled with variables on). Matching it never uses regexp.
type pattern struct {
	toks    []token
	hasVars bool
}

// compile turns s into a pattern. With wild, '*' and '?' are wildcards;
// with vars, ${key}, ${key, 'default'} and the escapes ${*}, ${?} and ${$}
// are recognised. Text that does not parse as a variable stays literal.
func compile(s string, wild, vars bool) pattern {
	var p pattern
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			p.toks = append(p.toks, token{kind: tokLit, text: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case wild && (c == '*' || c == '?'):
			flush()
			p.addWildcard(c)
			i++
		case vars && c == '$' && strings.HasPrefix(s[i:], "${"):
			t, n, ok := parseVariable(s[i:])
			if !ok {
				lit.WriteByte(c)
				i++
				continue
			}
			if t.kind == tokLit {
				lit.WriteString(t.text)
			} else {
				flush()
				p.toks = append(p.toks, t)
				p.hasVars = true
			}
			i += n
		default:
			lit.WriteByte(c)
			i++
		}
	}
	flush()
	return p
}

// addWildcard appends '*' or '?', folding runs of '*' into one.
func (p *pattern) addWildcard(c byte) {
	if c == '?' {
		p.toks = append(p.toks, token{kind: tokOne})
		return
	}
	if n := len(p.toks); n > 0 && p.toks[n-1].kind == tokStar {
		return
	}
	p.toks = append(p.toks, token{kind: tokStar})
}

// parseVariable parses the policy variable at the start of s, which begins
// with "${". It returns a tokVar token, or a tokLit token for the escapes
// ${*}, ${?} and ${$}, and the number of bytes consumed.
func parseVariable(s string) (token, int, bool) {
	body := s[2:]
	switch {
	case strings.HasPrefix(body, "*}"), strings.HasPrefix(body, "?}"), strings.HasPrefix(body, "$}"):
		return token{kind: tokLit, text: body[:1]}, 4, true
	}
	i := skipSpace(body, 0)
	start := i
	for i < len(body) && body[i] != '}' && body[i] != ',' && !isSpace(body[i]) {
		i++
	}
	key := body[start:i]
	if key == "" {
		return token{}, 0, false
	}
	t := token{kind: tokVar, text: key}
	i = skipSpace(body, i)
	if i < len(body) && body[i] == ',' {
		def, n, ok := parseQuoted(body, skipSpace(body, i+1))
		if !ok {
			return token{}, 0, false
		}
		t.def, t.hasDef = def, true
		i = skipSpace(body, n)
	}
	if i >= len(body) || body[i] != '}' {
		return token{}, 0, false
	}
	return t, 2 + i + 1, true
}

// parseQuoted parses a single-quoted default value starting at s[i], where
// ” stands for one quote. It returns the value and the index after it.
func parseQuoted(s string, i int) (string, int, bool) {
	if i >= len(s) || s[i] != '\'' {
		return "", 0, false
	}
	var b strings.Builder
	for i++; i < len(s); i++ {
		if s[i] != '\'' {
			b.WriteByte(s[i])
			continue
		}
		if i+1 < len(s) && s[i+1] == '\'' {
			b.WriteByte('\'')
			i++
			continue
		}
		return b.String(), i + 1, true
	}
	return "", 0, false
}

func isSpace(c byte) bool { return c < utf8.RuneSelf && unicode.IsSpace(rune(c)) }

func skipSpace(s string, i int) int {
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return i
}

// resolve replaces the variables of p with their values from ev. It reports
// false when a variable has no single value and no default: such a value
// matches nothing. Patterns without variables are returned as they are.
func (p pattern) resolve(ev *evalCtx) ([]token, bool) {
	if !p.hasVars {
		return p.toks, true
	}
	out := make([]token, 0, len(p.toks))
	for _, t := range p.toks {
		if t.kind != tokVar {
			out = append(out, t)
			continue
		}
		v, ok := ev.variable(t)
		if !ok {
			return nil, false
		}
		out = append(out, token{kind: tokLit, text: v})
	}
	return out, true
}

// literal returns p, which was compiled without wildcards, as a plain string
// with its variables resolved.
func (p pattern) literal(ev *evalCtx) (string, bool) {
	toks, ok := p.resolve(ev)
	if !ok {
		return "", false
	}
	if len(toks) == 1 {
		return toks[0].text, true
	}
	var b strings.Builder
	for _, t := range toks {
		b.WriteString(t.text)
	}
	return b.String(), true
}

// matches reports whether s matches p, a pattern compiled with wildcards.
func (p pattern) matches(ev *evalCtx, s string) bool {
	toks, ok := p.resolve(ev)
	return ok && glob(toks, s)
}

// glob reports whether s matches toks, which hold no variables. It is the
// classic iterative matcher that remembers only the last '*': its worst case
// is O(len(toks)·len(s)) steps, never exponential. '?' matches one UTF-8
// character (one byte of invalid UTF-8).
func glob(toks []token, s string) bool {
	pi, si := 0, 0
	star, starSi := -1, 0
	for {
		if pi < len(toks) {
			t := &toks[pi]
			switch t.kind {
			case tokStar:
				if pi+1 == len(toks) {
					return true
				}
				star, starSi = pi, si
				pi++
				continue
			case tokOne:
				if si < len(s) {
					si += runeLen(s[si:])
					pi++
					continue
				}
			default:
				if strings.HasPrefix(s[si:], t.text) {
					si += len(t.text)
					pi++
					continue
				}
			}
		} else if si == len(s) {
			return true
		}
		var ok bool
		if starSi, ok = nextStart(toks, star, s, starSi); !ok {
			return false
		}
		si, pi = starSi, star+1
	}
}

// nextStart returns where the text matched by the '*' at toks[star] ends on
// the next attempt, after the attempt that ended at from failed. When a
// literal follows the '*', it skips straight to that literal's next
// occurrence.
func nextStart(toks []token, star int, s string, from int) (int, bool) {
	if star < 0 || from >= len(s) {
		return 0, false
	}
	from += runeLen(s[from:])
	if next := toks[star+1]; next.kind == tokLit && next.text != "" && utf8.RuneStart(next.text[0]) {
		i := strings.Index(s[from:], next.text)
		if i < 0 {
			return 0, false
		}
		from += i
	}
	return from, true
}

func runeLen(s string) int {
	if s[0] < utf8.RuneSelf {
		return 1
	}
	_, n := utf8.DecodeRuneInString(s)
	return n
}

// arnFields is the number of colon-separated fields of an ARN:
// arn:partition:service:region:account-id:resource.
const arnFields = 6

// arnPattern is a compiled ARN pattern. When the pattern has the six ARN
// fields, each field is matched on its own, so a wildcard never spans a
// colon of the first five; otherwise (for example "*") the whole value is
// matched at once.
type arnPattern struct {
	whole  pattern
	fields []pattern // nil, or arnFields patterns
}

func compileARN(s string, vars bool) arnPattern {
	whole := compile(s, true, vars)
	return arnPattern{whole: whole, fields: splitFields(whole)}
}

// splitFields splits p at the first five colons of its literal text. Colons
// inside variables never split. It returns nil when p has fewer fields.
func splitFields(p pattern) []pattern {
	fields := make([]pattern, 1, arnFields)
	for _, t := range p.toks {
		for t.kind == tokLit && len(fields) < arnFields {
			before, after, found := strings.Cut(t.text, ":")
			if !found {
				break
			}
			fields[len(fields)-1].add(token{kind: tokLit, text: before})
			fields = append(fields, pattern{})
			t.text = after
		}
		fields[len(fields)-1].add(t)
	}
	if len(fields) < arnFields {
		return nil
	}
	return fields
}

// add appends t, dropping empty literals.
func (p *pattern) add(t token) {
	if t.kind == tokLit && t.text == "" {
		return
	}
	p.toks = append(p.toks, t)
	p.hasVars = p.hasVars || t.kind == tokVar
}

// matches reports whether the ARN s matches a.
func (a arnPattern) matches(ev *evalCtx, s string) bool {
	if a.fields == nil {
		return a.whole.matches(ev, s)
	}
	var got [arnFields]string
	if !splitARN(s, &got) {
		return false
	}
	for i, f := range a.fields {
		if !f.matches(ev, got[i]) {
			return false
		}
	}
	return true
}

// splitARN splits s into its six fields without allocating; the last field
// keeps any further colons. It reports false when s has fewer fields.
func splitARN(s string, out *[arnFields]string) bool {
	for i := range arnFields - 1 {
		j := strings.IndexByte(s, ':')
		if j < 0 {
			return false
		}
		out[i], s = s[:j], s[j+1:]
	}
	out[arnFields-1] = s
	return true
}
