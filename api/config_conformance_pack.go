package api

import (
	"context"

	"conforms"
	"conforms/api/awsconfig"
	"conforms/api/shape"
	"conforms/control"
)

func (h *configHandler) PutConformancePack(ctx context.Context, in *awsconfig.PutConformancePackRequest) (*awsconfig.PutConformancePackResponse, error) {
	if in.TemplateSSMDocumentDetails != nil {
		return nil, conforms.Errorf(conforms.CodeInvalidParameterValueException,
			"TemplateSSMDocumentDetails is not supported by conforms: it has no SSM. Use TemplateBody or TemplateS3Uri.")
	}
	p, err := h.c.PutConformancePack(ctx, control.PutConformancePackInput{
		Name: deref(in.ConformancePackName), TemplateBody: deref(in.TemplateBody), TemplateS3URI: deref(in.TemplateS3Uri),
		DeliveryS3Bucket: deref(in.DeliveryS3Bucket), DeliveryS3KeyPrefix: deref(in.DeliveryS3KeyPrefix),
		Parameters: packParametersIn(in.ConformancePackInputParameters),
	})
	if err != nil {
		return nil, err
	}
	return &awsconfig.PutConformancePackResponse{ConformancePackArn: new(p.Arn)}, nil
}

func (h *configHandler) DescribeConformancePacks(ctx context.Context, in *awsconfig.DescribeConformancePacksRequest) (*awsconfig.DescribeConformancePacksResponse, error) {
	packs, next, err := h.c.DescribeConformancePacks(ctx, in.ConformancePackNames, int(deref(in.Limit)), deref(in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &awsconfig.DescribeConformancePacksResponse{NextToken: opt(next), ConformancePackDetails: []awsconfig.ConformancePackDetail{}}
	for _, p := range packs {
		out.ConformancePackDetails = append(out.ConformancePackDetails, awsconfig.ConformancePackDetail{
			ConformancePackName: new(p.Name), ConformancePackArn: new(p.Arn), ConformancePackId: new(p.ID),
			DeliveryS3Bucket: opt(p.DeliveryS3Bucket), DeliveryS3KeyPrefix: opt(p.DeliveryS3KeyPrefix),
			ConformancePackInputParameters: packParametersOut(p.InputParameters),
			LastUpdateRequestedTime:        timestamp(p.LastUpdateRequestedTime), CreatedBy: opt(p.CreatedBy),
		})
	}
	return out, nil
}

func (h *configHandler) DescribeConformancePackStatus(ctx context.Context, in *awsconfig.DescribeConformancePackStatusRequest) (*awsconfig.DescribeConformancePackStatusResponse, error) {
	packs, next, err := h.c.DescribeConformancePackStatus(ctx, in.ConformancePackNames, int(deref(in.Limit)), deref(in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &awsconfig.DescribeConformancePackStatusResponse{NextToken: opt(next), ConformancePackStatusDetails: []awsconfig.ConformancePackStatusDetail{}}
	for _, p := range packs {
		out.ConformancePackStatusDetails = append(out.ConformancePackStatusDetails, awsconfig.ConformancePackStatusDetail{
			ConformancePackName: new(p.Name), ConformancePackId: new(p.ID), ConformancePackArn: new(p.Arn),
			ConformancePackState: new(awsconfig.ConformancePackState(p.State)), StackArn: new(p.StackArn()),
			ConformancePackStatusReason: opt(p.StatusReason),
			LastUpdateRequestedTime:     timestamp(p.LastUpdateRequestedTime), LastUpdateCompletedTime: timestamp(p.LastUpdateCompletedTime),
		})
	}
	return out, nil
}

func (h *configHandler) DeleteConformancePack(ctx context.Context, in *awsconfig.DeleteConformancePackRequest) (*shape.Empty, error) {
	return nil, h.c.DeleteConformancePack(ctx, deref(in.ConformancePackName))
}

func packParametersIn(in []awsconfig.ConformancePackInputParameter) []conforms.PackParameter {
	out := make([]conforms.PackParameter, len(in))
	for i, p := range in {
		out[i] = conforms.PackParameter{Name: deref(p.ParameterName), Value: deref(p.ParameterValue)}
	}
	return out
}

func packParametersOut(in []conforms.PackParameter) []awsconfig.ConformancePackInputParameter {
	out := make([]awsconfig.ConformancePackInputParameter, len(in))
	for i, p := range in {
		out[i] = awsconfig.ConformancePackInputParameter{ParameterName: new(p.Name), ParameterValue: new(p.Value)}
	}
	return out
}

func (h *configHandler) DescribeConformancePackCompliance(ctx context.Context, in *awsconfig.DescribeConformancePackComplianceRequest) (*awsconfig.DescribeConformancePackComplianceResponse, error) {
	var names []string
	var compliance string
	if f := in.Filters; f != nil {
		names, compliance = f.ConfigRuleNames, string(deref(f.ComplianceType))
	}
	list, next, err := h.c.DescribeConformancePackCompliance(ctx, deref(in.ConformancePackName), names, compliance, int(deref(in.Limit)), deref(in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &awsconfig.DescribeConformancePackComplianceResponse{ConformancePackName: in.ConformancePackName, NextToken: opt(next),
		ConformancePackRuleComplianceList: []awsconfig.ConformancePackRuleCompliance{}}
	for _, rc := range list {
		out.ConformancePackRuleComplianceList = append(out.ConformancePackRuleComplianceList, awsconfig.ConformancePackRuleCompliance{
			ConfigRuleName: new(rc.RuleName), ComplianceType: new(awsconfig.ConformancePackComplianceType(rc.Compliance)), Controls: []string{}})
	}
	return out, nil
}

func (h *configHandler) GetConformancePackComplianceDetails(ctx context.Context, in *awsconfig.GetConformancePackComplianceDetailsRequest) (*awsconfig.GetConformancePackComplianceDetailsResponse, error) {
	var f control.PackDetailsFilter
	if in.Filters != nil {
		f = control.PackDetailsFilter{RuleNames: in.Filters.ConfigRuleNames, Compliance: string(deref(in.Filters.ComplianceType)),
			ResourceType: deref(in.Filters.ResourceType), ResourceIDs: in.Filters.ResourceIds}
	}
	results, next, err := h.c.GetConformancePackComplianceDetails(ctx, deref(in.ConformancePackName), f, int(deref(in.Limit)), deref(in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &awsconfig.GetConformancePackComplianceDetailsResponse{ConformancePackName: in.ConformancePackName, NextToken: opt(next),
		ConformancePackRuleEvaluationResults: []awsconfig.ConformancePackEvaluationResult{}}
	for _, r := range results {
		er := evaluationResult(r)
		out.ConformancePackRuleEvaluationResults = append(out.ConformancePackRuleEvaluationResults, awsconfig.ConformancePackEvaluationResult{
			ComplianceType: new(awsconfig.ConformancePackComplianceType(r.Compliance)), EvaluationResultIdentifier: er.EvaluationResultIdentifier,
			ConfigRuleInvokedTime: er.ConfigRuleInvokedTime, ResultRecordedTime: er.ResultRecordedTime, Annotation: er.Annotation})
	}
	return out, nil
}

func (h *configHandler) GetConformancePackComplianceSummary(ctx context.Context, in *awsconfig.GetConformancePackComplianceSummaryRequest) (*awsconfig.GetConformancePackComplianceSummaryResponse, error) {
	list, err := h.c.GetConformancePackComplianceSummary(ctx, in.ConformancePackNames)
	if err != nil {
		return nil, err
	}
	out := &awsconfig.GetConformancePackComplianceSummaryResponse{ConformancePackComplianceSummaryList: []awsconfig.ConformancePackComplianceSummary{}}
	for _, p := range list {
		out.ConformancePackComplianceSummaryList = append(out.ConformancePackComplianceSummaryList, awsconfig.ConformancePackComplianceSummary{
			ConformancePackName: new(p.Pack), ConformancePackComplianceStatus: new(awsconfig.ConformancePackComplianceType(p.Compliance))})
	}
	return out, nil
}

func (h *configHandler) ListConformancePackComplianceScores(ctx context.Context, in *awsconfig.ListConformancePackComplianceScoresRequest) (*awsconfig.ListConformancePackComplianceScoresResponse, error) {
	var names []string
	if in.Filters != nil {
		names = in.Filters.ConformancePackNames
	}
	scores, next, err := h.c.ListConformancePackComplianceScores(ctx, names, deref(in.SortOrder) == awsconfig.SortOrderDescending,
		deref(in.SortBy) == awsconfig.SortByScore, int(deref(in.Limit)), deref(in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &awsconfig.ListConformancePackComplianceScoresResponse{NextToken: opt(next), ConformancePackComplianceScores: []awsconfig.ConformancePackComplianceScore{}}
	for _, sc := range scores {
		out.ConformancePackComplianceScores = append(out.ConformancePackComplianceScores, awsconfig.ConformancePackComplianceScore{
			Score: new(sc.Score), ConformancePackName: new(sc.Pack), LastUpdatedTime: timestamp(sc.UpdatedAt)})
	}
	return out, nil
}
