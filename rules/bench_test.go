package rules_test

import (
	"os"
	"path/filepath"
	"testing"

	"conforms/rules"
)

// BenchmarkEvaluate measures raw evaluation: every implemented rule that
// applies to a corpus CI (../shared/corpus/configuration-items/rdk-example-ci),
// on the parsed item, one evaluation an op. Report with -cpu 1 for the
// per-core rate.
func BenchmarkEvaluate(b *testing.B) {
	type job struct {
		r  *rules.Rule
		it *rules.Item
	}
	var jobs []job
	entries, err := os.ReadDir(filepath.Join(corpusDir, "rdk-example-ci"))
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(corpusDir, "rdk-example-ci", e.Name()))
		if err != nil || filepath.Ext(e.Name()) != ".json" {
			continue
		}
		it, err := rules.ParseItem(data)
		if err != nil {
			continue
		}
		for _, id := range rules.Identifiers() {
			r, _ := rules.Lookup(id)
			if !r.Applies(it.ResourceType) {
				continue
			}
			// Rules with required parameters are left out: they refuse none.
			if _, err := r.Evaluate(it, rules.Params{}, rules.StaticEnv{At: testNow}); err == nil {
				jobs = append(jobs, job{r, it})
			}
		}
	}
	if len(jobs) == 0 {
		b.Skip("no rule applies to the corpus CIs")
	}
	env := rules.StaticEnv{At: testNow}
	params := rules.Params{}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		j := jobs[i%len(jobs)]
		if _, err := j.r.Evaluate(j.it, params, env); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(jobs)), "jobs")
}
