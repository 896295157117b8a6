package api

import (
	"context"

	"conforms"
	"conforms/api/awsconfig"
	"conforms/api/shape"
)

func (h *configHandler) PutConfigRule(ctx context.Context, in *awsconfig.PutConfigRuleRequest) (*shape.Empty, error) {
	return nil, h.c.PutConfigRule(ctx, configRuleIn(in.ConfigRule))
}

func (h *configHandler) DescribeConfigRules(ctx context.Context, in *awsconfig.DescribeConfigRulesRequest) (*awsconfig.DescribeConfigRulesResponse, error) {
	var mode string
	if in.Filters != nil {
		mode = string(deref(in.Filters.EvaluationMode))
	}
	rules, next, err := h.c.DescribeConfigRules(ctx, in.ConfigRuleNames, mode, deref(in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &awsconfig.DescribeConfigRulesResponse{NextToken: opt(next), ConfigRules: []awsconfig.ConfigRule{}}
	for _, r := range rules {
		out.ConfigRules = append(out.ConfigRules, configRuleOut(r))
	}
	return out, nil
}

func (h *configHandler) DeleteConfigRule(ctx context.Context, in *awsconfig.DeleteConfigRuleRequest) (*shape.Empty, error) {
	return nil, h.c.DeleteConfigRule(ctx, deref(in.ConfigRuleName))
}

// DescribeConfigRuleEvaluationStatus says plainly that conforms has not
// evaluated the rule: the evaluation engine is not built yet.
func (h *configHandler) DescribeConfigRuleEvaluationStatus(ctx context.Context, in *awsconfig.DescribeConfigRuleEvaluationStatusRequest) (*awsconfig.DescribeConfigRuleEvaluationStatusResponse, error) {
	rules, next, err := h.c.DescribeConfigRules(ctx, in.ConfigRuleNames, "", deref(in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &awsconfig.DescribeConfigRuleEvaluationStatusResponse{NextToken: opt(next), ConfigRulesEvaluationStatus: []awsconfig.ConfigRuleEvaluationStatus{}}
	for _, r := range rules {
		out.ConfigRulesEvaluationStatus = append(out.ConfigRulesEvaluationStatus, awsconfig.ConfigRuleEvaluationStatus{
			ConfigRuleName: new(r.Name), ConfigRuleArn: new(r.Arn), ConfigRuleId: new(r.ID),
			FirstActivatedTime: timestamp(r.CreatedAt), FirstEvaluationStarted: new(false),
			LastErrorCode:    new("EvaluationNotImplemented"),
			LastErrorMessage: new("conforms does not evaluate rules yet; this rule has produced no results."),
		})
	}
	return out, nil
}

func configRuleIn(in *awsconfig.ConfigRule) *conforms.ConfigRule {
	r := &conforms.ConfigRule{
		Name: deref(in.ConfigRuleName), ID: deref(in.ConfigRuleId), Arn: deref(in.ConfigRuleArn),
		Description: deref(in.Description), InputParameters: deref(in.InputParameters),
		MaximumExecutionFrequency: string(deref(in.MaximumExecutionFrequency)),
		State:                     string(deref(in.ConfigRuleState)), CreatedBy: deref(in.CreatedBy),
	}
	if sc := in.Scope; sc != nil {
		r.Scope = conforms.RuleScope{ComplianceResourceTypes: sc.ComplianceResourceTypes, TagKey: deref(sc.TagKey),
			TagValue: deref(sc.TagValue), ComplianceResourceID: deref(sc.ComplianceResourceId)}
	}
	if src := in.Source; src != nil {
		r.Source = conforms.RuleSource{Owner: string(deref(src.Owner)), SourceIdentifier: deref(src.SourceIdentifier)}
		for _, d := range src.SourceDetails {
			r.Source.SourceDetails = append(r.Source.SourceDetails, conforms.SourceDetail{EventSource: string(deref(d.EventSource)),
				MessageType: string(deref(d.MessageType)), MaximumExecutionFrequency: string(deref(d.MaximumExecutionFrequency))})
		}
		if p := src.CustomPolicyDetails; p != nil {
			r.Source.PolicyRuntime, r.Source.PolicyText, r.Source.EnableDebugLogDelivery = deref(p.PolicyRuntime), deref(p.PolicyText), deref(p.EnableDebugLogDelivery)
		}
	}
	for _, m := range in.EvaluationModes {
		r.EvaluationModes = append(r.EvaluationModes, string(deref(m.Mode)))
	}
	return r
}

// configRuleOut renders a rule as DescribeConfigRules does: without the
// policy text of a custom policy rule (GetCustomRulePolicy returns it).
func configRuleOut(r *conforms.ConfigRule) awsconfig.ConfigRule {
	out := awsconfig.ConfigRule{
		ConfigRuleName: new(r.Name), ConfigRuleArn: new(r.Arn), ConfigRuleId: new(r.ID), Description: opt(r.Description),
		InputParameters: opt(r.InputParameters), ConfigRuleState: new(awsconfig.ConfigRuleState(r.State)), CreatedBy: opt(r.CreatedBy),
		Source: &awsconfig.Source{Owner: new(awsconfig.Owner(r.Source.Owner)), SourceIdentifier: opt(r.Source.SourceIdentifier)},
	}
	if r.MaximumExecutionFrequency != "" {
		out.MaximumExecutionFrequency = new(awsconfig.MaximumExecutionFrequency(r.MaximumExecutionFrequency))
	}
	if !r.Scope.IsZero() {
		out.Scope = &awsconfig.Scope{ComplianceResourceTypes: r.Scope.ComplianceResourceTypes, TagKey: opt(r.Scope.TagKey),
			TagValue: opt(r.Scope.TagValue), ComplianceResourceId: opt(r.Scope.ComplianceResourceID)}
	}
	for _, d := range r.Source.SourceDetails {
		sd := awsconfig.SourceDetail{EventSource: new(awsconfig.EventSource(d.EventSource)), MessageType: new(awsconfig.MessageType(d.MessageType))}
		if d.MaximumExecutionFrequency != "" {
			sd.MaximumExecutionFrequency = new(awsconfig.MaximumExecutionFrequency(d.MaximumExecutionFrequency))
		}
		out.Source.SourceDetails = append(out.Source.SourceDetails, sd)
	}
	if r.Source.PolicyRuntime != "" {
		out.Source.CustomPolicyDetails = &awsconfig.CustomPolicyDetails{
			PolicyRuntime: new(r.Source.PolicyRuntime), EnableDebugLogDelivery: new(r.Source.EnableDebugLogDelivery),
		}
	}
	for _, m := range r.EvaluationModes {
		out.EvaluationModes = append(out.EvaluationModes, awsconfig.EvaluationModeConfiguration{Mode: new(awsconfig.EvaluationMode(m))})
	}
	return out
}
