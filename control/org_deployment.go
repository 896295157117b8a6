package control

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"conforms"
	"conforms/iampolicy"
	"conforms/template"
)

// How an organization conformance pack reaches its accounts (docs/ARCHITECTURE.md):
//
//   - The pack is the desired state. Put and Delete write it and, in the
//     same transaction, one Deployment row per targeted account (fanOut):
//     the organization's accounts but the excluded ones. Rows of accounts
//     no longer targeted are marked Remove. Joins and leaves do the same for
//     one account.
//   - A row is pending while its AppliedGeneration is behind its
//     Generation. Workers claim due pending rows with an exclusive,
//     expiring lease (ClaimDeployments), apply them, and record the outcome
//     with CompleteDeployment in the transaction that applied them, so a
//     crash loses nothing and applies nothing twice: a claimed row whose
//     worker died is claimed again when its lease expires.
//   - A failing account is retried with doubling waits until its row's
//     RetryUntil; an account whose recorder starts is retried at once.
//   - The aggregate status is derived from the rows (packStatus).

// contentsCache keeps the resolved contents of the packs being deployed, so
// that a template is resolved and checked once, not once per account.
type contentsCache struct {
	mu      sync.Mutex
	entries map[string]*orgContents
}

// maxCachedContents bounds the cache; it is emptied when full.
const maxCachedContents = 32

// placeholderSuffix names the rules of cached contents until they are
// rebased onto a member pack's id.
const placeholderSuffix = "@@@@@@@@@"

// orgContents is the resolved template of an organization conformance pack.
type orgContents struct {
	generation int64        // of the pack it was resolved for
	perAccount bool         // the template reads the account id or stack name: resolve it for each account
	rules      *desiredPack // resolved for a pack with placeholderSuffix
}

// orgContents resolves an organization pack's template once per template,
// parameters and limits, reporting problems as
// OrganizationConformancePackTemplateValidationException.
func (s *Service) orgContents(p *conforms.OrgConformancePack) (*orgContents, error) {
	h := sha256.New()
	for _, part := range []string{p.OrgID, p.Region, p.Name, p.Suffix, p.Template, p.TemplateS3URI, fmt.Sprint(p.InputParameters, s.templateLimits())} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	key := hex.EncodeToString(h.Sum(nil))
	c := &s.contents
	c.mu.Lock()
	oc := c.entries[key]
	c.mu.Unlock()
	if oc != nil {
		return oc, nil
	}
	oc = &orgContents{generation: p.Generation, perAccount: strings.Contains(p.Template, "AWS::AccountId") || strings.Contains(p.Template, "AWS::StackName")}
	var err error
	oc.rules, err = s.resolveMember(p, p.OwnerAccountID, "conformance-pack-"+placeholderSuffix)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.entries == nil || len(c.entries) >= maxCachedContents {
		c.entries = map[string]*orgContents{}
	}
	c.entries[key] = oc
	c.mu.Unlock()
	return oc, nil
}

// resolveMember resolves the pack's template for one account's member pack.
func (s *Service) resolveMember(p *conforms.OrgConformancePack, accountID, packID string) (*desiredPack, error) {
	limits := s.templateLimits()
	if p.TemplateS3URI != "" {
		limits.MaxBodyBytes = template.MaxTemplateS3Bytes
	}
	d, err := resolvePack(memberPack(p, accountID, packID), limits)
	return d, orgTemplateError(err)
}

// forMember returns the contents for one member pack: fresh copies of the
// cached rules, renamed after the pack's id.
func (s *Service) forMember(oc *orgContents, p *conforms.OrgConformancePack, mp *conforms.ConformancePack) (*desiredPack, error) {
	if oc.perAccount {
		return s.resolveMember(p, mp.AccountID, mp.ID)
	}
	suffix := mp.Suffix()
	rename := func(name string) string { return strings.TrimSuffix(name, placeholderSuffix) + suffix }
	d := &desiredPack{rules: make([]*conforms.ConfigRule, len(oc.rules.rules))}
	for i, r := range oc.rules.rules {
		c := *r
		c.Name, c.ConformancePack = rename(r.Name), mp.Name
		d.rules[i] = &c
	}
	for _, rc := range oc.rules.remediations {
		c := *rc
		c.ConfigRuleName = rename(rc.ConfigRuleName)
		d.remediations = append(d.remediations, &c)
	}
	return d, nil
}

