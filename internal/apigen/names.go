package main

import (
	"strconv"
	"strings"
	"unicode"
)

// identifier turns s into a Go identifier: characters that cannot appear in
// one are dropped, and a leading digit gets an "X" in front.
func identifier(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	id := b.String()
	if id == "" || unicode.IsDigit([]rune(id)[0]) {
		id = "X" + id
	}
	return id
}

// exported returns s as an exported identifier: "resourceType" → "ResourceType".
func exported(s string) string {
	id := []rune(identifier(s))
	id[0] = unicode.ToUpper(id[0])
	return string(id)
}

// lowerCamel is the name AWS (Coral) uses for a member in validation paths:
// the member name with its first letter lower-cased ("ConfigRule" →
// "configRule", "SNSTopicARN" → "sNSTopicARN").
func lowerCamel(s string) string {
	r := []rune(s)
	if len(r) > 0 {
		r[0] = unicode.ToLower(r[0])
	}
	return string(r)
}

// enumSuffix turns an enum value into a CamelCase suffix: words are split at
// every character that is not a letter or digit, and all-caps words are
// title-cased. "CREATE_IN_PROGRESS" → "CreateInProgress",
// "AWS::EC2::Instance" → "AwsEc2Instance", "us-east-1" → "UsEast1".
func enumSuffix(v string) string {
	words := strings.FieldsFunc(v, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	var b strings.Builder
	for _, w := range words {
		if w == strings.ToUpper(w) {
			w = strings.ToLower(w)
		}
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		b.WriteString(string(r))
	}
	return b.String()
}

// namespace hands out unique package-level identifiers.
type namespace map[string]bool

// claim returns name, or name with a numeric suffix if name is taken, and
// marks the result as taken.
func (ns namespace) claim(name string) string {
	unique := name
	for i := 2; ns[unique]; i++ {
		unique = name + strconv.Itoa(i)
	}
	ns[unique] = true
	return unique
}

// goString renders s as a Go string literal, raw when that is possible.
func goString(s string) string {
	if strings.ContainsAny(s, "`\r") || !strconv.CanBackquote(s) {
		return strconv.Quote(s)
	}
	if strings.ContainsRune(s, '\\') {
		return "`" + s + "`"
	}
	return strconv.Quote(s)
}
