package conforms

import "time"

// Account states, as AWS Organizations reports them.
const (
	AccountActive    = "ACTIVE"
	AccountSuspended = "SUSPENDED"
)

// How an account joined its organization.
const (
	JoinedCreated = "CREATED"
	JoinedInvited = "INVITED"
)

// Account is an AWS account known to this server. Every account, whether or not
// it belongs to an organization, has its own Config state in every region.
type Account struct {
	ID        string // 12 digits
	Name      string
	Email     string // unique across the server
	Status    string // AccountActive or AccountSuspended
	CreatedAt time.Time

	// Organization membership; OrgID is empty for a standalone account.
	OrgID        string
	ParentID     string // the root or organizational unit that holds the account
	JoinedMethod string // JoinedCreated or JoinedInvited
	JoinedAt     time.Time
}

// AccountFilter selects accounts for [Tx.ListAccounts]. Zero fields do not filter.
type AccountFilter struct {
	OrgID    string
	ParentID string
	Page
}

// Page asks for one page of a list ordered by key: at most Limit rows (0 for
// all) whose key sorts after After.
type Page struct {
	After string
	Limit int
}
