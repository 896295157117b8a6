package main

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
)

// wantAPIError fails unless err is an AWS error with the code, and a message
// that contains msg.
func wantAPIError(tb testing.TB, err error, code, msg string) {
	tb.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		tb.Fatalf("err = %v, want API error %s", err, code)
	}
	if ae.ErrorCode() != code || !strings.Contains(ae.ErrorMessage(), msg) {
		tb.Fatalf("error = %s: %q, want %s containing %q", ae.ErrorCode(), ae.ErrorMessage(), code, msg)
	}
}

// must returns v, failing the test given to the returned function if err is
// not nil: out := must(client.Call(ctx, in))(t).
func must[T any](v T, err error) func(testing.TB) T {
	return func(tb testing.TB) T {
		tb.Helper()
		if err != nil {
			tb.Fatalf("unexpected error: %v", err)
		}
		return v
	}
}

// org is an organization built through the API for a test.
type org struct {
	s        *testServer
	mgmt     creds
	orgID    string
	rootID   string
	accounts []string // member account ids, in creation order
}

func mustCreateOrg(t *testing.T, s *testServer, members int) *org {
	t.Helper()
	o := &org{s: s, mgmt: s.root()}
	client := s.orgs(o.mgmt)
	out := must(client.CreateOrganization(bg, &organizations.CreateOrganizationInput{FeatureSet: orgtypes.OrganizationFeatureSetAll}))(t)
	o.orgID = aws.ToString(out.Organization.Id)
	roots := must(client.ListRoots(bg, &organizations.ListRootsInput{}))(t)
	o.rootID = aws.ToString(roots.Roots[0].Id)
	for i := range members {
		ca := must(client.CreateAccount(bg, &organizations.CreateAccountInput{
			AccountName: aws.String(fmt.Sprintf("member-%d", i)), Email: aws.String(fmt.Sprintf("member-%d@example.com", i)),
		}))(t)
		if ca.CreateAccountStatus.State != orgtypes.CreateAccountStateSucceeded {
			t.Fatalf("CreateAccount state = %s (%s)", ca.CreateAccountStatus.State, ca.CreateAccountStatus.FailureReason)
		}
		o.accounts = append(o.accounts, aws.ToString(ca.CreateAccountStatus.AccountId))
	}
	return o
}

// assume returns credentials for the OrganizationAccountAccessRole of a member.
func (o *org) assume(t *testing.T, accountID string) creds {
	t.Helper()
	out := must(o.s.sts(o.mgmt).AssumeRole(bg, &sts.AssumeRoleInput{
		RoleArn:         aws.String("arn:aws:iam::" + accountID + ":role/OrganizationAccountAccessRole"),
		RoleSessionName: aws.String("test"),
	}))(t)
	c := out.Credentials
	return creds{id: aws.ToString(c.AccessKeyId), secret: aws.ToString(c.SecretAccessKey), token: aws.ToString(c.SessionToken)}
}

