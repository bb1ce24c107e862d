package objective

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// fdHessian is the Hessian by central differences of the analytic
// gradient, step h, symmetrized.
func fdHessian(ce *CrossEntropy, x []float64, h float64) []float64 {
	P := len(x)
	H := make([]float64, P*P)
	gp, gm := make([]float64, P), make([]float64, P)
	xx := append([]float64(nil), x...)
	for j := range P {
		xx[j] = x[j] + h
		ce.Grad(gp, xx)
		xx[j] = x[j] - h
		ce.Grad(gm, xx)
		xx[j] = x[j]
		for i := range P {
			H[i*P+j] = (gp[i] - gm[i]) / (2 * h)
		}
	}
	for i := range P {
		for j := i + 1; j < P; j++ {
			m := 0.5 * (H[i*P+j] + H[j*P+i])
			H[i*P+j], H[j*P+i] = m, m
		}
	}
	return H
}

// TestHessianMatchesDifferences: the exact Hessian against central
// differences of the gradient, and H v against H times v, on random
// shapes, points and L2 weights.
func TestHessianMatchesDifferences(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for _, tc := range []struct {
		net    Network
		n      int
		scale  float64
		lambda float64
	}{
		{ClassroomNetwork, 100, 0.5, 0},
		{Network{Inputs: 1, Hidden: 1, Classes: 2}, 30, 1, 0},
		{Network{Inputs: 3, Hidden: 4, Classes: 5}, 300, 1, 0.1},
		{Network{Inputs: 5, Hidden: 3, Classes: 2}, 50, 2, 0},
		{Network{Inputs: 2, Hidden: 6, Classes: 4}, 700, 0.3, 1e-3},
		{Network{Inputs: 2, Hidden: 12, Classes: 3}, 500, 0.5, 0}, // the kernels from here on
		{Network{Inputs: 3, Hidden: 9, Classes: 4}, 300, 1, 0.01},
	} {
		t.Run(fmt.Sprint(tc.net, "/", tc.n), func(t *testing.T) {
			data, x := randomProblem(rng, tc.net, tc.n, tc.scale)
			ce, err := NewCrossEntropy(tc.net, data, tc.lambda)
			if err != nil {
				t.Fatal(err)
			}
			P := len(x)
			H := make([]float64, P*P)
			ce.Hess(H, x)
			want := fdHessian(ce, x, 1e-5)
			if d := maxRelDiff(H, want); d > 1e-6 {
				t.Errorf("Hessian differs from central differences by %.2g relative", d)
			}
			for i := range P {
				for j := range P {
					if H[i*P+j] != H[j*P+i] {
						t.Fatalf("Hessian not symmetric at %d,%d", i, j)
					}
				}
			}
			for range 3 {
				dir := make([]float64, P)
				for i := range dir {
					dir[i] = rng.NormFloat64()
				}
				hv := make([]float64, P)
				ce.HessVec(hv, x, dir)
				prod := make([]float64, P)
				for i := range P {
					for j := range P {
						prod[i] += H[i*P+j] * dir[j]
					}
				}
				if d := maxRelDiff(hv, prod); d > 1e-12 {
					t.Errorf("H v differs from H times v by %.2g relative", d)
				}
			}
		})
	}
}

