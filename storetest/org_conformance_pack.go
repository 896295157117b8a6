package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"conforms"
)

var orgConformancePackTests = []test{
	{"RoundTrip", testOrgPackRoundTrip},
	{"DeploymentsAndCascade", testDeployments},
	{"ClaimsAreExclusive", testClaimsAreExclusive},
	{"LeasesExpire", testLeasesExpire},
}

func newOrgPack(name string) *conforms.OrgConformancePack {
	return &conforms.OrgConformancePack{
		OrgID: "o-aaaaaaaaaa", Region: "us-east-1", Name: name, OwnerAccountID: "111111111111", Suffix: "abcdefgh",
		Template: "Resources: {}", TemplateS3URI: "s3://b/k", DeliveryS3Bucket: "awsconfigconforms-b", DeliveryS3KeyPrefix: "p",
		InputParameters:  []conforms.PackParameter{{Name: "A", Value: "1"}},
		ExcludedAccounts: []string{"222222222222"}, Generation: 3, Deleting: true, CreatedAt: at(1), LastUpdateTime: at(2),
	}
}

func newDeployment(pack, account string, gen, applied int64) *conforms.Deployment {
	return &conforms.Deployment{
		OrgID: "o-aaaaaaaaaa", Region: "us-east-1", PackName: pack, AccountID: account, Generation: gen, AppliedGeneration: applied,
		Status: conforms.OrgCreateInProgress, UpdatedAt: at(3),
	}
}

func testOrgPackRoundTrip(t *testing.T, s conforms.Store) {
	a, b := newOrgPack("pack-a"), newOrgPack("pack-b")
	b.OwnerAccountID, b.ExcludedAccounts, b.Deleting = "333333333333", nil, false
	update(t, s, func(tx conforms.Tx) error {
		if err := tx.PutOrgConformancePack(a); err != nil {
			return err
		}
		return tx.PutOrgConformancePack(b)
	})
	view(t, s, func(tx conforms.Tx) error {
		got, err := tx.OrgConformancePack(a.OrgID, a.Region, a.Name)
		if err != nil {
			t.Fatalf("OrgConformancePack: %v", err)
		}
		wantEqual(t, "OrgConformancePack(pack-a)", got, a)
		mine, err := tx.ListOrgConformancePacks(conforms.OrgConformancePackFilter{OrgID: a.OrgID, OwnerAccountID: "333333333333"})
		if err != nil {
			t.Fatalf("ListOrgConformancePacks: %v", err)
		}
		wantEqual(t, "ListOrgConformancePacks of an owner", mine, []*conforms.OrgConformancePack{b})
		_, err = tx.OrgConformancePack(a.OrgID, "eu-west-1", a.Name)
		wantErr(t, "OrgConformancePack in another region", err, conforms.ErrNotFound)
		return nil
	})
}

func testDeployments(t *testing.T, s conforms.Store) {
	update(t, s, func(tx conforms.Tx) error {
		if err := tx.PutOrgConformancePack(newOrgPack("pack-a")); err != nil {
			return err
		}
		for i, acct := range []string{"333333333333", "111111111111", "222222222222"} {
			d := newDeployment("pack-a", acct, 2, int64(i))
			if i == 2 {
				d.Status, d.ErrorCode, d.ErrorMessage, d.Attempts, d.NextAttemptAt = conforms.OrgCreateFailed, "NoAvailableConfigurationRecorderException", "no recorder", 2, at(9)
				d.RetryUntil = at(10)
			}
			if i == 0 {
				d.Remove, d.Status = true, conforms.OrgDeleteInProgress
			}
			if err := tx.PutDeployment(d); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, s, func(tx conforms.Tx) error {
		all, err := tx.ListDeployments(conforms.DeploymentFilter{PackName: "pack-a", Page: conforms.Page{After: "111111111111"}})
		if err != nil || len(all) != 2 || all[0].AccountID != "222222222222" || all[1].AccountID != "333333333333" {
			t.Fatalf("ListDeployments after 111111111111 = %v, %v", accounts(all), err)
		}
		wantEqual(t, "failed deployment", all[0], func() *conforms.Deployment {
			d := newDeployment("pack-a", "222222222222", 2, 2)
			d.Status, d.ErrorCode, d.ErrorMessage, d.Attempts, d.NextAttemptAt = conforms.OrgCreateFailed, "NoAvailableConfigurationRecorderException", "no recorder", 2, at(9)
			d.RetryUntil = at(10)
			return d
		}())
		targeted, err := tx.ListDeployments(conforms.DeploymentFilter{PackName: "pack-a", Targeted: true})
		if err != nil || len(targeted) != 2 || targeted[1].AccountID != "222222222222" {
			t.Fatalf("ListDeployments of targeted accounts = %v, %v", accounts(targeted), err)
		}
		counts, err := tx.CountDeployments("o-aaaaaaaaaa", "us-east-1", "pack-a")
		want := map[string]int{conforms.OrgCreateInProgress: 1, conforms.OrgCreateFailed: 1, conforms.OrgDeleteInProgress: 1}
		if err != nil || fmt.Sprint(counts) != fmt.Sprint(want) {
			t.Fatalf("CountDeployments = %v, %v; want %v", counts, err, want)
		}
		return nil
	})
	update(t, s, func(tx conforms.Tx) error {
		wantErr(t, "DeleteDeployment", tx.DeleteDeployment("o-aaaaaaaaaa", "us-east-1", "pack-a", "333333333333"), nil)
		wantErr(t, "DeleteDeployment again", tx.DeleteDeployment("o-aaaaaaaaaa", "us-east-1", "pack-a", "333333333333"), conforms.ErrNotFound)
		return nil
	})
	view(t, s, func(tx conforms.Tx) error {
		failed, err := tx.ListDeployments(conforms.DeploymentFilter{PackName: "pack-a", Status: conforms.OrgCreateFailed})
		if err != nil || len(failed) != 1 {
			t.Fatalf("ListDeployments by status = %v, %v", accounts(failed), err)
		}
		return nil
	})
	update(t, s, func(tx conforms.Tx) error { return tx.DeleteOrgConformancePack("o-aaaaaaaaaa", "us-east-1", "pack-a") })
	view(t, s, func(tx conforms.Tx) error {
		left, err := tx.ListDeployments(conforms.DeploymentFilter{PackName: "pack-a"})
		if err != nil || len(left) != 0 {
			t.Fatalf("deployments after the pack was deleted = %v, %v", accounts(left), err)
		}
		return nil
	})
}

func accounts(ds []*conforms.Deployment) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.AccountID)
	}
	return out
}

