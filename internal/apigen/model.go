package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Model is the part of a botocore service model the generator uses.
type Model struct {
	Metadata   Metadata              `json:"metadata"`
	Operations map[string]*Operation `json:"operations"`
	Shapes     map[string]*Shape     `json:"shapes"`
}

// Metadata is the model's metadata block.
type Metadata struct {
	APIVersion      string `json:"apiVersion"`
	EndpointPrefix  string `json:"endpointPrefix"`
	SigningName     string `json:"signingName"`
	Protocol        string `json:"protocol"`
	TargetPrefix    string `json:"targetPrefix"`
	ServiceFullName string `json:"serviceFullName"`
}

// Operation is one operation of the model.
type Operation struct {
	Name   string     `json:"name"`
	Input  *ShapeRef  `json:"input"`
	Output *ShapeRef  `json:"output"`
	Errors []ShapeRef `json:"errors"`
}

// ShapeRef refers to a shape by name.
type ShapeRef struct {
	Shape string `json:"shape"`
}

// Shape is one shape of the model.
type Shape struct {
	Name      string       `json:"-"`
	Type      string       `json:"type"`
	Members   Members      `json:"members"`
	Required  []string     `json:"required"`
	Member    *ShapeRef    `json:"member"`
	Key       *ShapeRef    `json:"key"`
	Value     *ShapeRef    `json:"value"`
	Min       *json.Number `json:"min"`
	Max       *json.Number `json:"max"`
	Pattern   *string      `json:"pattern"`
	Enum      []string     `json:"enum"`
	Exception bool         `json:"exception"`
	Fault     bool         `json:"fault"`
	Error     *ErrorTrait  `json:"error"`
}

// ErrorTrait is the error block of query-protocol exception shapes.
type ErrorTrait struct {
	Code           string `json:"code"`
	HTTPStatusCode int    `json:"httpStatusCode"`
	SenderFault    bool   `json:"senderFault"`
}

// Member is one member of a structure.
type Member struct {
	Name  string
	Shape string
}

// Members are a structure's members in model order.
type Members []Member

// UnmarshalJSON reads the members object keeping its key order.
func (ms *Members) UnmarshalJSON(data []byte) error {
	tree, err := parseOrdered(data)
	if err != nil {
		return err
	}
	o, ok := tree.(*object)
	if !ok {
		return fmt.Errorf("members: not an object")
	}
	for _, k := range o.keys {
		ref, ok := o.vals[k].(*object)
		if !ok {
			return fmt.Errorf("member %s: not an object", k)
		}
		name, _ := ref.vals["shape"].(string)
		*ms = append(*ms, Member{Name: k, Shape: name})
	}
	return nil
}

// isRequired reports whether member name is required.
func (s *Shape) isRequired(name string) bool {
	for _, r := range s.Required {
		if r == name {
			return true
		}
	}
	return false
}

// loadModel reads model/<name>.json and applies the patches meant for it.
func loadModel(modelDir, name string, patches []patch) (*Model, error) {
	data, err := os.ReadFile(filepath.Join(modelDir, name+".json"))
	if err != nil {
		return nil, err
	}
	tree, err := parseOrdered(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for _, p := range patches {
		if p.Model == name {
			if tree, err = p.apply(tree); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
		}
	}
	var buf bytes.Buffer
	if err := writeJSON(&buf, tree); err != nil {
		return nil, err
	}
	return decodeModel(name, buf.Bytes())
}

func decodeModel(name string, data []byte) (*Model, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var m Model
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for n, s := range m.Shapes {
		s.Name = n
	}
	return &m, m.check()
}

// check verifies that every shape reference resolves.
func (m *Model) check() error {
	var missing []string
	ref := func(from string, r *ShapeRef) {
		if r != nil && m.Shapes[r.Shape] == nil {
			missing = append(missing, from+" -> "+r.Shape)
		}
	}
	for n, op := range m.Operations {
		ref(n, op.Input)
		ref(n, op.Output)
		for _, e := range op.Errors {
			ref(n, &e)
		}
	}
	for n, s := range m.Shapes {
		ref(n, s.Member)
		ref(n, s.Key)
		ref(n, s.Value)
		for _, mem := range s.Members {
			ref(n+"."+mem.Name, &ShapeRef{mem.Shape})
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return fmt.Errorf("unresolved shape references: %s", strings.Join(missing, ", "))
	}
	return nil
}
