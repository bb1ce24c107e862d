package objective

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// naiveLossGrad is a sample-by-sample reference of E and its gradient with
// the math package's exp and log, written straight from the formulas.
func naiveLossGrad(net Network, d *Dataset, lambda float64, x []float64) (float64, []float64) {
	w, v := net.Split(x)
	D, M, K := net.Inputs, net.Hidden, net.Classes
	grad := make([]float64, len(x))
	gw, gv := grad[:net.NumW()], grad[net.NumW():]
	var loss float64
	n := d.Len()
	z := make([]float64, M)
	a := make([]float64, K)
	for i := range n {
		for j := range M {
			b := w[j*(D+1)+D]
			for f := range D {
				b += w[j*(D+1)+f] * d.At(i, f)
			}
			if b >= 0 {
				z[j] = 1 / (1 + math.Exp(-b))
			} else {
				z[j] = math.Exp(b) / (1 + math.Exp(b))
			}
		}
		amax := math.Inf(-1)
		for k := range K {
			a[k] = v[k*(M+1)+M]
			for j := range M {
				a[k] += v[k*(M+1)+j] * z[j]
			}
			amax = max(amax, a[k])
		}
		var s float64
		for k := range K {
			s += math.Exp(a[k] - amax)
		}
		t := d.Labels[i]
		loss += amax + math.Log(s) - a[t]
		for k := range K {
			d2 := math.Exp(a[k]-amax) / s
			if k == t {
				d2--
			}
			for j := range M {
				gv[k*(M+1)+j] += d2 * z[j]
				d1 := d2 * v[k*(M+1)+j] * z[j] * (1 - z[j])
				for f := range D {
					gw[j*(D+1)+f] += d1 * d.At(i, f)
				}
				gw[j*(D+1)+D] += d1
			}
			gv[k*(M+1)+M] += d2
		}
	}
	loss /= float64(n)
	for i := range grad {
		grad[i] = grad[i]/float64(n) + lambda*x[i]
		loss += 0.5 * lambda * x[i] * x[i]
	}
	return loss, grad
}

// randomProblem draws n samples of a d-feature, k-class problem and a
// parameter vector with entries of standard deviation scale.
func randomProblem(rng *rand.Rand, net Network, n int, scale float64) (*Dataset, []float64) {
	rows := make([]float64, n*net.Inputs)
	for i := range rows {
		rows[i] = rng.NormFloat64()
	}
	labels := make([]int, n)
	for i := range labels {
		labels[i] = i % net.Classes // every class present
	}
	rng.Shuffle(n, func(i, j int) { labels[i], labels[j] = labels[j], labels[i] })
	d, err := NewDataset(rows, labels, net.Inputs, net.Classes)
	if err != nil {
		panic(err)
	}
	x := make([]float64, net.NumParams())
	for i := range x {
		x[i] = scale * rng.NormFloat64()
	}
	return d, x
}

func maxRelDiff(a, b []float64) float64 {
	var diff, scale float64
	for i := range a {
		diff = max(diff, math.Abs(a[i]-b[i]))
		scale = max(scale, math.Abs(a[i]), math.Abs(b[i]))
	}
	return diff / max(scale, 1e-300)
}

func TestGradientMatchesCentralDifferences(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, D := range []int{1, 2, 5} {
		for _, M := range []int{1, 2, 8} {
			for _, K := range []int{2, 3, 5} {
				net := Network{Inputs: D, Hidden: M, Classes: K}
				t.Run(net.String(), func(t *testing.T) {
					for trial := range 3 {
						d, x := randomProblem(rng, net, 40, 1)
						ce, err := NewCrossEntropy(net, d, 0)
						if err != nil {
							t.Fatal(err)
						}
						e := CheckGradient(ce, x, 0)
						if e.Max() > 1e-6 {
							t.Errorf("trial %d: gradient differs from central differences: %+v", trial, e)
						}
					}
				})
			}
		}
	}
}

func TestMatchesNaiveReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, tc := range []struct {
		net    Network
		n      int
		lambda float64
		scale  float64
	}{
		{ClassroomNetwork, 100, 0, 1},
		{ClassroomNetwork, 100, 0.01, 3},
		{Network{Inputs: 5, Hidden: 8, Classes: 5}, 37, 0, 2},
		{Network{Inputs: 3, Hidden: 4, Classes: 3}, 3*ChunkSize + 17, 0.1, 1}, // several chunks
		{Network{Inputs: 1, Hidden: 1, Classes: 2}, ChunkSize, 0, 30},
	} {
		name := fmt.Sprintf("%v/N=%d/lambda=%g/scale=%g", tc.net, tc.n, tc.lambda, tc.scale)
		t.Run(name, func(t *testing.T) {
			d, x := randomProblem(rng, tc.net, tc.n, tc.scale)
			ce, err := NewCrossEntropy(tc.net, d, tc.lambda)
			if err != nil {
				t.Fatal(err)
			}
			wantF, wantG := naiveLossGrad(tc.net, d, tc.lambda, x)
			g := make([]float64, len(x))
			f := ce.FuncGrad(g, x)
			if rel := math.Abs(f-wantF) / wantF; rel > 1e-13 {
				t.Errorf("E = %.17g, reference %.17g (relative difference %.2g)", f, wantF, rel)
			}
			if f2 := ce.Func(x); f2 != f {
				t.Errorf("Func = %.17g, FuncGrad = %.17g: they must agree exactly", f2, f)
			}
			if rel := maxRelDiff(g, wantG); rel > 1e-12 {
				t.Errorf("gradient differs from the reference by %.2g (relative)\n got %v\nwant %v", rel, g, wantG)
			}
		})
	}
}

func TestAllOnesGivesLogK(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, K := range []int{2, 3, 5, 10} {
		net := Network{Inputs: 3, Hidden: 4, Classes: K}
		d, x := randomProblem(rng, net, 50, 1)
		for i := range x {
			x[i] = 1
		}
		ce, err := NewCrossEntropy(net, d, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := ce.Func(x), math.Log(float64(K)); math.Abs(got-want) > 1e-15*want {
			t.Errorf("K=%d: E(all ones) = %.17g, want ln K = %.17g", K, got, want)
		}
	}
}

func TestHugeWeightsStayFinite(t *testing.T) {
	train, _ := Classroom()
	for _, scale := range []float64{1e3, 1e6, 1e100} {
		for _, lambda := range []float64{0, 1e-3} {
			ce, err := NewCrossEntropy(ClassroomNetwork, train, lambda)
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(7, 8))
			x := make([]float64, ce.NumParams())
			for i := range x {
				x[i] = scale * rng.NormFloat64()
			}
			g := make([]float64, len(x))
			f := ce.FuncGrad(g, x)
			if math.IsNaN(f) || math.IsInf(f, 0) {
				t.Errorf("scale %g, lambda %g: E = %v", scale, lambda, f)
			}
			for i, gi := range g {
				if math.IsNaN(gi) || math.IsInf(gi, 0) {
					t.Errorf("scale %g, lambda %g: gradient[%d] = %v", scale, lambda, i, gi)
				}
			}
			wantF, _ := naiveLossGrad(ClassroomNetwork, train, lambda, x)
			if math.Abs(f-wantF) > 1e-12*wantF {
				t.Errorf("scale %g, lambda %g: E = %.17g, reference %.17g", scale, lambda, f, wantF)
			}
		}
	}
}

func TestL2Term(t *testing.T) {
	train, _ := Classroom()
	x := ClassroomInit()
	for i := range x {
		x[i] *= 100
	}
	plain, _ := NewCrossEntropy(ClassroomNetwork, train, 0)
	reg, _ := NewCrossEntropy(ClassroomNetwork, train, 0.25)
	g0, g1 := make([]float64, len(x)), make([]float64, len(x))
	f0, f1 := plain.FuncGrad(g0, x), reg.FuncGrad(g1, x)
	var sq float64
	for i, xi := range x {
		sq += xi * xi
		if want := g0[i] + 0.25*xi; math.Abs(g1[i]-want) > 1e-15*math.Abs(want)+1e-18 {
			t.Errorf("gradient[%d] = %v with L2, want %v", i, g1[i], want)
		}
	}
	if want := f0 + 0.125*sq; math.Abs(f1-want) > 1e-15*want {
		t.Errorf("E with L2 = %v, want %v", f1, want)
	}
}

func TestClassroomInitialLoss(t *testing.T) {
	train, test := Classroom()
	if train.Len() != 100 || test.Len() != 100 {
		t.Fatalf("classroom split has %d train and %d test samples, want 100 and 100", train.Len(), test.Len())
	}
	x := ClassroomInit()
	if len(x) != ClassroomNetwork.NumParams() {
		t.Fatalf("classroom x0 has %d values, want %d", len(x), ClassroomNetwork.NumParams())
	}
	ce, _ := NewCrossEntropy(ClassroomNetwork, train, 0)
	want, _ := naiveLossGrad(ClassroomNetwork, train, 0, x)
	if got := ce.Func(x); math.Abs(got-want) > 1e-15 {
		t.Errorf("E(x0) = %.17g, reference %.17g", got, want)
	}
	// Near-zero weights give near-uniform outputs: E(x0) is close to ln 3.
	if got := ce.Func(x); math.Abs(got-math.Log(3)) > 0.05 {
		t.Errorf("E(x0) = %v, want about ln 3", got)
	}
}

