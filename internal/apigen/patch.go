package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// patch is one entry of model/patches.json: a JSON Patch (RFC 6902) operation
// restricted to add, replace and remove, plus the model it applies to
// ("config", "organizations", "sts") and a free-text reason.
type patch struct {
	Model  string          `json:"model"`
	Op     string          `json:"op"`
	Path   string          `json:"path"`
	Value  json.RawMessage `json:"value,omitempty"`
	Reason string          `json:"reason,omitempty"`
}

// parsePatches reads the patch list.
func parsePatches(data []byte) ([]patch, error) {
	var ps []patch
	if err := json.Unmarshal(data, &ps); err != nil {
		return nil, fmt.Errorf("patches: %w", err)
	}
	return ps, nil
}

// apply applies p to the ordered tree root and returns the new root.
func (p patch) apply(root any) (any, error) {
	tokens, err := splitPointer(p.Path)
	if err != nil {
		return nil, err
	}
	var value any
	if p.Op == "add" || p.Op == "replace" {
		if value, err = parseOrdered(p.Value); err != nil {
			return nil, fmt.Errorf("patch %s %s: value: %w", p.Op, p.Path, err)
		}
	} else if p.Op != "remove" {
		return nil, fmt.Errorf("patch %s: unsupported op %q", p.Path, p.Op)
	}
	if len(tokens) == 0 {
		if p.Op == "remove" {
			return nil, fmt.Errorf("patch: cannot remove the root")
		}
		return value, nil
	}
	parent, err := lookup(root, tokens[:len(tokens)-1])
	if err != nil {
		return nil, fmt.Errorf("patch %s %s: %w", p.Op, p.Path, err)
	}
	if err := p.change(parent, tokens[len(tokens)-1], value); err != nil {
		return nil, fmt.Errorf("patch %s %s: %w", p.Op, p.Path, err)
	}
	return root, nil
}

// splitPointer splits a JSON Pointer into unescaped tokens.
func splitPointer(ptr string) ([]string, error) {
	if ptr == "" {
		return nil, nil
	}
	if !strings.HasPrefix(ptr, "/") {
		return nil, fmt.Errorf("patch path %q: must start with /", ptr)
	}
	tokens := strings.Split(ptr[1:], "/")
	for i, t := range tokens {
		tokens[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return tokens, nil
}

func lookup(v any, tokens []string) (any, error) {
	for _, t := range tokens {
		switch c := v.(type) {
		case *object:
			next, ok := c.get(t)
			if !ok {
				return nil, fmt.Errorf("no member %q", t)
			}
			v = next
		case []any:
			i, err := index(t, len(c))
			if err != nil {
				return nil, err
			}
			v = c[i]
		default:
			return nil, fmt.Errorf("cannot descend into %T at %q", v, t)
		}
	}
	return v, nil
}

func index(t string, n int) (int, error) {
	i, err := strconv.Atoi(t)
	if err != nil || i < 0 || i >= n {
		return 0, fmt.Errorf("bad array index %q", t)
	}
	return i, nil
}

// change performs the operation on key t of container parent.
func (p patch) change(parent any, t string, value any) error {
	switch c := parent.(type) {
	case *object:
		return p.changeObject(c, t, value)
	case []any:
		if p.Op != "replace" {
			return fmt.Errorf("only replace is supported inside arrays; replace the whole array instead")
		}
		i, err := index(t, len(c))
		if err != nil {
			return err
		}
		c[i] = value
		return nil
	}
	return fmt.Errorf("parent is %T, not a container", parent)
}

func (p patch) changeObject(o *object, k string, value any) error {
	_, exists := o.get(k)
	switch {
	case p.Op == "add":
		o.set(k, value)
	case !exists:
		return fmt.Errorf("no member %q", k)
	case p.Op == "replace":
		o.set(k, value)
	default:
		o.remove(k)
	}
	return nil
}
