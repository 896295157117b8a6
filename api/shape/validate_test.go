package shape

import (
	"context"
	"errors"
	"testing"
)

type color string

func TestValidationError_Error(t *testing.T) {
	t.Parallel()
	pattern := Violation{Path: "organizationConformancePackName", Value: "'x y'",
		Constraint: "Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*", Kind: KindPattern}
	null := Violation{Path: "templateS3Uri", Value: "null", Constraint: "Member must not be null", Kind: KindRequired}
	tests := []struct {
		name string
		in   []Violation
		want string
	}{
		{"One", []Violation{pattern},
			"1 validation error detected: Value 'x y' at 'organizationConformancePackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*"},
		{"Two", []Violation{pattern, null},
			"2 validation errors detected: Value 'x y' at 'organizationConformancePackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*; Value null at 'templateS3Uri' failed to satisfy constraint: Member must not be null"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := (&ValidationError{Violations: tt.in}).Error()
			if err != tt.want {
				t.Errorf("Error() =\n%s\nwant\n%s", err, tt.want)
			}
		})
	}
}

// check runs f on a fresh Checker and returns the rendered error ("" when valid).
func check(f func(c *Checker)) string {
	var c Checker
	f(&c)
	if err := c.Err(); err != nil {
		return err.Error()
	}
	return ""
}

func ptr[T any](v T) *T { return &v }

