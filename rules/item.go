package rules

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// ParseItem parses a configuration item in either of its two spellings: the
// API's (GetResourceConfigHistory, BatchGetResourceConfig: accountId, arn,
// configuration as JSON text) or the one of notifications and of the
// snapshot and history files delivered to S3 (awsAccountId, ARN,
// configuration as an object). ../shared/docs/corpus.md §8 lists the
// differences. Values of supplementaryConfiguration that are JSON text are
// decoded.
func ParseItem(data []byte) (*Item, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("configuration item is not a JSON object: %w", err)
	}
	return itemFrom(raw)
}

func itemFrom(raw map[string]json.RawMessage) (*Item, error) {
	it := &Item{}
	str := func(keys ...string) (string, error) {
		for _, k := range keys {
			if v, ok := raw[k]; ok && string(v) != "null" {
				var s string
				if err := json.Unmarshal(v, &s); err != nil {
					return "", fmt.Errorf("%s is not a string", k)
				}
				return s, nil
			}
		}
		return "", nil
	}
	var err error
	for _, f := range []struct {
		dst  *string
		keys []string
	}{
		{&it.AccountID, []string{"accountId", "awsAccountId"}},
		{&it.Region, []string{"awsRegion"}},
		{&it.ResourceType, []string{"resourceType"}},
		{&it.ResourceID, []string{"resourceId"}},
		{&it.ResourceName, []string{"resourceName"}},
		{&it.ARN, []string{"arn", "ARN"}},
		{&it.Status, []string{"configurationItemStatus"}},
	} {
		if *f.dst, err = str(f.keys...); err != nil {
			return nil, err
		}
	}
	if it.ResourceType == "" {
		return nil, errors.New("resourceType is missing")
	}
	if it.ResourceID == "" {
		return nil, errors.New("resourceId is missing")
	}
	if v, ok := raw["configurationItemCaptureTime"]; ok && string(v) != "null" {
		if it.CaptureTime, err = parseTime(v); err != nil {
			return nil, fmt.Errorf("configurationItemCaptureTime: %w", err)
		}
	}
	if v, ok := raw["tags"]; ok && string(v) != "null" {
		if err := json.Unmarshal(v, &it.Tags); err != nil {
			return nil, errors.New("tags is not an object of strings")
		}
	}
	if it.Configuration, err = object(raw["configuration"], "configuration"); err != nil {
		return nil, err
	}
	if it.Supplementary, err = object(raw["supplementaryConfiguration"], "supplementaryConfiguration"); err != nil {
		return nil, err
	}
	for k, v := range it.Supplementary {
		it.Supplementary[k] = DecodeText(v)
	}
	if v, ok := raw["relationships"]; ok && string(v) != "null" {
		var rels []struct {
			ResourceType     string `json:"resourceType"`
			ResourceID       string `json:"resourceId"`
			ResourceName     string `json:"resourceName"`
			RelationshipName string `json:"relationshipName"`
			Name             string `json:"name"`
		}
		if err := json.Unmarshal(v, &rels); err != nil {
			return nil, errors.New("relationships is not a list of relationships")
		}
		for _, r := range rels {
			it.Relationships = append(it.Relationships, Relationship{ResourceType: r.ResourceType, ResourceID: r.ResourceID,
				ResourceName: r.ResourceName, Name: cmpOr(r.RelationshipName, r.Name)})
		}
	}
	return it, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// parseTime reads an ISO 8601 time, or epoch seconds (the API's form).
func parseTime(v json.RawMessage) (time.Time, error) {
	var s string
	if err := json.Unmarshal(v, &s); err == nil {
		return time.Parse(time.RFC3339Nano, s)
	}
	var f float64
	if err := json.Unmarshal(v, &f); err != nil {
		return time.Time{}, errors.New("not a time")
	}
	return time.UnixMilli(int64(f * 1000)).UTC(), nil
}

// object decodes a JSON object, or JSON text holding one; absent or null
// (or empty text) is nil.
func object(v json.RawMessage, name string) (map[string]any, error) {
	if len(v) == 0 || string(v) == "null" {
		return nil, nil
	}
	var text string
	if err := json.Unmarshal(v, &text); err == nil {
		if strings.TrimSpace(text) == "" {
			return nil, nil
		}
		v = json.RawMessage(text)
	}
	var m map[string]any
	if err := json.Unmarshal(v, &m); err != nil {
		return nil, fmt.Errorf("%s is not a JSON object", name)
	}
	return m, nil
}

// DecodeText decodes a string that holds a JSON object or list; anything
// else is returned as it is.
func DecodeText(v any) any {
	s, ok := v.(string)
	if !ok {
		return v
	}
	t := strings.TrimSpace(s)
	if !strings.HasPrefix(t, "{") && !strings.HasPrefix(t, "[") {
		return v
	}
	var out any
	if err := json.Unmarshal([]byte(t), &out); err != nil {
		return v
	}
	return out
}

// PolicyDocument decodes an IAM policy document as CIs carry it: an object,
// JSON text, or URL-encoded JSON text (IAM's CIs). It returns nil if v is
// none of these.
func PolicyDocument(v any) map[string]any {
	switch x := v.(type) {
	case map[string]any:
		return x
	case string:
		s := x
		if !strings.HasPrefix(strings.TrimSpace(s), "{") {
			u, err := url.QueryUnescape(s)
			if err != nil {
				return nil
			}
			s = u
		}
		var m map[string]any
		if json.Unmarshal([]byte(s), &m) != nil {
			return nil
		}
		return m
	}
	return nil
}

// Statements returns a policy document's statements, a single statement
// object counting as a list of one.
func Statements(doc map[string]any) []map[string]any {
	var out []map[string]any
	switch s := doc["Statement"].(type) {
	case map[string]any:
		out = append(out, s)
	case []any:
		for _, x := range s {
			if m, ok := x.(map[string]any); ok {
				out = append(out, m)
			}
		}
	}
	return out
}

// Strings returns a value that is a string or a list of strings as a list.
func Strings(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
