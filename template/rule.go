package template

import (
	"encoding/json"
	"strings"
)

var ruleProperties = []string{"ConfigRuleName", "Description", "Source", "Scope", "InputParameters",
	"MaximumExecutionFrequency", "EvaluationModes", "Compliance"}

var frequencies = []string{"One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours", "TwentyFour_Hours"}

const (
	ownerAWS          = "AWS"
	ownerCustomLambda = "CUSTOM_LAMBDA"
	ownerCustomPolicy = "CUSTOM_POLICY"
)

// maxInputParametersBytes is the limit of PutConfigRule's InputParameters,
// a JSON string.
const maxInputParametersBytes = 1024

// emptyProps stands for absent Properties.
func emptyProps(props *node, line int) *node {
	if props == nil {
		return &node{kind: kindMap, line: line}
	}
	return props
}

// rule decodes the evaluated Properties of a ConfigRule.
func (r *resolver) rule(res *resource, props *node) Rule {
	path := joinPath(resourcePath(res.id), "Properties")
	f := r.fields(emptyProps(props, res.line), path, ruleProperties)
	f.required("Source")
	rule := Rule{LogicalID: res.id, ConfigRuleName: res.id}
	if name, ok := f.str("ConfigRuleName"); ok {
		rule.ConfigRuleName = name
		r.checkName(joinPath(path, "ConfigRuleName"), f.line("ConfigRuleName"), name)
	} else if _, present := f.get("ConfigRuleName"); present {
		rule.ConfigRuleName = "" // invalid, reported
	}
	rule.Description, _ = f.str("Description")
	r.checkLength(joinPath(path, "Description"), f.line("Description"), rule.Description, 0, 256)
	if v, ok := f.get("Source"); ok {
		rule.Source = r.source(v, joinPath(path, "Source"))
	}
	if v, ok := f.get("Scope"); ok {
		rule.Scope = r.scope(v, joinPath(path, "Scope"))
	}
	if v, ok := f.get("InputParameters"); ok {
		rule.InputParameters = r.inputParameters(v, joinPath(path, "InputParameters"))
	}
	if freq, ok := f.str("MaximumExecutionFrequency"); ok {
		r.checkEnum(joinPath(path, "MaximumExecutionFrequency"), f.line("MaximumExecutionFrequency"), freq, frequencies...)
		rule.MaximumExecutionFrequency = freq
	}
	if v, ok := f.get("EvaluationModes"); ok {
		rule.EvaluationModes = r.evaluationModes(v, joinPath(path, "EvaluationModes"))
	}
	if v, ok := f.get("Compliance"); ok {
		cf := r.fields(v, joinPath(path, "Compliance"), []string{"Type"})
		cf.str("Type")
	}
	rule.Controls = r.controls(res)
	rule.DependsOn = r.createdDependsOn(res)
	return rule
}

// checkName checks a ConfigRuleName: 1 to 128 characters, not blank.
func (r *resolver) checkName(path string, line int, name string) {
	if r.checkLength(path, line, name, 1, 128) && strings.TrimSpace(name) == "" {
		r.ps.add(path, line, "must not be blank")
	}
}

func (r *resolver) source(v *node, path string) Source {
	f := r.fields(v, path, []string{"Owner", "SourceIdentifier", "SourceDetails", "CustomPolicyDetails"})
	f.required("Owner")
	var s Source
	owner, ok := f.str("Owner")
	if ok && r.checkEnum(joinPath(path, "Owner"), f.line("Owner"), owner, ownerAWS, ownerCustomLambda, ownerCustomPolicy) {
		s.Owner = owner
	}
	if owner != ownerCustomPolicy {
		f.required("SourceIdentifier")
	}
	if id, ok := f.str("SourceIdentifier"); ok {
		r.checkLength(joinPath(path, "SourceIdentifier"), f.line("SourceIdentifier"), id, 1, 256)
		s.SourceIdentifier = id
	}
	if d, ok := f.get("SourceDetails"); ok {
		s.SourceDetails = r.sourceDetails(d, joinPath(path, "SourceDetails"), owner)
	}
	d, ok := f.get("CustomPolicyDetails")
	switch {
	case ok && owner == ownerCustomPolicy:
		s.CustomPolicyDetails = r.customPolicy(d, joinPath(path, "CustomPolicyDetails"))
	case ok:
		r.ps.add(joinPath(path, "CustomPolicyDetails"), d.line, "CustomPolicyDetails is only for Owner %s", ownerCustomPolicy)
	case owner == ownerCustomPolicy:
		f.required("CustomPolicyDetails")
	}
	return s
}