// TestHessianWhateverTheWorkers: more than one block of samples, any
// number of workers, the same bits.
func TestHessianWhateverTheWorkers(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	// Blocks of samples below hessKernelHidden, tiles of the output from it.
	for _, net := range []Network{{Inputs: 3, Hidden: 4, Classes: 3}, {Inputs: 2, Hidden: 13, Classes: 3}} {
		data, x := randomProblem(rng, net, 3*BlockSize+123, 0.7)
		dir := make([]float64, len(x))
		for i := range dir {
			dir[i] = rng.NormFloat64()
		}
		var H0, hv0 []float64
		for _, workers := range []int{1, 2, 3, 8} {
			ce, _ := NewCrossEntropy(net, data, 0.01)
			ce.SetWorkers(workers)
			H := make([]float64, len(x)*len(x))
			hv := make([]float64, len(x))
			ce.Hess(H, x)
			ce.HessVec(hv, x, dir)
			ce.Close()
			if H0 == nil {
				H0, hv0 = H, hv
				continue
			}
			for i := range H {
				if math.Float64bits(H[i]) != math.Float64bits(H0[i]) {
					t.Fatalf("%v, %d workers: Hessian differs at %d", net, workers, i)
				}
			}
			for i := range hv {
				if math.Float64bits(hv[i]) != math.Float64bits(hv0[i]) {
					t.Fatalf("%v, %d workers: H v differs at %d", net, workers, i)
				}
			}
		}
	}
	net := Network{Inputs: 3, Hidden: 4, Classes: 3}
	data, x := randomProblem(rng, net, 3*BlockSize+123, 0.7)
	// And the value and gradient still work after second derivatives.
	ce, _ := NewCrossEntropy(net, data, 0.01)
	ce.SetWorkers(2)
	defer ce.Close()
	g := make([]float64, len(x))
	H := make([]float64, len(x)*len(x))
	f1 := ce.FuncGrad(g, x)
	ce.Hess(H, x)
	if f2 := ce.FuncGrad(g, x); f1 != f2 {
		t.Errorf("E changed after Hess: %v, %v", f1, f2)
	}
}

func TestSecondDerivativesAllocateNothing(t *testing.T) {
	train, _ := Classroom()
	ce, _ := NewCrossEntropy(ClassroomNetwork, train, 0)
	x := ClassroomInit()
	H := make([]float64, len(x)*len(x))
	hv := make([]float64, len(x))
	ce.Hess(H, x)
	ce.HessVec(hv, x, x)
	if a := testing.AllocsPerRun(20, func() { ce.Hess(H, x) }); a != 0 {
		t.Errorf("Hess: %v allocations per call", a)
	}
	if a := testing.AllocsPerRun(20, func() { ce.HessVec(hv, x, x) }); a != 0 {
		t.Errorf("HessVec: %v allocations per call", a)
	}
	// The two in turn share the workspace's buffers, by blocks of samples
	// (the classroom network) and by tiles (a wider one).
	wideData, wideX := randomProblem(rand.New(rand.NewPCG(3, 4)), Network{Inputs: 2, Hidden: 20, Classes: 3}, 300, 0.7)
	wide, _ := NewCrossEntropy(Network{Inputs: 2, Hidden: 20, Classes: 3}, wideData, 0)
	for _, c := range []struct {
		ce *CrossEntropy
		x  []float64
	}{{ce, x}, {wide, wideX}} {
		P := len(c.x)
		H, hv := make([]float64, P*P), make([]float64, P)
		c.ce.Hess(H, c.x)
		c.ce.HessVec(hv, c.x, c.x)
		if a := testing.AllocsPerRun(20, func() { c.ce.Hess(H, c.x); c.ce.HessVec(hv, c.x, c.x) }); a != 0 {
			t.Errorf("%v: Hess and HessVec in turn: %v allocations per pair", c.ce.net, a)
		}
	}
}

// TestHessianReusesTheForwardPass: a Hessian or H v right after Func or
// FuncGrad at the same x reuses their forward pass and gives the same bits
// as one computed afresh; at another x it makes its own.
func TestHessianReusesTheForwardPass(t *testing.T) {
	train, _ := Classroom()
	rng := rand.New(rand.NewPCG(33, 34))
	wide := Network{Inputs: 2, Hidden: 10, Classes: 3} // Hess by tiles (hessKernelHidden)
	wideData, wideX := randomProblem(rng, wide, 200, 0.7)
	for _, p := range []struct {
		net  Network
		data *Dataset
		x    []float64
	}{{ClassroomNetwork, train, ClassroomInit()}, {wide, wideData, wideX}} {
		t.Run(p.net.String(), func(t *testing.T) { testReuse(t, p.net, p.data, p.x) })
	}
}