// memberPack returns the account-level pack an organization pack deploys to
// one account. It keeps no copy of the template, which is the organization
// pack's.
func memberPack(p *conforms.OrgConformancePack, accountID, packID string) *conforms.ConformancePack {
	name := p.MemberPackName()
	return &conforms.ConformancePack{
		AccountID: accountID, Region: p.Region, Name: name, ID: packID,
		Arn:              "arn:aws:config:" + p.Region + ":" + accountID + ":conformance-pack/" + name + "/" + packID,
		DeliveryS3Bucket: p.DeliveryS3Bucket, DeliveryS3KeyPrefix: p.DeliveryS3KeyPrefix, InputParameters: p.InputParameters,
		Template: p.Template, TemplateS3URI: p.TemplateS3URI, CreatedBy: conforms.PrincipalConfigMultiAccountSetup,
	}
}

// fanOut brings the deployment rows of a pack in line with its desired
// state: a pending row for every targeted account, and pending removals for
// the others. A deleted pack with no rows left is deleted at once.
func (s *Service) fanOut(tx conforms.Tx, p *conforms.OrgConformancePack) error {
	rows, err := tx.ListDeployments(conforms.DeploymentFilter{OrgID: p.OrgID, Region: p.Region, PackName: p.Name})
	if err != nil {
		return err
	}
	targets := map[string]bool{}
	if !p.Deleting {
		accounts, err := tx.ListAccounts(conforms.AccountFilter{OrgID: p.OrgID})
		if err != nil {
			return err
		}
		for _, a := range accounts {
			if !slices.Contains(p.ExcludedAccounts, a.ID) {
				targets[a.ID] = true
			}
		}
	}
	if p.Deleting && len(rows) == 0 {
		return tx.DeleteOrgConformancePack(p.OrgID, p.Region, p.Name)
	}
	now := s.now()
	for _, d := range rows {
		if targets[d.AccountID] {
			delete(targets, d.AccountID)
			s.repend(d, false, now)
		} else {
			s.repend(d, true, now)
		}
		if err := tx.PutDeployment(d); err != nil {
			return err
		}
	}
	for _, id := range slices.Sorted(maps.Keys(targets)) {
		if err := tx.PutDeployment(s.newDeployment(p, id, now)); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) newDeployment(p *conforms.OrgConformancePack, accountID string, now time.Time) *conforms.Deployment {
	d := &conforms.Deployment{OrgID: p.OrgID, Region: p.Region, PackName: p.Name, AccountID: accountID, Status: conforms.OrgCreateInProgress}
	s.repend(d, false, now)
	return d
}

// repend makes a row pending again, to deploy the pack or to remove it, with
// a fresh retry window.
func (s *Service) repend(d *conforms.Deployment, remove bool, now time.Time) {
	d.Generation = max(d.Generation, d.AppliedGeneration) + 1
	switch {
	case remove:
		d.Status = conforms.OrgDeleteInProgress
	case d.Remove, d.Status == conforms.OrgCreateFailed, d.Status == conforms.OrgCreateInProgress:
		d.Status = conforms.OrgCreateInProgress // never deployed, or being removed
	default:
		d.Status = conforms.OrgUpdateInProgress
	}
	d.Remove = remove
	d.ErrorCode, d.ErrorMessage, d.Attempts, d.NextAttemptAt = "", "", 0, time.Time{}
	d.RetryUntil, d.UpdatedAt = now.Add(s.deployConfig().RetryWindow), now
}

// accountJoined deploys the organization's packs to an account that has
// joined it.
func (s *Service) accountJoined(tx conforms.Tx, orgID, accountID string) error {
	packs, err := tx.ListOrgConformancePacks(conforms.OrgConformancePackFilter{OrgID: orgID})
	if err != nil {
		return err
	}
	for _, p := range packs {
		if p.Deleting || slices.Contains(p.ExcludedAccounts, accountID) {
			continue
		}
		if err := tx.PutDeployment(s.newDeployment(p, accountID, s.now())); err != nil {
			return err
		}
	}
	return nil
}

// accountLeft removes the organization's packs from an account that has
// left it.
func (s *Service) accountLeft(tx conforms.Tx, orgID, accountID string) error {
	rows, err := tx.ListDeployments(conforms.DeploymentFilter{OrgID: orgID, AccountID: accountID})
	if err != nil {
		return err
	}
	for _, d := range rows {
		s.repend(d, true, s.now())
		if err := tx.PutDeployment(d); err != nil {
			return err
		}
	}
	return nil
}

// recordingStarted retries at once the deployments to an account and region
// that wait for their next attempt, since a missing or stopped recorder is
// the usual reason they failed.
func (s *Service) recordingStarted(tx conforms.Tx, accountID, region string) error {
	rows, err := tx.ListDeployments(conforms.DeploymentFilter{AccountID: accountID, Region: region})
	if err != nil {
		return err
	}
	now := s.now()
	for _, d := range rows {
		if d.Pending() && d.NextAttemptAt.After(now) {
			d.NextAttemptAt = time.Time{}
			if err := tx.PutDeployment(d); err != nil {
				return err
			}
		}
	}
	return nil
}

// DeployOrgPacks claims up to DeployConfig.Batch due deployments for worker
// and applies them, all in one transaction when it can, and returns how
// many it claimed. Rows are applied again when a transaction fails, so that
// one account's failure never holds up the others.
func (s *Service) DeployOrgPacks(ctx context.Context, worker string) (int, error) {
	cfg := s.deployConfig()
	var claimed []*conforms.Deployment
	err := s.Store.Update(ctx, func(tx conforms.Tx) (err error) {
		claimed, err = tx.ClaimDeployments(worker, s.now(), cfg.Lease, cfg.Batch)
		return err
	})
	if err != nil || len(claimed) == 0 {
		return 0, err
	}
	err = s.Store.Update(leasedWrites(ctx, claimed...), func(tx conforms.Tx) (err error) {
		defer func() {
			if v := recover(); v != nil { // the rows are applied again one by one, which records it
				err = fmt.Errorf("deploying a batch panicked: %v", v)
			}
		}()
		b := newDeployBatch(worker)
		for _, d := range claimed {
			if err := s.deployRow(tx, b, d); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		return len(claimed), nil
	}
	var errs []error
	for _, d := range claimed {
		errs = append(errs, s.deployAlone(ctx, worker, d))
	}
	return len(claimed), errors.Join(errs...)
}

// leasedWrites marks ctx for the application of claimed rows, which write
// only what their accounts' leases cover (conforms.WithLeasedWrites), unless
// one is a removal: the removal of the last row of a deleted pack deletes the
// pack, which must see every other removal.
func leasedWrites(ctx context.Context, claimed ...*conforms.Deployment) context.Context {
	for _, d := range claimed {
		if d.Remove {
			return ctx
		}
	}
	return conforms.WithLeasedWrites(ctx)
}

// deployAlone applies one claimed row in a transaction of its own, and
// records a failure (or a panic) on the row in another, so that the row is
// retried with backoff within its window instead of at every lease. An
// error that is not the account's (the store's) is recorded as
// InternalFailure; if even that cannot be written, the row is claimed again
// when its lease expires.
func (s *Service) deployAlone(ctx context.Context, worker string, d *conforms.Deployment) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = s.recordFailure(ctx, worker, d, conforms.Errorf(conforms.CodeInternalFailure, "deploying to the account failed: %v", v))
		}
	}()
	err = s.Store.Update(leasedWrites(ctx, d), func(tx conforms.Tx) error {
		return s.deployRow(tx, newDeployBatch(worker), d)
	})
	if err == nil || ctx.Err() != nil {
		return err
	}
	var e *conforms.Error
	if !errors.As(err, &e) {
		e = conforms.Errorf(conforms.CodeInternalFailure, "deploying to the account failed: %v", err)
	}
	return s.recordFailure(ctx, worker, d, e)
}

