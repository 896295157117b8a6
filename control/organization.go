package control

import (
	"context"
	"errors"
	"fmt"
	"time"

	"conforms"
)

// Limits of an organization. AWS's default account quota is 10; a
// self-hosted organization is meant to model large real ones.
const (
	maxOrgUnitDepth     = 5
	maxOrgUnits         = 1000
	maxAccounts         = 100000
	maxDelegatedAdmins  = 3
	defaultOrgPageLimit = 20
	defaultRoleName     = "OrganizationAccountAccessRole"
)

// Messages of Organizations errors, as AWS words them.
const (
	msgNotInUse     = "Your account is not a member of an organization."
	msgAccessDenied = "You don't have permissions to access this resource."
	msgAccountNF    = "You specified an account that doesn't exist."
	msgParentNF     = "We can't find a root or OU with the ParentId that you specified."
	msgBadToken     = "You specified an invalid value for nextToken."
)

// Membership is an account together with its organization, the view that
// Organizations callers are authorised by.
type Membership struct {
	Account      *conforms.Account
	Organization *conforms.Organization
}

// IsManagement reports whether the account is the organization's management account.
func (m *Membership) IsManagement() bool {
	return m.Organization.ManagementAccountID == m.Account.ID
}

// membership loads the account and organization of accountID; an account in
// no organization gets AWSOrganizationsNotInUseException.
func membership(tx conforms.Tx, accountID string) (*Membership, error) {
	a, err := tx.Account(accountID)
	if errors.Is(err, conforms.ErrNotFound) || (err == nil && a.OrgID == "") {
		return nil, conforms.Errorf(conforms.CodeAWSOrganizationsNotInUseException, msgNotInUse)
	} else if err != nil {
		return nil, err
	}
	o, err := tx.Organization(a.OrgID)
	if err != nil {
		return nil, fmt.Errorf("load organization %s: %w", a.OrgID, err)
	}
	return &Membership{Account: a, Organization: o}, nil
}

// management loads the caller's membership and requires the management account.
func management(tx conforms.Tx, c *conforms.Caller) (*Membership, error) {
	m, err := membership(tx, c.AccountID)
	if err != nil {
		return nil, err
	}
	if !m.IsManagement() {
		return nil, conforms.Errorf(conforms.CodeAccessDeniedException, msgAccessDenied)
	}
	return m, nil
}

// administrator loads the caller's membership and requires the management
// account or a delegated administrator of any service.
func administrator(tx conforms.Tx, c *conforms.Caller) (*Membership, error) {
	m, err := membership(tx, c.AccountID)
	if err != nil || m.IsManagement() {
		return m, err
	}
	admins, err := tx.ListDelegatedAdmins(conforms.DelegatedAdminFilter{OrgID: m.Organization.ID, AccountID: m.Account.ID})
	if err != nil {
		return nil, err
	}
	if len(admins) == 0 {
		return nil, conforms.Errorf(conforms.CodeAccessDeniedException, msgAccessDenied)
	}
	return m, nil
}

// CreateOrganization makes the caller's account the management account of a
// new organization with one root.
func (s *Service) CreateOrganization(ctx context.Context, featureSet string) (*Membership, error) {
	if featureSet == "" {
		featureSet = conforms.FeatureSetAll
	}
	c := caller(ctx)
	var m *Membership
	err := s.Store.Update(ctx, func(tx conforms.Tx) error {
		a, err := tx.Account(c.AccountID)
		if err != nil {
			return fmt.Errorf("load caller account: %w", err)
		}
		if a.OrgID != "" {
			return conforms.Errorf(conforms.CodeAlreadyInOrganizationException, "The AWS account is already a member of an organization.")
		}
		now := s.now()
		orgID, err := unusedID(func() string { return "o-" + s.random(lowerAlnum, 10) }, func(id string) error {
			_, err := tx.Organization(id)
			return err
		})
		if err != nil {
			return err
		}
		rootID, err := unusedID(func() string { return "r-" + s.random(lowerAlnum, 4) }, unitLookup(tx))
		if err != nil {
			return err
		}
		o := &conforms.Organization{ID: orgID, FeatureSet: featureSet, ManagementAccountID: a.ID, RootID: rootID, CreatedAt: now}
		if err := tx.PutOrganization(o); err != nil {
			return err
		}
		if err := tx.PutOrgUnit(&conforms.OrgUnit{ID: o.RootID, OrgID: o.ID, Name: "Root", CreatedAt: now}); err != nil {
			return err
		}
		a.OrgID, a.ParentID, a.JoinedMethod, a.JoinedAt = o.ID, o.RootID, conforms.JoinedCreated, now
		if err := tx.PutAccount(a); err != nil {
			return err
		}
		m = &Membership{Account: a, Organization: o}
		return nil
	})
	return m, err
}

