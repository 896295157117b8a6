package api

import (
	"context"
	"time"

	"conforms"
	"conforms/api/organizations"
	"conforms/api/shape"
	"conforms/control"
)

// organizationsHandler implements AWS Organizations. Operations it does not
// override answer NotImplementedException.
type organizationsHandler struct {
	organizations.Unimplemented
	c *control.Service
}

var _ organizations.Handler = (*organizationsHandler)(nil)

func (h *organizationsHandler) CreateOrganization(ctx context.Context, in *organizations.CreateOrganizationRequest) (*organizations.CreateOrganizationResponse, error) {
	m, err := h.c.CreateOrganization(ctx, string(deref(in.FeatureSet)))
	if err != nil {
		return nil, err
	}
	return &organizations.CreateOrganizationResponse{Organization: organizationOut(m)}, nil
}

func (h *organizationsHandler) DescribeOrganization(ctx context.Context, _ *shape.Empty) (*organizations.DescribeOrganizationResponse, error) {
	m, err := h.c.DescribeOrganization(ctx)
	if err != nil {
		return nil, err
	}
	return &organizations.DescribeOrganizationResponse{Organization: organizationOut(m)}, nil
}

func (h *organizationsHandler) DeleteOrganization(ctx context.Context, _ *shape.Empty) (*shape.Empty, error) {
	return nil, h.c.DeleteOrganization(ctx)
}

func (h *organizationsHandler) CreateAccount(ctx context.Context, in *organizations.CreateAccountRequest) (*organizations.CreateAccountResponse, error) {
	st, err := h.c.CreateAccount(ctx, control.CreateAccountInput{
		Email: deref(in.Email), AccountName: deref(in.AccountName), RoleName: deref(in.RoleName),
	})
	if err != nil {
		return nil, err
	}
	return &organizations.CreateAccountResponse{CreateAccountStatus: createAccountStatusOut(st)}, nil
}

func (h *organizationsHandler) DescribeCreateAccountStatus(ctx context.Context, in *organizations.DescribeCreateAccountStatusRequest) (*organizations.DescribeCreateAccountStatusResponse, error) {
	st, err := h.c.DescribeCreateAccountStatus(ctx, deref(in.CreateAccountRequestId))
	if err != nil {
		return nil, err
	}
	return &organizations.DescribeCreateAccountStatusResponse{CreateAccountStatus: createAccountStatusOut(st)}, nil
}

func (h *organizationsHandler) ListCreateAccountStatus(ctx context.Context, in *organizations.ListCreateAccountStatusRequest) (*organizations.ListCreateAccountStatusResponse, error) {
	states := make([]string, len(in.States))
	for i, s := range in.States {
		states[i] = string(s)
	}
	rows, next, err := h.c.ListCreateAccountStatus(ctx, states, deref(in.NextToken), int(deref(in.MaxResults)))
	if err != nil {
		return nil, err
	}
	out := &organizations.ListCreateAccountStatusResponse{NextToken: opt(next), CreateAccountStatuses: []organizations.CreateAccountStatus{}}
	for _, st := range rows {
		out.CreateAccountStatuses = append(out.CreateAccountStatuses, *createAccountStatusOut(st))
	}
	return out, nil
}

func (h *organizationsHandler) ListAccounts(ctx context.Context, in *organizations.ListAccountsRequest) (*organizations.ListAccountsResponse, error) {
	rows, org, next, err := h.c.ListAccounts(ctx, deref(in.NextToken), int(deref(in.MaxResults)))
	if err != nil {
		return nil, err
	}
	return &organizations.ListAccountsResponse{Accounts: accountsOut(org, rows), NextToken: opt(next)}, nil
}

func (h *organizationsHandler) ListAccountsForParent(ctx context.Context, in *organizations.ListAccountsForParentRequest) (*organizations.ListAccountsForParentResponse, error) {
	rows, org, next, err := h.c.ListAccountsForParent(ctx, deref(in.ParentId), deref(in.NextToken), int(deref(in.MaxResults)))
	if err != nil {
		return nil, err
	}
	return &organizations.ListAccountsForParentResponse{Accounts: accountsOut(org, rows), NextToken: opt(next)}, nil
}

func (h *organizationsHandler) DescribeAccount(ctx context.Context, in *organizations.DescribeAccountRequest) (*organizations.DescribeAccountResponse, error) {
	a, org, err := h.c.DescribeAccount(ctx, deref(in.AccountId))
	if err != nil {
		return nil, err
	}
	return &organizations.DescribeAccountResponse{Account: accountOut(org, a)}, nil
}

func (h *organizationsHandler) RemoveAccountFromOrganization(ctx context.Context, in *organizations.RemoveAccountFromOrganizationRequest) (*shape.Empty, error) {
	return nil, h.c.RemoveAccountFromOrganization(ctx, deref(in.AccountId))
}

