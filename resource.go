package conforms

import "time"

// Configuration item statuses.
const (
	ItemOK                = "OK"
	ItemDiscovered        = "ResourceDiscovered"
	ItemNotRecorded       = "ResourceNotRecorded"
	ItemDeleted           = "ResourceDeleted"
	ItemDeletedNotRecoded = "ResourceDeletedNotRecorded"
)

// ConfigurationItem is one recorded state of a resource of an account in a
// region. The history of a resource is its items in capture order.
type ConfigurationItem struct {
	AccountID            string
	Region               string
	ResourceType         string
	ResourceID           string
	ResourceName         string
	ARN                  string
	AvailabilityZone     string
	Status               string // ItemOK, ItemDiscovered, ItemDeleted, ...
	CaptureTime          time.Time
	ResourceCreationTime time.Time
	StateID              string // configurationStateId
	Version              string // "1.3"
	SchemaVersionID      string // PutResourceConfig's SchemaVersionId
	Tags                 map[string]string
	// Configuration is the configuration as JSON text ("" for none).
	Configuration string
	// Supplementary holds supplementaryConfiguration, each value as JSON text.
	Supplementary map[string]string
	Relationships []ResourceRelationship
	// Seq orders the items of a resource captured at the same time; stores
	// set it.
	Seq int64
}

// Deleted reports whether the item records the resource's deletion.
func (ci *ConfigurationItem) Deleted() bool {
	return ci.Status == ItemDeleted || ci.Status == ItemDeletedNotRecoded
}

// ResourceRelationship is one relationship of a configuration item.
type ResourceRelationship struct {
	ResourceType string
	ResourceID   string
	ResourceName string
	Name         string
}

// ResourceFilter selects current items for [Tx.ListResources]: those of one
// account in one region, of one type when given, with one of the ids when
// given, with the name when given; deleted resources only with
// IncludeDeleted. Items are ordered by type and id; Page.After is
// "type\x00id".
type ResourceFilter struct {
	AccountID      string
	Region         string
	ResourceType   string
	ResourceIDs    []string
	ResourceName   string
	IncludeDeleted bool
	Page
}

// HistoryFilter selects the items of one resource for
// [Tx.ConfigurationItemHistory], captured in [Earlier, Later] (zero: no
// bound), newest first unless Chronological. Page.After is the last item's
// "capture micros:seq" cursor.
type HistoryFilter struct {
	AccountID     string
	Region        string
	ResourceType  string
	ResourceID    string
	Earlier       time.Time
	Later         time.Time
	Chronological bool
	Page
}
