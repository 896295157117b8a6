// Package storetest is the conformance suite of [conforms.Store]: the tests
// that every store implementation (package sqlite, and later package postgres)
// must pass, so that the rest of the server can rely on the contract written in
// the doc comments of conforms.Store and conforms.Tx rather than on one store.
//
// A store's own test calls [Run] with a function that opens a fresh, empty
// store:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) conforms.Store {
//			return MustOpen(t, filepath.Join(t.TempDir(), "db"))
//		})
//	}
package storetest

import (
	"errors"
	"testing"
	"time"

	"conforms"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// Run runs the conformance suite against the stores that open returns.
//
// Every subtest calls open once for a fresh, empty store, and subtests run in
// parallel, so open must be safe to call concurrently. open must arrange for
// the store to be closed when t ends (with t.Cleanup); Run does not close it.
func Run(t *testing.T, open func(t *testing.T) conforms.Store) {
	families := []struct {
		name  string
		tests []test
	}{
		{"Settings", settingTests},
		{"Accounts", accountTests},
		{"Organizations", organizationTests},
		{"OrgUnits", orgUnitTests},
		{"CreateAccountStatuses", createAccountStatusTests},
		{"ServiceAccess", serviceAccessTests},
		{"DelegatedAdmins", delegatedAdminTests},
		{"Roles", roleTests},
		{"AccessKeys", accessKeyTests},
		{"Recorders", recorderTests},
		{"DeliveryChannels", deliveryChannelTests},
		{"ConfigRules", configRuleTests},
		{"Remediations", remediationTests},
		{"ConformancePacks", conformancePackTests},
		{"OrgConformancePacks", orgConformancePackTests},
		{"Resources", resourceTests},
		{"Evaluations", evaluationTests},
		{"Aggregators", aggregatorTests},
		{"Buckets", bucketTests},
		{"Objects", objectTests},
		{"Transactions", transactionTests},
	}
	for _, f := range families {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			for _, tt := range f.tests {
				t.Run(tt.name, func(t *testing.T) {
					t.Parallel()
					tt.fn(t, open(t))
				})
			}
		})
	}
}

// test is one subtest of a method family. Each gets its own store.
type test struct {
	name string
	fn   func(t *testing.T, s conforms.Store)
}

// opts compares domain values: times by instant and location (stores return
// UTC), and nil slices equal to empty ones.
var opts = cmp.Options{
	cmpopts.EquateEmpty(),
	cmp.Comparer(func(x, y time.Time) bool {
		return x.Equal(y) && x.Location().String() == y.Location().String()
	}),
}

// t0 is the base of the suite's times. It has microseconds, which every store
// must keep; stores may drop anything finer.
var t0 = time.Date(2024, time.March, 1, 12, 30, 45, 123456000, time.UTC)

// at returns t0 plus n minutes.
func at(n int) time.Time { return t0.Add(time.Duration(n) * time.Minute) }

// update runs fn in s.Update and fails the test if it returns an error.
func update(t *testing.T, s conforms.Store, fn func(tx conforms.Tx) error) {
	t.Helper()
	if err := s.Update(t.Context(), fn); err != nil {
		t.Fatalf("Update: %v", err)
	}
}

// view runs fn in s.View and fails the test if it returns an error.
func view(t *testing.T, s conforms.Store, fn func(tx conforms.Tx) error) {
	t.Helper()
	if err := s.View(t.Context(), fn); err != nil {
		t.Fatalf("View: %v", err)
	}
}

// wantErr fails the test unless err is (or wraps) want. call names the call
// that returned err.
func wantErr(t *testing.T, call string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Errorf("%s error = %v, want %v", call, err, want)
	}
}

// wantEqual fails the test if got differs from want.
func wantEqual(t *testing.T, call string, got, want any) {
	t.Helper()
	if diff := cmp.Diff(want, got, opts); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", call, diff)
	}
}
