package catalog

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	t.Parallel()
	tests := []struct {
		id   string
		want *Rule // nil: not found
	}{
		{"ACCESS_KEYS_ROTATED", &Rule{
			Identifier: "ACCESS_KEYS_ROTATED", Name: "access-keys-rotated", Periodic: true,
			ResourceTypes: []string{"AWS::IAM::User"},
			Parameters:    []Parameter{{Name: "maxAccessKeyAge", Type: TypeInt, Optional: false, Default: "90"}},
		}},
		{"INCOMING_SSH_DISABLED", &Rule{
			Identifier: "INCOMING_SSH_DISABLED", Name: "restricted-ssh", ConfigurationChanges: true, Periodic: true,
			ResourceTypes: []string{"AWS::EC2::SecurityGroup"},
		}},
		{"ACM_CERTIFICATE_EXPIRATION_CHECK", &Rule{
			Identifier: "ACM_CERTIFICATE_EXPIRATION_CHECK", ConfigurationChanges: true, Periodic: true,
			ResourceTypes: []string{"AWS::ACM::Certificate"},
			Parameters:    []Parameter{{Name: "daysToExpiration", Type: TypeInt, Optional: true, Default: "14"}},
		}},
		{"S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS", &Rule{
			Identifier: "S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS", ConfigurationChanges: true,
			ResourceTypes: []string{"AWS::S3::AccountPublicAccessBlock"},
			Parameters: []Parameter{
				{Name: "RestrictPublicBuckets", Type: TypeString, Optional: true, Default: "True"},
				{Name: "BlockPublicPolicy", Type: TypeString, Optional: true, Default: "True"},
				{Name: "BlockPublicAcls", Type: TypeString, Optional: true, Default: "True"},
				{Name: "IgnorePublicAcls", Type: TypeString, Optional: true, Default: "True"},
			},
		}},
		{"ACCOUNT_PART_OF_ORGANIZATIONS", &Rule{ // account level: no resource types
			Identifier: "ACCOUNT_PART_OF_ORGANIZATIONS", Periodic: true,
			Parameters: []Parameter{{Name: "MasterAccountId", Type: TypeString, Optional: true}},
		}},
		{ProcessCheck, &Rule{Identifier: ProcessCheck, Name: "aws-config-process-check"}},
		{"access_keys_rotated", nil},
		{"NO_SUCH_RULE", nil},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			t.Parallel()
			got, ok := Lookup(tt.id)
			if ok != (tt.want != nil) {
				t.Fatalf("Lookup(%q) ok = %v, want %v", tt.id, ok, tt.want != nil)
			}
			if ok && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Lookup(%q) =\n%+v\nwant\n%+v", tt.id, got, tt.want)
			}
		})
	}
}

func TestRule_Parameter(t *testing.T) {
	t.Parallel()
	r, _ := Lookup("IAM_PASSWORD_POLICY")
	if p, ok := r.Parameter("MinimumPasswordLength"); !ok || p.Type != TypeInt || p.Default != "14" {
		t.Errorf("Parameter(MinimumPasswordLength) = %+v, %v", p, ok)
	}
	if _, ok := r.Parameter("minimumpasswordlength"); ok {
		t.Error("Parameter matched a name that differs in case")
	}
}

func TestAll(t *testing.T) {
	t.Parallel()
	all := All()
	if len(all) != 823 {
		t.Fatalf("len(All()) = %d, want 823 (822 documented rules + %s)", len(all), ProcessCheck)
	}
	if !slices.IsSortedFunc(all, func(a, b *Rule) int { return strings.Compare(a.Identifier, b.Identifier) }) {
		t.Error("All() is not sorted by identifier")
	}
	named := 0
	for i, r := range all {
		if i > 0 && all[i-1].Identifier == r.Identifier {
			t.Errorf("identifier %s listed twice", r.Identifier)
		}
		if got, _ := Lookup(r.Identifier); got != r {
			t.Errorf("Lookup(%s) does not return the rule All() lists", r.Identifier)
		}
		if r.Name != "" {
			named++
		}
		checkRule(t, r)
	}
	if named != 60 {
		t.Errorf("%d rules have a name, want 60 (top-rules.json)", named)
	}
	all[0] = nil
	if All()[0] == nil {
		t.Error("All() returns the catalog's own slice")
	}
}

// checkRule checks one rule's invariants: a trigger (except the process
// check), known parameter types, and documented defaults of the right type.
func checkRule(t *testing.T, r *Rule) {
	t.Helper()
	if (r.Identifier == ProcessCheck) == (r.ConfigurationChanges || r.Periodic) {
		t.Errorf("%s: ConfigurationChanges=%v Periodic=%v", r.Identifier, r.ConfigurationChanges, r.Periodic)
	}
	for _, p := range r.Parameters {
		if !slices.Contains([]string{TypeString, TypeCSV, TypeStringMap, TypeInt, TypeDouble, TypeBoolean}, p.Type) {
			t.Errorf("%s.%s: unknown type %q", r.Identifier, p.Name, p.Type)
		}
		if p.Default != "" && !validValue(p.Type, p.Default) {
			t.Errorf("%s.%s: default %q is not a valid %s", r.Identifier, p.Name, p.Default, p.Type)
		}
	}
}

func TestDecode_Invalid(t *testing.T) {
	t.Parallel()
	if _, err := decode([]byte(`{"rules":[`)); err == nil {
		t.Error("decode accepted truncated JSON")
	}
}

// BenchmarkDecode measures the one-off cost of the first Lookup or All.
func BenchmarkDecode(b *testing.B) {
	for b.Loop() {
		if _, err := decode(managedRulesJSON); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCheckParameters(b *testing.B) {
	in := `{"RequireUppercaseCharacters":"true","MinimumPasswordLength":"14","MaxPasswordAge":"90"}`
	for b.Loop() {
		if err := CheckParameters("IAM_PASSWORD_POLICY", in); err != nil {
			b.Fatal(err)
		}
	}
}