// DescribeOrganization returns the caller's organization.
func (s *Service) DescribeOrganization(ctx context.Context) (*Membership, error) {
	var m *Membership
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		var err error
		if m, err = membership(tx, caller(ctx).AccountID); err != nil {
			return err
		}
		// The management account's email is reported, not the caller's.
		m.Account, err = tx.Account(m.Organization.ManagementAccountID)
		return err
	})
	return m, err
}

// DeleteOrganization deletes the caller's organization, which must have no
// member but the management account.
func (s *Service) DeleteOrganization(ctx context.Context) error {
	return s.Store.Update(ctx, func(tx conforms.Tx) error {
		m, err := management(tx, caller(ctx))
		if err != nil {
			return err
		}
		accounts, err := tx.ListAccounts(conforms.AccountFilter{OrgID: m.Organization.ID, Page: conforms.Page{Limit: 2}})
		if err != nil {
			return err
		}
		if len(accounts) > 1 {
			return conforms.Errorf(conforms.CodeOrganizationNotEmptyException,
				"To delete an organization you must first remove all member accounts (except the management account).")
		}
		leave(m.Account)
		if err := tx.PutAccount(m.Account); err != nil {
			return err
		}
		return tx.DeleteOrganization(m.Organization.ID)
	})
}

// listing is one paged Organizations list: its name in page tokens, the key
// rows are ordered by, and how to fetch a page of rows.
type listing[T any] struct {
	name  string
	key   func(T) string
	fetch func(tx conforms.Tx, org *conforms.Organization, p conforms.Page) ([]T, error)
}

// orgList returns a page of a list to the management account or a delegated
// administrator of the caller's organization.
func orgList[T any](s *Service, ctx context.Context, l listing[T], token string, limit int) (rows []T, org *conforms.Organization, next string, err error) {
	err = s.Store.View(ctx, func(tx conforms.Tx) error {
		m, err := administrator(tx, caller(ctx))
		if err != nil {
			return err
		}
		org = m.Organization
		after, n, err := orgPage(l.name, token, limit)
		if err != nil {
			return err
		}
		all, err := l.fetch(tx, org, conforms.Page{After: after, Limit: n + 1})
		rows, next = paged(l.name, all, n, l.key)
		return err
	})
	return rows, org, next, err
}

// unusedID draws ids until lookup says one is not taken (ErrNotFound).
// Ids are short enough for collisions to happen in a long-lived server.
func unusedID(draw func() string, lookup func(id string) error) (string, error) {
	for {
		id := draw()
		if err := lookup(id); errors.Is(err, conforms.ErrNotFound) {
			return id, nil
		} else if err != nil {
			return "", err
		}
	}
}

// unitLookup looks a root or organizational unit up, for unusedID.
func unitLookup(tx conforms.Tx) func(string) error {
	return func(id string) error {
		_, err := tx.OrgUnit(id)
		return err
	}
}

// leave detaches an account from its organization.
func leave(a *conforms.Account) {
	a.OrgID, a.ParentID, a.JoinedMethod, a.JoinedAt = "", "", "", time.Time{}
}
