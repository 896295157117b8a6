// Package control is the application layer: one method per API operation,
// working on domain types. It authorises the caller carried by the context,
// validates what the service models cannot express, and reads and writes
// through a [conforms.Store] in transactions.
//
// Errors it returns are *conforms.Error values with the codes and messages AWS
// uses; anything else is an internal failure.
package control

import (
	"cmp"
	"context"
	"crypto/rand"
	"io"
	"time"

	"conforms"
	"conforms/template"
)

// Service implements the operations. Set its fields before first use; the
// zero values of Now and Rand mean the real clock and crypto/rand. It is safe
// for concurrent use.
type Service struct {
	Store conforms.Store
	Now   func() time.Time
	Rand  io.Reader
	// Wake, when set, is called after a change that leaves background work
	// (a conformance pack to apply or deploy); it must not block.
	Wake func()
	// Limits are the quotas of conformance packs; zero fields take AWS's.
	Limits Limits
	// Deploy tunes the deployment of organization conformance packs; zero
	// fields take the defaults.
	Deploy DeployConfig

	contents contentsCache
}

// Limits are the quotas of conformance packs that conforms lets its users
// configure; zero fields take AWS's values. Values above the service
// model's bounds (60 parameters, 1,000 excluded accounts) cannot take effect,
// since requests beyond them are refused before they reach the quota.
type Limits struct {
	OrgConformancePacks int // per organization and region; 50
	RulesPerPack        int // 130
	InputParameters     int // 60
	ExcludedAccounts    int // 1,000
}

func (s *Service) limits() Limits {
	l := s.Limits
	l.OrgConformancePacks = cmp.Or(l.OrgConformancePacks, 50)
	l.RulesPerPack = cmp.Or(l.RulesPerPack, template.MaxRulesPerPack)
	l.InputParameters = cmp.Or(l.InputParameters, template.MaxInputParametersPack)
	l.ExcludedAccounts = cmp.Or(l.ExcludedAccounts, 1000)
	return l
}

// templateLimits returns the template limits for a TemplateBody.
func (s *Service) templateLimits() template.Limits {
	l := s.limits()
	tl := template.DefaultLimits()
	tl.MaxRules, tl.MaxInputParameters = l.RulesPerPack, l.InputParameters
	return tl
}

// DeployConfig tunes the deployment of organization conformance packs;
// zero fields take the defaults.
type DeployConfig struct {
	// Batch is how many accounts one worker claims and applies in one
	// transaction: 64.
	Batch int
	// Lease is how long a worker holds the accounts it claimed; a worker
	// that dies lets them go after it: 30 s.
	Lease time.Duration
	// RetryWindow is how long an account that fails is retried: 7 hours,
	// as AWS retries accounts without a recorder.
	RetryWindow time.Duration
	// MinBackoff and MaxBackoff bound the wait between two attempts, which
	// doubles from one to the other: 10 s and 5 min. An account whose
	// configuration recorder starts is retried at once.
	MinBackoff, MaxBackoff time.Duration
}

func (s *Service) deployConfig() DeployConfig {
	d := s.Deploy
	d.Batch = cmp.Or(d.Batch, 64)
	d.Lease = cmp.Or(d.Lease, 30*time.Second)
	d.RetryWindow = cmp.Or(d.RetryWindow, 7*time.Hour)
	d.MinBackoff = cmp.Or(d.MinBackoff, 10*time.Second)
	d.MaxBackoff = cmp.Or(d.MaxBackoff, 5*time.Minute)
	return d
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// random returns n characters drawn uniformly from alphabet.
func (s *Service) random(alphabet string, n int) string {
	r := s.Rand
	if r == nil {
		r = rand.Reader
	}
	out := make([]byte, n)
	buf := make([]byte, 1)
	limit := 256 - 256%len(alphabet) // reject bytes that would bias the draw
	for i := 0; i < n; {
		if _, err := io.ReadFull(r, buf); err != nil {
			panic("control: random source failed: " + err.Error())
		}
		if int(buf[0]) >= limit {
			continue
		}
		out[i] = alphabet[int(buf[0])%len(alphabet)]
		i++
	}
	return string(out)
}

const (
	lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"
	upperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	digits     = "0123456789"
	secretSet  = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
)

// caller returns the authenticated caller, which the transport always sets.
func caller(ctx context.Context) *conforms.Caller {
	if c := conforms.CallerFrom(ctx); c != nil {
		return c
	}
	return &conforms.Caller{}
}