func (s *Service) recordFailure(ctx context.Context, worker string, d *conforms.Deployment, e *conforms.Error) error {
	return s.Store.Update(ctx, func(tx conforms.Tx) error {
		cur, err := claimedRow(tx, worker, d)
		if cur == nil || err != nil {
			return err
		}
		if cur.Generation != d.Generation || cur.Remove != d.Remove {
			// Asked anew since the claim (a Put, an account leaving): the
			// failure is of the old request; the row is released, due.
			return tx.CompleteDeployment(cur, worker)
		}
		return s.fail(tx, worker, cur, e)
	})
}

// deployBatch is what one transaction of DeployOrgPacks shares.
type deployBatch struct {
	worker   string
	buckets  map[string]*deliveryBucket
	contents map[string]*orgContents // by organization, region and pack name: one transaction sees one generation of each
}

func newDeployBatch(worker string) *deployBatch {
	return &deployBatch{worker: worker, buckets: map[string]*deliveryBucket{}, contents: map[string]*orgContents{}}
}

// claimedRow reloads a claimed row; nil if it is gone or no longer the worker's.
func claimedRow(tx conforms.Tx, worker string, d *conforms.Deployment) (*conforms.Deployment, error) {
	rows, err := tx.ListDeployments(conforms.DeploymentFilter{OrgID: d.OrgID, Region: d.Region, PackName: d.PackName, AccountID: d.AccountID})
	if err != nil || len(rows) == 0 || rows[0].LeaseOwner != worker {
		return nil, err
	}
	return rows[0], nil
}

