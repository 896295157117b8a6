package control

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"conforms"
)

const (
	orgPacksPageLimit       = 100
	orgPackStatusesLimit    = 100
	deliveryBucketPrefix    = "awsconfigconforms"
	msgNotInOrganization    = "This action can only be made by accounts in an AWS Organization"
	msgNoSuchOrgPacks       = "One or more organization conformance packs with specified names are not present. Ensure your names are correct and try your request again later."
	msgAllFeaturesNotEnable = "AWS Config resource cannot be created because your organization does not have all features enabled."
)

// PutOrgConformancePackInput holds the arguments of PutOrganizationConformancePack.
type PutOrgConformancePackInput struct {
	Name                string
	TemplateBody        string
	TemplateS3URI       string // wins over TemplateBody when both are given
	DeliveryS3Bucket    string
	DeliveryS3KeyPrefix string
	Parameters          []conforms.PackParameter
	ExcludedAccounts    []string
}

// packAdministrator requires the management account or a delegated
// administrator for config-multiaccountsetup.amazonaws.com.
func packAdministrator(tx conforms.Tx, c *conforms.Caller) (*Membership, error) {
	return orgAdministrator(tx, c, conforms.PrincipalConfigMultiAccountSetup,
		"This action can be only made by AWS Organization's management account or a delegated administrator for "+
			conforms.PrincipalConfigMultiAccountSetup+".")
}

// orgAdministrator loads the caller's membership and requires, in an
// organization with all features, the management account or a delegated
// administrator for principal (for any principal when ""); anyone else gets
// OrganizationAccessDeniedException with denied.
func orgAdministrator(tx conforms.Tx, c *conforms.Caller, principal, denied string) (*Membership, error) {
	m, err := membership(tx, c.AccountID)
	if conforms.ErrorCode(err) == conforms.CodeAWSOrganizationsNotInUseException {
		return nil, conforms.Errorf(conforms.CodeOrganizationAccessDeniedException, msgNotInOrganization)
	} else if err != nil {
		return nil, err
	}
	if m.Organization.FeatureSet != conforms.FeatureSetAll {
		return nil, conforms.Errorf(conforms.CodeOrganizationAllFeaturesNotEnabledException, msgAllFeaturesNotEnable)
	}
	if m.IsManagement() {
		return m, nil
	}
	admins, err := tx.ListDelegatedAdmins(conforms.DelegatedAdminFilter{OrgID: m.Organization.ID, AccountID: m.Account.ID, Principal: principal})
	if err != nil {
		return nil, err
	}
	if len(admins) == 0 {
		return nil, conforms.Errorf(conforms.CodeOrganizationAccessDeniedException, "%s", denied)
	}
	return m, nil
}

// ownPack returns the caller's organization conformance pack of that name;
// the packs of other administrators are invisible.
func ownPack(tx conforms.Tx, m *Membership, region, name string) (*conforms.OrgConformancePack, error) {
	p, err := tx.OrgConformancePack(m.Organization.ID, region, name)
	if errors.Is(err, conforms.ErrNotFound) || (err == nil && p.OwnerAccountID != m.Account.ID) {
		return nil, conforms.ErrNotFound
	}
	return p, err
}

// PutOrgConformancePack creates or replaces an organization conformance pack
// and starts deploying it to every account of the organization but the
// excluded ones. The template is checked at once, every problem in one
// OrganizationConformancePackTemplateValidationException.
func (s *Service) PutOrgConformancePack(ctx context.Context, in PutOrgConformancePackInput) (*conforms.OrgConformancePack, error) {
	c := caller(ctx)
	if err := s.checkOrgPackInput(in); err != nil {
		return nil, err
	}
	body, err := s.packTemplate(ctx, c, PutConformancePackInput{TemplateBody: in.TemplateBody, TemplateS3URI: in.TemplateS3URI})
	if err != nil {
		return nil, orgTemplateError(err)
	}
	var p *conforms.OrgConformancePack
	err = s.Store.Update(ctx, func(tx conforms.Tx) error {
		m, err := packAdministrator(tx, c)
		if err != nil {
			return err
		}
		now := s.now()
		p, err = tx.OrgConformancePack(m.Organization.ID, c.Region, in.Name)
		switch {
		case errors.Is(err, conforms.ErrNotFound):
			if p, err = s.newOrgPack(tx, m, c.Region, in.Name); err != nil {
				return err
			}
		case err != nil:
			return err
		case p.OwnerAccountID != m.Account.ID:
			return conforms.Errorf(conforms.CodeResourceInUseException,
				"Account %s already deployed an organization conformance pack named %s in this organization; choose another name.",
				p.OwnerAccountID, in.Name)
		default:
			if err := checkNotInProgress(tx, p); err != nil {
				return err
			}
		}
		p.Template, p.TemplateS3URI, p.DeliveryS3Bucket, p.DeliveryS3KeyPrefix = body, in.TemplateS3URI, in.DeliveryS3Bucket, in.DeliveryS3KeyPrefix
		p.InputParameters, p.ExcludedAccounts = in.Parameters, slices.Compact(slices.Sorted(slices.Values(in.ExcludedAccounts)))
		p.Generation++
		p.Deleting, p.LastUpdateTime = false, now // a Put after a failed Delete deploys the pack again
		if _, err := s.orgContents(p); err != nil {
			return err
		}
		if err := s.storeDeliveredTemplate(tx, p); err != nil {
			return err
		}
		if err := tx.PutOrgConformancePack(p); err != nil {
			return err
		}
		if err := enableMultiAccountSetup(tx, m.Organization, now); err != nil {
			return err
		}
		return s.fanOut(tx, p)
	})
	if err != nil {
		return nil, err
	}
	s.wake()
	return p, nil
}

