package control

import (
	"context"
	"errors"

	"conforms"
)

// unitOf returns a root or unit of the organization, or an error with the
// given code and message.
func unitOf(tx conforms.Tx, o *conforms.Organization, id, code, msg string) (*conforms.OrgUnit, error) {
	u, err := tx.OrgUnit(id)
	if errors.Is(err, conforms.ErrNotFound) || (err == nil && u.OrgID != o.ID) {
		return nil, conforms.Errorf(code, "%s", msg)
	}
	return u, err
}

// ListRoots returns the root of the caller's organization.
func (s *Service) ListRoots(ctx context.Context, token string, limit int) ([]*conforms.OrgUnit, *conforms.Organization, string, error) {
	var out []*conforms.OrgUnit
	var org *conforms.Organization
	var next string
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		m, err := administrator(tx, caller(ctx))
		if err != nil {
			return err
		}
		org = m.Organization
		if _, _, err := orgPage("roots", token, limit); err != nil {
			return err
		}
		if token != "" { // one root: a second page is always empty
			return nil
		}
		root, err := tx.OrgUnit(org.RootID)
		out = []*conforms.OrgUnit{root}
		return err
	})
	return out, org, next, err
}

// CreateOrganizationalUnit creates a unit under a root or unit.
func (s *Service) CreateOrganizationalUnit(ctx context.Context, parentID, name string) (*conforms.OrgUnit, *conforms.Organization, error) {
	var u *conforms.OrgUnit
	var org *conforms.Organization
	err := s.Store.Update(ctx, func(tx conforms.Tx) error {
		m, err := management(tx, caller(ctx))
		if err != nil {
			return err
		}
		org = m.Organization
		parent, err := unitOf(tx, org, parentID, conforms.CodeParentNotFoundException, msgParentNF)
		if err != nil {
			return err
		}
		if err := checkUnitLimits(tx, org, parent); err != nil {
			return err
		}
		id, err := unusedID(func() string { return "ou-" + org.RootID[2:] + "-" + s.random(lowerAlnum, 8) }, unitLookup(tx))
		if err != nil {
			return err
		}
		u = &conforms.OrgUnit{ID: id, OrgID: org.ID, ParentID: parent.ID, Name: name, CreatedAt: s.now()}
		err = tx.PutOrgUnit(u)
		if errors.Is(err, conforms.ErrConflict) {
			return conforms.Errorf(conforms.CodeDuplicateOrganizationalUnitException, "An OU with the same name already exists.")
		}
		return err
	})
	return u, org, err
}

// checkUnitLimits refuses a new unit under parent past the depth and count quotas.
func checkUnitLimits(tx conforms.Tx, o *conforms.Organization, parent *conforms.OrgUnit) error {
	depth := 0
	for u := parent; !u.IsRoot(); depth++ {
		var err error
		if u, err = tx.OrgUnit(u.ParentID); err != nil {
			return err
		}
	}
	if depth >= maxOrgUnitDepth {
		return conforms.ReasonErrorf(conforms.CodeConstraintViolationException, "OU_DEPTH_LIMIT_EXCEEDED",
			"You attempted to create an OU tree that is too many levels deep (the maximum is %d).", maxOrgUnitDepth)
	}
	units, err := tx.ListOrgUnits(conforms.OrgUnitFilter{OrgID: o.ID, Page: conforms.Page{Limit: maxOrgUnits + 2}})
	if err != nil {
		return err
	}
	if len(units)-1 >= maxOrgUnits { // the root is not an OU
		return conforms.ReasonErrorf(conforms.CodeConstraintViolationException, "OU_NUMBER_LIMIT_EXCEEDED",
			"You have reached the maximum number of OUs in your organization (%d).", maxOrgUnits)
	}
	return nil
}

// DeleteOrganizationalUnit deletes an empty unit.
func (s *Service) DeleteOrganizationalUnit(ctx context.Context, id string) error {
	return s.Store.Update(ctx, func(tx conforms.Tx) error {
		m, err := management(tx, caller(ctx))
		if err != nil {
			return err
		}
		org := m.Organization
		u, err := unitOf(tx, org, id, conforms.CodeOrganizationalUnitNotFoundException,
			"We can't find an OU with the OrganizationalUnitId that you specified.")
		if err != nil {
			return err
		}
		if u.IsRoot() {
			return conforms.Errorf(conforms.CodeOrganizationalUnitNotFoundException,
				"We can't find an OU with the OrganizationalUnitId that you specified.")
		}
		children, err := tx.ListOrgUnits(conforms.OrgUnitFilter{OrgID: org.ID, ParentID: id, Page: conforms.Page{Limit: 1}})
		if err != nil {
			return err
		}
		accounts, err := tx.ListAccounts(conforms.AccountFilter{OrgID: org.ID, ParentID: id, Page: conforms.Page{Limit: 1}})
		if err != nil {
			return err
		}
		if len(children)+len(accounts) > 0 {
			return conforms.Errorf(conforms.CodeOrganizationalUnitNotEmptyException,
				"The specified OU is not empty. Move all accounts to another root or OU and delete all child OUs, then try again.")
		}
		return tx.DeleteOrgUnit(id)
	})
}

// ListOrganizationalUnitsForParent returns a page of the units directly under a root or unit.
func (s *Service) ListOrganizationalUnitsForParent(ctx context.Context, parentID, token string, limit int) ([]*conforms.OrgUnit, *conforms.Organization, string, error) {
	return orgList(s, ctx, listing[*conforms.OrgUnit]{
		name: "units/" + parentID,
		key:  func(u *conforms.OrgUnit) string { return u.ID },
		fetch: func(tx conforms.Tx, org *conforms.Organization, p conforms.Page) ([]*conforms.OrgUnit, error) {
			if _, err := unitOf(tx, org, parentID, conforms.CodeParentNotFoundException, msgParentNF); err != nil {
				return nil, err
			}
			return tx.ListOrgUnits(conforms.OrgUnitFilter{OrgID: org.ID, ParentID: parentID, Page: p})
		},
	}, token, limit)
}

// ListParents returns the parent of an account or unit: a one-element list.
func (s *Service) ListParents(ctx context.Context, childID, token string, limit int) ([]*conforms.OrgUnit, string, error) {
	var out []*conforms.OrgUnit
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		m, err := administrator(tx, caller(ctx))
		if err != nil {
			return err
		}
		if _, _, err := orgPage("parents", token, limit); err != nil || token != "" {
			return err
		}
		parentID, err := parentOf(tx, m.Organization, childID)
		if err != nil {
			return err
		}
		p, err := tx.OrgUnit(parentID)
		out = []*conforms.OrgUnit{p}
		return err
	})
	return out, "", err
}

func parentOf(tx conforms.Tx, o *conforms.Organization, childID string) (string, error) {
	const msg = "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified."
	if len(childID) == 12 && childID[0] != 'o' {
		a, err := memberOf(tx, o, childID)
		if err != nil {
			return "", conforms.Errorf(conforms.CodeChildNotFoundException, msg)
		}
		return a.ParentID, nil
	}
	u, err := unitOf(tx, o, childID, conforms.CodeChildNotFoundException, msg)
	if err != nil {
		return "", err
	}
	if u.IsRoot() {
		return "", conforms.Errorf(conforms.CodeChildNotFoundException, msg)
	}
	return u.ParentID, nil
}