func (h *organizationsHandler) MoveAccount(ctx context.Context, in *organizations.MoveAccountRequest) (*shape.Empty, error) {
	return nil, h.c.MoveAccount(ctx, deref(in.AccountId), deref(in.SourceParentId), deref(in.DestinationParentId))
}

func (h *organizationsHandler) ListRoots(ctx context.Context, in *organizations.ListRootsRequest) (*organizations.ListRootsResponse, error) {
	rows, org, next, err := h.c.ListRoots(ctx, deref(in.NextToken), int(deref(in.MaxResults)))
	if err != nil {
		return nil, err
	}
	out := &organizations.ListRootsResponse{NextToken: opt(next), Roots: []organizations.Root{}}
	for _, u := range rows {
		out.Roots = append(out.Roots, organizations.Root{
			Id: new(u.ID), Arn: new(org.UnitArn(u)), Name: new(u.Name), PolicyTypes: []organizations.PolicyTypeSummary{},
		})
	}
	return out, nil
}

func (h *organizationsHandler) CreateOrganizationalUnit(ctx context.Context, in *organizations.CreateOrganizationalUnitRequest) (*organizations.CreateOrganizationalUnitResponse, error) {
	u, org, err := h.c.CreateOrganizationalUnit(ctx, deref(in.ParentId), deref(in.Name))
	if err != nil {
		return nil, err
	}
	return &organizations.CreateOrganizationalUnitResponse{OrganizationalUnit: unitOut(org, u)}, nil
}

func (h *organizationsHandler) DeleteOrganizationalUnit(ctx context.Context, in *organizations.DeleteOrganizationalUnitRequest) (*shape.Empty, error) {
	return nil, h.c.DeleteOrganizationalUnit(ctx, deref(in.OrganizationalUnitId))
}

func (h *organizationsHandler) ListOrganizationalUnitsForParent(ctx context.Context, in *organizations.ListOrganizationalUnitsForParentRequest) (*organizations.ListOrganizationalUnitsForParentResponse, error) {
	rows, org, next, err := h.c.ListOrganizationalUnitsForParent(ctx, deref(in.ParentId), deref(in.NextToken), int(deref(in.MaxResults)))
	if err != nil {
		return nil, err
	}
	out := &organizations.ListOrganizationalUnitsForParentResponse{NextToken: opt(next), OrganizationalUnits: []organizations.OrganizationalUnit{}}
	for _, u := range rows {
		out.OrganizationalUnits = append(out.OrganizationalUnits, *unitOut(org, u))
	}
	return out, nil
}

func (h *organizationsHandler) ListParents(ctx context.Context, in *organizations.ListParentsRequest) (*organizations.ListParentsResponse, error) {
	rows, next, err := h.c.ListParents(ctx, deref(in.ChildId), deref(in.NextToken), int(deref(in.MaxResults)))
	if err != nil {
		return nil, err
	}
	out := &organizations.ListParentsResponse{NextToken: opt(next), Parents: []organizations.Parent{}}
	for _, u := range rows {
		t := organizations.ParentTypeOrganizationalUnit
		if u.IsRoot() {
			t = organizations.ParentTypeRoot
		}
		out.Parents = append(out.Parents, organizations.Parent{Id: new(u.ID), Type: &t})
	}
	return out, nil
}

func (h *organizationsHandler) EnableAWSServiceAccess(ctx context.Context, in *organizations.EnableAWSServiceAccessRequest) (*shape.Empty, error) {
	return nil, h.c.EnableAWSServiceAccess(ctx, deref(in.ServicePrincipal))
}

func (h *organizationsHandler) DisableAWSServiceAccess(ctx context.Context, in *organizations.DisableAWSServiceAccessRequest) (*shape.Empty, error) {
	return nil, h.c.DisableAWSServiceAccess(ctx, deref(in.ServicePrincipal))
}

func (h *organizationsHandler) ListAWSServiceAccessForOrganization(ctx context.Context, in *organizations.ListAWSServiceAccessForOrganizationRequest) (*organizations.ListAWSServiceAccessForOrganizationResponse, error) {
	rows, next, err := h.c.ListAWSServiceAccessForOrganization(ctx, deref(in.NextToken), int(deref(in.MaxResults)))
	if err != nil {
		return nil, err
	}
	out := &organizations.ListAWSServiceAccessForOrganizationResponse{NextToken: opt(next), EnabledServicePrincipals: []organizations.EnabledServicePrincipal{}}
	for _, a := range rows {
		out.EnabledServicePrincipals = append(out.EnabledServicePrincipals, organizations.EnabledServicePrincipal{
			ServicePrincipal: new(a.Principal), DateEnabled: timestamp(a.EnabledAt),
		})
	}
	return out, nil
}

func (h *organizationsHandler) RegisterDelegatedAdministrator(ctx context.Context, in *organizations.RegisterDelegatedAdministratorRequest) (*shape.Empty, error) {
	return nil, h.c.RegisterDelegatedAdministrator(ctx, deref(in.AccountId), deref(in.ServicePrincipal))
}