func testReuse(t *testing.T, net Network, train *Dataset, x []float64) {
	other := append([]float64(nil), x...)
	other[3] += 0.5
	P := len(x)
	fresh := func(f func(ce *CrossEntropy, h, hv []float64)) ([]float64, []float64) {
		ce, _ := NewCrossEntropy(net, train, 0.01)
		h, hv := make([]float64, P*P), make([]float64, P)
		ce.Hess(h, other) // turn reuse on, with another point's state
		f(ce, h, hv)
		return h, hv
	}
	dir := make([]float64, P)
	for i := range dir {
		dir[i] = float64(i%5) - 2
	}
	wantH, wantHv := fresh(func(ce *CrossEntropy, h, hv []float64) { ce.Hess(h, x); ce.HessVec(hv, x, dir) })
	g := make([]float64, P)
	for name, before := range map[string]func(ce *CrossEntropy){
		"FuncGrad":          func(ce *CrossEntropy) { ce.FuncGrad(g, x) },
		"Func":              func(ce *CrossEntropy) { ce.Func(x) },
		"FuncGrad, other x": func(ce *CrossEntropy) { ce.FuncGrad(g, other) },
	} {
		h, _ := fresh(func(ce *CrossEntropy, h, hv []float64) { before(ce); ce.Hess(h, x) })
		_, hv := fresh(func(ce *CrossEntropy, h, hv []float64) { before(ce); ce.HessVec(hv, x, dir) })
		for i := range h {
			if h[i] != wantH[i] {
				t.Fatalf("after %s: Hess[%d] = %v, afresh %v", name, i, h[i], wantH[i])
			}
		}
		for i := range hv {
			if hv[i] != wantHv[i] {
				t.Fatalf("after %s: HessVec[%d] = %v, afresh %v", name, i, hv[i], wantHv[i])
			}
		}
	}
}

// TestHessianAgainstReference: the Hessian of the kernels against the code
// before them (refHess, the same formulas with the sums taken in another
// order), on shapes with two features and three classes (the K = 3 loop)
// and others, one chunk and several blocks, one worker and more. Each element may differ by rounding only: by at most a few
// hundred ulps of the largest element of its row or column (the sums over
// samples cancel, so an element's own size is no scale).
func TestHessianAgainstReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	for _, tc := range []struct {
		net     Network
		n       int
		workers int
	}{
		{ClassroomNetwork, 100, 1}, // blocks of samples: the same code
		{Network{Inputs: 2, Hidden: 16, Classes: 3}, 700, 1},
		{Network{Inputs: 2, Hidden: 9, Classes: 3}, BlockSize + 300, 2},
		{Network{Inputs: 2, Hidden: 8, Classes: 4}, 2*BlockSize + 1, 3},
		{Network{Inputs: 3, Hidden: 10, Classes: 3}, 300, 1},
		{Network{Inputs: 1, Hidden: 12, Classes: 2}, BlockSize + 7, 2},
		{Network{Inputs: 4, Hidden: 8, Classes: 5}, 90, 1},
		{Network{Inputs: 2, Hidden: 130, Classes: 3}, 600, 2}, // several blocks of 12 columns
		// So many inputs that the tiles' rows would pass maxTileFloats:
		// blocks of samples, the reference's own code.
		{Network{Inputs: 200, Hidden: 8, Classes: 2}, 60, 2},
	} {
		t.Run(fmt.Sprint(tc.net, "/", tc.n, "/", tc.workers), func(t *testing.T) {
			data, x := randomProblem(rng, tc.net, tc.n, 0.8)
			ce, _ := NewCrossEntropy(tc.net, data, 0.01)
			ce.SetWorkers(tc.workers)
			defer ce.Close()
			P := len(x)
			H, want := make([]float64, P*P), make([]float64, P*P)
			ce.Hess(H, x)
			refHess(ce, want, x)
			scale := make([]float64, P) // the largest |element| of each row
			for p := range P {
				for q := range P {
					scale[p] = max(scale[p], math.Abs(want[p*P+q]))
				}
			}
			var worst float64
			for p := range P {
				for q := range P {
					if H[p*P+q] != H[q*P+p] {
						t.Fatalf("not symmetric at %d,%d", p, q)
					}
					d := math.Abs(H[p*P+q]-want[p*P+q]) / max(scale[p], scale[q])
					worst = max(worst, d)
				}
			}
			t.Logf("largest difference %.3g of the row's scale (%.1f ulps)", worst, worst/0x1p-52)
			if (Network{Inputs: 200, Hidden: 8, Classes: 2}) == tc.net && tileFloats(tc.net) <= maxTileFloats {
				t.Fatalf("%v: %d floats of tiles, within maxTileFloats: not the case meant", tc.net, tileFloats(tc.net))
			}
			if worst > 32*0x1p-52 {
				t.Errorf("differs from the reference by %.3g of the row's scale", worst)
			}
		})
	}
}

