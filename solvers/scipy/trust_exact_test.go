package scipy

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// The cases of scipy 1.10.1's test_trustregion_exact.py, with scipy's
// expected values and its tolerance (assert_array_almost_equal's default
// decimal=6: |got - want| < 1.5e-6).

const almostEqual = 1.5e-6

// exactModel is a trust-exact model at a point with gradient g and
// Hessian H given, as scipy's tests build IterativeSubproblem.
func exactModel(H [][]float64, g []float64, kEasy, kHard float64) *trustModel {
	n := len(g)
	m := &trustModel{x: make([]float64, n), g: g, H: make([]float64, n*n), haveG: true, haveH: true,
		gMag: math.Sqrt(dot(g, g)), prevRadius: -1, kEasy: kEasy, kHard: kHard}
	for i := range n {
		copy(m.H[i*n:], H[i])
	}
	return m
}

func TestEstimateSmallestSingularValue(t *testing.T) {
	C := [][]float64{{1, 2, 3, 4}, {0, 0.05, 60, 7}, {0, 0, 0.8, 9}, {0, 0, 0, 10}}
	n := 4
	U := make([]float64, n*n)
	for i := range n {
		copy(U[i*n:], C[i])
	}
	var svd mat.SVD
	if !svd.Factorize(mat.NewDense(n, n, append([]float64(nil), U...)), mat.SVDFull) {
		t.Fatal("no SVD")
	}
	s := svd.Values(nil)
	var V mat.Dense
	svd.VTo(&V)
	smin, zmin := smallestSingular(U, n)
	if math.Abs(smin-s[n-1]) > 1.5e-8 {
		t.Errorf("smallest singular value %v, SVD's %v", smin, s[n-1])
	}
	for i := range n {
		if d := math.Abs(math.Abs(zmin[i]) - math.Abs(V.At(i, n-1))); d > 1.5e-8 {
			t.Errorf("vector %v, SVD's column %v", zmin, mat.Col(nil, n-1, &V))
			break
		}
	}
}

func TestSingularLeadingSubmatrix(t *testing.T) {
	for _, A := range [][][]float64{
		{{1, 2, 3}, {2, 4, 5}, {3, 5, 6}},
		{{1, 2, 3, 7, 8}, {2, 5, 5, 9, 0}, {3, 5, 11, 1, 2}, {7, 9, 1, 7, 5}, {8, 0, 2, 5, 8}},
		{{0, 3, 11}, {3, 12, 5}, {11, 5, 6}},
	} {
		n := len(A)
		a := make([]float64, n*n)
		for i := range n {
			copy(a[i*n:], A[i])
		}
		U := make([]float64, n*n)
		k := cholUpper(U, a, n)
		if k == 0 {
			t.Fatalf("%v: factored, scipy's test expects a failure", A)
		}
		delta, v := singularLeadingSubmatrix(a, U, n, k)
		a[(k-1)*n+(k-1)] += delta
		lead := mat.NewDense(k, k, nil)
		for i := range k {
			for j := range k {
				lead.Set(i, j, a[i*n+j])
			}
		}
		if d := mat.Det(lead); math.Abs(d) > almostEqual {
			t.Errorf("%v: det of the leading %d x %d block %v, want 0", A, k, k, d)
		}
		Av := make([]float64, n)
		matVec(Av, a, v)
		if q := dot(v, Av); math.Abs(q) > almostEqual {
			t.Errorf("%v: v'Av = %v, want 0", A, q)
		}
	}
}

func TestIterativeSubproblem(t *testing.T) {
	H4 := [][]float64{{10, 2, 3, 4}, {2, 1, 7, 1}, {3, 7, 1, 7}, {4, 1, 7, 2}}
	H5 := [][]float64{
		{0.88547534, 2.90692271, 0.98440885, -0.78911503, -0.28035809},
		{2.90692271, -0.04618819, 0.32867263, -0.83737945, 0.17116396},
		{0.98440885, 0.32867263, -0.87355957, -0.06521957, -1.43030957},
		{-0.78911503, -0.83737945, -0.06521957, -1.645709, -0.33887298},
		{-0.28035809, 0.17116396, -1.43030957, -0.33887298, -1.68586978}}
	Hint := [][]float64{
		{1.812159, 0.82687265, 0.21838879, -0.52487006, 0.25436988},
		{0.82687265, 2.66380283, 0.31508988, -0.40144163, 0.08811588},
		{0.21838879, 0.31508988, 2.38020726, -0.3166346, 0.27363867},
		{-0.52487006, -0.40144163, -0.3166346, 1.61927182, -0.42140166},
		{0.25436988, 0.08811588, 0.27363867, -0.42140166, 1.33243101}}
	jac0 := []float64{0.06910534, -0.01432721, -0.65311947, -0.23815972, -0.84954934}
	cases := []struct {
		name         string
		H            [][]float64
		g            []float64
		kEasy, kHard float64
		radius       float64
		p            []float64 // nil: not checked
		hits         bool
		lambda       float64 // NaN: not checked
		niter        int     // 0: not checked
	}{
		{"easy case", H4, []float64{1, 1, 1, 1}, 1e-10, 1e-10, 1, []float64{0.00393332, -0.55260862, 0.67065477, -0.49480341}, true, math.NaN(), 0},
		{"hard case", H4, []float64{6.4852641521327437, 1, 1, 1}, 1e-10, 1e-10, 1, nil, true, 8.2151519874416614, 0},
		{"interior convergence", Hint, []float64{0.75798952, 0.01421945, 0.33847612, 0.83725004, -0.47909534}, 0, 0, 1.1,
			[]float64{-0.68585435, 0.1222621, -0.22090999, -0.67005053, 0.31586769}, false, 0, 1},
		{"jac equal zero", H5, []float64{0, 0, 0, 0, 0}, 1e-10, 1e-10, 1.1, jac0, true, math.NaN(), 0},
		{"jac very close to zero", H5, []float64{0, 0, 0, 0, 1e-15}, 1e-10, 1e-10, 1.1, jac0, true, math.NaN(), 0},
	}
	for _, c := range cases {
		m := exactModel(c.H, c.g, c.kEasy, c.kHard)
		p, hits, err := m.solveExact(c.radius)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if hits != c.hits {
			t.Errorf("%s: hits the boundary %v, scipy %v", c.name, hits, c.hits)
		}
		for i, w := range c.p {
			if math.Abs(p[i]-w) > almostEqual {
				t.Errorf("%s: p %v, scipy %v", c.name, p, c.p)
				break
			}
		}
		if !math.IsNaN(c.lambda) && math.Abs(m.lambdaCurrent-c.lambda) > almostEqual {
			t.Errorf("%s: lambda %v, scipy %v", c.name, m.lambdaCurrent, c.lambda)
		}
		if c.niter > 0 && m.niter != c.niter {
			t.Errorf("%s: %d iterations, scipy %d", c.name, m.niter, c.niter)
		}
	}
}

