package catalog

import (
	_ "embed"
	"encoding/json"
	"sync"
)

// ProcessCheck is the identifier of a manual process check: a rule that
// conformance packs use to track a procedural control. It has no trigger, no
// resource types and no parameters; its compliance is only ever set by
// PutExternalEvaluation.
const ProcessCheck = "AWS_CONFIG_PROCESS_CHECK"

// Parameter types, as the developer guide names them.
const (
	TypeString    = "String"
	TypeCSV       = "CSV"       // comma-separated list; any non-blank string
	TypeStringMap = "StringMap" // rule-specific "key:value" list; any non-blank string
	TypeInt       = "int"
	TypeDouble    = "double"
	TypeBoolean   = "boolean"
)

// Rule is the metadata of one AWS managed rule. Rules returned by Lookup and
// All are shared: callers must not modify them.
type Rule struct {
	// Identifier is the Source.SourceIdentifier, e.g. "ACCESS_KEYS_ROTATED".
	Identifier string
	// Name is the rule's documented kebab-case name (e.g. "restricted-ssh"
	// for INCOMING_SSH_DISABLED) where known, else "". Only the 60 most
	// used identifiers of the corpus carry one.
	Name string
	// ConfigurationChanges and Periodic are the rule's trigger types; a rule
	// may have both. A process check has neither.
	ConfigurationChanges bool
	Periodic             bool
	// ResourceTypes are the resource types the rule evaluates; empty for
	// account-level rules, which report against AWS::::Account.
	ResourceTypes []string
	// Parameters are the rule's input parameters in documentation order.
	Parameters []Parameter
}

// Parameter is one input parameter of a managed rule.
type Parameter struct {
	// Name is matched case-sensitively against InputParameters' keys.
	Name string
	// Type is one of the Type constants.
	Type string
	// Optional is false for a parameter that InputParameters must carry.
	Optional bool
	// Default is the documented default, "" if none. AWS does not apply it:
	// only the console pre-fills it.
	Default string
}

// Parameter returns the rule's parameter called name (case-sensitive).
func (r *Rule) Parameter(name string) (Parameter, bool) {
	for _, p := range r.Parameters {
		if p.Name == name {
			return p, true
		}
	}
	return Parameter{}, false
}

// Lookup returns the managed rule with the given identifier (case-sensitive).
func Lookup(identifier string) (*Rule, bool) {
	r, ok := load().byID[identifier]
	return r, ok
}

// All returns every managed rule, sorted by identifier. The slice is a copy;
// the rules are shared.
func All() []*Rule {
	all := load().all
	out := make([]*Rule, len(all))
	copy(out, all)
	return out
}

//go:embed managed_rules.json
var managedRulesJSON []byte

type index struct {
	all  []*Rule
	byID map[string]*Rule
}

// load decodes the embedded catalog on first use (about a millisecond; see
// BenchmarkDecode) so that importing the package costs nothing at start-up.
var load = sync.OnceValue(func() *index {
	ix, err := decode(managedRulesJSON)
	if err != nil {
		panic("catalog: embedded managed_rules.json: " + err.Error())
	}
	return ix
})

// File shapes of managed_rules.json (written by internal/catalogen).
type fileCatalog struct {
	Rules []fileRule `json:"rules"`
}

type fileRule struct {
	ID            string      `json:"id"`
	Name          string      `json:"name"`
	Change        bool        `json:"change"`
	Periodic      bool        `json:"periodic"`
	ResourceTypes []string    `json:"resourceTypes"`
	Parameters    []Parameter `json:"parameters"`
}

// decode parses a catalog file; rules keep the file's order.
func decode(data []byte) (*index, error) {
	var f fileCatalog
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, err
	}
	ix := &index{all: make([]*Rule, len(f.Rules)), byID: make(map[string]*Rule, len(f.Rules))}
	for i, fr := range f.Rules {
		r := &Rule{
			Identifier:           fr.ID,
			Name:                 fr.Name,
			ConfigurationChanges: fr.Change,
			Periodic:             fr.Periodic,
			ResourceTypes:        fr.ResourceTypes,
			Parameters:           fr.Parameters,
		}
		ix.all[i] = r
		ix.byID[r.Identifier] = r
	}
	return ix, nil
}
