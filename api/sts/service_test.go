package sts

import "testing"

func TestService(t *testing.T) {
	t.Parallel()
	if Service.Protocol != "query" || Service.Version != "2011-06-15" || Service.TargetPrefix != "" {
		t.Errorf("Service = %+v", Service)
	}
	if op := Service.Operations["GetCallerIdentity"]; op == nil || op.Name != "GetCallerIdentity" || op.NewInput != nil {
		t.Errorf("GetCallerIdentity = %+v", op)
	}
	tests := []struct {
		code   string
		status int
	}{
		{"ExpiredTokenException", 400},
		{"IDPRejectedClaim", 403}, // shape IDPRejectedClaimException
		{"MalformedPolicyDocument", 400},
		{"RegionDisabledException", 403},
	}
	for _, tt := range tests {
		if got, ok := Service.Errors[tt.code]; !ok || got.Code != tt.code || got.Status != tt.status || got.MessageMember != "message" {
			t.Errorf("Errors[%s] = %+v, want status %d", tt.code, got, tt.status)
		}
	}
}
