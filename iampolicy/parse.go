package iampolicy

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"slices"
	"strings"
)

// ParseAs parses and validates a policy document of the given kind. Its
// errors are *Error. Like encoding/json, it keeps the last of duplicate
// object keys.
func ParseAs(doc []byte, kind Kind) (*Policy, error) {
	if len(doc) == 0 || doc[0] != '{' {
		return nil, malformed(msgFirstByte)
	}
	root, err := decodeJSON(doc)
	if err != nil {
		return nil, err
	}
	obj, ok := root.(map[string]any)
	if !ok {
		return nil, malformed(msgFirstByte)
	}
	p := &Policy{kind: kind}
	if err := p.parseTop(obj); err != nil {
		return nil, err
	}
	return p, nil
}

// decodeJSON decodes exactly one JSON value, keeping numbers as json.Number
// so that condition values keep the form they were written in.
func decodeJSON(doc []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, &Error{Message: msgInvalidJSON, Err: err}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, &Error{Message: msgInvalidJSON, Err: err}
	}
	return v, nil
}

// checkFields rejects fields of obj that are not in allowed, naming the
// first in sorted order so that the message does not depend on map order.
func checkFields(obj map[string]any, allowed ...string) error {
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		if !slices.Contains(allowed, k) {
			return malformed(msgUnknownField, k)
		}
	}
	return nil
}

func (p *Policy) parseTop(obj map[string]any) error {
	if err := checkFields(obj, "Version", "Id", "Statement"); err != nil {
		return err
	}
	if v, ok := obj["Version"]; ok {
		s, _ := v.(string)
		if s != Version2012 && s != Version2008 {
			return malformed(msgVersion)
		}
		p.version = s
	}
	if v, ok := obj["Id"]; ok {
		s, ok := v.(string)
		if !ok {
			return malformed(msgID)
		}
		p.id = s
	}
	items, err := statementItems(obj["Statement"])
	if err != nil {
		return err
	}
	return p.parseStatements(items)
}

// statementItems returns the Statement element as a list of objects.
func statementItems(v any) ([]map[string]any, error) {
	switch v := v.(type) {
	case nil:
		return nil, malformed(msgMissingStatement)
	case map[string]any:
		return []map[string]any{v}, nil
	case []any:
		if len(v) == 0 {
			return nil, malformed(msgEmptyStatement)
		}
		items := make([]map[string]any, len(v))
		for i, e := range v {
			m, ok := e.(map[string]any)
			if !ok {
				return nil, malformed(msgStatementType)
			}
			items[i] = m
		}
		return items, nil
	default:
		return nil, malformed(msgStatementType)
	}
}

func (p *Policy) parseStatements(items []map[string]any) error {
	vars := p.version == Version2012
	sids := make(map[string]bool)
	p.statements = make([]statement, 0, len(items))
	for _, m := range items {
		s, err := parseStatement(m, p.kind, vars)
		if err != nil {
			return err
		}
		if sid := s.view.Sid; sid != "" {
			if sids[sid] {
				return malformed(msgDuplicateSid)
			}
			sids[sid] = true
		}
		p.statements = append(p.statements, s)
	}
	return nil
}

// parseStatement parses one statement; vars says whether policy variables
// are recognised (Version 2012-10-17 only).
func parseStatement(m map[string]any, kind Kind, vars bool) (statement, error) {
	var s statement
	err := checkFields(m, "Sid", "Effect", "Principal", "NotPrincipal",
		"Action", "NotAction", "Resource", "NotResource", "Condition")
	if err == nil {
		err = s.parseSidEffect(m)
	}
	if err == nil {
		err = s.parsePrincipal(m, kind)
	}
	if err == nil {
		err = s.parseActions(m)
	}
	if err == nil {
		err = s.parseResources(m, kind, vars)
	}
	if err == nil {
		err = s.parseConditions(m, vars)
	}
	return s, err
}

