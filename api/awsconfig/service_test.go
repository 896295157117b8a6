package awsconfig

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"conforms/api/shape"
)

// TestService_MatchesModel parses model/config.json and checks that every
// operation and every error shape is in Service.
func TestService_MatchesModel(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../model/config.json")
	if err != nil {
		t.Fatal(err)
	}
	var model struct {
		Metadata   struct{ TargetPrefix, APIVersion string }
		Operations map[string]json.RawMessage
		Shapes     map[string]struct{ Exception bool }
	}
	if err := json.Unmarshal(data, &model); err != nil {
		t.Fatal(err)
	}
	if len(Service.Operations) != len(model.Operations) {
		t.Errorf("Service has %d operations, model %d", len(Service.Operations), len(model.Operations))
	}
	for name := range model.Operations {
		if op := Service.Operations[name]; op == nil || op.Name != name || op.NewInput == nil || op.Invoke == nil {
			t.Errorf("operation %s: missing or incomplete: %+v", name, op)
		}
	}
	errs := 0
	for name, s := range model.Shapes {
		if !s.Exception {
			continue
		}
		errs++
		if info, ok := Service.Errors[name]; !ok || info.Code != name || info.Status != 400 || info.MessageMember != "message" {
			t.Errorf("error %s: got %+v", name, info)
		}
	}
	if errs == 0 || len(Service.Errors) != errs {
		t.Errorf("Service has %d errors, model %d", len(Service.Errors), errs)
	}
	if Service.Name != "config" || Service.TargetPrefix != "StarlingDoveService" || Service.Protocol != "json" || Service.Version != "2014-11-12" {
		t.Errorf("Service header = %q %q %q %q", Service.Name, Service.TargetPrefix, Service.Protocol, Service.Version)
	}
}

type server struct{ Unimplemented }

func (server) DescribeOrganizationConformancePacks(_ context.Context, in *DescribeOrganizationConformancePacksRequest) (*DescribeOrganizationConformancePacksResponse, error) {
	return &DescribeOrganizationConformancePacksResponse{NextToken: in.NextToken}, nil
}

func TestService_Invoke(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	op := Service.Operations["DescribeOrganizationConformancePacks"]
	in := op.NewInput()
	if err := json.Unmarshal([]byte(`{"NextToken":"t1","Limit":5}`), in); err != nil {
		t.Fatal(err)
	}
	out, err := op.Invoke(ctx, server{}, in)
	if err != nil {
		t.Fatalf("Invoke: %v", err)
	}
	if got := out.(*DescribeOrganizationConformancePacksResponse).NextToken; got == nil || *got != "t1" {
		t.Errorf("NextToken = %v, want t1", got)
	}

	del := Service.Operations["DeleteOrganizationConformancePack"]
	_, err = del.Invoke(ctx, server{}, del.NewInput())
	var ni *shape.NotImplementedError
	if !errors.As(err, &ni) || ni.Operation != "DeleteOrganizationConformancePack" {
		t.Errorf("Invoke of an unimplemented operation = %v, want NotImplementedError", err)
	}

	noInput := Service.Operations["GetComplianceSummaryByConfigRule"]
	if _, ok := noInput.NewInput().(*shape.Empty); !ok {
		t.Errorf("NewInput of an operation without input = %T, want *shape.Empty", noInput.NewInput())
	}
}

func TestConfigurationRecorder_JSON(t *testing.T) {
	t.Parallel()
	in := ConfigurationRecorder{
		Name:    ptr("default"),
		RoleARN: ptr("arn:aws:iam::123456789012:role/config"),
		RecordingGroup: &RecordingGroup{
			AllSupported:  ptr(false),
			ResourceTypes: []ResourceType{ResourceTypeAwsEc2Instance},
		},
	}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"name":"default","roleARN":"arn:aws:iam::123456789012:role/config","recordingGroup":{"allSupported":false,"resourceTypes":["AWS::EC2::Instance"]}}`
	if string(b) != want {
		t.Errorf("Marshal =\n%s\nwant\n%s", b, want)
	}
	var out ConfigurationRecorder
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(out, in) {
		t.Errorf("round trip = %+v, want %+v", out, in)
	}
}

func TestEnum_Values(t *testing.T) {
	t.Parallel()
	got := OrganizationResourceStatus("").Values()
	if len(got) != 9 || got[1] != OrganizationResourceStatusCreateInProgress || string(got[1]) != "CREATE_IN_PROGRESS" {
		t.Errorf("Values() = %v", got)
	}
	for _, v := range ResourceType("").Values() {
		if !strings.Contains(string(v), "::") {
			t.Errorf("ResourceType value %q", v)
		}
	}
}