// deployRow applies one claimed row and records the outcome. A failure found
// before anything is written is recorded on the row; one found after is
// returned, and the caller applies the row again on its own.
func (s *Service) deployRow(tx conforms.Tx, b *deployBatch, claimed *conforms.Deployment) error {
	d, err := claimedRow(tx, b.worker, claimed)
	if d == nil || err != nil {
		return err
	}
	p, err := tx.OrgConformancePack(d.OrgID, d.Region, d.PackName)
	if errors.Is(err, conforms.ErrNotFound) {
		return tx.DeleteDeployment(d.OrgID, d.Region, d.PackName, d.AccountID)
	} else if err != nil {
		return err
	}
	if !d.Pending() {
		return tx.CompleteDeployment(d, b.worker)
	}
	if d.Remove {
		return s.removeMember(tx, b, p, d)
	}
	ps, err := s.planMember(tx, b, p, d.AccountID)
	var e *conforms.Error
	if errors.As(err, &e) {
		return s.fail(tx, b.worker, d, e)
	} else if err != nil {
		return err
	}
	if err := s.write(tx, ps); err != nil {
		return err
	}
	return s.succeed(tx, b.worker, d)
}

// planMember checks that an account can take the pack, and plans the
// writes: its recorder must be recording, the delivery bucket's policy must
// let the account's AWSServiceRoleForConfigConforms role in, and the rule
// quota must leave room.
func (s *Service) planMember(tx conforms.Tx, b *deployBatch, p *conforms.OrgConformancePack, accountID string) (*packSync, error) {
	r, err := tx.Recorder(accountID, p.Region)
	switch {
	case errors.Is(err, conforms.ErrNotFound):
		return nil, conforms.Errorf(conforms.CodeNoAvailableConfigurationRecorderException,
			"Account %s has no configuration recorder in %s. Create one and start it (PutConfigurationRecorder, StartConfigurationRecorder); the deployment is retried when recording starts.",
			accountID, p.Region)
	case err != nil:
		return nil, err
	case !r.Recording:
		return nil, conforms.Errorf(conforms.CodeNoAvailableConfigurationRecorderException,
			"The configuration recorder %s of account %s in %s is not recording. Start it (StartConfigurationRecorder); the deployment is retried when recording starts.",
			r.Name, accountID, p.Region)
	}
	if err := s.checkDelivery(tx, b, p, accountID); err != nil {
		return nil, err
	}
	key := p.OrgID + "/" + p.Region + "/" + p.Name
	oc := b.contents[key]
	if oc == nil || oc.generation != p.Generation {
		if oc, err = s.orgContents(p); err != nil {
			return nil, err
		}
		b.contents[key] = oc
	}
	mp, err := tx.ConformancePack(accountID, p.Region, p.MemberPackName())
	existing := err == nil
	switch {
	case errors.Is(err, conforms.ErrNotFound):
		if mp, err = s.newMemberPack(tx, p, accountID); err != nil {
			return nil, err
		}
	case err != nil:
		return nil, err
	case mp.CreatedBy != conforms.PrincipalConfigMultiAccountSetup:
		return nil, conforms.Errorf(conforms.CodeResourceInUseException,
			"Account %s already has a conformance pack named %s that the organization did not deploy; delete it and the deployment is retried.",
			accountID, mp.Name)
	default:
		old := mp
		mp = memberPack(p, accountID, old.ID)
		mp.Arn = old.Arn
	}
	now := s.now()
	mp.State, mp.StatusReason, mp.LastUpdateRequestedTime, mp.LastUpdateCompletedTime = conforms.PackCreateComplete, "", now, now
	mp.Template = "" // the organization pack keeps it
	want, err := s.forMember(oc, p, mp)
	if err != nil {
		return nil, err
	}
	return s.planPackSync(tx, mp, want, existing)
}

