package control

import (
	"context"
	"errors"

	"conforms"
)

// CreateAccountInput holds the arguments of CreateAccount.
type CreateAccountInput struct {
	Email       string
	AccountName string
	RoleName    string // OrganizationAccountAccessRole when empty
}

// CreateAccount creates a member account in the caller's organization, under
// its root, with a role that the management account may assume. The request
// completes at once: its status is SUCCEEDED, or FAILED with a reason such as
// EMAIL_ALREADY_EXISTS, as DescribeCreateAccountStatus would later report.
func (s *Service) CreateAccount(ctx context.Context, in CreateAccountInput) (*conforms.CreateAccountStatus, error) {
	roleName := in.RoleName
	if roleName == "" {
		roleName = defaultRoleName
	}
	var st *conforms.CreateAccountStatus
	defer s.wake() // the organization's conformance packs are deployed to the new account
	err := s.Store.Update(ctx, func(tx conforms.Tx) error {
		m, err := management(tx, caller(ctx))
		if err != nil {
			return err
		}
		now := s.now()
		st = &conforms.CreateAccountStatus{
			ID:          "car-" + s.random(lowerAlnum, 32),
			OrgID:       m.Organization.ID,
			AccountName: in.AccountName,
			State:       conforms.CreateAccountSucceeded,
			RequestedAt: now,
			CompletedAt: now,
		}
		reason, err := s.createMember(tx, m.Organization, in, roleName, st)
		if err != nil {
			return err
		}
		if reason != "" {
			st.State, st.FailureReason = conforms.CreateAccountFailed, reason
		}
		return tx.PutCreateAccountStatus(st)
	})
	return st, err
}

// createMember creates the account and its access role, or returns the
// failure reason that the request's status must carry.
func (s *Service) createMember(tx conforms.Tx, o *conforms.Organization, in CreateAccountInput, roleName string, st *conforms.CreateAccountStatus) (reason string, err error) {
	if _, err := tx.AccountByEmail(in.Email); err == nil {
		return "EMAIL_ALREADY_EXISTS", nil
	} else if !errors.Is(err, conforms.ErrNotFound) {
		return "", err
	}
	members, err := tx.CountAccounts(o.ID)
	if err != nil {
		return "", err
	}
	if members >= maxAccounts {
		return "ACCOUNT_LIMIT_EXCEEDED", nil
	}
	id, err := s.newAccountID(tx)
	if err != nil {
		return "", err
	}
	now := st.RequestedAt
	a := &conforms.Account{
		ID: id, Name: in.AccountName, Email: in.Email, Status: conforms.AccountActive, CreatedAt: now,
		OrgID: o.ID, ParentID: o.RootID, JoinedMethod: conforms.JoinedCreated, JoinedAt: now,
	}
	if err := tx.PutAccount(a); errors.Is(err, conforms.ErrConflict) {
		return "EMAIL_ALREADY_EXISTS", nil
	} else if err != nil {
		return "", err
	}
	st.AccountID = id
	err = tx.PutRole(&conforms.Role{
		AccountID: id, Name: roleName, ID: "AROA" + s.random(upperAlnum, 17), Path: "/",
		TrustedAccounts: []string{o.ManagementAccountID}, MaxSessionDuration: defaultSessionDuration, CreatedAt: now,
	})
	if err != nil {
		return "", err
	}
	return "", s.accountJoined(tx, o.ID, id)
}

// newAccountID draws a 12-digit account id that no account has.
func (s *Service) newAccountID(tx conforms.Tx) (string, error) {
	return unusedID(func() string { return s.random(digits, 12) }, func(id string) error {
		_, err := tx.Account(id)
		return err
	})
}

// DescribeCreateAccountStatus returns one CreateAccount request of the caller's organization.
func (s *Service) DescribeCreateAccountStatus(ctx context.Context, id string) (*conforms.CreateAccountStatus, error) {
	var st *conforms.CreateAccountStatus
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		m, err := administrator(tx, caller(ctx))
		if err != nil {
			return err
		}
		st, err = tx.CreateAccountStatus(id)
		if errors.Is(err, conforms.ErrNotFound) || (err == nil && st.OrgID != m.Organization.ID) {
			return conforms.Errorf(conforms.CodeCreateAccountStatusNotFoundException,
				"We can't find a create account request with the CreateAccountRequestId that you specified.")
		}
		return err
	})
	return st, err
}

// ListCreateAccountStatus returns a page of the organization's CreateAccount
// requests in the given states (all when none).
func (s *Service) ListCreateAccountStatus(ctx context.Context, states []string, token string, limit int) ([]*conforms.CreateAccountStatus, string, error) {
	rows, _, next, err := orgList(s, ctx, listing[*conforms.CreateAccountStatus]{
		name: "create-account-status",
		key:  func(r *conforms.CreateAccountStatus) string { return r.ID },
		fetch: func(tx conforms.Tx, org *conforms.Organization, p conforms.Page) ([]*conforms.CreateAccountStatus, error) {
			return tx.ListCreateAccountStatuses(conforms.CreateAccountStatusFilter{OrgID: org.ID, States: states, Page: p})
		},
	}, token, limit)
	return rows, next, err
}

