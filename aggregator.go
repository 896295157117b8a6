package conforms

import "time"

// Aggregator is a configuration aggregator: it gathers the compliance of
// other accounts (listed ones, or every account of the organization) in
// some regions (or all) for the account that owns it.
type Aggregator struct {
	AccountID      string
	Region         string
	Name           string
	Arn            string
	AccountSources []AggregationSource // accounts given by id
	// OrgSource, when not nil, aggregates every account of the owner's
	// organization.
	OrgSource *AggregationSource
	CreatedAt time.Time
	UpdatedAt time.Time
}

// AggregationSource says which accounts (for account sources) and which
// regions an aggregator gathers.
type AggregationSource struct {
	AccountIDs []string `json:",omitempty"`
	RoleArn    string   `json:",omitempty"` // organization sources
	AllRegions bool     `json:",omitempty"`
	Regions    []string `json:",omitempty"`
}
