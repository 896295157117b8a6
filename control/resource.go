package control

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"conforms"
)

const (
	resourcesPageLimit       = 100
	discoveredCountsLimit    = 100
	historyPageLimit         = 10
	batchGetResourceLimit    = 100
	maxConfigurationBytes    = 64 * 1024
	configurationItemVersion = "1.3"
)

// PutResourceConfigInput holds the arguments of PutResourceConfig.
type PutResourceConfigInput struct {
	ResourceType    string
	SchemaVersionID string
	ResourceID      string
	ResourceName    string
	Configuration   string // a JSON object
	Tags            map[string]string
}

// PutResourceConfig records a resource's configuration as a new
// configuration item of the caller's account. Unlike AWS, which accepts
// only third-party resource types here, conforms accepts any type, so that
// users can describe AWS resources (and the AWS::::Account item) for
// evaluation. The account must be recording.
func (s *Service) PutResourceConfig(ctx context.Context, in PutResourceConfigInput) error {
	var config map[string]any
	if err := json.Unmarshal([]byte(in.Configuration), &config); err != nil {
		return conforms.Errorf(conforms.CodeValidationException, "Configuration is not a JSON object: %v", err)
	}
	if len(in.Configuration) > maxConfigurationBytes {
		return conforms.Errorf(conforms.CodeValidationException, "Configuration is %d bytes; at most %d are allowed.", len(in.Configuration), maxConfigurationBytes)
	}
	c := caller(ctx)
	return s.Store.Update(ctx, func(tx conforms.Tx) error {
		if err := requireRecording(tx, c); err != nil {
			return err
		}
		now := s.now()
		ci := &conforms.ConfigurationItem{
			AccountID: c.AccountID, Region: c.Region, ResourceType: in.ResourceType, ResourceID: in.ResourceID,
			ResourceName: in.ResourceName, Status: conforms.ItemOK, CaptureTime: now, SchemaVersionID: in.SchemaVersionID,
			Tags: in.Tags, Configuration: in.Configuration, Version: configurationItemVersion,
			StateID: strconv.FormatInt(now.UnixMilli(), 10), AvailabilityZone: "Not Applicable",
		}
		old, err := tx.ConfigurationItem(c.AccountID, c.Region, in.ResourceType, in.ResourceID)
		switch {
		case errors.Is(err, conforms.ErrNotFound) || (err == nil && old.Deleted()):
			ci.Status, ci.ResourceCreationTime = conforms.ItemDiscovered, now
		case err != nil:
			return err
		default:
			ci.ResourceCreationTime, ci.ARN = old.ResourceCreationTime, old.ARN
		}
		if old != nil {
			ci.CaptureTime = after(old.CaptureTime, now)
		}
		if err := tx.PutConfigurationItem(ci); err != nil {
			return err
		}
		return s.resourceChanged(tx, ci)
	})
}

// after returns now, or just after the current item's capture time when
// that is later (an imported item from a clock ahead of ours), so that a new
// item always becomes the current one.
func after(current, now time.Time) time.Time {
	if now.After(current) {
		return now
	}
	return current.Add(time.Microsecond)
}

// requireRecording refuses resource changes in an account whose recorder
// is not recording, as AWS does.
func requireRecording(tx conforms.Tx, c *conforms.Caller) error {
	r, err := tx.Recorder(c.AccountID, c.Region)
	if errors.Is(err, conforms.ErrNotFound) || (err == nil && !r.Recording) {
		return conforms.Errorf(conforms.CodeNoRunningConfigurationRecorderException,
			"There is no configuration recorder running in account %s in %s.", c.AccountID, c.Region)
	}
	return err
}

