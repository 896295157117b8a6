package template

// build evaluates and decodes every resource into the pack, then checks
// the pack as a whole.
func (r *resolver) build(pack *Pack) {
	names := map[string]string{} // ConfigRuleName -> logical ID
	allNamed := true             // every rule has a valid name
	for _, res := range r.resOrder {
		if res.typ == "" {
			continue
		}
		props := r.properties(res, scope{})
		switch {
		case res.dropped:
		case res.typ == typeConfigRule:
			rule := r.rule(res, props)
			allNamed = allNamed && rule.ConfigRuleName != ""
			r.checkUniqueName(names, rule)
			pack.Rules = append(pack.Rules, rule)
		default:
			rem := r.remediation(res, props)
			pack.Remediations = append(pack.Remediations, rem)
		}
	}
	if max := r.limits.MaxRules; max >= 0 && len(pack.Rules) > max {
		r.ps.add("Resources", 0, "Number of resources provided in the template exceeds the allowed limit of %d: the template creates %d rules", max, len(pack.Rules))
	}
	r.checkRemediations(names, allNamed, pack.Remediations)
}

func (r *resolver) checkUniqueName(names map[string]string, rule Rule) {
	if rule.ConfigRuleName == "" {
		return
	}
	if first, dup := names[rule.ConfigRuleName]; dup {
		r.ps.add(joinPath(resourcePath(rule.LogicalID), "Properties.ConfigRuleName"), r.resources[rule.LogicalID].line,
			"ConfigRuleName %q is also the name of %s", rule.ConfigRuleName, first)
		return
	}
	names[rule.ConfigRuleName] = rule.LogicalID
}

// checkRemediations checks that each remediation is for a rule of the
// pack (when every rule name is known), and that no rule has two.
func (r *resolver) checkRemediations(names map[string]string, allNamed bool, rems []Remediation) {
	seen := map[string]string{}
	for _, rem := range rems {
		if rem.ConfigRuleName == "" {
			continue
		}
		path := joinPath(resourcePath(rem.LogicalID), "Properties.ConfigRuleName")
		line := r.resources[rem.LogicalID].line
		if _, ok := names[rem.ConfigRuleName]; !ok && allNamed {
			r.ps.add(path, line, "ConfigRuleName %q is not the name of a rule the template creates", rem.ConfigRuleName)
			continue
		}
		if first, dup := seen[rem.ConfigRuleName]; dup {
			r.ps.add(path, line, "rule %q already has the remediation %s", rem.ConfigRuleName, first)
			continue
		}
		seen[rem.ConfigRuleName] = rem.LogicalID
	}
}
