package control

import (
	"context"
	"errors"
	"strings"
	"time"

	"conforms"
)

// requireAllFeatures refuses trusted access and delegation in an organization
// with consolidated billing only.
func requireAllFeatures(o *conforms.Organization) error {
	if o.FeatureSet != conforms.FeatureSetAll {
		return conforms.ReasonErrorf(conforms.CodeConstraintViolationException, "ORGANIZATION_NOT_IN_ALL_FEATURES_MODE",
			"This operation requires that the organization has all features enabled.")
	}
	return nil
}

func checkPrincipal(p string) error {
	if !strings.HasSuffix(p, ".amazonaws.com") {
		return conforms.ReasonErrorf(conforms.CodeInvalidInputException, "UNRECOGNIZED_SERVICE_PRINCIPAL",
			"You specified an unrecognized service principal: %s.", p)
	}
	return nil
}

// EnableAWSServiceAccess lets a service principal act in the caller's organization.
func (s *Service) EnableAWSServiceAccess(ctx context.Context, principal string) error {
	return s.Store.Update(ctx, func(tx conforms.Tx) error {
		m, err := management(tx, caller(ctx))
		if err != nil {
			return err
		}
		if err := checkPrincipal(principal); err != nil {
			return err
		}
		if err := requireAllFeatures(m.Organization); err != nil {
			return err
		}
		return tx.PutServiceAccess(&conforms.ServiceAccess{OrgID: m.Organization.ID, Principal: principal, EnabledAt: s.now()})
	})
}

// DisableAWSServiceAccess withdraws a service principal's access.
func (s *Service) DisableAWSServiceAccess(ctx context.Context, principal string) error {
	return s.Store.Update(ctx, func(tx conforms.Tx) error {
		m, err := management(tx, caller(ctx))
		if err != nil {
			return err
		}
		if err := checkPrincipal(principal); err != nil {
			return err
		}
		err = tx.DeleteServiceAccess(m.Organization.ID, principal)
		if errors.Is(err, conforms.ErrNotFound) {
			return nil // disabling twice is not an error
		}
		return err
	})
}

// ListAWSServiceAccessForOrganization returns a page of the enabled service principals.
func (s *Service) ListAWSServiceAccessForOrganization(ctx context.Context, token string, limit int) ([]*conforms.ServiceAccess, string, error) {
	key := func(a *conforms.ServiceAccess) string { return a.Principal }
	rows, _, next, err := orgList(s, ctx, listing[*conforms.ServiceAccess]{
		name: "service-access",
		key:  key,
		fetch: func(tx conforms.Tx, org *conforms.Organization, p conforms.Page) ([]*conforms.ServiceAccess, error) {
			all, err := tx.ListServiceAccess(org.ID)
			return afterKey(all, p.After, key), err
		},
	}, token, limit)
	return rows, next, err
}

// afterKey returns the rows, ordered by key, whose key sorts after after.
func afterKey[T any](rows []T, after string, key func(T) string) []T {
	for i, r := range rows {
		if key(r) > after {
			return rows[i:]
		}
	}
	return nil
}

// RegisterDelegatedAdministrator makes a member account a delegated
// administrator for a service principal with trusted access.
func (s *Service) RegisterDelegatedAdministrator(ctx context.Context, accountID, principal string) error {
	return s.Store.Update(ctx, func(tx conforms.Tx) error {
		m, err := management(tx, caller(ctx))
		if err != nil {
			return err
		}
		org := m.Organization
		if err := checkPrincipal(principal); err != nil {
			return err
		}
		if err := requireAllFeatures(org); err != nil {
			return err
		}
		a, err := memberOf(tx, org, accountID)
		if err != nil {
			return err
		}
		if a.ID == org.ManagementAccountID {
			return conforms.ReasonErrorf(conforms.CodeConstraintViolationException, "CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR",
				"You can't register the management account of your organization as a delegated administrator for an AWS service integrated with Organizations.")
		}
		if err := checkServiceAccess(tx, org, principal); err != nil {
			return err
		}
		admins, err := tx.ListDelegatedAdmins(conforms.DelegatedAdminFilter{OrgID: org.ID, Principal: principal})
		if err != nil {
			return err
		}
		for _, d := range admins {
			if d.AccountID == a.ID {
				return conforms.Errorf(conforms.CodeAccountAlreadyRegisteredException,
					"The provided account is already a delegated administrator for your organization.")
			}
		}
		if len(admins) >= maxDelegatedAdmins {
			return conforms.ReasonErrorf(conforms.CodeConstraintViolationException, "MAX_DELEGATED_ADMINISTRATORS_FOR_SERVICE_LIMIT_EXCEEDED",
				"You have reached the maximum number of delegated administrators (%d) for %s.", maxDelegatedAdmins, principal)
		}
		return tx.PutDelegatedAdmin(&conforms.DelegatedAdmin{OrgID: org.ID, AccountID: a.ID, Principal: principal, EnabledAt: s.now()})
	})
}