// TestHessianByTilesAllocatesNothing: with the kernels and two workers,
// after the first call.
func TestHessianByTilesAllocatesNothing(t *testing.T) {
	rng := rand.New(rand.NewPCG(27, 28))
	net := Network{Inputs: 2, Hidden: 20, Classes: 3}
	data, x := randomProblem(rng, net, BlockSize+500, 0.7)
	ce, _ := NewCrossEntropy(net, data, 0)
	ce.SetWorkers(2)
	defer ce.Close()
	H := make([]float64, len(x)*len(x))
	ce.Hess(H, x)
	if a := testing.AllocsPerRun(5, func() { ce.Hess(H, x) }); a != 0 {
		t.Errorf("Hess: %v allocations per call", a)
	}
}

// TestMul3x12: the kernel against a plain sum, and the AVX2 kernel (when
// it can run here) against the Go loop bit for bit, on values of every
// scale, signed zeros, infinities and NaNs.
func TestMul3x12(t *testing.T) {
	rng := rand.New(rand.NewPCG(29, 30))
	for _, n := range []int{1, 2, 7, 256} {
		const ldw, ldo = 15, 13
		u := make([]float64, 3*n)
		w := make([]float64, n*ldw)
		for i := range u {
			u[i] = rng.NormFloat64() * math.Pow(2, float64(rng.IntN(40)-20))
		}
		for i := range w {
			w[i] = rng.NormFloat64() * math.Pow(2, float64(rng.IntN(40)-20))
		}
		if n > 2 {
			u[1], w[3], w[ldw+5], u[n+2] = math.Copysign(0, -1), math.Inf(1), math.NaN(), math.Inf(-1)
		}
		got, goOut := make([]float64, 3*ldo), make([]float64, 3*ldo)
		mul3x12(got, ldo, u[:n], u[n:2*n], u[2*n:], w, ldw, n)
		mul3x12Go(goOut, ldo, u[:n], u[n:2*n], u[2*n:], w, ldw, n)
		for a := range 3 {
			for b := range 12 {
				var want float64
				for i := range n {
					want += float64(u[a*n+i] * w[i*ldw+b])
				}
				g, o := got[a*ldo+b], goOut[a*ldo+b]
				if math.Float64bits(g) != math.Float64bits(o) {
					t.Errorf("n=%d out[%d][%d]: %v, Go loop %v", n, a, b, g, o)
				}
				if math.Float64bits(o) != math.Float64bits(want) && !(math.IsNaN(o) && math.IsNaN(want)) {
					t.Errorf("n=%d out[%d][%d]: Go loop %v, want %v", n, a, b, o, want)
				}
			}
		}
	}
	if !haveMul3x12 {
		t.Log("no AVX2 here: the Go loop only")
	}
}

// TestWWWeights3: the AVX2 kernel and the Go loop, bit for bit, on every
// length of tail.
func TestWWWeights3(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	for n := 1; n <= 11; n++ {
		vec := func() []float64 {
			s := make([]float64, n)
			for i := range s {
				s[i] = rng.NormFloat64() * math.Pow(2, float64(rng.IntN(20)-10))
			}
			return s
		}
		sp, b, q0, q1, q2 := vec(), vec(), vec(), vec(), vec()
		sj, bj, y0, y1, y2 := rng.Float64(), rng.NormFloat64(), rng.Float64(), rng.Float64(), rng.Float64()
		got, want := make([]float64, n), make([]float64, n)
		wwWeights3(got, sp, b, q0, q1, q2, sj, bj, y0, y1, y2)
		wwWeights3Go(want, sp, b, q0, q1, q2, sj, bj, y0, y1, y2)
		for m := range got {
			// float64() rounds each product, as the kernel does: without
			// it the compiler may fuse them (GOAMD64=v3, arm64).
			plain := float64(sj*sp[m]) * (float64(float64(float64(q0[m]*y0)+float64(q1[m]*y1))+float64(q2[m]*y2)) - float64(bj*b[m]))
			if math.Float64bits(got[m]) != math.Float64bits(want[m]) || (plain != want[m] && !math.IsNaN(plain)) {
				t.Errorf("n=%d c[%d] = %v, Go loop %v, plain %v", n, m, got[m], want[m], plain)
			}
		}
	}
}