var messageTypes = []string{"ConfigurationItemChangeNotification", "ConfigurationSnapshotDeliveryCompleted",
	"ScheduledNotification", "OversizedConfigurationItemChangeNotification"}

func (r *resolver) sourceDetails(v *node, path, owner string) []SourceDetail {
	if v.kind != kindList {
		if v.kind != kindError {
			r.ps.add(path, v.line, "must be a list, not %s", v.describe())
		}
		return nil
	}
	if len(v.items) > 25 {
		r.ps.add(path, v.line, "has %d entries, more than the limit of 25", len(v.items))
	}
	out := make([]SourceDetail, 0, len(v.items))
	for i, item := range v.items {
		out = append(out, r.sourceDetail(item, indexPath(path, i), owner))
	}
	return out
}

func (r *resolver) sourceDetail(v *node, path, owner string) SourceDetail {
	f := r.fields(v, path, []string{"EventSource", "MessageType", "MaximumExecutionFrequency"})
	f.required("EventSource", "MessageType")
	var d SourceDetail
	if s, ok := f.str("EventSource"); ok && r.checkEnum(joinPath(path, "EventSource"), f.line("EventSource"), s, "aws.config") {
		d.EventSource = s
	}
	allowed := messageTypes
	if owner == ownerCustomPolicy {
		allowed = []string{messageTypes[0], messageTypes[3]}
	}
	if s, ok := f.str("MessageType"); ok && r.checkEnum(joinPath(path, "MessageType"), f.line("MessageType"), s, allowed...) {
		d.MessageType = s
	}
	if s, ok := f.str("MaximumExecutionFrequency"); ok {
		p := joinPath(path, "MaximumExecutionFrequency")
		if r.checkEnum(p, f.line("MaximumExecutionFrequency"), s, frequencies...) && d.MessageType != "ScheduledNotification" && d.MessageType != "" {
			r.ps.add(p, f.line("MaximumExecutionFrequency"), "MaximumExecutionFrequency needs MessageType ScheduledNotification")
		}
		d.MaximumExecutionFrequency = s
	}
	return d
}

func (r *resolver) customPolicy(v *node, path string) *CustomPolicyDetails {
	f := r.fields(v, path, []string{"PolicyRuntime", "PolicyText", "EnableDebugLogDelivery"})
	f.required("PolicyRuntime", "PolicyText")
	var c CustomPolicyDetails
	if s, ok := f.str("PolicyRuntime"); ok && r.checkEnum(joinPath(path, "PolicyRuntime"), f.line("PolicyRuntime"), s, "guard-2.x.x") {
		c.PolicyRuntime = s
	}
	if s, ok := f.str("PolicyText"); ok {
		r.checkLength(joinPath(path, "PolicyText"), f.line("PolicyText"), s, 0, 10000)
		c.PolicyText = s
	}
	c.EnableDebugLogDelivery, _ = f.boolean("EnableDebugLogDelivery")
	return &c
}