// testClaimsAreExclusive has 8 workers claim 200 pending rows, a few at a
// time, and complete them: every row is applied exactly once.
func testClaimsAreExclusive(t *testing.T, s conforms.Store) {
	const rows = 200
	update(t, s, func(tx conforms.Tx) error {
		if err := tx.PutOrgConformancePack(newOrgPack("pack-a")); err != nil {
			return err
		}
		for i := range rows {
			if err := tx.PutDeployment(newDeployment("pack-a", fmt.Sprintf("%012d", i), 1, 0)); err != nil {
				return err
			}
		}
		// Done and not yet due rows are never claimed.
		if err := tx.PutDeployment(newDeployment("pack-a", "999999999998", 1, 1)); err != nil {
			return err
		}
		later := newDeployment("pack-a", "999999999999", 1, 0)
		later.NextAttemptAt = time.Now().Add(time.Hour)
		return tx.PutDeployment(later)
	})
	var mu sync.Mutex
	applied := map[string]int{}
	var wg sync.WaitGroup
	for w := range 8 {
		owner := fmt.Sprintf("worker-%d", w)
		wg.Go(func() {
			for {
				var claimed []*conforms.Deployment
				err := s.Update(t.Context(), func(tx conforms.Tx) (err error) {
					claimed, err = tx.ClaimDeployments(owner, time.Now(), time.Minute, 7)
					return err
				})
				if err != nil {
					t.Errorf("ClaimDeployments: %v", err)
					return
				}
				if len(claimed) == 0 {
					return
				}
				for _, d := range claimed {
					if d.LeaseOwner != owner {
						t.Errorf("claimed row leased to %q, want %q", d.LeaseOwner, owner)
					}
					d.AppliedGeneration, d.Status = d.Generation, conforms.OrgCreateSuccessful
					if err := s.Update(t.Context(), func(tx conforms.Tx) error { return tx.CompleteDeployment(d, owner) }); err != nil {
						t.Errorf("CompleteDeployment: %v", err)
					}
					mu.Lock()
					applied[d.AccountID]++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if len(applied) != rows {
		t.Errorf("%d rows applied, want %d", len(applied), rows)
	}
	for acct, n := range applied {
		if n != 1 {
			t.Errorf("row %s applied %d times", acct, n)
		}
	}
	if applied["999999999998"]+applied["999999999999"] != 0 {
		t.Errorf("a done or not yet due row was claimed")
	}
}

// testLeasesExpire checks that an expired lease can be claimed again and
// that the first owner then cannot complete the row.
func testLeasesExpire(t *testing.T, s conforms.Store) {
	update(t, s, func(tx conforms.Tx) error {
		if err := tx.PutOrgConformancePack(newOrgPack("pack-a")); err != nil {
			return err
		}
		return tx.PutDeployment(newDeployment("pack-a", "111111111111", 1, 0))
	})
	now := time.Now()
	claim := func(owner string, at time.Time) []*conforms.Deployment {
		var got []*conforms.Deployment
		update(t, s, func(tx conforms.Tx) (err error) {
			got, err = tx.ClaimDeployments(owner, at, time.Minute, 10)
			return err
		})
		return got
	}
	first := claim("a", now)
	if len(first) != 1 {
		t.Fatalf("first claim got %d rows, want 1", len(first))
	}
	if again := claim("b", now.Add(30*time.Second)); len(again) != 0 {
		t.Fatalf("a leased row was claimed again: %v", accounts(again))
	}
	second := claim("b", now.Add(2*time.Minute))
	if len(second) != 1 || second[0].LeaseOwner != "b" {
		t.Fatalf("claim after the lease expired = %v", second)
	}
	err := s.Update(t.Context(), func(tx conforms.Tx) error { return tx.CompleteDeployment(first[0], "a") })
	if !errors.Is(err, conforms.ErrConflict) {
		t.Fatalf("CompleteDeployment by the owner of an expired lease = %v, want ErrConflict", err)
	}
	update(t, s, func(tx conforms.Tx) error { return tx.CompleteDeployment(second[0], "b") })
}