// newMemberPack returns the member pack for an account that has none, if
// the account has room for another pack.
func (s *Service) newMemberPack(tx conforms.Tx, p *conforms.OrgConformancePack, accountID string) (*conforms.ConformancePack, error) {
	packs, err := tx.ListConformancePacks(conforms.ConformancePackFilter{AccountID: accountID, Region: p.Region,
		Page: conforms.Page{Limit: maxConformancePacks}})
	if err != nil {
		return nil, err
	}
	if len(packs) >= maxConformancePacks {
		return nil, conforms.Errorf(conforms.CodeMaxNumberOfConformancePacksExceededException,
			"Account %s already has the maximum number of conformance packs in %s: %d.", accountID, p.Region, maxConformancePacks)
	}
	return memberPack(p, accountID, "conformance-pack-"+s.random(lowerAlnum, 9)), nil
}

// removeMember deletes the member pack, with its rules and remediations,
// from an account that is no longer targeted, and then the row; the last
// row of a deleted pack takes the pack with it.
func (s *Service) removeMember(tx conforms.Tx, b *deployBatch, p *conforms.OrgConformancePack, d *conforms.Deployment) error {
	mp, err := tx.ConformancePack(d.AccountID, p.Region, p.MemberPackName())
	switch {
	case err == nil && mp.CreatedBy == conforms.PrincipalConfigMultiAccountSetup:
		if err := deletePack(tx, mp); err != nil {
			return err
		}
	case err != nil && !errors.Is(err, conforms.ErrNotFound):
		return err
	}
	if err := tx.CompleteDeployment(d, b.worker); err != nil {
		return err
	}
	if err := tx.DeleteDeployment(d.OrgID, d.Region, d.PackName, d.AccountID); err != nil {
		return err
	}
	if !p.Deleting {
		return nil
	}
	left, err := tx.ListDeployments(conforms.DeploymentFilter{OrgID: p.OrgID, Region: p.Region, PackName: p.Name, Page: conforms.Page{Limit: 1}})
	if err != nil || len(left) > 0 {
		return err
	}
	return tx.DeleteOrgConformancePack(p.OrgID, p.Region, p.Name)
}

// operation returns CREATE, UPDATE or DELETE, the operation a status is of.
func operation(status string) string {
	op, _, _ := strings.Cut(status, "_")
	return op
}

func (s *Service) succeed(tx conforms.Tx, worker string, d *conforms.Deployment) error {
	d.AppliedGeneration, d.Status = d.Generation, operation(d.Status)+"_SUCCESSFUL"
	d.ErrorCode, d.ErrorMessage, d.Attempts, d.NextAttemptAt, d.UpdatedAt = "", "", 0, time.Time{}, s.now()
	return tx.CompleteDeployment(d, worker)
}

// fail records a failed attempt: the row is retried after a doubling wait,
// unless that would end after its retry window, when it is given up.
func (s *Service) fail(tx conforms.Tx, worker string, d *conforms.Deployment, e *conforms.Error) error {
	cfg, now := s.deployConfig(), s.now()
	d.Attempts++
	d.Status, d.ErrorCode, d.ErrorMessage, d.UpdatedAt = operation(d.Status)+"_FAILED", e.Code, e.Message, now
	if next := now.Add(backoff(cfg, d.Attempts)); next.Before(d.RetryUntil) {
		d.NextAttemptAt = next
	} else {
		d.AppliedGeneration = d.Generation
	}
	return tx.CompleteDeployment(d, worker)
}