func (r *resolver) scope(v *node, path string) *Scope {
	f := r.fields(v, path, []string{"ComplianceResourceTypes", "TagKey", "TagValue", "ComplianceResourceId"})
	s := &Scope{}
	if types, ok := f.strList("ComplianceResourceTypes"); ok && len(types) > 0 {
		p := joinPath(path, "ComplianceResourceTypes")
		if len(types) > 100 {
			r.ps.add(p, f.line("ComplianceResourceTypes"), "has %d resource types, more than the limit of 100", len(types))
		}
		for i, t := range types {
			r.checkLength(indexPath(p, i), f.line("ComplianceResourceTypes"), t, 1, 256)
		}
		s.ComplianceResourceTypes = types
	}
	key, hasKey := f.str("TagKey")
	if hasKey {
		r.checkLength(joinPath(path, "TagKey"), f.line("TagKey"), key, 1, 128)
		s.TagKey = key
	}
	if value, ok := f.str("TagValue"); ok {
		r.checkLength(joinPath(path, "TagValue"), f.line("TagValue"), value, 0, 256)
		s.TagValue = value
		if !hasKey {
			r.ps.add(joinPath(path, "TagValue"), f.line("TagValue"), "TagValue needs a TagKey")
		}
	}
	if id, ok := f.str("ComplianceResourceId"); ok {
		p := joinPath(path, "ComplianceResourceId")
		if r.checkLength(p, f.line("ComplianceResourceId"), id, 1, 768) && len(s.ComplianceResourceTypes) != 1 {
			r.ps.add(p, f.line("ComplianceResourceId"), "ComplianceResourceId needs exactly one ComplianceResourceTypes entry")
		}
		s.ComplianceResourceId = id
	}
	if hasKey && len(s.ComplianceResourceTypes) > 0 {
		r.ps.add(path, f.n.line, "a scope cannot have both ComplianceResourceTypes and TagKey")
	}
	return s
}

func (r *resolver) evaluationModes(v *node, path string) []string {
	if v.kind != kindList {
		if v.kind != kindError {
			r.ps.add(path, v.line, "must be a list, not %s", v.describe())
		}
		return nil
	}
	var modes []string
	for i, item := range v.items {
		p := indexPath(path, i)
		f := r.fields(item, p, []string{"Mode"})
		f.required("Mode")
		if m, ok := f.str("Mode"); ok && r.checkEnum(joinPath(p, "Mode"), item.line, m, "DETECTIVE", "PROACTIVE") {
			modes = append(modes, m)
		}
	}
	return modes
}

// controls reads the Controls attribute: at most 20 strings of 1 to 128
// characters, as DescribeConformancePackCompliance returns them.
func (r *resolver) controls(res *resource) []string {
	v := res.def.get("Controls")
	if v == nil {
		return nil
	}
	path := joinPath(resourcePath(res.id), "Controls")
	list, ok := r.asStringList(v, path)
	if !ok {
		return nil
	}
	if len(list) > 20 {
		r.ps.add(path, v.line, "has %d controls, more than the limit of 20", len(list))
	}
	for i, c := range list {
		r.checkLength(indexPath(path, i), v.line, c, 1, 128)
	}
	return list
}

// inputParameters renders InputParameters, a mapping (or a JSON object
// in a string), as strings: booleans as "true"/"false", numbers and
// strings as written, lists of scalars joined with commas.
func (r *resolver) inputParameters(v *node, path string) map[string]string {
	v = r.jsonObject(v, path)
	if v == nil {
		return nil
	}
	out := make(map[string]string, len(v.keys))
	for i, k := range v.keys {
		if s, ok := r.renderParameter(v.items[i], joinPath(path, k)); ok {
			out[k] = s
		}
	}
	if b, _ := json.Marshal(out); len(b) > maxInputParametersBytes {
		r.ps.add(path, v.line, "the parameters encode to %d bytes of JSON, more than the limit of %d", len(b), maxInputParametersBytes)
	}
	return out
}

// jsonObject returns a mapping, parsing a string holding a JSON object.
func (r *resolver) jsonObject(v *node, path string) *node {
	if v.kind == kindString {
		var ps problems
		parsed, err := (&parser{ps: &ps}).json([]byte(v.text))
		if err != nil || len(ps.list) > 0 || parsed.kind != kindMap {
			r.ps.add(path, v.line, "must be a mapping or a string holding a JSON object")
			return nil
		}
		v = parsed
	}
	if v.kind != kindMap {
		if v.kind != kindError {
			r.ps.add(path, v.line, "must be a mapping, not %s", v.describe())
		}
		return nil
	}
	return v
}

func (r *resolver) renderParameter(v *node, path string) (string, bool) {
	switch {
	case v.kind == kindError:
		return "", false
	case v.isScalar():
		return v.str(), true
	case isScalarList(v):
		parts := make([]string, len(v.items))
		for i, item := range v.items {
			parts[i] = item.str()
		}
		return strings.Join(parts, ","), true
	}
	r.ps.add(path, v.line, "a rule parameter must be a string, a number, a boolean or a list of them, not %s", v.describe())
	return "", false
}