func (s *statement) parseSidEffect(m map[string]any) error {
	if v, ok := m["Sid"]; ok {
		sid, ok := v.(string)
		if !ok {
			return malformed(msgSid)
		}
		s.view.Sid = sid
	}
	v, ok := m["Effect"]
	if !ok {
		return malformed(msgMissingField, "Effect")
	}
	switch e, _ := v.(string); Effect(e) {
	case EffectAllow, EffectDeny:
		s.view.Effect = Effect(e)
		s.deny = Effect(e) == EffectDeny
		return nil
	default:
		return malformed(msgEffect, describe(v))
	}
}

// describe renders a JSON value for an error message.
func describe(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// pick returns the one present element of a pair such as Action/NotAction,
// and whether it was the Not form. It fails when both are present.
func pick(m map[string]any, name string) (v any, not, found bool, err error) {
	v, has := m[name]
	nv, hasNot := m["Not"+name]
	switch {
	case has && hasNot:
		return nil, false, false, malformed(msgBothFields, name, "Not"+name)
	case hasNot:
		return nv, true, true, nil
	default:
		return v, false, has, nil
	}
}

func (s *statement) parsePrincipal(m map[string]any, kind Kind) error {
	v, not, found, err := pick(m, "Principal")
	switch {
	case err != nil:
		return err
	case kind == IdentityPolicy && found:
		return malformed(msgNoPrincipal)
	case kind == IdentityPolicy:
		return nil
	case !found:
		return malformed(msgMissingField, "Principal")
	}
	ps, err := parsePrincipals(v)
	if err != nil {
		return err
	}
	s.principals, s.notPrincipal = ps, not
	return nil
}

func (s *statement) parseActions(m map[string]any) error {
	v, not, found, err := pick(m, "Action")
	if err != nil {
		return err
	}
	if !found {
		return malformed(msgMissingField, "Action")
	}
	list, ok := stringList(v)
	if !ok {
		return malformed(msgAction)
	}
	for _, a := range list {
		if !validAction(a) {
			return malformed(msgAction)
		}
		s.actions = append(s.actions, compile(strings.ToLower(a), true, false))
	}
	s.notAction = not
	if not {
		s.view.NotActions = list
	} else {
		s.view.Actions = list
	}
	return nil
}

// validAction reports whether a is "*" or "prefix:name", where both parts
// are non-empty and made of letters, digits, '-', '_', '.' and wildcards.
func validAction(a string) bool {
	if a == "*" {
		return true
	}
	prefix, name, ok := strings.Cut(a, ":")
	return ok && actionWord(prefix) && actionWord(name)
}

func actionWord(w string) bool {
	if w == "" {
		return false
	}
	for _, c := range []byte(w) {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			strings.IndexByte("-_.*?", c) >= 0
		if !ok {
			return false
		}
	}
	return true
}

func (s *statement) parseResources(m map[string]any, kind Kind, vars bool) error {
	v, not, found, err := pick(m, "Resource")
	if err != nil {
		return err
	}
	if !found {
		if kind == TrustPolicy {
			s.anyResource = true
			return nil
		}
		return malformed(msgMissingField, "Resource")
	}
	list, ok := stringList(v)
	if !ok {
		return malformed(msgResource)
	}
	for _, r := range list {
		a := compileARN(r, vars)
		if r != "*" && (!strings.HasPrefix(r, "arn:") || a.fields == nil) {
			return malformed(msgResource)
		}
		s.resources = append(s.resources, a)
	}
	s.notResource = not
	if not {
		s.view.NotResources = list
	} else {
		s.view.Resources = list
	}
	return nil
}

// stringList reads an element that is a string or a non-empty list of
// strings.
func stringList(v any) ([]string, bool) {
	switch v := v.(type) {
	case string:
		return []string{v}, true
	case []any:
		if len(v) == 0 {
			return nil, false
		}
		out := make([]string, len(v))
		for i, e := range v {
			s, ok := e.(string)
			if !ok {
				return nil, false
			}
			out[i] = s
		}
		return out, true
	default:
		return nil, false
	}
}