// backoff returns the wait after a row's attempts-th failure: MinBackoff,
// doubling, at most MaxBackoff.
func backoff(cfg DeployConfig, attempts int) time.Duration {
	wait := min(cfg.MinBackoff, cfg.MaxBackoff)
	for i := 1; i < attempts && wait < cfg.MaxBackoff; i++ {
		if wait > cfg.MaxBackoff/2 {
			return cfg.MaxBackoff
		}
		wait *= 2
	}
	return wait
}

// deliveryBucket is a delivery bucket with its parsed policy.
type deliveryBucket struct {
	bucket *conforms.Bucket
	policy *iampolicy.Policy // nil when it has none
}

// conformsRoleArn is the service-linked role through which AWS Config
// reaches an account's delivery bucket for conformance packs.
func conformsRoleArn(accountID string) string {
	return "arn:aws:iam::" + accountID + ":role/aws-service-role/config-conforms.amazonaws.com/AWSServiceRoleForConfigConforms"
}

// checkDelivery evaluates the delivery bucket's policy for the account's
// conforms role: s3:GetObject and s3:PutObject on the template's object, and
// s3:GetBucketAcl on the bucket.
func (s *Service) checkDelivery(tx conforms.Tx, b *deployBatch, p *conforms.OrgConformancePack, accountID string) error {
	if p.DeliveryS3Bucket == "" {
		return nil
	}
	db := b.buckets[p.DeliveryS3Bucket]
	if db == nil {
		var err error
		if db, err = loadDeliveryBucket(tx, p.DeliveryS3Bucket); err != nil {
			return err
		}
		b.buckets[p.DeliveryS3Bucket] = db
	}
	return s.deliveryAllowed(db, p, accountID)
}

func loadDeliveryBucket(tx conforms.Tx, name string) (*deliveryBucket, error) {
	bucket, err := tx.Bucket(name)
	if errors.Is(err, conforms.ErrNotFound) {
		return nil, conforms.Errorf(conforms.CodeNoSuchBucketException, "The delivery bucket %s does not exist.", name)
	} else if err != nil {
		return nil, err
	}
	db := &deliveryBucket{bucket: bucket}
	if bucket.Policy != "" {
		if db.policy, err = iampolicy.Parse([]byte(bucket.Policy)); err != nil {
			return nil, err
		}
	}
	return db, nil
}

// deliveryAllowed evaluates the bucket's policy for an account's conforms
// role.
func (s *Service) deliveryAllowed(db *deliveryBucket, p *conforms.OrgConformancePack, accountID string) error {
	role, now := conformsRoleArn(accountID), s.now()
	object := objectArn(p.DeliveryS3Bucket, deliveredTemplateKey(p))
	for _, check := range []struct{ action, resource string }{
		{actionGetObject, object}, {actionPutObject, object}, {actionGetBucketAcl, bucketArn(p.DeliveryS3Bucket)},
	} {
		decision := iampolicy.ImplicitDeny
		if db.policy != nil {
			decision = db.policy.Evaluate(&iampolicy.Request{
				Action: check.action, Resource: check.resource,
				Principal: iampolicy.Principal{Account: accountID, Arn: role, CanonicalUser: canonicalUserID(accountID)},
				Context: map[string][]string{
					"aws:PrincipalArn": {role}, "aws:PrincipalAccount": {accountID}, "aws:PrincipalOrgID": {p.OrgID},
					"aws:PrincipalType": {"AssumedRole"}, "aws:SecureTransport": {"true"},
					"aws:CurrentTime": {now.Format("2006-01-02T15:04:05Z")}, "aws:EpochTime": {fmt.Sprint(now.Unix())},
				},
			})
		}
		if decision == iampolicy.Allow || (accountID == db.bucket.AccountID && decision != iampolicy.ExplicitDeny) {
			continue
		}
		return conforms.Errorf(conforms.CodeInsufficientDeliveryPolicyException,
			"The policy of delivery bucket %s does not allow %s to perform %s on %s. Allow it, for example with the aws:PrincipalOrgID and aws:PrincipalArn conditions; the deployment is retried.",
			p.DeliveryS3Bucket, role, check.action, check.resource)
	}
	return nil
}
