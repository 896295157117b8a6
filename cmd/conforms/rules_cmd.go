package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"conforms/catalog"
	"conforms/rules"
)

// runRules implements "conforms rules": the managed rules conforms
// evaluates, one a line; with --coverage DIR, the share of the rule
// instances of the conformance-pack templates in DIR that conforms
// evaluates (AWS_CONFIG_PROCESS_CHECK counts: users set its results with
// PutExternalEvaluation), and the most used identifiers it does not.
func runRules(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("conforms rules", flag.ContinueOnError)
	coverage := fs.String("coverage", "", "a directory of conformance-pack templates, e.g. ../shared/corpus/conformance-packs")
	missing := fs.Int("missing", 20, "with --coverage, how many of the most used identifiers not evaluated to list")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *coverage == "" {
		for _, id := range rules.Identifiers() {
			fmt.Fprintln(stdout, id)
		}
		return nil
	}
	counts, err := corpusIdentifiers(*coverage)
	if err != nil {
		return err
	}
	total, covered := 0, 0
	type gap struct {
		id string
		n  int
	}
	var gaps []gap
	for id, n := range counts {
		total += n
		if _, ok := rules.Lookup(id); ok || id == "AWS_CONFIG_PROCESS_CHECK" {
			covered += n
		} else {
			gaps = append(gaps, gap{id, n})
		}
	}
	if total == 0 {
		return fmt.Errorf("no AWS::Config::ConfigRule in %s", *coverage)
	}
	sort.Slice(gaps, func(i, j int) bool {
		return gaps[i].n > gaps[j].n || (gaps[i].n == gaps[j].n && gaps[i].id < gaps[j].id)
	})
	fmt.Fprintf(stdout, "%d implemented identifiers (%d in the catalog); %d of %d rule instances evaluated: %.1f%%\n",
		len(rules.Identifiers()), len(catalog.All()), covered, total, 100*float64(covered)/float64(total))
	for _, g := range gaps[:min(*missing, len(gaps))] {
		fmt.Fprintf(stdout, "  not evaluated: %-60s %d\n", g.id, g.n)
	}
	return nil
}

// corpusIdentifiers counts the ConfigRule resources of every template in
// dir by SourceIdentifier (custom rules under their owner), with a plain
// YAML walk: every resource counts, whatever its Condition.
func corpusIdentifiers(dir string) (map[string]int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for _, e := range entries {
		ext := filepath.Ext(e.Name())
		if e.IsDir() || (ext != ".yaml" && ext != ".yml" && ext != ".json") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		var doc yaml.Node // YAML 1.2 reads JSON too
		if err := yaml.Unmarshal(data, &doc); err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name(), err)
		}
		for _, res := range mappingValues(lookup(root(&doc), "Resources")) {
			if scalar(lookup(res, "Type")) != "AWS::Config::ConfigRule" {
				continue
			}
			src := lookup(lookup(res, "Properties"), "Source")
			owner, id := scalar(lookup(src, "Owner")), scalar(lookup(src, "SourceIdentifier"))
			if owner != "AWS" {
				id = "(" + strings.ToLower(owner) + " rules)"
			}
			counts[id]++
		}
	}
	if len(counts) == 0 {
		return nil, errors.New("no templates with rules in " + dir)
	}
	return counts, nil
}

func root(doc *yaml.Node) *yaml.Node {
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		return doc.Content[0]
	}
	return doc
}

// lookup returns the value of key in a mapping node, or nil.
func lookup(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func mappingValues(n *yaml.Node) []*yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var out []*yaml.Node
	for i := 1; i < len(n.Content); i += 2 {
		out = append(out, n.Content[i])
	}
	return out
}

func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}
