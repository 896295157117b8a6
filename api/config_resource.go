package api

import (
	"context"
	"time"

	"conforms"
	"conforms/api/awsconfig"
	"conforms/api/shape"
	"conforms/control"
)

func (h *configHandler) PutResourceConfig(ctx context.Context, in *awsconfig.PutResourceConfigRequest) (*shape.Empty, error) {
	return nil, h.c.PutResourceConfig(ctx, control.PutResourceConfigInput{
		ResourceType: deref(in.ResourceType), SchemaVersionID: deref(in.SchemaVersionId), ResourceID: deref(in.ResourceId),
		ResourceName: deref(in.ResourceName), Configuration: deref(in.Configuration), Tags: in.Tags,
	})
}

func (h *configHandler) DeleteResourceConfig(ctx context.Context, in *awsconfig.DeleteResourceConfigRequest) (*shape.Empty, error) {
	return nil, h.c.DeleteResourceConfig(ctx, deref(in.ResourceType), deref(in.ResourceId))
}

func (h *configHandler) BatchGetResourceConfig(ctx context.Context, in *awsconfig.BatchGetResourceConfigRequest) (*awsconfig.BatchGetResourceConfigResponse, error) {
	keys := make([]control.ResourceKey, len(in.ResourceKeys))
	for i, k := range in.ResourceKeys {
		keys[i] = control.ResourceKey{ResourceType: string(deref(k.ResourceType)), ResourceID: deref(k.ResourceId)}
	}
	items, err := h.c.BatchGetResourceConfig(ctx, keys)
	if err != nil {
		return nil, err
	}
	out := &awsconfig.BatchGetResourceConfigResponse{BaseConfigurationItems: []awsconfig.BaseConfigurationItem{},
		UnprocessedResourceKeys: []awsconfig.ResourceKey{}}
	for _, ci := range items {
		full := configurationItem(ci)
		out.BaseConfigurationItems = append(out.BaseConfigurationItems, awsconfig.BaseConfigurationItem{
			Version: full.Version, AccountId: full.AccountId, ConfigurationItemCaptureTime: full.ConfigurationItemCaptureTime,
			ConfigurationItemStatus: full.ConfigurationItemStatus, ConfigurationStateId: full.ConfigurationStateId, Arn: full.Arn,
			ResourceType: full.ResourceType, ResourceId: full.ResourceId, ResourceName: full.ResourceName, AwsRegion: full.AwsRegion,
			AvailabilityZone: full.AvailabilityZone, ResourceCreationTime: full.ResourceCreationTime, Configuration: full.Configuration,
			SupplementaryConfiguration: full.SupplementaryConfiguration, ConfigurationItemDeliveryTime: full.ConfigurationItemDeliveryTime,
		})
	}
	return out, nil
}

// configurationItem renders an item in the API's spelling: configuration
// and supplementary values as JSON text.
func configurationItem(ci *conforms.ConfigurationItem) awsconfig.ConfigurationItem {
	out := awsconfig.ConfigurationItem{
		Version: new(ci.Version), AccountId: new(ci.AccountID), ConfigurationItemCaptureTime: timestamp(ci.CaptureTime),
		ConfigurationItemStatus: new(awsconfig.ConfigurationItemStatus(ci.Status)), ConfigurationStateId: new(ci.StateID),
		Arn: opt(ci.ARN), ResourceType: new(awsconfig.ResourceType(ci.ResourceType)), ResourceId: new(ci.ResourceID),
		ResourceName: opt(ci.ResourceName), AwsRegion: new(ci.Region), AvailabilityZone: opt(ci.AvailabilityZone),
		ResourceCreationTime: timestamp(ci.ResourceCreationTime), Tags: ci.Tags, RelatedEvents: []string{},
		Relationships: []awsconfig.Relationship{}, Configuration: opt(ci.Configuration),
		SupplementaryConfiguration: ci.Supplementary, ConfigurationItemMD5Hash: new(""),
		ConfigurationItemDeliveryTime: timestamp(ci.CaptureTime),
	}
	if out.Tags == nil {
		out.Tags = map[string]string{}
	}
	if out.SupplementaryConfiguration == nil {
		out.SupplementaryConfiguration = map[string]string{}
	}
	for _, r := range ci.Relationships {
		out.Relationships = append(out.Relationships, awsconfig.Relationship{ResourceType: new(awsconfig.ResourceType(r.ResourceType)),
			ResourceId: opt(r.ResourceID), ResourceName: opt(r.ResourceName), RelationshipName: opt(r.Name)})
	}
	return out
}