// orgTemplateError gives a template problem the organization operation's
// error code.
func orgTemplateError(err error) error {
	if e := (*conforms.Error)(nil); errors.As(err, &e) && e.Code == conforms.CodeConformancePackTemplateValidationException {
		return conforms.Errorf(conforms.CodeOrganizationConformancePackTemplateValidationException, "%s", e.Message)
	}
	return err
}

// checkOrgPackInput checks what the model cannot express, and the
// configured quotas.
func (s *Service) checkOrgPackInput(in PutOrgConformancePackInput) error {
	l := s.limits()
	switch {
	case in.DeliveryS3Bucket != "" && !strings.HasPrefix(in.DeliveryS3Bucket, deliveryBucketPrefix):
		return conforms.Errorf(conforms.CodeValidationException,
			"1 validation error detected: Value '%s' at 'deliveryS3Bucket' failed to satisfy constraint: the bucket name must start with %s",
			in.DeliveryS3Bucket, deliveryBucketPrefix)
	case in.DeliveryS3Bucket == "" && in.DeliveryS3KeyPrefix != "":
		return conforms.Errorf(conforms.CodeValidationException, "DeliveryS3KeyPrefix is given without a DeliveryS3Bucket.")
	case len(in.ExcludedAccounts) > l.ExcludedAccounts:
		return conforms.Errorf(conforms.CodeValidationException,
			"1 validation error detected: Value at 'excludedAccounts' failed to satisfy constraint: Member must have length less than or equal to %d", l.ExcludedAccounts)
	case len(in.Parameters) > l.InputParameters:
		return conforms.Errorf(conforms.CodeValidationException,
			"1 validation error detected: Value at 'conformancePackInputParameters' failed to satisfy constraint: Member must have length less than or equal to %d", l.InputParameters)
	}
	return nil
}

// newOrgPack returns a new pack of the caller's, within the organization's quota.
func (s *Service) newOrgPack(tx conforms.Tx, m *Membership, region, name string) (*conforms.OrgConformancePack, error) {
	quota := s.limits().OrgConformancePacks
	packs, err := tx.ListOrgConformancePacks(conforms.OrgConformancePackFilter{OrgID: m.Organization.ID, Region: region,
		Page: conforms.Page{Limit: quota}})
	if err != nil {
		return nil, err
	}
	if len(packs) >= quota {
		return nil, conforms.Errorf(conforms.CodeMaxNumberOfOrganizationConformancePacksExceededException,
			"Failed to put organization conformance pack %s because the maximum number of organization conformance packs: %d is reached.", name, quota)
	}
	return &conforms.OrgConformancePack{OrgID: m.Organization.ID, Region: region, Name: name, OwnerAccountID: m.Account.ID,
		Suffix: s.random(lowerAlnum, 8), CreatedAt: s.now()}, nil
}

// checkNotInProgress refuses a change while the pack's last one is still
// being deployed to some account.
func checkNotInProgress(tx conforms.Tx, p *conforms.OrgConformancePack) error {
	counts, err := tx.CountDeployments(p.OrgID, p.Region, p.Name)
	if err != nil {
		return err
	}
	if n := inProgressCount(counts); n > 0 {
		return conforms.Errorf(conforms.CodeResourceInUseException,
			"The organization conformance pack %s is being deployed (%d accounts in progress); try again when it is done.", p.Name, n)
	}
	return nil
}

func inProgressCount(counts map[string]int) int {
	return counts[conforms.OrgCreateInProgress] + counts[conforms.OrgUpdateInProgress] + counts[conforms.OrgDeleteInProgress]
}

