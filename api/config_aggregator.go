package api

import (
	"context"

	"conforms"
	"conforms/api/awsconfig"
	"conforms/api/shape"
	"conforms/control"
)

func (h *configHandler) PutConfigurationAggregator(ctx context.Context, in *awsconfig.PutConfigurationAggregatorRequest) (*awsconfig.PutConfigurationAggregatorResponse, error) {
	pin := control.PutAggregatorInput{Name: deref(in.ConfigurationAggregatorName)}
	for _, src := range in.AccountAggregationSources {
		pin.AccountSources = append(pin.AccountSources, conforms.AggregationSource{AccountIDs: src.AccountIds,
			AllRegions: deref(src.AllAwsRegions), Regions: src.AwsRegions})
	}
	if src := in.OrganizationAggregationSource; src != nil {
		pin.OrgSource = &conforms.AggregationSource{RoleArn: deref(src.RoleArn), AllRegions: deref(src.AllAwsRegions), Regions: src.AwsRegions}
	}
	a, err := h.c.PutConfigurationAggregator(ctx, pin)
	if err != nil {
		return nil, err
	}
	out := aggregatorOut(a)
	return &awsconfig.PutConfigurationAggregatorResponse{ConfigurationAggregator: &out}, nil
}

func aggregatorOut(a *conforms.Aggregator) awsconfig.ConfigurationAggregator {
	out := awsconfig.ConfigurationAggregator{ConfigurationAggregatorName: new(a.Name), ConfigurationAggregatorArn: new(a.Arn),
		CreationTime: timestamp(a.CreatedAt), LastUpdatedTime: timestamp(a.UpdatedAt), AccountAggregationSources: []awsconfig.AccountAggregationSource{}}
	for _, src := range a.AccountSources {
		out.AccountAggregationSources = append(out.AccountAggregationSources, awsconfig.AccountAggregationSource{AccountIds: src.AccountIDs,
			AllAwsRegions: new(src.AllRegions), AwsRegions: src.Regions})
	}
	if src := a.OrgSource; src != nil {
		out.OrganizationAggregationSource = &awsconfig.OrganizationAggregationSource{RoleArn: opt(src.RoleArn), AllAwsRegions: new(src.AllRegions),
			AwsRegions: src.Regions}
	}
	return out
}

