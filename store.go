package conforms

import (
	"context"
	"time"
)

// Store is the storage contract. Its implementations (package sqlite, and
// later package postgres) must pass the conformance suite in package
// storetest, and are safe for concurrent use.
//
// All reads and writes happen inside a transaction: View for reads, Update for
// writes. A transaction sees a consistent snapshot; an Update commits only if
// fn returns nil, and Updates never interleave with one another in a way that
// loses a write.
type Store interface {
	// View runs fn in a read-only transaction.
	View(ctx context.Context, fn func(Tx) error) error
	// Update runs fn in a read-write transaction and commits if fn returns nil.
	// The error fn returns is returned unchanged.
	Update(ctx context.Context, fn func(Tx) error) error
	// Close releases the store's resources.
	Close() error
}

type leasedWritesKey struct{}

// WithLeasedWrites marks the Updates run with ctx as writing only rows that
// no other transaction writes meanwhile: those of accounts whose deployment
// the caller holds a lease on, checked again when the lease is released in
// the same transaction. A store whose Updates run serializable may run these
// at a weaker isolation (PostgreSQL: READ COMMITTED), where concurrent ones
// do not abort each other for reading neighbouring rows.
func WithLeasedWrites(ctx context.Context) context.Context {
	return context.WithValue(ctx, leasedWritesKey{}, true)
}

// LeasedWrites reports whether ctx was marked by WithLeasedWrites.
func LeasedWrites(ctx context.Context) bool {
	v, _ := ctx.Value(leasedWritesKey{}).(bool)
	return v
}