func TestNewCrossEntropyRejectsMismatch(t *testing.T) {
	train, _ := Classroom()
	for _, tc := range []struct {
		net    Network
		lambda float64
		want   string
	}{
		{Network{Inputs: 3, Hidden: 2, Classes: 3}, 0, "data has 2 features"},
		{Network{Inputs: 2, Hidden: 2, Classes: 4}, 0, "data has 3 classes"},
		{Network{Inputs: 2, Hidden: 0, Classes: 3}, 0, "at least 1 hidden unit"},
		{ClassroomNetwork, -1, "L2 weight"},
		{ClassroomNetwork, math.NaN(), "L2 weight"},
	} {
		_, err := NewCrossEntropy(tc.net, train, tc.lambda)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("NewCrossEntropy(%v, lambda %v) error = %v, want one containing %q", tc.net, tc.lambda, err, tc.want)
		}
	}
}

func TestAccuracy(t *testing.T) {
	d, err := NewDataset([]float64{-1, 1, -2, 3}, []int{0, 1, 0, 1}, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	net := Network{Inputs: 1, Hidden: 1, Classes: 2}
	// z = sigmoid(10 x): near 0 for x < 0, near 1 for x > 0; a_1 - a_0 = 10z - 5.
	x := []float64{10, 0, 0, 0, 10, -5}
	if got := Accuracy(net, x, d); got != 1 {
		t.Errorf("accuracy = %v, want 1", got)
	}
	x[2], x[4], x[5] = 10, 0, 5 // a_0 = 10z, a_1 = 5: every prediction flips
	if got := Accuracy(net, x, d); got != 0 {
		t.Errorf("accuracy = %v, want 0", got)
	}
}

func TestWorkersGiveBitIdenticalResults(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	net := Network{Inputs: 3, Hidden: 5, Classes: 4}
	d, x := randomProblem(rng, net, 5*BlockSize+123, 1)
	ce, err := NewCrossEntropy(net, d, 0.01)
	if err != nil {
		t.Fatal(err)
	}
	want := make([]float64, len(x))
	wantF := ce.FuncGrad(want, x)
	refF, refG := naiveLossGrad(net, d, 0.01, x)
	if math.Abs(wantF-refF) > 1e-13*refF || maxRelDiff(want, refG) > 1e-12 {
		t.Fatalf("blocked evaluation differs from the reference: E %v vs %v, gradient %.2g", wantF, refF, maxRelDiff(want, refG))
	}
	for _, workers := range []int{1, 2, 3, 8} {
		ce.SetWorkers(workers)
		for range 3 { // the same workers again and again
			g := make([]float64, len(x))
			f := ce.FuncGrad(g, x)
			if f != wantF || !slices.Equal(g, want) || ce.Func(x) != wantF {
				t.Fatalf("%d workers: E %v, want %v bit for bit; gradient equal: %v", workers, f, wantF, slices.Equal(g, want))
			}
		}
	}
	if ce.Workers() != 6 { // capped at the number of blocks
		t.Errorf("Workers() = %d after SetWorkers(8) on 6 blocks", ce.Workers())
	}
	ce.Close()
	if f := ce.Func(x); f != wantF || ce.Workers() != 1 {
		t.Errorf("after Close: E %v with %d workers", f, ce.Workers())
	}
}

// TestWorkersOutliveTheirHandle: a caller that keeps only the method value
// (as solvers.Problem does) keeps the CrossEntropy and its workers alive.
func TestWorkersOutliveTheirHandle(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	net := Network{Inputs: 2, Hidden: 3, Classes: 3}
	d, x := randomProblem(rng, net, 3*BlockSize, 1)
	fg := func() func(grad, x []float64) float64 {
		ce, err := NewCrossEntropy(net, d, 0)
		if err != nil {
			t.Fatal(err)
		}
		ce.SetWorkers(3)
		return ce.FuncGrad
	}()
	g := make([]float64, len(x))
	want := fg(g, x)
	for range 20 {
		runtime.GC()
		if got := fg(g, x); got != want {
			t.Fatalf("E = %v after a collection, want %v", got, want)
		}
	}
}
