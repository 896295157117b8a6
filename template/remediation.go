package template

var remediationProperties = []string{"Automatic", "ConfigRuleName", "ExecutionControls", "MaximumAutomaticAttempts",
	"Parameters", "ResourceType", "RetryAttemptSeconds", "TargetId", "TargetType", "TargetVersion"}

// remediation decodes the evaluated Properties of a RemediationConfiguration.
func (r *resolver) remediation(res *resource, props *node) Remediation {
	path := joinPath(resourcePath(res.id), "Properties")
	f := r.fields(emptyProps(props, res.line), path, remediationProperties)
	f.required("ConfigRuleName", "TargetId", "TargetType")
	rem := Remediation{LogicalID: res.id}
	if s, ok := f.str("ConfigRuleName"); ok {
		r.checkName(joinPath(path, "ConfigRuleName"), f.line("ConfigRuleName"), s)
		rem.ConfigRuleName = s
	}
	if s, ok := f.str("TargetType"); ok && r.checkEnum(joinPath(path, "TargetType"), f.line("TargetType"), s, "SSM_DOCUMENT") {
		rem.TargetType = s
	}
	if s, ok := f.str("TargetId"); ok {
		r.checkLength(joinPath(path, "TargetId"), f.line("TargetId"), s, 1, 256)
		rem.TargetId = s
	}
	rem.TargetVersion, _ = f.str("TargetVersion")
	rem.ResourceType, _ = f.str("ResourceType")
	rem.Automatic, _ = f.boolean("Automatic")
	attempts, _ := f.integer("MaximumAutomaticAttempts", 1, 25)
	rem.MaximumAutomaticAttempts = int(attempts)
	rem.RetryAttemptSeconds, _ = f.integer("RetryAttemptSeconds", 1, 2678000)
	if v, ok := f.get("ExecutionControls"); ok {
		rem.ExecutionControls = r.executionControls(v, joinPath(path, "ExecutionControls"))
	}
	if v, ok := f.get("Parameters"); ok {
		rem.Parameters = r.remediationParameters(v, joinPath(path, "Parameters"))
	}
	rem.DependsOn = r.createdDependsOn(res)
	return rem
}

func (r *resolver) executionControls(v *node, path string) *ExecutionControls {
	f := r.fields(v, path, []string{"SsmControls"})
	ec := &ExecutionControls{}
	if v, ok := f.get("SsmControls"); ok {
		p := joinPath(path, "SsmControls")
		sf := r.fields(v, p, []string{"ConcurrentExecutionRatePercentage", "ErrorPercentage"})
		rate, _ := sf.integer("ConcurrentExecutionRatePercentage", 1, 100)
		errs, _ := sf.integer("ErrorPercentage", 1, 100)
		ec.SsmControls = &SsmControls{ConcurrentExecutionRatePercentage: int(rate), ErrorPercentage: int(errs)}
	}
	return ec
}

// remediationParameters reads Parameters: name -> {ResourceValue: {Value:
// RESOURCE_ID}} or {StaticValue: {Values: [...]}}.
func (r *resolver) remediationParameters(v *node, path string) map[string]ParameterValue {
	v = r.jsonObject(v, path)
	if v == nil {
		return nil
	}
	if len(v.keys) > 25 {
		r.ps.add(path, v.line, "has %d parameters, more than the limit of 25", len(v.keys))
	}
	out := make(map[string]ParameterValue, len(v.keys))
	for i, name := range v.keys {
		p := joinPath(path, name)
		r.checkLength(p, v.items[i].line, name, 1, 256)
		out[name] = r.remediationParameter(v.items[i], p)
	}
	return out
}

func (r *resolver) remediationParameter(v *node, path string) ParameterValue {
	f := r.fields(v, path, []string{"ResourceValue", "StaticValue"})
	var pv ParameterValue
	rv, hasResource := f.get("ResourceValue")
	sv, hasStatic := f.get("StaticValue")
	if hasResource == hasStatic {
		if !f.bad {
			r.ps.add(path, v.line, "a remediation parameter needs exactly one of ResourceValue and StaticValue")
		}
		return pv
	}
	if hasResource {
		p := joinPath(path, "ResourceValue")
		rf := r.fields(rv, p, []string{"Value"})
		rf.required("Value")
		if s, ok := rf.str("Value"); ok && r.checkEnum(joinPath(p, "Value"), rv.line, s, "RESOURCE_ID") {
			pv.ResourceValue = s
		}
		return pv
	}
	p := joinPath(path, "StaticValue")
	sf := r.fields(sv, p, []string{"Values"})
	sf.required("Values")
	if values, ok := sf.strList("Values"); ok {
		vp := joinPath(p, "Values")
		if len(values) > 25 {
			r.ps.add(vp, sv.line, "has %d values, more than the limit of 25", len(values))
		}
		for i, s := range values {
			r.checkLength(indexPath(vp, i), sv.line, s, 1, 256)
		}
		pv.StaticValues = values
	}
	return pv
}