// storeDeliveredTemplate keeps a copy of the pack's template in its delivery
// bucket, which must exist and let the owner account's conforms role in, as
// it must let every member's.
func (s *Service) storeDeliveredTemplate(tx conforms.Tx, p *conforms.OrgConformancePack) error {
	if p.DeliveryS3Bucket == "" {
		return nil
	}
	db, err := loadDeliveryBucket(tx, p.DeliveryS3Bucket)
	if err != nil {
		return err
	}
	if err := s.deliveryAllowed(db, p, p.OwnerAccountID); err != nil {
		return err
	}
	o := s.newObject(p.DeliveryS3Bucket, deliveredTemplateKey(p), []byte(p.Template), "text/plain")
	return tx.PutObject(o)
}

// deliveredTemplateKey is where the pack's template is kept in its delivery
// bucket: under the key prefix, in a folder named like the member packs.
func deliveredTemplateKey(p *conforms.OrgConformancePack) string {
	key := p.MemberPackName() + "/template.yaml"
	if prefix := strings.Trim(p.DeliveryS3KeyPrefix, "/"); prefix != "" {
		key = prefix + "/" + key
	}
	return key
}

// enableMultiAccountSetup turns on the organization's trusted access for
// config-multiaccountsetup.amazonaws.com, as AWS does on the first Put
// (storing it again keeps the first date).
func enableMultiAccountSetup(tx conforms.Tx, o *conforms.Organization, now time.Time) error {
	return tx.PutServiceAccess(&conforms.ServiceAccess{OrgID: o.ID, Principal: conforms.PrincipalConfigMultiAccountSetup, EnabledAt: now})
}

// DescribeOrgConformancePacks returns the caller's named packs (all or
// nothing), or a page of all of them.
func (s *Service) DescribeOrgConformancePacks(ctx context.Context, names []string, limit int, token string) ([]*conforms.OrgConformancePack, string, error) {
	var out []*conforms.OrgConformancePack
	var next string
	err := s.Store.View(ctx, func(tx conforms.Tx) (err error) {
		out, next, err = s.orgPacks(tx, caller(ctx), names, limit, token)
		return err
	})
	return out, next, err
}

func (s *Service) orgPacks(tx conforms.Tx, c *conforms.Caller, names []string, limit int, token string) ([]*conforms.OrgConformancePack, string, error) {
	m, err := packAdministrator(tx, c)
	if err != nil {
		return nil, "", err
	}
	if len(names) > 0 {
		var out []*conforms.OrgConformancePack
		for _, n := range names {
			p, err := ownPack(tx, m, c.Region, n)
			if errors.Is(err, conforms.ErrNotFound) {
				return nil, "", conforms.Errorf(conforms.CodeNoSuchOrganizationConformancePackException, msgNoSuchOrgPacks)
			} else if err != nil {
				return nil, "", err
			}
			out = append(out, p)
		}
		return out, "", nil
	}
	if limit <= 0 || limit > orgPacksPageLimit {
		limit = orgPacksPageLimit
	}
	after, ok := decodeToken("org-conformance-packs", token)
	if !ok {
		return nil, "", conforms.Errorf(conforms.CodeInvalidNextTokenException, "The nextToken provided is invalid")
	}
	rows, err := tx.ListOrgConformancePacks(conforms.OrgConformancePackFilter{OrgID: m.Organization.ID, Region: c.Region,
		OwnerAccountID: m.Account.ID, Page: conforms.Page{After: after, Limit: limit + 1}})
	out, next := paged("org-conformance-packs", rows, limit, func(p *conforms.OrgConformancePack) string { return p.Name })
	return out, next, err
}

// OrgPackStatus is the aggregate status of an organization conformance pack,
// derived from its deployments.
type OrgPackStatus struct {
	Pack         *conforms.OrgConformancePack
	Status       string
	ErrorCode    string
	ErrorMessage string
}

// DescribeOrgConformancePackStatuses returns the aggregate statuses of the
// caller's named packs (all or nothing), or of a page of all of them.
func (s *Service) DescribeOrgConformancePackStatuses(ctx context.Context, names []string, limit int, token string) ([]OrgPackStatus, string, error) {
	var out []OrgPackStatus
	var next string
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		packs, n, err := s.orgPacks(tx, caller(ctx), names, limit, token)
		if err != nil {
			return err
		}
		next = n
		for _, p := range packs {
			st, err := packStatus(tx, p)
			if err != nil {
				return err
			}
			out = append(out, st)
		}
		return nil
	})
	return out, next, err
}

// failuresInMessage is how many failed accounts an aggregate ErrorMessage names.
const failuresInMessage = 3