func (h *configHandler) GetResourceConfigHistory(ctx context.Context, in *awsconfig.GetResourceConfigHistoryRequest) (*awsconfig.GetResourceConfigHistoryResponse, error) {
	items, next, err := h.c.GetResourceConfigHistory(ctx, control.HistoryInput{
		ResourceType: string(deref(in.ResourceType)), ResourceID: deref(in.ResourceId), Earlier: timeOf(in.EarlierTime),
		Later: timeOf(in.LaterTime), Chronological: deref(in.ChronologicalOrder) == awsconfig.ChronologicalOrderForward,
		Limit: int(deref(in.Limit)), NextToken: deref(in.NextToken),
	})
	if err != nil {
		return nil, err
	}
	out := &awsconfig.GetResourceConfigHistoryResponse{NextToken: opt(next), ConfigurationItems: []awsconfig.ConfigurationItem{}}
	for _, ci := range items {
		out.ConfigurationItems = append(out.ConfigurationItems, configurationItem(ci))
	}
	return out, nil
}

func timeOf(t *shape.Timestamp) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.Time
}

func (h *configHandler) ListDiscoveredResources(ctx context.Context, in *awsconfig.ListDiscoveredResourcesRequest) (*awsconfig.ListDiscoveredResourcesResponse, error) {
	items, next, err := h.c.ListDiscoveredResources(ctx, control.DiscoveredInput{
		ResourceType: string(deref(in.ResourceType)), ResourceIDs: in.ResourceIds, ResourceName: deref(in.ResourceName),
		IncludeDeleted: deref(in.IncludeDeletedResources), Limit: int(deref(in.Limit)), NextToken: deref(in.NextToken),
	})
	if err != nil {
		return nil, err
	}
	out := &awsconfig.ListDiscoveredResourcesResponse{NextToken: opt(next), ResourceIdentifiers: []awsconfig.ResourceIdentifier{}}
	for _, ci := range items {
		id := awsconfig.ResourceIdentifier{ResourceType: new(awsconfig.ResourceType(ci.ResourceType)), ResourceId: new(ci.ResourceID),
			ResourceName: opt(ci.ResourceName)}
		if ci.Deleted() {
			id.ResourceDeletionTime = timestamp(ci.CaptureTime)
		}
		out.ResourceIdentifiers = append(out.ResourceIdentifiers, id)
	}
	return out, nil
}

func (h *configHandler) GetDiscoveredResourceCounts(ctx context.Context, in *awsconfig.GetDiscoveredResourceCountsRequest) (*awsconfig.GetDiscoveredResourceCountsResponse, error) {
	counts, total, next, err := h.c.GetDiscoveredResourceCounts(ctx, in.ResourceTypes, int(deref(in.Limit)), deref(in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &awsconfig.GetDiscoveredResourceCountsResponse{TotalDiscoveredResources: new(total), NextToken: opt(next),
		ResourceCounts: []awsconfig.ResourceCount{}}
	for _, rc := range counts {
		out.ResourceCounts = append(out.ResourceCounts, awsconfig.ResourceCount{ResourceType: new(awsconfig.ResourceType(rc.ResourceType)),
			Count: new(rc.Count)})
	}
	return out, nil
}
