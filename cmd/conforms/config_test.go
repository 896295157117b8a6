package main

import (
	"strings"
	"testing"
	"time"
)

// TestConfig_FlagsAndEnvironment: flags win over the environment, and a
// malformed number in the environment is refused rather than taken for a
// meaningful value (-1 deployment workers means none).
func TestConfig_FlagsAndEnvironment(t *testing.T) {
	t.Setenv("CONFORMS_DEPLOY_WORKERS", "3")
	t.Setenv("CONFORMS_DEPLOY_LEASE", "5s")
	m := NewMain()
	if err := m.ParseFlags([]string{"--deploy-workers", "4", "--quota-org-packs", "7"}); err != nil {
		t.Fatal(err)
	}
	if c := m.Config; c.DeployWorkers != 4 || c.Deploy.Lease != 5*time.Second || c.Limits.OrgConformancePacks != 7 {
		t.Fatalf("config = %+v", c)
	}
	for key, value := range map[string]string{
		"CONFORMS_DEPLOY_WORKERS": "two", "CONFORMS_DEPLOY_LEASE": "30", "CONFORMS_QUOTA_PACK_RULES": "many",
	} {
		t.Run(key, func(t *testing.T) {
			t.Setenv(key, value)
			err := NewMain().ParseFlags(nil)
			if err == nil || !strings.Contains(err.Error(), "malformed") {
				t.Fatalf("%s=%s: err = %v, want a refusal", key, value, err)
			}
		})
	}
	if err := NewMain().ParseFlags([]string{"--deploy-workers", "-2"}); err == nil {
		t.Fatal("--deploy-workers -2 was accepted")
	}
}