// TestIterativeSubproblemRandom is scipy's test_for_random_entries: for
// random symmetric H (5 x 5) with eigenvalues in given ranges and g in
// the easy, hard (g orthogonal to the last eigenvector) and zero cases,
// the solution with k_easy and k_hard from (k_opt, k_trf) as in Conn,
// Gould and Toint (2000, p. 197) lies within k_trf of the radius when it
// hits the boundary (inside it otherwise) and reaches k_opt of the value
// of a solution with k_easy = k_hard = 1e-10. scipy draws with numpy's
// seed 1; the matrices here come from Go's PCG with a fixed seed.
func TestIterativeSubproblemRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	const n = 5
	uniform := func(lo, hi float64) float64 { return lo + (hi-lo)*rng.Float64() }
	for _, kind := range []string{"easy", "hard", "jac_equal_zero"} {
		for _, lim := range [][2]float64{{-20, -15}, {-10, -5}, {-10, 0}, {-5, 5}, {-10, 10}, {0, 10}, {5, 10}, {15, 20}} {
			// H = Q diag(eig) Q' with Q orthogonal (QR of a random matrix)
			R := mat.NewDense(n, n, nil)
			for i := range n {
				for j := range n {
					R.Set(i, j, uniform(-1, 1))
				}
			}
			var qr mat.QR
			qr.Factorize(R)
			var Q mat.Dense
			qr.QTo(&Q)
			eig := make([]float64, n)
			for i := range eig {
				eig[i] = uniform(lim[0], lim[1])
			}
			H := make([][]float64, n)
			for i := range n {
				H[i] = make([]float64, n)
				for j := range n {
					for k := range n {
						H[i][j] += Q.At(i, k) * eig[k] * Q.At(j, k)
					}
				}
			}
			g := make([]float64, n)
			switch kind {
			case "hard":
				// orthogonal to the eigenvector of the smallest eigenvalue
				small := 0
				for k := range n {
					if eig[k] < eig[small] {
						small = k
					}
				}
				for k := range n {
					if k == small {
						continue
					}
					c := uniform(-1, 1)
					for i := range n {
						g[i] += Q.At(i, k) * c
					}
				}
			case "easy":
				for i := range g {
					g[i] = uniform(-1, 1)
				}
			}
			Hflat := exactModel(H, g, 0, 0).H
			J := func(p []float64) float64 {
				Hp := make([]float64, n)
				matVec(Hp, Hflat, p)
				return 0.5*dot(p, Hp) + dot(g, p)
			}
			for _, radius := range []float64{0.1, 0.3, 0.6, 0.8, 1, 1.2, 3.3, 5.5, 10} {
				pAc, _, err := exactModel(H, g, 1e-10, 1e-10).solveExact(radius)
				if err != nil {
					t.Fatal(err)
				}
				jAc := J(pAc)
				for _, k := range [][2]float64{{0.1, 2}, {0.5, 1.1}, {0.9, 1.01}} {
					kOpt, kTrf := k[0], k[1]
					kEasy := math.Min(kTrf-1, 1-math.Sqrt(kOpt))
					p, hits, err := exactModel(H, g, kEasy, 1-kOpt).solveExact(radius)
					if err != nil {
						t.Fatal(err)
					}
					norm := math.Sqrt(dot(p, p))
					if hits && !(math.Abs(norm-radius) <= (kTrf-1)*radius) {
						t.Errorf("%s %v radius %v: |p| = %v on the boundary, beyond k_trf %v", kind, lim, radius, norm, kTrf)
					}
					if !hits && !(norm <= radius) {
						t.Errorf("%s %v radius %v: |p| = %v inside?", kind, lim, radius, norm)
					}
					if !(J(p) <= kOpt*jAc) {
						t.Errorf("%s %v radius %v: model %v, want <= %v (k_opt %v of %v)", kind, lim, radius, J(p), kOpt*jAc, kOpt, jAc)
					}
				}
			}
		}
	}
}
