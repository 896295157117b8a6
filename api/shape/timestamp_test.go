package shape

import (
	"encoding/json"
	"testing"
	"time"
)

func TestTimestamp_MarshalJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   time.Time
		want string
	}{
		{"Millis", time.UnixMilli(1573865201619), "1573865201.619"},
		{"WholeSeconds", time.Unix(1573865201, 0), "1573865201"},
		{"TrailingZerosTrimmed", time.UnixMilli(1573865201500), "1573865201.5"},
		{"SubMillisTruncated", time.Unix(1573865201, 619999999), "1573865201.619"},
		{"BeforeEpoch", time.UnixMilli(-1500), "-2.5"},
		{"Epoch", time.Unix(0, 0), "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.Marshal(Timestamp{tt.in})
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			if string(got) != tt.want {
				t.Errorf("Marshal(%v) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestTimestamp_UnmarshalJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want time.Time
	}{
		{"Number", `1573865201.619`, time.UnixMilli(1573865201619)},
		{"Integer", `1573865201`, time.Unix(1573865201, 0)},
		{"Nanos", `1573865201.123456789`, time.Unix(1573865201, 123456789)},
		{"Exponent", `1.573865201619E9`, time.UnixMilli(1573865201619)},
		{"Negative", `-2.5`, time.UnixMilli(-2500)},
		{"RFC3339", `"2019-11-16T00:46:41.619Z"`, time.UnixMilli(1573865201619)},
		{"RFC3339Offset", `"2019-11-16T01:46:41+01:00"`, time.Unix(1573865201, 0)},
		{"QuotedEpoch", `"1573865201.619"`, time.UnixMilli(1573865201619)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got Timestamp
			if err := json.Unmarshal([]byte(tt.in), &got); err != nil {
				t.Fatalf("Unmarshal(%s): %v", tt.in, err)
			}
			if !got.Equal(tt.want) {
				t.Errorf("Unmarshal(%s) = %v, want %v", tt.in, got.Time, tt.want)
			}
		})
	}
}

func TestTimestamp_UnmarshalJSON_Err(t *testing.T) {
	t.Parallel()
	for _, in := range []string{`"yesterday"`, `true`, `1.2.3`, `"1573865201.x"`} {
		var ts Timestamp
		if err := json.Unmarshal([]byte(in), &ts); err == nil {
			t.Errorf("Unmarshal(%s) = %v, want error", in, ts.Time)
		}
	}
}

func TestTimestamp_RoundTrip(t *testing.T) {
	t.Parallel()
	type doc struct {
		At    *Timestamp `json:"at,omitempty"`
		Unset *Timestamp `json:"unset,omitempty"`
	}
	in := doc{At: NewTimestamp(time.UnixMilli(1573865201619))}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"at":1573865201.619}`; string(b) != want {
		t.Fatalf("Marshal = %s, want %s", b, want)
	}
	var out doc
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if out.At == nil || !out.At.Equal(in.At.Time) || out.Unset != nil {
		t.Errorf("round trip = %+v, want %+v", out, in)
	}
}