func TestOrganizations_Story(t *testing.T) {
	s := mustStart(t, "")
	o := mustCreateOrg(t, s, 3)
	client := s.orgs(o.mgmt)

	t.Run("ListAccounts", func(t *testing.T) {
		var ids []string
		p := organizations.NewListAccountsPaginator(client, &organizations.ListAccountsInput{MaxResults: aws.Int32(2)})
		pages := 0
		for p.HasMorePages() {
			page := must(p.NextPage(bg))(t)
			pages++
			for _, a := range page.Accounts {
				ids = append(ids, aws.ToString(a.Id))
				if want := "arn:aws:organizations::" + s.RootKey().AccountID + ":account/" + o.orgID + "/" + aws.ToString(a.Id); aws.ToString(a.Arn) != want {
					t.Errorf("Arn = %s, want %s", aws.ToString(a.Arn), want)
				}
			}
		}
		if len(ids) != 4 || pages != 2 {
			t.Fatalf("ListAccounts gave %d accounts in %d pages, want 4 in 2", len(ids), pages)
		}
	})

	t.Run("AssumeRoleAndGetCallerIdentity", func(t *testing.T) {
		member := o.assume(t, o.accounts[0])
		id := must(s.sts(member).GetCallerIdentity(bg, &sts.GetCallerIdentityInput{}))(t)
		if got, want := aws.ToString(id.Account), o.accounts[0]; got != want {
			t.Errorf("Account = %s, want %s", got, want)
		}
		if got, want := aws.ToString(id.Arn), "arn:aws:sts::"+o.accounts[0]+":assumed-role/OrganizationAccountAccessRole/test"; got != want {
			t.Errorf("Arn = %s, want %s", got, want)
		}
		// A member may describe its organization but not create accounts.
		must(s.orgs(member).DescribeOrganization(bg, &organizations.DescribeOrganizationInput{}))(t)
		_, err := s.orgs(member).CreateAccount(bg, &organizations.CreateAccountInput{AccountName: aws.String("x"), Email: aws.String("x@example.com")})
		wantAPIError(t, err, "AccessDeniedException", "You don't have permissions")
		_, err = s.orgs(member).ListAccounts(bg, &organizations.ListAccountsInput{})
		wantAPIError(t, err, "AccessDeniedException", "")
	})

	t.Run("DelegatedAdministrator", func(t *testing.T) {
		const principal = "config-multiaccountsetup.amazonaws.com"
		admin := o.accounts[1]
		_, err := client.RegisterDelegatedAdministrator(bg, &organizations.RegisterDelegatedAdministratorInput{AccountId: &admin, ServicePrincipal: aws.String(principal)})
		wantAPIError(t, err, "ConstraintViolationException", "trusted access")
		must(client.EnableAWSServiceAccess(bg, &organizations.EnableAWSServiceAccessInput{ServicePrincipal: aws.String(principal)}))(t)
		must(client.RegisterDelegatedAdministrator(bg, &organizations.RegisterDelegatedAdministratorInput{AccountId: &admin, ServicePrincipal: aws.String(principal)}))(t)
		_, err = client.RegisterDelegatedAdministrator(bg, &organizations.RegisterDelegatedAdministratorInput{AccountId: &admin, ServicePrincipal: aws.String(principal)})
		wantAPIError(t, err, "AccountAlreadyRegisteredException", "already a delegated administrator")

		// The delegated administrator may now list the organization.
		adminCreds := o.assume(t, admin)
		list := must(s.orgs(adminCreds).ListDelegatedAdministrators(bg, &organizations.ListDelegatedAdministratorsInput{ServicePrincipal: aws.String(principal)}))(t)
		if len(list.DelegatedAdministrators) != 1 || aws.ToString(list.DelegatedAdministrators[0].Id) != admin {
			t.Fatalf("DelegatedAdministrators = %+v, want just %s", list.DelegatedAdministrators, admin)
		}
		must(s.orgs(adminCreds).ListAccounts(bg, &organizations.ListAccountsInput{}))(t)
		services := must(client.ListDelegatedServicesForAccount(bg, &organizations.ListDelegatedServicesForAccountInput{AccountId: &admin}))(t)
		if len(services.DelegatedServices) != 1 || aws.ToString(services.DelegatedServices[0].ServicePrincipal) != principal {
			t.Fatalf("DelegatedServices = %+v", services.DelegatedServices)
		}
		// A delegated administrator cannot leave before it is deregistered.
		_, err = client.RemoveAccountFromOrganization(bg, &organizations.RemoveAccountFromOrganizationInput{AccountId: &admin})
		wantAPIError(t, err, "ConstraintViolationException", "delegated administrator")
	})

	t.Run("OrganizationalUnits", func(t *testing.T) {
		ou := must(client.CreateOrganizationalUnit(bg, &organizations.CreateOrganizationalUnitInput{ParentId: &o.rootID, Name: aws.String("workloads")}))(t)
		ouID := aws.ToString(ou.OrganizationalUnit.Id)
		if !strings.HasPrefix(ouID, "ou-"+o.rootID[2:]+"-") {
			t.Errorf("OU id = %s", ouID)
		}
		_, err := client.CreateOrganizationalUnit(bg, &organizations.CreateOrganizationalUnitInput{ParentId: &o.rootID, Name: aws.String("workloads")})
		wantAPIError(t, err, "DuplicateOrganizationalUnitException", "")
		acct := o.accounts[2]
		must(client.MoveAccount(bg, &organizations.MoveAccountInput{AccountId: &acct, SourceParentId: &o.rootID, DestinationParentId: &ouID}))(t)
		parents := must(client.ListParents(bg, &organizations.ListParentsInput{ChildId: &acct}))(t)
		if len(parents.Parents) != 1 || aws.ToString(parents.Parents[0].Id) != ouID || parents.Parents[0].Type != orgtypes.ParentTypeOrganizationalUnit {
			t.Fatalf("Parents = %+v, want %s", parents.Parents, ouID)
		}
		inOU := must(client.ListAccountsForParent(bg, &organizations.ListAccountsForParentInput{ParentId: &ouID}))(t)
		if len(inOU.Accounts) != 1 || aws.ToString(inOU.Accounts[0].Id) != acct {
			t.Fatalf("accounts in OU = %+v", inOU.Accounts)
		}
		_, err = client.DeleteOrganizationalUnit(bg, &organizations.DeleteOrganizationalUnitInput{OrganizationalUnitId: &ouID})
		wantAPIError(t, err, "OrganizationalUnitNotEmptyException", "")
		must(client.RemoveAccountFromOrganization(bg, &organizations.RemoveAccountFromOrganizationInput{AccountId: &acct}))(t)
		must(client.DeleteOrganizationalUnit(bg, &organizations.DeleteOrganizationalUnitInput{OrganizationalUnitId: &ouID}))(t)
		_, err = client.DescribeAccount(bg, &organizations.DescribeAccountInput{AccountId: &acct})
		wantAPIError(t, err, "AccountNotFoundException", "")
	})

	t.Run("CreateAccountStatus", func(t *testing.T) {
		dup := must(client.CreateAccount(bg, &organizations.CreateAccountInput{AccountName: aws.String("dup"), Email: aws.String("MEMBER-0@example.com")}))(t)
		if dup.CreateAccountStatus.State != orgtypes.CreateAccountStateFailed || dup.CreateAccountStatus.FailureReason != orgtypes.CreateAccountFailureReasonEmailAlreadyExists {
			t.Fatalf("duplicate email: %+v", dup.CreateAccountStatus)
		}
		got := must(client.DescribeCreateAccountStatus(bg, &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: dup.CreateAccountStatus.Id}))(t)
		if got.CreateAccountStatus.State != orgtypes.CreateAccountStateFailed {
			t.Fatalf("DescribeCreateAccountStatus = %+v", got.CreateAccountStatus)
		}
		failed := must(client.ListCreateAccountStatus(bg, &organizations.ListCreateAccountStatusInput{States: []orgtypes.CreateAccountState{orgtypes.CreateAccountStateFailed}}))(t)
		if len(failed.CreateAccountStatuses) != 1 {
			t.Fatalf("failed statuses = %d, want 1", len(failed.CreateAccountStatuses))
		}
	})
}

