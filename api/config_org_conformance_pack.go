package api

import (
	"context"

	"conforms/api/awsconfig"
	"conforms/api/shape"
	"conforms/control"
)

func (h *configHandler) PutOrganizationConformancePack(ctx context.Context, in *awsconfig.PutOrganizationConformancePackRequest) (*awsconfig.PutOrganizationConformancePackResponse, error) {
	p, err := h.c.PutOrgConformancePack(ctx, control.PutOrgConformancePackInput{
		Name: deref(in.OrganizationConformancePackName), TemplateBody: deref(in.TemplateBody), TemplateS3URI: deref(in.TemplateS3Uri),
		DeliveryS3Bucket: deref(in.DeliveryS3Bucket), DeliveryS3KeyPrefix: deref(in.DeliveryS3KeyPrefix),
		Parameters: packParametersIn(in.ConformancePackInputParameters), ExcludedAccounts: in.ExcludedAccounts,
	})
	if err != nil {
		return nil, err
	}
	return &awsconfig.PutOrganizationConformancePackResponse{OrganizationConformancePackArn: new(p.Arn())}, nil
}

func (h *configHandler) DescribeOrganizationConformancePacks(ctx context.Context, in *awsconfig.DescribeOrganizationConformancePacksRequest) (*awsconfig.DescribeOrganizationConformancePacksResponse, error) {
	packs, next, err := h.c.DescribeOrgConformancePacks(ctx, in.OrganizationConformancePackNames, int(deref(in.Limit)), deref(in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &awsconfig.DescribeOrganizationConformancePacksResponse{NextToken: opt(next), OrganizationConformancePacks: []awsconfig.OrganizationConformancePack{}}
	for _, p := range packs {
		out.OrganizationConformancePacks = append(out.OrganizationConformancePacks, awsconfig.OrganizationConformancePack{
			OrganizationConformancePackName: new(p.Name), OrganizationConformancePackArn: new(p.Arn()),
			DeliveryS3Bucket: opt(p.DeliveryS3Bucket), DeliveryS3KeyPrefix: opt(p.DeliveryS3KeyPrefix),
			ConformancePackInputParameters: packParametersOut(p.InputParameters),
			ExcludedAccounts:               append([]string{}, p.ExcludedAccounts...),
			LastUpdateTime:                 timestamp(p.LastUpdateTime),
		})
	}
	return out, nil
}

func (h *configHandler) DescribeOrganizationConformancePackStatuses(ctx context.Context, in *awsconfig.DescribeOrganizationConformancePackStatusesRequest) (*awsconfig.DescribeOrganizationConformancePackStatusesResponse, error) {
	statuses, next, err := h.c.DescribeOrgConformancePackStatuses(ctx, in.OrganizationConformancePackNames, int(deref(in.Limit)), deref(in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &awsconfig.DescribeOrganizationConformancePackStatusesResponse{NextToken: opt(next),
		OrganizationConformancePackStatuses: []awsconfig.OrganizationConformancePackStatus{}}
	for _, st := range statuses {
		out.OrganizationConformancePackStatuses = append(out.OrganizationConformancePackStatuses, awsconfig.OrganizationConformancePackStatus{
			OrganizationConformancePackName: new(st.Pack.Name), Status: new(awsconfig.OrganizationResourceStatus(st.Status)),
			ErrorCode: opt(st.ErrorCode), ErrorMessage: opt(st.ErrorMessage), LastUpdateTime: timestamp(st.Pack.LastUpdateTime),
		})
	}
	return out, nil
}

func (h *configHandler) GetOrganizationConformancePackDetailedStatus(ctx context.Context, in *awsconfig.GetOrganizationConformancePackDetailedStatusRequest) (*awsconfig.GetOrganizationConformancePackDetailedStatusResponse, error) {
	var f control.DetailedStatusFilter
	if in.Filters != nil {
		f = control.DetailedStatusFilter{AccountID: deref(in.Filters.AccountId), Status: string(deref(in.Filters.Status))}
	}
	rows, pack, next, err := h.c.GetOrgConformancePackDetailedStatus(ctx, deref(in.OrganizationConformancePackName), f, int(deref(in.Limit)), deref(in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &awsconfig.GetOrganizationConformancePackDetailedStatusResponse{NextToken: opt(next),
		OrganizationConformancePackDetailedStatuses: []awsconfig.OrganizationConformancePackDetailedStatus{}}
	for _, d := range rows {
		out.OrganizationConformancePackDetailedStatuses = append(out.OrganizationConformancePackDetailedStatuses, awsconfig.OrganizationConformancePackDetailedStatus{
			AccountId: new(d.AccountID), ConformancePackName: new(pack.MemberPackName()),
			Status:    new(awsconfig.OrganizationResourceDetailedStatus(d.Status)),
			ErrorCode: opt(d.ErrorCode), ErrorMessage: opt(d.ErrorMessage), LastUpdateTime: timestamp(d.UpdatedAt),
		})
	}
	return out, nil
}

func (h *configHandler) DeleteOrganizationConformancePack(ctx context.Context, in *awsconfig.DeleteOrganizationConformancePackRequest) (*shape.Empty, error) {
	return nil, h.c.DeleteOrgConformancePack(ctx, deref(in.OrganizationConformancePackName))
}