func checkServiceAccess(tx conforms.Tx, o *conforms.Organization, principal string) error {
	enabled, err := tx.ListServiceAccess(o.ID)
	if err != nil {
		return err
	}
	for _, e := range enabled {
		if e.Principal == principal {
			return nil
		}
	}
	return conforms.ReasonErrorf(conforms.CodeConstraintViolationException, "SERVICE_ACCESS_NOT_ENABLED",
		"You must enable trusted access for %s (EnableAWSServiceAccess) before you register a delegated administrator for it.", principal)
}

// DeregisterDelegatedAdministrator removes one registration.
func (s *Service) DeregisterDelegatedAdministrator(ctx context.Context, accountID, principal string) error {
	return s.Store.Update(ctx, func(tx conforms.Tx) error {
		m, err := management(tx, caller(ctx))
		if err != nil {
			return err
		}
		if _, err := memberOf(tx, m.Organization, accountID); err != nil {
			return err
		}
		err = tx.DeleteDelegatedAdmin(m.Organization.ID, accountID, principal)
		if errors.Is(err, conforms.ErrNotFound) {
			return conforms.Errorf(conforms.CodeAccountNotRegisteredException,
				"The provided account is not a registered delegated administrator for your organization.")
		}
		return err
	})
}

// DelegatedAdministrator is an account registered as a delegated
// administrator, with the date of its first registration in the listing.
type DelegatedAdministrator struct {
	Account   *conforms.Account
	EnabledAt time.Time
}

// ListDelegatedAdministrators returns a page of the delegated administrators,
// for one service principal or all.
func (s *Service) ListDelegatedAdministrators(ctx context.Context, principal, token string, limit int) ([]DelegatedAdministrator, *conforms.Organization, string, error) {
	key := func(d DelegatedAdministrator) string { return d.Account.ID }
	return orgList(s, ctx, listing[DelegatedAdministrator]{
		name: "delegated-admins/" + principal,
		key:  key,
		fetch: func(tx conforms.Tx, org *conforms.Organization, p conforms.Page) ([]DelegatedAdministrator, error) {
			all, err := delegatedAdministrators(tx, org, principal)
			return afterKey(all, p.After, key), err
		},
	}, token, limit)
}

// delegatedAdministrators returns the registered accounts, one entry per
// account with the date of its first registration.
func delegatedAdministrators(tx conforms.Tx, org *conforms.Organization, principal string) ([]DelegatedAdministrator, error) {
	regs, err := tx.ListDelegatedAdmins(conforms.DelegatedAdminFilter{OrgID: org.ID, Principal: principal})
	if err != nil {
		return nil, err
	}
	var all []DelegatedAdministrator
	for _, r := range regs { // ordered by account id, then principal
		if n := len(all); n > 0 && all[n-1].Account.ID == r.AccountID {
			all[n-1].EnabledAt = earlier(all[n-1].EnabledAt, r.EnabledAt)
			continue
		}
		a, err := tx.Account(r.AccountID)
		if err != nil {
			return nil, err
		}
		all = append(all, DelegatedAdministrator{Account: a, EnabledAt: r.EnabledAt})
	}
	return all, nil
}

func earlier(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// ListDelegatedServicesForAccount returns a page of the services an account
// is a delegated administrator for.
func (s *Service) ListDelegatedServicesForAccount(ctx context.Context, accountID, token string, limit int) ([]*conforms.DelegatedAdmin, string, error) {
	key := func(d *conforms.DelegatedAdmin) string { return d.Principal }
	rows, _, next, err := orgList(s, ctx, listing[*conforms.DelegatedAdmin]{
		name: "delegated-services/" + accountID,
		key:  key,
		fetch: func(tx conforms.Tx, org *conforms.Organization, p conforms.Page) ([]*conforms.DelegatedAdmin, error) {
			if _, err := memberOf(tx, org, accountID); err != nil {
				return nil, err
			}
			regs, err := tx.ListDelegatedAdmins(conforms.DelegatedAdminFilter{OrgID: org.ID, AccountID: accountID})
			if err == nil && len(regs) == 0 {
				return nil, conforms.Errorf(conforms.CodeAccountNotRegisteredException,
					"The provided account is not a registered delegated administrator for your organization.")
			}
			return afterKey(regs, p.After, key), err
		},
	}, token, limit)
	return rows, next, err
}
