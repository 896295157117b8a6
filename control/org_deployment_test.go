package control

import (
	"math"
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	cfg := DeployConfig{MinBackoff: 10 * time.Second, MaxBackoff: 5 * time.Minute}
	huge := DeployConfig{MinBackoff: time.Hour, MaxBackoff: math.MaxInt64}
	tests := []struct {
		cfg      DeployConfig
		attempts int
		want     time.Duration
	}{
		{cfg, 1, 10 * time.Second},
		{cfg, 2, 20 * time.Second},
		{cfg, 5, 160 * time.Second},
		{cfg, 6, 5 * time.Minute},
		{cfg, 31, 5 * time.Minute}, // 10s<<30 overflows
		{cfg, 1000, 5 * time.Minute},
		{huge, 40, math.MaxInt64},
		{DeployConfig{MinBackoff: time.Minute, MaxBackoff: time.Second}, 3, time.Second},
	}
	for _, tt := range tests {
		if got := backoff(tt.cfg, tt.attempts); got != tt.want {
			t.Errorf("backoff(%v, %d) = %v, want %v", tt.cfg, tt.attempts, got, tt.want)
		}
	}
}
