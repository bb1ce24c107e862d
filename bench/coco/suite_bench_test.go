package coco

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"
)

// BenchmarkSuite records and writes one method's runs on COCO's default
// suite at a budget of 1,000 n: 24 functions x dimensions 2, 3, 5, 10, 20 x
// 15 instances = 1,800 runs, 14.4 million evaluations of a synthetic f that
// improves now and then (f_opt + 100 e^(-10 k/budget) (1 + u), u uniform).
// It reports the bytes of JSON the logs take and the recording and writing
// times separately.
func BenchmarkSuite(b *testing.B) {
	dims := []int{2, 3, 5, 10, 20}
	for b.Loop() {
		rng := rand.New(rand.NewPCG(1, 2))
		var runs []RunLog
		var evals, jsonBytes int64
		b.StopTimer()
		x := make([]float64, 20)
		b.StartTimer()
		for fn := 1; fn <= 24; fn++ {
			for _, n := range dims {
				for inst := 1; inst <= 15; inst++ {
					fopt := float64(fn*100 + inst)
					r := NewRecorder(n, fopt)
					budget := 1000 * n
					for k := range budget {
						r.Observe(x[:n], fopt+100*math.Exp(-10*float64(k)/float64(budget))*(1+rng.Float64()))
					}
					evals += int64(budget)
					runs = append(runs, RunLog{Function: fn, Dim: n, Instance: inst, FOpt: fopt, Log: r.Log()})
				}
			}
		}
		b.StopTimer()
		for _, r := range runs {
			j, _ := json.Marshal(r.Log)
			jsonBytes += int64(len(j))
		}
		dir := b.TempDir()
		b.StartTimer()
		if err := Write(dir, "M", "", runs); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(evals), "evals")
		b.ReportMetric(float64(jsonBytes)/float64(len(runs)), "json-B/run")
	}
}

// BenchmarkWriteSuite is the Write part of BenchmarkSuite alone.
func BenchmarkWriteSuite(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	var runs []RunLog
	x := make([]float64, 20)
	for fn := 1; fn <= 24; fn++ {
		for _, n := range []int{2, 3, 5, 10, 20} {
			for inst := 1; inst <= 15; inst++ {
				fopt := float64(fn*100 + inst)
				r := NewRecorder(n, fopt)
				for k := range 1000 * n {
					r.Observe(x[:n], fopt+100*math.Exp(-10*float64(k)/float64(1000*n))*(1+rng.Float64()))
				}
				runs = append(runs, RunLog{Function: fn, Dim: n, Instance: inst, FOpt: fopt, Log: r.Log()})
			}
		}
	}
	for b.Loop() {
		b.StopTimer()
		dir := b.TempDir()
		b.StartTimer()
		if err := Write(dir, "M", "", runs); err != nil {
			b.Fatal(err)
		}
	}
}