// DeleteResourceConfig records the deletion of a resource that
// PutResourceConfig (or an import) described.
func (s *Service) DeleteResourceConfig(ctx context.Context, resourceType, resourceID string) error {
	c := caller(ctx)
	return s.Store.Update(ctx, func(tx conforms.Tx) error {
		if err := requireRecording(tx, c); err != nil {
			return err
		}
		old, err := tx.ConfigurationItem(c.AccountID, c.Region, resourceType, resourceID)
		if errors.Is(err, conforms.ErrNotFound) || (err == nil && old.Deleted()) {
			return conforms.Errorf(conforms.CodeResourceNotDiscoveredException,
				"Resource %s of resourceType:%s is unknown or has not been discovered", resourceID, resourceType)
		} else if err != nil {
			return err
		}
		now := after(old.CaptureTime, s.now())
		ci := &conforms.ConfigurationItem{
			AccountID: c.AccountID, Region: c.Region, ResourceType: resourceType, ResourceID: resourceID,
			ResourceName: old.ResourceName, ARN: old.ARN, Status: conforms.ItemDeleted, CaptureTime: now,
			ResourceCreationTime: old.ResourceCreationTime, StateID: strconv.FormatInt(now.UnixMilli(), 10),
			Version: configurationItemVersion, AvailabilityZone: old.AvailabilityZone,
		}
		if err := tx.PutConfigurationItem(ci); err != nil {
			return err
		}
		return s.resourceChanged(tx, ci)
	})
}

// BatchGetResourceConfig returns the current items of up to 100 resources
// of the caller's account; unknown resources are left out, deleted ones
// too, as on AWS.
func (s *Service) BatchGetResourceConfig(ctx context.Context, keys []ResourceKey) ([]*conforms.ConfigurationItem, error) {
	if len(keys) > batchGetResourceLimit {
		return nil, conforms.Errorf(conforms.CodeValidationException, "resourceKeys has %d keys; at most %d are allowed.", len(keys), batchGetResourceLimit)
	}
	c := caller(ctx)
	var out []*conforms.ConfigurationItem
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		for _, k := range keys {
			ci, err := tx.ConfigurationItem(c.AccountID, c.Region, k.ResourceType, k.ResourceID)
			if errors.Is(err, conforms.ErrNotFound) || (err == nil && ci.Deleted()) {
				continue
			} else if err != nil {
				return err
			}
			out = append(out, ci)
		}
		return nil
	})
	return out, err
}

// HistoryInput holds the arguments of GetResourceConfigHistory.
type HistoryInput struct {
	ResourceType, ResourceID string
	Earlier, Later           time.Time
	Chronological            bool
	Limit                    int
	NextToken                string
}

// GetResourceConfigHistory returns a page of a resource's items, newest
// first unless chronological.
func (s *Service) GetResourceConfigHistory(ctx context.Context, in HistoryInput) ([]*conforms.ConfigurationItem, string, error) {
	if !in.Earlier.IsZero() && !in.Later.IsZero() && in.Earlier.After(in.Later) {
		return nil, "", conforms.Errorf(conforms.CodeInvalidTimeRangeException, "The earlier time can not be later than the later time.")
	}
	limit := in.Limit
	if limit <= 0 || limit > historyPageLimit*10 {
		limit = historyPageLimit
	}
	after, ok := decodeToken("history", in.NextToken)
	var at, seq int64
	if n, err := fmt.Sscanf(after, "%d:%d", &at, &seq); !ok || (after != "" && (err != nil || n != 2)) {
		return nil, "", conforms.Errorf(conforms.CodeInvalidNextTokenException, "The nextToken provided is invalid")
	}
	c := caller(ctx)
	var out []*conforms.ConfigurationItem
	var next string
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		if _, err := tx.ConfigurationItem(c.AccountID, c.Region, in.ResourceType, in.ResourceID); errors.Is(err, conforms.ErrNotFound) {
			return conforms.Errorf(conforms.CodeResourceNotDiscoveredException,
				"Resource %s of resourceType:%s is unknown or has not been discovered", in.ResourceID, in.ResourceType)
		} else if err != nil {
			return err
		}
		rows, err := tx.ConfigurationItemHistory(conforms.HistoryFilter{AccountID: c.AccountID, Region: c.Region,
			ResourceType: in.ResourceType, ResourceID: in.ResourceID, Earlier: in.Earlier, Later: in.Later,
			Chronological: in.Chronological, Page: conforms.Page{After: after, Limit: limit + 1}})
		out, next = paged("history", rows, limit, func(ci *conforms.ConfigurationItem) string {
			return fmt.Sprintf("%d:%d", ci.CaptureTime.UnixMicro(), ci.Seq)
		})
		return err
	})
	return out, next, err
}