func TestOrganizations_NotInUse(t *testing.T) {
	s := mustStart(t, "")
	_, err := s.orgs(s.root()).DescribeOrganization(bg, &organizations.DescribeOrganizationInput{})
	wantAPIError(t, err, "AWSOrganizationsNotInUseException", "Your account is not a member of an organization.")
	must(s.orgs(s.root()).CreateOrganization(bg, &organizations.CreateOrganizationInput{}))(t)
	_, err = s.orgs(s.root()).CreateOrganization(bg, &organizations.CreateOrganizationInput{})
	wantAPIError(t, err, "AlreadyInOrganizationException", "")
}

func TestOrganizations_Validation(t *testing.T) {
	s := mustStart(t, "")
	client := s.orgs(s.root())
	must(client.CreateOrganization(bg, &organizations.CreateOrganizationInput{}))(t)
	_, err := client.CreateAccount(bg, &organizations.CreateAccountInput{AccountName: aws.String("x"), Email: aws.String("not-an-email")})
	wantAPIError(t, err, "InvalidInputException", "at 'email' failed to satisfy constraint: Member must satisfy regular expression pattern")
	_, err = client.ListAccounts(bg, &organizations.ListAccountsInput{MaxResults: aws.Int32(50)})
	wantAPIError(t, err, "InvalidInputException", "Member must have value less than or equal to 20")
	_, err = client.ListAccounts(bg, &organizations.ListAccountsInput{NextToken: aws.String("garbage")})
	wantAPIError(t, err, "InvalidInputException", "nextToken")
}