func TestCheckers(t *testing.T) {
	t.Parallel()
	name := &Rule{Min: 1, HasMin: true, Max: 5, HasMax: true, Pattern: MustPattern(`[a-z]+`, `^(?:[a-z]+)$`)}
	account := &Rule{Max: 12, HasMax: true, Pattern: MustPattern(`\d{12}`, `^(?:\d{12})$`)}
	limit := &Rule{Min: 0, HasMin: true, Max: 100, HasMax: true}
	colors := &Rule{Enum: NewEnum([]color{"RED", "GREEN"})}
	short := &Rule{Max: 2, HasMax: true}
	const prefix = "1 validation error detected: "
	tests := []struct {
		name string
		f    func(c *Checker)
		want string
	}{
		{"StringOK", func(c *Checker) { String(c, "", "name", ptr("abc"), name, true) }, ""},
		{"StringNull", func(c *Checker) { String(c, "a.b", "name", (*string)(nil), name, true) },
			prefix + "Value null at 'a.b.name' failed to satisfy constraint: Member must not be null"},
		{"StringOptionalNil", func(c *Checker) { String(c, "", "name", (*string)(nil), name, false) }, ""},
		{"StringLengthCountsRunes", func(c *Checker) { String(c, "", "s", ptr("ééé"), short, false) },
			prefix + "Value 'ééé' at 's' failed to satisfy constraint: Member must have length less than or equal to 2"},
		{"StringTooLongAndPattern", func(c *Checker) { String(c, "", "name", ptr("ABCDEF"), name, false) },
			"2 validation errors detected: Value 'ABCDEF' at 'name' failed to satisfy constraint: Member must have length less than or equal to 5; " +
				"Value 'ABCDEF' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z]+"},
		{"PatternIsAnchored", func(c *Checker) { String(c, "", "name", ptr("ab1"), name, false) },
			prefix + "Value 'ab1' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z]+"},
		{"Enum", func(c *Checker) { String(c, "", "color", ptr(color("BLUE")), colors, false) },
			prefix + "Value 'BLUE' at 'color' failed to satisfy constraint: Member must satisfy enum value set: [RED, GREEN]"},
		{"NumberMax", func(c *Checker) { Number(c, "", "limit", ptr(int32(200)), limit, false) },
			prefix + "Value '200' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100"},
		{"NumberMin", func(c *Checker) { Number(c, "", "limit", ptr(int64(-1)), limit, false) },
			prefix + "Value '-1' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 0"},
		{"NumberZeroOK", func(c *Checker) { Number(c, "", "limit", ptr(int32(0)), limit, false) }, ""},
		{"StringListElements", func(c *Checker) {
			StringList(c, "", "excludedAccounts", []string{"abc", "123456789012", "1234567890123"}, nil, account, false)
		}, prefix + "Value '[abc, 123456789012, 1234567890123]' at 'excludedAccounts' failed to satisfy constraint: " +
			"Member must satisfy constraint: [Member must have length less than or equal to 12, Member must satisfy regular expression pattern: \\d{12}]"},
		{"StringListLength", func(c *Checker) { StringList(c, "", "l", []string{"a", "b", "c"}, short, nil, false) },
			prefix + "Value '[a, b, c]' at 'l' failed to satisfy constraint: Member must have length less than or equal to 2"},
		{"ListRequired", func(c *Checker) { List(c, "", "l", []int(nil), nil, true) },
			prefix + "Value null at 'l' failed to satisfy constraint: Member must not be null"},
		{"ListEmptyIsPresent", func(c *Checker) { List(c, "", "l", []int{}, nil, true) }, ""},
		{"MapKeysAndValues", func(c *Checker) {
			StringMap(c, "", "tags", map[string]string{"ok": "v", "toolong": "x"}, nil, short, account, false)
		}, "2 validation errors detected: Value '{ok=v, toolong=x}' at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 2]; " +
			"Value '{ok=v, toolong=x}' at 'tags' failed to satisfy constraint: Map value must satisfy constraint: [Member must satisfy regular expression pattern: \\d{12}]"},
		{"Required", func(c *Checker) { Required(c, "", "flag", (*bool)(nil)) },
			prefix + "Value null at 'flag' failed to satisfy constraint: Member must not be null"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := check(tt.f); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestChecker_Kinds(t *testing.T) {
	t.Parallel()
	var c Checker
	String(&c, "", "a", (*string)(nil), nil, true)
	StringList(&c, "", "b", []string{"x"}, nil, &Rule{Min: 2, HasMin: true}, false)
	var ve *ValidationError
	if !errors.As(c.Err(), &ve) {
		t.Fatalf("Err() = %v, want *ValidationError", c.Err())
	}
	if got := []string{ve.Violations[0].Kind, ve.Violations[1].Kind}; got[0] != KindRequired || got[1] != KindList {
		t.Errorf("kinds = %v, want [%s %s]", got, KindRequired, KindList)
	}
}

func TestPaths(t *testing.T) {
	t.Parallel()
	tests := []struct{ got, want string }{
		{Join("", "configRule"), "configRule"},
		{Join("configRule", "source"), "configRule.source"},
		{Elem("", "geoLocations", 0), "geoLocations.1.member"},
		{Elem("a", "b", 9), "a.b.10.member"},
		{Key("", "params", "k"), "params.k.member"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("path = %q, want %q", tt.got, tt.want)
		}
	}
}

type testInput struct{ N int }

func (*testInput) Validate() error { return nil }

type testOutput struct{ N int }

type testHandler interface {
	Op(context.Context, *testInput) (*testOutput, error)
}

type impl struct{ out *testOutput }

func (h impl) Op(_ context.Context, in *testInput) (*testOutput, error) {
	if in.N < 0 {
		return nil, NotImplemented("Op")
	}
	return h.out, nil
}

func TestNewOperation(t *testing.T) {
	t.Parallel()
	op := NewOperation("Op", testHandler.Op)
	in := op.NewInput()
	if _, ok := in.(*testInput); !ok || op.Name != "Op" {
		t.Fatalf("NewInput() = %T, Name %q", in, op.Name)
	}
	in.(*testInput).N = 1
	out, err := op.Invoke(context.Background(), impl{out: &testOutput{N: 7}}, in)
	if err != nil || out.(*testOutput).N != 7 {
		t.Errorf("Invoke = %v, %v; want &{7}, nil", out, err)
	}
	if out, err := op.Invoke(context.Background(), impl{}, in); err != nil || out.(*testOutput) == nil {
		t.Errorf("Invoke with nil output = %#v, %v; want zero output", out, err)
	}
	in.(*testInput).N = -1
	_, err = op.Invoke(context.Background(), impl{}, in)
	var ni *NotImplementedError
	if !errors.As(err, &ni) || err.Error() != "operation Op is not implemented yet" {
		t.Errorf("Invoke error = %v, want NotImplementedError", err)
	}
	if _, err := op.Invoke(context.Background(), struct{}{}, in); err == nil {
		t.Error("Invoke with a foreign handler: want error")
	}
	if _, err := op.Invoke(context.Background(), impl{}, &Empty{}); err == nil {
		t.Error("Invoke with a foreign input: want error")
	}
}