// packStatus derives a pack's aggregate status from its deployments: in
// progress while any account is, else failed if any account failed, else
// successful. The operation is DELETE while the pack is being deleted,
// CREATE until its first update, UPDATE afterwards.
func packStatus(tx conforms.Tx, p *conforms.OrgConformancePack) (OrgPackStatus, error) {
	st := OrgPackStatus{Pack: p}
	counts, err := tx.CountDeployments(p.OrgID, p.Region, p.Name)
	if err != nil {
		return st, err
	}
	op := "UPDATE"
	switch {
	case p.Deleting:
		op = "DELETE"
	case p.Generation <= 1:
		op = "CREATE"
	}
	failed := counts[conforms.OrgCreateFailed] + counts[conforms.OrgUpdateFailed] + counts[conforms.OrgDeleteFailed]
	switch {
	case inProgressCount(counts) > 0:
		st.Status = op + "_IN_PROGRESS"
	case failed > 0:
		st.Status = op + "_FAILED"
		st.ErrorCode, st.ErrorMessage, err = failureSummary(tx, p, failed)
	default:
		st.Status = op + "_SUCCESSFUL"
	}
	return st, err
}

// failureSummary names the first failed accounts and their errors.
func failureSummary(tx conforms.Tx, p *conforms.OrgConformancePack, failed int) (code, message string, err error) {
	var parts []string
	for _, status := range []string{conforms.OrgCreateFailed, conforms.OrgUpdateFailed, conforms.OrgDeleteFailed} {
		rows, err := tx.ListDeployments(conforms.DeploymentFilter{OrgID: p.OrgID, Region: p.Region, PackName: p.Name, Status: status,
			Page: conforms.Page{Limit: failuresInMessage - len(parts)}})
		if err != nil {
			return "", "", err
		}
		for _, d := range rows {
			if code == "" {
				code = d.ErrorCode
			}
			parts = append(parts, fmt.Sprintf("%s: %s: %s", d.AccountID, d.ErrorCode, d.ErrorMessage))
		}
		if len(parts) >= failuresInMessage {
			break
		}
	}
	message = fmt.Sprintf("The deployment failed in %d account(s); see GetOrganizationConformancePackDetailedStatus. %s", failed, strings.Join(parts, " | "))
	return code, message, nil
}

// DetailedStatusFilter selects rows of GetOrganizationConformancePackDetailedStatus.
type DetailedStatusFilter struct {
	AccountID string
	Status    string
}

// GetOrgConformancePackDetailedStatus returns a page of the deployments of
// one of the caller's packs: the targeted accounts, and while the pack is
// being deleted, every account it is being removed from.
func (s *Service) GetOrgConformancePackDetailedStatus(ctx context.Context, name string, f DetailedStatusFilter, limit int, token string) ([]*conforms.Deployment, *conforms.OrgConformancePack, string, error) {
	var out []*conforms.Deployment
	var pack *conforms.OrgConformancePack
	var next string
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		c := caller(ctx)
		m, err := packAdministrator(tx, c)
		if err != nil {
			return err
		}
		pack, err = ownPack(tx, m, c.Region, name)
		if errors.Is(err, conforms.ErrNotFound) {
			return conforms.Errorf(conforms.CodeNoSuchOrganizationConformancePackException, msgNoSuchOrgPacks)
		} else if err != nil {
			return err
		}
		if limit <= 0 || limit > orgPackStatusesLimit {
			limit = orgPackStatusesLimit
		}
		after, ok := decodeToken("org-pack-detailed-status", token)
		if !ok {
			return conforms.Errorf(conforms.CodeInvalidNextTokenException, "The nextToken provided is invalid")
		}
		rows, err := tx.ListDeployments(conforms.DeploymentFilter{OrgID: pack.OrgID, Region: pack.Region, PackName: pack.Name,
			AccountID: f.AccountID, Status: f.Status, Targeted: !pack.Deleting, Page: conforms.Page{After: after, Limit: limit + 1}})
		out, next = paged("org-pack-detailed-status", rows, limit, func(d *conforms.Deployment) string { return d.AccountID })
		return err
	})
	return out, pack, next, err
}

// DeleteOrgConformancePack starts removing one of the caller's packs from
// every account; the pack is gone once every account has lost it.
func (s *Service) DeleteOrgConformancePack(ctx context.Context, name string) error {
	err := s.Store.Update(ctx, func(tx conforms.Tx) error {
		c := caller(ctx)
		m, err := packAdministrator(tx, c)
		if err != nil {
			return err
		}
		p, err := ownPack(tx, m, c.Region, name)
		if errors.Is(err, conforms.ErrNotFound) {
			return conforms.Errorf(conforms.CodeNoSuchOrganizationConformancePackException,
				"Could not find an OrganizationConformancePack for given request with resourceName %s", name)
		} else if err != nil {
			return err
		}
		if err := checkNotInProgress(tx, p); err != nil {
			return err
		}
		p.Deleting, p.LastUpdateTime = true, s.now()
		if err := tx.PutOrgConformancePack(p); err != nil {
			return err
		}
		return s.fanOut(tx, p)
	})
	if err == nil {
		s.wake()
	}
	return err
}