// DiscoveredInput holds the arguments of ListDiscoveredResources.
type DiscoveredInput struct {
	ResourceType   string
	ResourceIDs    []string
	ResourceName   string
	IncludeDeleted bool
	Limit          int
	NextToken      string
}

// ListDiscoveredResources returns a page of the caller's resources of one
// type.
func (s *Service) ListDiscoveredResources(ctx context.Context, in DiscoveredInput) ([]*conforms.ConfigurationItem, string, error) {
	if len(in.ResourceIDs) > 0 && in.ResourceName != "" {
		return nil, "", conforms.Errorf(conforms.CodeValidationException,
			"You cannot specify both resource IDs and a resource name; specify either.")
	}
	limit := in.Limit
	if limit <= 0 || limit > resourcesPageLimit {
		limit = resourcesPageLimit
	}
	after, ok := decodeToken("discovered", in.NextToken)
	if !ok {
		return nil, "", conforms.Errorf(conforms.CodeInvalidNextTokenException, "The nextToken provided is invalid")
	}
	c := caller(ctx)
	var out []*conforms.ConfigurationItem
	var next string
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		rows, err := tx.ListResources(conforms.ResourceFilter{AccountID: c.AccountID, Region: c.Region, ResourceType: in.ResourceType,
			ResourceIDs: in.ResourceIDs, ResourceName: in.ResourceName, IncludeDeleted: in.IncludeDeleted,
			Page: conforms.Page{After: after, Limit: limit + 1}})
		out, next = paged("discovered", rows, limit, func(ci *conforms.ConfigurationItem) string {
			return ci.ResourceType + "\x00" + ci.ResourceID
		})
		return err
	})
	return out, next, err
}

// ResourceCount is the number of resources of one type.
type ResourceCount struct {
	ResourceType string
	Count        int64
}

// GetDiscoveredResourceCounts counts the caller's resources by type (all
// types, or those given), most numerous first, and returns a page of the
// counts with the total.
func (s *Service) GetDiscoveredResourceCounts(ctx context.Context, types []string, limit int, token string) ([]ResourceCount, int64, string, error) {
	if limit <= 0 || limit > discoveredCountsLimit {
		limit = discoveredCountsLimit
	}
	after, ok := decodeToken("resource-counts", token)
	if !ok {
		return nil, 0, "", conforms.Errorf(conforms.CodeInvalidNextTokenException, "The nextToken provided is invalid")
	}
	c := caller(ctx)
	var counts map[string]int64
	if err := s.Store.View(ctx, func(tx conforms.Tx) (err error) {
		counts, err = tx.CountResources(c.AccountID, c.Region)
		return err
	}); err != nil {
		return nil, 0, "", err
	}
	var total int64
	for _, n := range counts {
		total += n
	}
	names := slices.Sorted(maps.Keys(counts))
	if len(types) > 0 {
		names = types
	}
	all := make([]ResourceCount, 0, len(names))
	for _, t := range names {
		if n, ok := counts[t]; ok || len(types) > 0 {
			all = append(all, ResourceCount{ResourceType: t, Count: n})
		}
	}
	slices.SortStableFunc(all, func(a, b ResourceCount) int {
		if a.Count != b.Count {
			return int(b.Count - a.Count)
		}
		return strings.Compare(a.ResourceType, b.ResourceType)
	})
	start := 0
	if after != "" {
		for i, rc := range all {
			if rc.ResourceType == after {
				start = i + 1
			}
		}
	}
	page, next := paged("resource-counts", all[start:], limit, func(rc ResourceCount) string { return rc.ResourceType })
	return page, total, next, nil
}