func (h *organizationsHandler) DeregisterDelegatedAdministrator(ctx context.Context, in *organizations.DeregisterDelegatedAdministratorRequest) (*shape.Empty, error) {
	return nil, h.c.DeregisterDelegatedAdministrator(ctx, deref(in.AccountId), deref(in.ServicePrincipal))
}

func (h *organizationsHandler) ListDelegatedAdministrators(ctx context.Context, in *organizations.ListDelegatedAdministratorsRequest) (*organizations.ListDelegatedAdministratorsResponse, error) {
	rows, org, next, err := h.c.ListDelegatedAdministrators(ctx, deref(in.ServicePrincipal), deref(in.NextToken), int(deref(in.MaxResults)))
	if err != nil {
		return nil, err
	}
	out := &organizations.ListDelegatedAdministratorsResponse{NextToken: opt(next), DelegatedAdministrators: []organizations.DelegatedAdministrator{}}
	for _, d := range rows {
		a := accountOut(org, d.Account)
		out.DelegatedAdministrators = append(out.DelegatedAdministrators, organizations.DelegatedAdministrator{
			Id: a.Id, Arn: a.Arn, Email: a.Email, Name: a.Name, Status: a.Status, State: a.State,
			JoinedMethod: a.JoinedMethod, JoinedTimestamp: a.JoinedTimestamp, DelegationEnabledDate: timestamp(d.EnabledAt),
		})
	}
	return out, nil
}

func (h *organizationsHandler) ListDelegatedServicesForAccount(ctx context.Context, in *organizations.ListDelegatedServicesForAccountRequest) (*organizations.ListDelegatedServicesForAccountResponse, error) {
	rows, next, err := h.c.ListDelegatedServicesForAccount(ctx, deref(in.AccountId), deref(in.NextToken), int(deref(in.MaxResults)))
	if err != nil {
		return nil, err
	}
	out := &organizations.ListDelegatedServicesForAccountResponse{NextToken: opt(next), DelegatedServices: []organizations.DelegatedService{}}
	for _, d := range rows {
		out.DelegatedServices = append(out.DelegatedServices, organizations.DelegatedService{
			ServicePrincipal: new(d.Principal), DelegationEnabledDate: timestamp(d.EnabledAt),
		})
	}
	return out, nil
}

func organizationOut(m *control.Membership) *organizations.Organization {
	o := m.Organization
	fs := organizations.OrganizationFeatureSet(o.FeatureSet)
	return &organizations.Organization{
		Id: new(o.ID), Arn: new(o.Arn()), FeatureSet: &fs,
		MasterAccountArn: new(o.AccountArn(o.ManagementAccountID)), MasterAccountId: new(o.ManagementAccountID),
		MasterAccountEmail: new(m.Account.Email), AvailablePolicyTypes: []organizations.PolicyTypeSummary{},
	}
}

func accountsOut(org *conforms.Organization, rows []*conforms.Account) []organizations.Account {
	out := make([]organizations.Account, 0, len(rows))
	for _, a := range rows {
		out = append(out, *accountOut(org, a))
	}
	return out
}

func accountOut(org *conforms.Organization, a *conforms.Account) *organizations.Account {
	status := organizations.AccountStatus(a.Status)
	state := organizations.AccountState(a.Status)
	joined := organizations.AccountJoinedMethod(a.JoinedMethod)
	return &organizations.Account{
		Id: new(a.ID), Arn: new(org.AccountArn(a.ID)), Email: new(a.Email), Name: new(a.Name),
		Status: &status, State: &state, JoinedMethod: &joined, JoinedTimestamp: timestamp(a.JoinedAt),
	}
}

func unitOut(org *conforms.Organization, u *conforms.OrgUnit) *organizations.OrganizationalUnit {
	return &organizations.OrganizationalUnit{Id: new(u.ID), Arn: new(org.UnitArn(u)), Name: new(u.Name)}
}

func createAccountStatusOut(st *conforms.CreateAccountStatus) *organizations.CreateAccountStatus {
	state := organizations.CreateAccountState(st.State)
	out := &organizations.CreateAccountStatus{
		Id: new(st.ID), AccountName: new(st.AccountName), State: &state,
		RequestedTimestamp: timestamp(st.RequestedAt), AccountId: opt(st.AccountID),
	}
	if !st.CompletedAt.IsZero() {
		out.CompletedTimestamp = timestamp(st.CompletedAt)
	}
	if st.FailureReason != "" {
		r := organizations.CreateAccountFailureReason(st.FailureReason)
		out.FailureReason = &r
	}
	return out
}

// deref returns *p, or the zero value for nil.
func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

// opt returns a pointer to s, or nil for "" so that the member is omitted.
func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func timestamp(t time.Time) *shape.Timestamp {
	if t.IsZero() {
		return nil
	}
	return shape.NewTimestamp(t)
}
