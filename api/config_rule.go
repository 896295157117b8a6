package api

import (
	"context"

	"conforms"
	"conforms/api/awsconfig"
	"conforms/api/shape"
	"conforms/control"
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
	statuses, next, err := h.c.DescribeConfigRuleEvaluationStatus(ctx, in.ConfigRuleNames, deref(in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &awsconfig.DescribeConfigRuleEvaluationStatusResponse{NextToken: opt(next), ConfigRulesEvaluationStatus: []awsconfig.ConfigRuleEvaluationStatus{}}
	for _, rs := range statuses {
		r := rs.Rule
		st := awsconfig.ConfigRuleEvaluationStatus{ConfigRuleName: new(r.Name), ConfigRuleArn: new(r.Arn), ConfigRuleId: new(r.ID),
			FirstActivatedTime: timestamp(r.CreatedAt), FirstEvaluationStarted: new(false)}
		switch {
		case rs.NotEvaluated != "":
			st.LastErrorCode, st.LastErrorMessage = new("RuleNotImplemented"), new(rs.NotEvaluated)
		case rs.Status != nil:
			st.FirstEvaluationStarted = new(rs.Status.FirstEvaluationStarted)
			st.LastSuccessfulInvocationTime, st.LastSuccessfulEvaluationTime = timestamp(rs.Status.LastSuccessfulAt), timestamp(rs.Status.LastSuccessfulAt)
			st.LastFailedInvocationTime, st.LastFailedEvaluationTime = timestamp(rs.Status.LastFailedAt), timestamp(rs.Status.LastFailedAt)
			st.LastErrorCode, st.LastErrorMessage = opt(rs.Status.LastErrorCode), opt(rs.Status.LastErrorMessage)
		}
		out.ConfigRulesEvaluationStatus = append(out.ConfigRulesEvaluationStatus, st)
	}
	return out, nil
}

func (h *configHandler) StartConfigRulesEvaluation(ctx context.Context, in *awsconfig.StartConfigRulesEvaluationRequest) (*awsconfig.StartConfigRulesEvaluationResponse, error) {
	if err := h.c.StartConfigRulesEvaluation(ctx, in.ConfigRuleNames); err != nil {
		return nil, err
	}
	return &awsconfig.StartConfigRulesEvaluationResponse{}, nil
}

func (h *configHandler) GetComplianceDetailsByConfigRule(ctx context.Context, in *awsconfig.GetComplianceDetailsByConfigRuleRequest) (*awsconfig.GetComplianceDetailsByConfigRuleResponse, error) {
	types := make([]string, len(in.ComplianceTypes))
	for i, t := range in.ComplianceTypes {
		types[i] = string(t)
	}
	results, next, err := h.c.GetComplianceDetailsByConfigRule(ctx, deref(in.ConfigRuleName), types, int(deref(in.Limit)), deref(in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &awsconfig.GetComplianceDetailsByConfigRuleResponse{NextToken: opt(next), EvaluationResults: []awsconfig.EvaluationResult{}}
	for _, r := range results {
		out.EvaluationResults = append(out.EvaluationResults, evaluationResult(r))
	}
	return out, nil
}

func evaluationResult(r *conforms.EvaluationResult) awsconfig.EvaluationResult {
	return awsconfig.EvaluationResult{
		EvaluationResultIdentifier: &awsconfig.EvaluationResultIdentifier{
			EvaluationResultQualifier: &awsconfig.EvaluationResultQualifier{ConfigRuleName: new(r.RuleName), ResourceType: new(r.ResourceType),
				ResourceId: new(r.ResourceID), EvaluationMode: new(awsconfig.EvaluationMode("DETECTIVE"))},
			OrderingTimestamp: timestamp(r.OrderingAt),
		},
		ComplianceType: new(awsconfig.ComplianceType(r.Compliance)), ResultRecordedTime: timestamp(r.RecordedAt),
		ConfigRuleInvokedTime: timestamp(r.InvokedAt), Annotation: opt(r.Annotation),
	}
}

func (h *configHandler) DescribeComplianceByConfigRule(ctx context.Context, in *awsconfig.DescribeComplianceByConfigRuleRequest) (*awsconfig.DescribeComplianceByConfigRuleResponse, error) {
	types := make([]string, len(in.ComplianceTypes))
	for i, t := range in.ComplianceTypes {
		types[i] = string(t)
	}
	list, next, err := h.c.DescribeComplianceByConfigRule(ctx, in.ConfigRuleNames, types, deref(in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &awsconfig.DescribeComplianceByConfigRuleResponse{NextToken: opt(next), ComplianceByConfigRules: []awsconfig.ComplianceByConfigRule{}}
	for _, rc := range list {
		comp := &awsconfig.Compliance{ComplianceType: new(awsconfig.ComplianceType(rc.Compliance))}
		if rc.Compliance == conforms.NonCompliant {
			comp.ComplianceContributorCount = &awsconfig.ComplianceContributorCount{CappedCount: new(int32(min(rc.Contributor, 100))),
				CapExceeded: new(rc.Contributor > 100)}
		}
		out.ComplianceByConfigRules = append(out.ComplianceByConfigRules, awsconfig.ComplianceByConfigRule{ConfigRuleName: new(rc.RuleName), Compliance: comp})
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

func externalEvaluation(typ, id *string, compliance *awsconfig.ComplianceType, annotation *string, at *shape.Timestamp) control.ExternalEvaluation {
	return control.ExternalEvaluation{ResourceType: deref(typ), ResourceID: deref(id), Compliance: string(deref(compliance)),
		Annotation: deref(annotation), OrderingAt: timeOf(at)}
}

func (h *configHandler) PutExternalEvaluation(ctx context.Context, in *awsconfig.PutExternalEvaluationRequest) (*awsconfig.PutExternalEvaluationResponse, error) {
	ev := in.ExternalEvaluation
	if ev == nil {
		ev = &awsconfig.ExternalEvaluation{}
	}
	err := h.c.PutExternalEvaluation(ctx, deref(in.ConfigRuleName),
		externalEvaluation(ev.ComplianceResourceType, ev.ComplianceResourceId, ev.ComplianceType, ev.Annotation, ev.OrderingTimestamp))
	if err != nil {
		return nil, err
	}
	return &awsconfig.PutExternalEvaluationResponse{}, nil
}

func (h *configHandler) PutEvaluations(ctx context.Context, in *awsconfig.PutEvaluationsRequest) (*awsconfig.PutEvaluationsResponse, error) {
	evs := make([]control.ExternalEvaluation, len(in.Evaluations))
	for i, ev := range in.Evaluations {
		evs[i] = externalEvaluation(ev.ComplianceResourceType, ev.ComplianceResourceId, ev.ComplianceType, ev.Annotation, ev.OrderingTimestamp)
	}
	if err := h.c.PutEvaluations(ctx, deref(in.ResultToken), evs, deref(in.TestMode)); err != nil {
		return nil, err
	}
	return &awsconfig.PutEvaluationsResponse{FailedEvaluations: []awsconfig.Evaluation{}}, nil
}

func complianceTypes(in []awsconfig.ComplianceType) []string {
	out := make([]string, len(in))
	for i, t := range in {
		out[i] = string(t)
	}
	return out
}

// cappedCount renders a count as AWS does, capped at 100.
func cappedCount(n int) *awsconfig.ComplianceContributorCount {
	return &awsconfig.ComplianceContributorCount{CappedCount: new(int32(min(n, 100))), CapExceeded: new(n > 100)}
}

func (h *configHandler) DescribeComplianceByResource(ctx context.Context, in *awsconfig.DescribeComplianceByResourceRequest) (*awsconfig.DescribeComplianceByResourceResponse, error) {
	list, next, err := h.c.DescribeComplianceByResource(ctx, deref(in.ResourceType), deref(in.ResourceId), complianceTypes(in.ComplianceTypes),
		int(deref(in.Limit)), deref(in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &awsconfig.DescribeComplianceByResourceResponse{NextToken: opt(next), ComplianceByResources: []awsconfig.ComplianceByResource{}}
	for _, rc := range list {
		comp := &awsconfig.Compliance{ComplianceType: new(awsconfig.ComplianceType(rc.Compliance))}
		if rc.Compliance == conforms.NonCompliant {
			comp.ComplianceContributorCount = cappedCount(rc.Contributor)
		}
		out.ComplianceByResources = append(out.ComplianceByResources, awsconfig.ComplianceByResource{ResourceType: new(rc.ResourceType),
			ResourceId: new(rc.ResourceID), Compliance: comp})
	}
	return out, nil
}

func (h *configHandler) GetComplianceDetailsByResource(ctx context.Context, in *awsconfig.GetComplianceDetailsByResourceRequest) (*awsconfig.GetComplianceDetailsByResourceResponse, error) {
	results, next, err := h.c.GetComplianceDetailsByResource(ctx, deref(in.ResourceType), deref(in.ResourceId), complianceTypes(in.ComplianceTypes), deref(in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &awsconfig.GetComplianceDetailsByResourceResponse{NextToken: opt(next), EvaluationResults: []awsconfig.EvaluationResult{}}
	for _, r := range results {
		out.EvaluationResults = append(out.EvaluationResults, evaluationResult(r))
	}
	return out, nil
}

func complianceSummary(cc control.ComplianceCounts) *awsconfig.ComplianceSummary {
	return &awsconfig.ComplianceSummary{CompliantResourceCount: cappedCount(cc.Compliant), NonCompliantResourceCount: cappedCount(cc.NonCompliant),
		ComplianceSummaryTimestamp: timestamp(cc.At)}
}

func (h *configHandler) GetComplianceSummaryByConfigRule(ctx context.Context, _ *shape.Empty) (*awsconfig.GetComplianceSummaryByConfigRuleResponse, error) {
	cc, err := h.c.GetComplianceSummaryByConfigRule(ctx)
	if err != nil {
		return nil, err
	}
	return &awsconfig.GetComplianceSummaryByConfigRuleResponse{ComplianceSummary: complianceSummary(cc)}, nil
}

func (h *configHandler) GetComplianceSummaryByResourceType(ctx context.Context, in *awsconfig.GetComplianceSummaryByResourceTypeRequest) (*awsconfig.GetComplianceSummaryByResourceTypeResponse, error) {
	list, err := h.c.GetComplianceSummaryByResourceType(ctx, in.ResourceTypes)
	if err != nil {
		return nil, err
	}
	out := &awsconfig.GetComplianceSummaryByResourceTypeResponse{ComplianceSummariesByResourceType: []awsconfig.ComplianceSummaryByResourceType{}}
	for _, cc := range list {
		out.ComplianceSummariesByResourceType = append(out.ComplianceSummariesByResourceType, awsconfig.ComplianceSummaryByResourceType{
			ResourceType: opt(cc.ResourceType), ComplianceSummary: complianceSummary(cc)})
	}
	return out, nil
}