func (h *configHandler) DescribeConfigurationAggregators(ctx context.Context, in *awsconfig.DescribeConfigurationAggregatorsRequest) (*awsconfig.DescribeConfigurationAggregatorsResponse, error) {
	list, next, err := h.c.DescribeConfigurationAggregators(ctx, in.ConfigurationAggregatorNames, int(deref(in.Limit)), deref(in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &awsconfig.DescribeConfigurationAggregatorsResponse{NextToken: opt(next), ConfigurationAggregators: []awsconfig.ConfigurationAggregator{}}
	for _, a := range list {
		out.ConfigurationAggregators = append(out.ConfigurationAggregators, aggregatorOut(a))
	}
	return out, nil
}

func (h *configHandler) DeleteConfigurationAggregator(ctx context.Context, in *awsconfig.DeleteConfigurationAggregatorRequest) (*shape.Empty, error) {
	return nil, h.c.DeleteConfigurationAggregator(ctx, deref(in.ConfigurationAggregatorName))
}

func (h *configHandler) DescribeAggregateComplianceByConfigRules(ctx context.Context, in *awsconfig.DescribeAggregateComplianceByConfigRulesRequest) (*awsconfig.DescribeAggregateComplianceByConfigRulesResponse, error) {
	var f control.AggregateFilter
	if fi := in.Filters; fi != nil {
		f = control.AggregateFilter{Name: deref(fi.ConfigRuleName), Compliance: string(deref(fi.ComplianceType)), AccountID: deref(fi.AccountId), Region: deref(fi.AwsRegion)}
	}
	list, next, err := h.c.DescribeAggregateComplianceByConfigRules(ctx, deref(in.ConfigurationAggregatorName), f, int(deref(in.Limit)), deref(in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &awsconfig.DescribeAggregateComplianceByConfigRulesResponse{NextToken: opt(next), AggregateComplianceByConfigRules: []awsconfig.AggregateComplianceByConfigRule{}}
	for _, rc := range list {
		comp := &awsconfig.Compliance{ComplianceType: new(awsconfig.ComplianceType(rc.Compliance))}
		if rc.Compliance == conforms.NonCompliant {
			comp.ComplianceContributorCount = cappedCount(rc.Contributor)
		}
		out.AggregateComplianceByConfigRules = append(out.AggregateComplianceByConfigRules, awsconfig.AggregateComplianceByConfigRule{
			ConfigRuleName: new(rc.RuleName), Compliance: comp, AccountId: new(rc.AccountID), AwsRegion: new(rc.Region)})
	}
	return out, nil
}

func (h *configHandler) GetAggregateComplianceDetailsByConfigRule(ctx context.Context, in *awsconfig.GetAggregateComplianceDetailsByConfigRuleRequest) (*awsconfig.GetAggregateComplianceDetailsByConfigRuleResponse, error) {
	f := control.AggregateFilter{Name: deref(in.ConfigRuleName), Compliance: string(deref(in.ComplianceType)), AccountID: deref(in.AccountId), Region: deref(in.AwsRegion)}
	results, next, err := h.c.GetAggregateComplianceDetailsByConfigRule(ctx, deref(in.ConfigurationAggregatorName), f, int(deref(in.Limit)), deref(in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &awsconfig.GetAggregateComplianceDetailsByConfigRuleResponse{NextToken: opt(next), AggregateEvaluationResults: []awsconfig.AggregateEvaluationResult{}}
	for _, r := range results {
		er := evaluationResult(r)
		out.AggregateEvaluationResults = append(out.AggregateEvaluationResults, awsconfig.AggregateEvaluationResult{
			EvaluationResultIdentifier: er.EvaluationResultIdentifier, ComplianceType: er.ComplianceType, ResultRecordedTime: er.ResultRecordedTime,
			ConfigRuleInvokedTime: er.ConfigRuleInvokedTime, Annotation: er.Annotation, AccountId: new(r.AccountID), AwsRegion: new(r.Region)})
	}
	return out, nil
}

func (h *configHandler) DescribeAggregateComplianceByConformancePacks(ctx context.Context, in *awsconfig.DescribeAggregateComplianceByConformancePacksRequest) (*awsconfig.DescribeAggregateComplianceByConformancePacksResponse, error) {
	var f control.AggregateFilter
	if fi := in.Filters; fi != nil {
		f = control.AggregateFilter{Name: deref(fi.ConformancePackName), Compliance: string(deref(fi.ComplianceType)), AccountID: deref(fi.AccountId), Region: deref(fi.AwsRegion)}
	}
	list, next, err := h.c.DescribeAggregateComplianceByConformancePacks(ctx, deref(in.ConfigurationAggregatorName), f, int(deref(in.Limit)), deref(in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &awsconfig.DescribeAggregateComplianceByConformancePacksResponse{NextToken: opt(next),
		AggregateComplianceByConformancePacks: []awsconfig.AggregateComplianceByConformancePack{}}
	for _, pc := range list {
		out.AggregateComplianceByConformancePacks = append(out.AggregateComplianceByConformancePacks, awsconfig.AggregateComplianceByConformancePack{
			ConformancePackName: new(pc.Pack), AccountId: new(pc.AccountID), AwsRegion: new(pc.Region),
			Compliance: &awsconfig.AggregateConformancePackCompliance{ComplianceType: new(awsconfig.ConformancePackComplianceType(pc.Compliance)),
				CompliantRuleCount: new(int32(pc.Compliant)), NonCompliantRuleCount: new(int32(pc.NonCompliant)), TotalRuleCount: new(int32(pc.TotalRules))},
		})
	}
	return out, nil
}

func (h *configHandler) GetAggregateConformancePackComplianceSummary(ctx context.Context, in *awsconfig.GetAggregateConformancePackComplianceSummaryRequest) (*awsconfig.GetAggregateConformancePackComplianceSummaryResponse, error) {
	var f control.AggregateFilter
	if fi := in.Filters; fi != nil {
		f = control.AggregateFilter{AccountID: deref(fi.AccountId), Region: deref(fi.AwsRegion)}
	}
	key := deref(in.GroupByKey)
	if key == "" {
		key = awsconfig.AggregateConformancePackComplianceSummaryGroupKeyAccountId
	}
	list, next, err := h.c.GetAggregateConformancePackComplianceSummary(ctx, deref(in.ConfigurationAggregatorName), f,
		key == awsconfig.AggregateConformancePackComplianceSummaryGroupKeyAwsRegion, int(deref(in.Limit)), deref(in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &awsconfig.GetAggregateConformancePackComplianceSummaryResponse{NextToken: opt(next), GroupByKey: new(string(key)),
		AggregateConformancePackComplianceSummaries: []awsconfig.AggregateConformancePackComplianceSummary{}}
	for _, g := range list {
		out.AggregateConformancePackComplianceSummaries = append(out.AggregateConformancePackComplianceSummaries, awsconfig.AggregateConformancePackComplianceSummary{
			GroupName: new(g.Group), ComplianceSummary: &awsconfig.AggregateConformancePackComplianceCount{
				CompliantConformancePackCount: new(int32(g.Compliant)), NonCompliantConformancePackCount: new(int32(g.NonCompliant))}})
	}
	return out, nil
}
