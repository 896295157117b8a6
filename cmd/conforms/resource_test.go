package main

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"
)

func putResource(typ, id, name, configuration string) *configservice.PutResourceConfigInput {
	return &configservice.PutResourceConfigInput{ResourceType: aws.String(typ), SchemaVersionId: aws.String("1"),
		ResourceId: aws.String(id), ResourceName: aws.String(name), Configuration: aws.String(configuration)}
}

// TestConfig_Resources: PutResourceConfig and DeleteResourceConfig record
// configuration items, which the read operations return.
func TestConfig_Resources(t *testing.T) {
	s := mustStart(t, "")
	client := s.config(s.root())
	o := &org{s: s, mgmt: s.root()}
	_, err := client.PutResourceConfig(bg, putResource("AWS::S3::Bucket", "b1", "b1", `{"name":"b1"}`))
	wantAPIError(t, err, "NoRunningConfigurationRecorderException", s.RootKey().AccountID)
	o.record(t, s.RootKey().AccountID)

	_, err = client.PutResourceConfig(bg, putResource("AWS::S3::Bucket", "b1", "b1", `not json`))
	wantAPIError(t, err, "ValidationException", "JSON")
	must(client.PutResourceConfig(bg, putResource("AWS::S3::Bucket", "b1", "b1", `{"name":"b1","v":1}`)))(t)
	s.clock.Add(time.Minute)
	must(client.PutResourceConfig(bg, putResource("AWS::S3::Bucket", "b1", "b1", `{"name":"b1","v":2}`)))(t)
	must(client.PutResourceConfig(bg, putResource("AWS::S3::Bucket", "b2", "b2", `{"name":"b2"}`)))(t)
	must(client.PutResourceConfig(bg, putResource("AWS::EC2::Volume", "vol-1", "", `{"volumeId":"vol-1","encrypted":true}`)))(t)
	must(client.PutResourceConfig(bg, putResource("AWS::::Account", s.RootKey().AccountID, "", `{"ebsEncryptionByDefault":true}`)))(t)

	got := must(client.BatchGetResourceConfig(bg, &configservice.BatchGetResourceConfigInput{ResourceKeys: []types.ResourceKey{
		{ResourceType: "AWS::S3::Bucket", ResourceId: aws.String("b1")}, {ResourceType: "AWS::S3::Bucket", ResourceId: aws.String("nope")},
	}}))(t).BaseConfigurationItems
	if len(got) != 1 || aws.ToString(got[0].Configuration) != `{"name":"b1","v":2}` || got[0].ConfigurationItemStatus != types.ConfigurationItemStatusOk {
		t.Fatalf("BatchGetResourceConfig = %+v", got)
	}

	hist := must(client.GetResourceConfigHistory(bg, &configservice.GetResourceConfigHistoryInput{
		ResourceType: "AWS::S3::Bucket", ResourceId: aws.String("b1")}))(t).ConfigurationItems
	if len(hist) != 2 || aws.ToString(hist[0].Configuration) != `{"name":"b1","v":2}` || hist[1].ConfigurationItemStatus != types.ConfigurationItemStatusResourceDiscovered {
		t.Fatalf("history = %+v", hist)
	}
	page := must(client.GetResourceConfigHistory(bg, &configservice.GetResourceConfigHistoryInput{ResourceType: "AWS::S3::Bucket",
		ResourceId: aws.String("b1"), ChronologicalOrder: types.ChronologicalOrderForward, Limit: 1}))(t)
	if len(page.ConfigurationItems) != 1 || aws.ToString(page.ConfigurationItems[0].Configuration) != `{"name":"b1","v":1}` || page.NextToken == nil {
		t.Fatalf("first forward page = %+v", page)
	}
	_, err = client.GetResourceConfigHistory(bg, &configservice.GetResourceConfigHistoryInput{ResourceType: "AWS::S3::Bucket", ResourceId: aws.String("nope")})
	wantAPIError(t, err, "ResourceNotDiscoveredException", "nope")
	if acct := must(client.GetResourceConfigHistory(bg, &configservice.GetResourceConfigHistoryInput{ResourceType: "AWS::::Account",
		ResourceId: aws.String(s.RootKey().AccountID)}))(t).ConfigurationItems; len(acct) != 1 {
		t.Fatalf("AWS::::Account history = %+v", acct)
	}

	must(client.DeleteResourceConfig(bg, &configservice.DeleteResourceConfigInput{ResourceType: aws.String("AWS::S3::Bucket"), ResourceId: aws.String("b2")}))(t)
	_, err = client.DeleteResourceConfig(bg, &configservice.DeleteResourceConfigInput{ResourceType: aws.String("AWS::S3::Bucket"), ResourceId: aws.String("b2")})
	wantAPIError(t, err, "ResourceNotDiscoveredException", "b2")
	listed := must(client.ListDiscoveredResources(bg, &configservice.ListDiscoveredResourcesInput{ResourceType: "AWS::S3::Bucket"}))(t).ResourceIdentifiers
	if len(listed) != 1 || aws.ToString(listed[0].ResourceId) != "b1" {
		t.Fatalf("ListDiscoveredResources = %+v", listed)
	}
	withDeleted := must(client.ListDiscoveredResources(bg, &configservice.ListDiscoveredResourcesInput{ResourceType: "AWS::S3::Bucket",
		IncludeDeletedResources: true}))(t).ResourceIdentifiers
	if len(withDeleted) != 2 || withDeleted[1].ResourceDeletionTime == nil {
		t.Fatalf("with deleted = %+v", withDeleted)
	}
	counts := must(client.GetDiscoveredResourceCounts(bg, &configservice.GetDiscoveredResourceCountsInput{}))(t)
	if counts.TotalDiscoveredResources != 3 || len(counts.ResourceCounts) != 3 {
		t.Fatalf("counts = %d %+v", counts.TotalDiscoveredResources, counts.ResourceCounts)
	}
}