// orgPage decodes an Organizations page token and applies the default page size.
func orgPage(list, token string, limit int) (after string, n int, err error) {
	after, ok := decodeToken(list, token)
	if !ok {
		return "", 0, conforms.ReasonErrorf(conforms.CodeInvalidInputException, "INVALID_NEXT_TOKEN", msgBadToken)
	}
	if limit <= 0 {
		limit = defaultOrgPageLimit
	}
	return after, limit, nil
}

// ListAccounts returns a page of the accounts of the caller's organization.
func (s *Service) ListAccounts(ctx context.Context, token string, limit int) ([]*conforms.Account, *conforms.Organization, string, error) {
	return s.listAccounts(ctx, "", token, limit)
}

// ListAccountsForParent returns a page of the accounts directly under a root or unit.
func (s *Service) ListAccountsForParent(ctx context.Context, parentID, token string, limit int) ([]*conforms.Account, *conforms.Organization, string, error) {
	return s.listAccounts(ctx, parentID, token, limit)
}

func (s *Service) listAccounts(ctx context.Context, parentID, token string, limit int) ([]*conforms.Account, *conforms.Organization, string, error) {
	return orgList(s, ctx, listing[*conforms.Account]{
		name: "accounts/" + parentID,
		key:  func(a *conforms.Account) string { return a.ID },
		fetch: func(tx conforms.Tx, org *conforms.Organization, p conforms.Page) ([]*conforms.Account, error) {
			if parentID != "" {
				if _, err := unitOf(tx, org, parentID, conforms.CodeParentNotFoundException, msgParentNF); err != nil {
					return nil, err
				}
			}
			return tx.ListAccounts(conforms.AccountFilter{OrgID: org.ID, ParentID: parentID, Page: p})
		},
	}, token, limit)
}

// memberOf returns an account of the organization, or AccountNotFoundException.
func memberOf(tx conforms.Tx, o *conforms.Organization, accountID string) (*conforms.Account, error) {
	a, err := tx.Account(accountID)
	if errors.Is(err, conforms.ErrNotFound) || (err == nil && a.OrgID != o.ID) {
		return nil, conforms.Errorf(conforms.CodeAccountNotFoundException, msgAccountNF)
	}
	return a, err
}

// DescribeAccount returns an account of the caller's organization. Any
// member may describe its own account.
func (s *Service) DescribeAccount(ctx context.Context, accountID string) (*conforms.Account, *conforms.Organization, error) {
	var a *conforms.Account
	var org *conforms.Organization
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		c := caller(ctx)
		var m *Membership
		var err error
		if accountID == c.AccountID {
			m, err = membership(tx, c.AccountID)
		} else {
			m, err = administrator(tx, c)
		}
		if err != nil {
			return err
		}
		org = m.Organization
		a, err = memberOf(tx, org, accountID)
		return err
	})
	return a, org, err
}

// RemoveAccountFromOrganization detaches a member account, which becomes a
// standalone account and keeps its resources, but for what the
// organization's conformance packs deployed to it.
func (s *Service) RemoveAccountFromOrganization(ctx context.Context, accountID string) error {
	defer s.wake()
	return s.Store.Update(ctx, func(tx conforms.Tx) error {
		m, err := management(tx, caller(ctx))
		if err != nil {
			return err
		}
		a, err := memberOf(tx, m.Organization, accountID)
		if err != nil {
			return err
		}
		if a.ID == m.Organization.ManagementAccountID {
			return conforms.Errorf(conforms.CodeMasterCannotLeaveOrganizationException,
				"You can't remove the management account from an AWS organization. You must instead delete the organization.")
		}
		admins, err := tx.ListDelegatedAdmins(conforms.DelegatedAdminFilter{OrgID: m.Organization.ID, AccountID: a.ID})
		if err != nil {
			return err
		}
		if len(admins) > 0 {
			return conforms.ReasonErrorf(conforms.CodeConstraintViolationException, "CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG",
				"You cannot remove account %s from the organization while it is a delegated administrator for %s. Deregister it first.",
				a.ID, admins[0].Principal)
		}
		orgID := a.OrgID
		leave(a)
		if err := tx.PutAccount(a); err != nil {
			return err
		}
		return s.accountLeft(tx, orgID, a.ID)
	})
}

// MoveAccount moves an account from one root or unit to another.
func (s *Service) MoveAccount(ctx context.Context, accountID, sourceID, destinationID string) error {
	return s.Store.Update(ctx, func(tx conforms.Tx) error {
		m, err := management(tx, caller(ctx))
		if err != nil {
			return err
		}
		org := m.Organization
		if _, err := unitOf(tx, org, sourceID, conforms.CodeSourceParentNotFoundException,
			"We can't find a source root or OU with the ParentId that you specified."); err != nil {
			return err
		}
		if _, err := unitOf(tx, org, destinationID, conforms.CodeDestinationParentNotFoundException,
			"We can't find the destination container (a root or OU) with the ParentId that you specified."); err != nil {
			return err
		}
		a, err := memberOf(tx, org, accountID)
		if err != nil {
			return err
		}
		if a.ParentID != sourceID {
			return conforms.Errorf(conforms.CodeAccountNotFoundException,
				"You specified an account that doesn't exist in the source parent %s.", sourceID)
		}
		if a.ParentID == destinationID {
			return conforms.Errorf(conforms.CodeDuplicateAccountException, "That account is already present in the specified destination.")
		}
		a.ParentID = destinationID
		return tx.PutAccount(a)
	})
}