// Tx is one transaction of a [Store]. Its methods must not be used after the
// function given to View or Update returns, nor concurrently.
//
// Getters return [ErrNotFound] when the row does not exist. Put methods insert
// or replace by primary key and return [ErrConflict] when a uniqueness rule
// other than the primary key would be broken. Delete methods return
// [ErrNotFound] when there was nothing to delete. Lists are ordered by their
// primary key and honour the Page of their filter.
type Tx interface {
	// Setting returns the value stored under key.
	Setting(key string) (string, error)
	// PutSettingIfAbsent stores value under key unless the key is already set,
	// and returns the value stored under key afterwards.
	PutSettingIfAbsent(key, value string) (string, error)

	// Account returns the account with the given id.
	Account(id string) (*Account, error)
	// AccountByEmail returns the account with the given email address,
	// compared case-insensitively.
	AccountByEmail(email string) (*Account, error)
	// PutAccount stores a. Emails are unique, case-insensitively (ErrConflict).
	PutAccount(a *Account) error
	// ListAccounts returns the accounts that match f, ordered by id.
	ListAccounts(f AccountFilter) ([]*Account, error)
	// CountAccounts returns how many accounts an organization has.
	CountAccounts(orgID string) (int, error)

	// Organization returns the organization with the given id.
	Organization(id string) (*Organization, error)
	// PutOrganization stores o.
	PutOrganization(o *Organization) error
	// DeleteOrganization deletes the organization and what belongs to it only:
	// its units, create-account statuses, service access and delegated
	// administrators. Member accounts must have been detached first.
	DeleteOrganization(id string) error

	// OrgUnit returns the root or organizational unit with the given id.
	OrgUnit(id string) (*OrgUnit, error)
	// PutOrgUnit stores u. Names are unique among the children of one parent
	// (ErrConflict).
	PutOrgUnit(u *OrgUnit) error
	// DeleteOrgUnit deletes the unit with the given id.
	DeleteOrgUnit(id string) error
	// ListOrgUnits returns the units that match f, ordered by id.
	ListOrgUnits(f OrgUnitFilter) ([]*OrgUnit, error)

	// CreateAccountStatus returns the CreateAccount request with the given id.
	CreateAccountStatus(id string) (*CreateAccountStatus, error)
	// PutCreateAccountStatus stores s.
	PutCreateAccountStatus(s *CreateAccountStatus) error
	// ListCreateAccountStatuses returns the requests that match f, ordered by id.
	ListCreateAccountStatuses(f CreateAccountStatusFilter) ([]*CreateAccountStatus, error)

	// PutServiceAccess stores s; storing it again keeps the first EnabledAt.
	PutServiceAccess(s *ServiceAccess) error
	// DeleteServiceAccess removes a service principal's access.
	DeleteServiceAccess(orgID, principal string) error
	// ListServiceAccess returns the organization's service access, ordered by principal.
	ListServiceAccess(orgID string) ([]*ServiceAccess, error)

	// PutDelegatedAdmin stores d.
	PutDelegatedAdmin(d *DelegatedAdmin) error
	// DeleteDelegatedAdmin removes one registration.
	DeleteDelegatedAdmin(orgID, accountID, principal string) error
	// ListDelegatedAdmins returns the registrations that match f, ordered by
	// account id, then principal.
	ListDelegatedAdmins(f DelegatedAdminFilter) ([]*DelegatedAdmin, error)

	// Role returns the named role of an account.
	Role(accountID, name string) (*Role, error)
	// PutRole stores r.
	PutRole(r *Role) error

	// AccessKey returns the access key with the given id.
	AccessKey(id string) (*AccessKey, error)
	// PutAccessKey stores k.
	PutAccessKey(k *AccessKey) error
	// DeleteExpiredAccessKeys deletes the keys that expired before t and
	// returns how many it deleted.
	DeleteExpiredAccessKeys(t time.Time) (int, error)

	// Recorder returns the configuration recorder of an account in a region.
	Recorder(accountID, region string) (*Recorder, error)
	// PutRecorder stores r, replacing the account's recorder in the region.
	PutRecorder(r *Recorder) error
	// DeleteRecorder deletes the recorder of an account in a region.
	DeleteRecorder(accountID, region string) error

	// DeliveryChannel returns the delivery channel of an account in a region.
	DeliveryChannel(accountID, region string) (*DeliveryChannel, error)
	// PutDeliveryChannel stores c, replacing the account's channel in the region.
	PutDeliveryChannel(c *DeliveryChannel) error
	// DeleteDeliveryChannel deletes the delivery channel of an account in a region.
	DeleteDeliveryChannel(accountID, region string) error

	// ConfigRule returns the named rule of an account in a region.
	ConfigRule(accountID, region, name string) (*ConfigRule, error)
	// ConfigRuleByID returns the rule of an account in a region with the given id.
	ConfigRuleByID(accountID, region, id string) (*ConfigRule, error)
	// PutConfigRule stores r. Its Arn is not stored: reads derive it with
	// ConfigRuleArn. Callers keep rule ids unique within an account and
	// region.
	PutConfigRule(r *ConfigRule) error
	// PutConfigRules stores many rules at once. A rule replaces the rule of
	// the same name only if both belong to the same conformance pack (or
	// both to none); otherwise nothing more is written and it returns
	// ErrConflict.
	PutConfigRules(rules []*ConfigRule) error
	// ConfigRuleIDs returns the ids of an account's rules in a region, in
	// no particular order.
	ConfigRuleIDs(accountID, region string) ([]string, error)
	// DeleteConformancePackRules deletes the rules a conformance pack
	// created in its account and region, with their remediation
	// configurations and exceptions, evaluation results and statuses; none
	// is not an error.
	DeleteConformancePackRules(accountID, region, pack string) error
	// DeleteConfigRule deletes the named rule of an account in a region,
	// with its evaluation results and status.
	DeleteConfigRule(accountID, region, name string) error
	// ListConfigRules returns the rules that match f, ordered by name.
	ListConfigRules(f ConfigRuleFilter) ([]*ConfigRule, error)
	// ScanConfigRules returns a page of every account's rules, ordered by
	// account, region and name; Page.After is "account\x00region\x00name".
	ScanConfigRules(p Page) ([]*ConfigRule, error)
	// CountConfigRules returns how many rules an account has in a region.
	CountConfigRules(accountID, region string) (int, error)

	// ConformancePack returns the named conformance pack of an account in a region.
	ConformancePack(accountID, region, name string) (*ConformancePack, error)
	// PutConformancePack stores p. Pack ids are unique (ErrConflict).
	PutConformancePack(p *ConformancePack) error
	// DeleteConformancePack deletes the named pack of an account in a region.
	DeleteConformancePack(accountID, region, name string) error
	// ListConformancePacks returns the packs that match f, ordered by account,
	// region and name.
	ListConformancePacks(f ConformancePackFilter) ([]*ConformancePack, error)

	// OrgConformancePack returns the named organization conformance pack.
	OrgConformancePack(orgID, region, name string) (*OrgConformancePack, error)
	// PutOrgConformancePack stores p.
	PutOrgConformancePack(p *OrgConformancePack) error
	// DeleteOrgConformancePack deletes the named pack and its deployments.
	DeleteOrgConformancePack(orgID, region, name string) error
	// ListOrgConformancePacks returns the packs that match f, ordered by name.
	ListOrgConformancePacks(f OrgConformancePackFilter) ([]*OrgConformancePack, error)

	// PutDeployment stores d, replacing the row of the same pack and account
	// (its lease included).
	PutDeployment(d *Deployment) error
	// ListDeployments returns the deployments that match f, ordered by account id.
	ListDeployments(f DeploymentFilter) ([]*Deployment, error)
	// DeleteDeployment deletes the deployment of a pack to one account.
	DeleteDeployment(orgID, region, pack, accountID string) error
	// CountDeployments counts a pack's deployments by status, those being
	// removed included.
	CountDeployments(orgID, region, pack string) (map[string]int, error)
	// ClaimDeployments leases to owner, until now+lease, at most limit
	// pending deployments that are due (NextAttemptAt not after now) and
	// not leased to anyone (or whose lease has expired), and returns them.
	// Two concurrent claims never return the same row.
	ClaimDeployments(owner string, now time.Time, lease time.Duration, limit int) ([]*Deployment, error)
	// CompleteDeployment stores d, which owner claimed, and releases its
	// lease; ErrConflict if owner no longer holds the lease.
	CompleteDeployment(d *Deployment, owner string) error

	// PutConfigurationItem records ci in the resource's history, and as its
	// current item unless a later one is stored. An item with the capture
	// time and state id of a stored one is that item, and is not stored
	// again. It sets ci.Seq.
	PutConfigurationItem(ci *ConfigurationItem) error
	// PutConfigurationItems records items as PutConfigurationItem would,
	// one after the other, and sets each Seq; stores write them in bulk.
	PutConfigurationItems(items []*ConfigurationItem) error
	// ResourcesVersion returns a value that changes whenever an item of
	// the account and region is recorded: evaluations made outside a
	// transaction check with it that what they read is still current.
	ResourcesVersion(accountID, region string) (string, error)
	// ConfigurationItem returns the current item of a resource (deleted
	// resources included).
	ConfigurationItem(accountID, region, resourceType, resourceID string) (*ConfigurationItem, error)
	// ListResources returns the current items that match f, ordered by type
	// and id.
	ListResources(f ResourceFilter) ([]*ConfigurationItem, error)
	// CountResources counts an account's resources that are not deleted, by
	// type, in a region.
	CountResources(accountID, region string) (map[string]int64, error)
	// ConfigurationItemHistory returns items of one resource's history.
	ConfigurationItemHistory(f HistoryFilter) ([]*ConfigurationItem, error)

	// PutEvaluationResult stores r unless the stored result of the same
	// rule and resource has the same compliance, and reports whether it
	// wrote. r's rule must be stored: the results of a resource are those
	// of the rules of its account and region (a store may look them up by
	// rule), and deleting a rule deletes its results.
	PutEvaluationResult(r *EvaluationResult) (bool, error)
	// PutEvaluationResults is PutEvaluationResult for many results of
	// distinct rule and resource pairs; it returns how many it wrote.
	PutEvaluationResults(rs []*EvaluationResult) (int, error)
	// CountEvaluationResults counts the results of an account and region
	// whose compliance is one of compliance, by rule and compliance,
	// ordered by rule and compliance.
	CountEvaluationResults(accountID, region string, compliance []string) ([]ResultCount, error)
	// DeleteEvaluationResults deletes the results that match f (its
	// Compliance and Page ignored); none is not an error.
	DeleteEvaluationResults(f EvaluationFilter) error
	// ListEvaluationResults returns the results that match f, ordered by
	// rule, resource type and resource id.
	ListEvaluationResults(f EvaluationFilter) ([]*EvaluationResult, error)
	// RuleEvaluationStatus returns how a rule's evaluations went.
	RuleEvaluationStatus(accountID, region, ruleName string) (*RuleEvaluationStatus, error)
	// RecordRuleEvaluations records that rules of an account and region
	// were evaluated at a time: successfully when code is "" (the last
	// error is cleared), else failing with code and message; the other
	// time of each status is kept.
	RecordRuleEvaluations(accountID, region string, rules []string, at time.Time, code, message string) error

	// ConfigRuleRegions returns the regions in which an account has rules.
	ConfigRuleRegions(accountID string) ([]string, error)

	// Aggregator returns the named aggregator of an account in a region.
	Aggregator(accountID, region, name string) (*Aggregator, error)
	// PutAggregator stores a, replacing the aggregator of the same name.
	PutAggregator(a *Aggregator) error
	// DeleteAggregator deletes the named aggregator.
	DeleteAggregator(accountID, region, name string) error
	// ListAggregators returns an account's aggregators in a region, by name.
	ListAggregators(accountID, region string, p Page) ([]*Aggregator, error)

	// RemediationConfiguration returns the remediation configuration of a rule.
	RemediationConfiguration(accountID, region, ruleName string) (*RemediationConfiguration, error)
	// PutRemediationConfiguration stores c, replacing the rule's configuration.
	PutRemediationConfiguration(c *RemediationConfiguration) error
	// DeleteRemediationConfiguration deletes the remediation configuration of a rule.
	DeleteRemediationConfiguration(accountID, region, ruleName string) error

	// PutRemediationException stores e, replacing the exception for the same resource.
	PutRemediationException(e *RemediationException) error
	// DeleteRemediationException deletes the exception of one resource.
	DeleteRemediationException(accountID, region, ruleName, resourceType, resourceID string) error
	// ListRemediationExceptions returns the exceptions of a rule, ordered by
	// resource type, then resource id.
	ListRemediationExceptions(f RemediationExceptionFilter) ([]*RemediationException, error)

	// Bucket returns the S3 bucket with the given name.
	Bucket(name string) (*Bucket, error)
	// PutBucket stores b.
	PutBucket(b *Bucket) error
	// DeleteBucket deletes a bucket, which must hold no objects (ErrConflict).
	DeleteBucket(name string) error
	// ListBuckets returns the buckets that match f, ordered by name.
	ListBuckets(f BucketFilter) ([]*Bucket, error)

	// Object returns an object with its body.
	Object(bucket, key string) (*Object, error)
	// PutObject stores o, replacing the object with the same key.
	PutObject(o *Object) error
	// DeleteObject deletes an object.
	DeleteObject(bucket, key string) error
	// ListObjects returns the objects that match f, ordered by key, without their bodies.
	ListObjects(f ObjectFilter) ([]*Object, error)
}
