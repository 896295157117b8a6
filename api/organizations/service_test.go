package organizations

import (
	"encoding/json"
	"os"
	"testing"
)

func ptr[T any](v T) *T { return &v }

func TestService_MatchesModel(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../model/organizations.json")
	if err != nil {
		t.Fatal(err)
	}
	var model struct {
		Operations map[string]json.RawMessage
		Shapes     map[string]struct{ Exception bool }
	}
	if err := json.Unmarshal(data, &model); err != nil {
		t.Fatal(err)
	}
	for name := range model.Operations {
		if Service.Operations[name] == nil {
			t.Errorf("operation %s missing", name)
		}
	}
	for name, s := range model.Shapes {
		if !s.Exception {
			continue
		}
		info, ok := Service.Errors[name]
		want := 400
		if name == "ServiceException" {
			want = 500
		}
		if !ok || info.Status != want || info.MessageMember != "Message" {
			t.Errorf("error %s = %+v, want status %d and member Message", name, info, want)
		}
	}
	if got := Service.Errors["InvalidInputException"].Members; len(got) != 2 || got[0] != "Message" || got[1] != "Reason" {
		t.Errorf("InvalidInputException members = %v, want [Message Reason]", got)
	}
	if Service.Name != "organizations" || Service.TargetPrefix != "AWSOrganizationsV20161128" {
		t.Errorf("Service = %q %q", Service.Name, Service.TargetPrefix)
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"MaxResultsOK", (&ListAccountsRequest{MaxResults: ptr(int32(20))}).Validate(), ""},
		{"MaxResultsLow", (&ListAccountsRequest{MaxResults: ptr(int32(0))}).Validate(),
			"1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{"ParentIdAlternation", (&ListChildrenRequest{ParentId: ptr("r-abcd"), ChildType: ptr(ChildTypeAccount)}).Validate(), ""},
		{"ParentIdBad", (&ListChildrenRequest{ParentId: ptr("r-abcd-x"), ChildType: ptr(ChildTypeAccount)}).Validate(),
			"1 validation error detected: Value 'r-abcd-x' at 'parentId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(r-[0-9a-z]{4,32})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ""
			if tt.err != nil {
				got = tt.err.Error()
			}
			if got != tt.want {
				t.Errorf("Validate() =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
