package bbob

import (
	"math"
	"sort"
)

// data is one instance's read-only data, made as COCO's f_*_bbob_problem_allocate functions make
// it. Matrices are row-major n x n. Which fields a function uses is said where it is built.
type data struct {
	n      int
	value  func(d *data, w *workspace, x []float64) float64
	grad   func(d *data, w *workspace, g, x []float64) // nil: no analytic gradient
	fopt   float64                                     // COCO's f_opt of the instance (bbob2009_compute_fopt)
	best   float64                                     // the optimal value, COCO's best_value
	bestX  []float64                                   // a minimizer, COCO's best_parameter
	xopt   []float64                                   // the shift of the transformations (x - xopt), as COCO's code uses it
	r1, r2 []float64                                   // rotations: r1 from seed rseed + 1e6 (R in the definitions), r2 from rseed (Q)
	m      []float64                                   // a combined linear map (e.g. R Lambda Q), computed as COCO computes it
	b      []float64                                   // affine offset (f9)
	c      []float64                                   // per-coordinate factors (conditioning, weights, slopes), see each function
	sign   []float64                                   // +-1 per coordinate (f20 Schwefel, f24 Lunacek)
	pen    float64                                     // factor of the [-5, 5]^n penalty added to f (0: none)
	scale  float64                                     // a scalar of the function (f8, f9, f19: max(1, sqrt(n)/8))

	// f16 Weierstrass
	ak, bk [12]float64
	f0     float64
	// f21, f22 Gallagher: peaks x n arrays
	peakValues, xLocal, arrScales []float64
	// f24 Lunacek bi-Rastrigin
	s, mu1 float64
	// f23 Katsuura: the exponent 10/n^1.2
	kexp float64
}

// newData builds the instance data of function id in dimension n, instance inst, following
// suite_bbob.c's coco_get_bbob_problem and the f_*_bbob_problem_allocate it calls.
func newData(id, n, inst int) *data {
	rseed := int64(id) + 10000*int64(inst)
	switch id {
	case 4:
		rseed = 3 + 10000*int64(inst)
	case 18:
		rseed = 17 + 10000*int64(inst)
	}
	d := &data{n: n, fopt: computeFOpt(id, inst)}
	nm1 := float64(n) - 1.0
	xopt := func(seed int64) []float64 {
		x := make([]float64, n)
		computeXOpt(x, seed)
		return x
	}
	// rot1 Lambda rot2 with Lambda_kk = pow(base, k/(n-1)), summed over k as COCO does.
	sandwich := func(base float64) []float64 {
		m := make([]float64, n*n)
		lambda := powers(n, func(k int) float64 { return math.Pow(base, 1.0*float64(k)/nm1) })
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				s := 0.0
				for k := 0; k < n; k++ {
					s += d.r1[i*n+k] * lambda[k] * d.r2[k*n+j]
				}
				m[i*n+j] = s
			}
		}
		return m
	}
	rotations := func() {
		d.r1 = computeRotation(rseed+1000000, n)
		d.r2 = computeRotation(rseed, n)
	}
	switch id {
	case 1:
		d.xopt = xopt(rseed)
		d.value = sphere
	case 2:
		d.xopt = xopt(rseed)
		d.c = ellipsoidWeights(n, 1e6)
		d.value = ellipsoidSep
	case 3:
		d.xopt = xopt(rseed)
		d.c = powers(n, func(i int) float64 { return math.Pow(10, 0.5*float64(i)/nm1) })
		d.value = rastrigin
	case 4:
		d.xopt = xopt(rseed)
		// COCO's legacy code makes the odd coordinates (1-based) of x_opt positive.
		for i := 0; i < n; i += 2 {
			d.xopt[i] = math.Abs(d.xopt[i])
		}
		d.c = powers(n, func(i int) float64 { return math.Pow(math.Sqrt(10.0), float64(i)/nm1) })
		d.pen = 100
		d.value = buecheRastrigin
	case 5:
		x := xopt(rseed)
		d.bestX = make([]float64, n)
		d.c = make([]float64, n)
		for i := range x {
			d.bestX[i] = 5
			if x[i] < 0 {
				d.bestX[i] = -5
			}
			si := math.Pow(math.Sqrt(100.0), float64(i)/nm1)
			if d.bestX[i] <= 0 {
				si = -si
			}
			d.c[i] = si
		}
		d.value = linearSlope
	case 6:
		d.xopt = xopt(rseed)
		rotations()
		d.m = sandwich(math.Sqrt(10.0))
		d.value = attractiveSector
	case 7:
		d.xopt = xopt(rseed)
		rotations()
		// COCO multiplies c1 * rot2[i][j] first at every call; the product is kept.
		d.m = make([]float64, n*n)
		for i := 0; i < n; i++ {
			c1 := math.Sqrt(math.Pow(100/10., float64(i)/float64(n-1)))
			for j := 0; j < n; j++ {
				d.m[i*n+j] = c1 * d.r2[i*n+j]
			}
		}
		d.c = powers(n, func(i int) float64 { return math.Pow(100, float64(i)/nm1) })
		d.pen = 1
		d.value = stepEllipsoid
	case 8:
		d.xopt = xopt(rseed)
		for i := range d.xopt {
			d.xopt[i] *= 0.75
		}
		d.scale = math.Max(1.0, math.Sqrt(float64(n))/8.0)
		d.value = rosenbrock
	case 9:
		d.scale = math.Max(1.0, math.Sqrt(float64(n))/8.0)
		r := computeRotation(rseed, n)
		d.m = make([]float64, n*n)
		d.b = make([]float64, n)
		for i := range d.m {
			d.m[i] = d.scale * r[i]
		}
		for i := range d.b {
			d.b[i] = 0.5
		}
		// COCO sets the optimum by hand: x_opt = rot1^T ones / (2 factor).
		d.bestX = make([]float64, n)
		for j := 0; j < n; j++ {
			t := 0.0
			for i := 0; i < n; i++ {
				t += r[i*n+j]
			}
			d.bestX[j] = t / (2. * d.scale)
		}
		d.value = rosenbrockRotated
	case 10:
		d.xopt = xopt(rseed)
		d.r1 = computeRotation(rseed+1000000, n)
		d.c = ellipsoidWeights(n, 1e6)
		d.value = ellipsoid
	case 11:
		d.xopt = xopt(rseed)
		d.r1 = computeRotation(rseed+1000000, n)
		d.value = discus
	case 12:
		d.xopt = xopt(rseed + 1000000) // sic: COCO's bent cigar draws x_opt with the rotation's seed
		d.r1 = computeRotation(rseed+1000000, n)
		d.value = bentCigar
	case 13:
		d.xopt = xopt(rseed)
		rotations()
		d.m = sandwich(math.Sqrt(10))
		d.value = sharpRidge
	case 14:
		d.xopt = xopt(rseed)
		d.r1 = computeRotation(rseed+1000000, n)
		d.c = powers(n, func(i int) float64 { return 2.0 + (4.0*float64(i))/nm1 })
		d.value = differentPowers
	case 15:
		d.xopt = xopt(rseed)
		rotations()
		d.m = sandwich(math.Sqrt(10))
		d.value = rastriginRotated
	case 16:
		d.xopt = xopt(rseed)
		rotations()
		d.m = sandwich(1.0 / math.Sqrt(100.0))
		d.f0 = 0
		for i := range d.ak {
			d.ak[i] = math.Pow(0.5, float64(i))
			d.bk[i] = math.Pow(3., float64(i))
			d.f0 += d.ak[i] * math.Cos(2*math.Pi*d.bk[i]*0.5)
		}
		d.pen = 10.0 / float64(n)
		d.value = weierstrass
	case 17, 18:
		cond := 10.0
		if id == 18 {
			cond = 1000.0
		}
		d.xopt = xopt(rseed)
		rotations()
		// COCO's matrix: row i of rot2 times pow(sqrt(conditioning), i/(n-1)).
		d.m = make([]float64, n*n)
		for i := 0; i < n; i++ {
			e := 1.0 * float64(i) / nm1
			for j := 0; j < n; j++ {
				d.m[i*n+j] = d.r2[i*n+j] * math.Pow(math.Sqrt(cond), e)
			}
		}
		d.pen = 10
		d.value = schaffers
	case 19:
		d.scale = math.Max(1., math.Sqrt(float64(n))/8.)
		r := computeRotation(rseed, n)
		d.m = make([]float64, n*n)
		for i := range r {
			d.m[i] = r[i] * d.scale
		}
		d.bestX = make([]float64, n)
		for j := 0; j < n; j++ {
			t := 0.0
			for i := 0; i < n; i++ {
				t += d.m[i*n+j]
			}
			d.bestX[j] = t / (2. * d.scale)
		}
		d.value = griewankRosenbrock
	case 20:
		newSchwefel(d, rseed)
	case 21:
		newGallagher(d, rseed, 101)
	case 22:
		newGallagher(d, rseed, 21)
	case 23:
		d.xopt = xopt(rseed)
		rotations()
		d.m = sandwich(math.Sqrt(100))
		d.kexp = 10. / math.Pow(float64(n), 1.2)
		d.pen = 1
		d.value = katsuura
	case 24:
		newLunacek(d, rseed)
	}
	if d.bestX == nil {
		// COCO's best parameter of a shifted function: the shift of its x_opt (the inner
		// functions' optima are at 0).
		d.bestX = append([]float64(nil), d.xopt...)
	}
	d.grad = gradients[id]
	d.best = d.fopt + d.rawBest(id)
	return d
}

// rawBest is the raw function's value at its optimum, which COCO adds to f_opt in its best value:
// 0 for most functions, a number within 1e-10 of 0 where COCO evaluates the raw function at a
// point it knows only to rounding (f16, f20-f22, f24).
func (d *data) rawBest(id int) float64 {
	switch id {
	case 16:
		return weierstrassRaw(d, make([]float64, d.n))
	case 20:
		x := make([]float64, d.n)
		for i := range x {
			x[i] = 420.96874633
		}
		return schwefelRaw(x)
	case 21, 22:
		w := newWorkspace(d.n)
		return gallagherRaw(d, &w, d.bestX)
	case 24:
		w := newWorkspace(d.n)
		return lunacekRaw(d, &w, d.bestX)
	}
	return 0
}

// ellipsoidWeights are f_ellipsoid_raw's pow(conditioning, i/(n-1)).
func ellipsoidWeights(n int, cond float64) []float64 {
	return powers(n, func(i int) float64 {
		if i == 0 {
			return 1 // COCO's loop starts at x_0^2 unweighted, so n = 1 needs no 0/0
		}
		return math.Pow(cond, 1.0*float64(i)/(float64(n)-1.0))
	})
}

// newSchwefel builds f20: x_hat = x times the signs of x_opt, then COCO's chain of scale 2, z_hat,
// shift, conditioning, shift and scale 100 (see schwefel).
func newSchwefel(d *data, rseed int64) {
	n := d.n
	u := make([]float64, n)
	unif(u, rseed)
	d.xopt = make([]float64, n)
	d.sign = make([]float64, n)
	for i := range u {
		s := 1.0
		if u[i] < 0.5 {
			s = -1
		}
		d.sign[i] = s
		d.xopt[i] = s * 0.5 * 4.2096874637
	}
	d.c = powers(n, func(i int) float64 { return math.Pow(10, 0.5*float64(i)/(float64(n)-1.0)) })
	// COCO's best parameter, updated through the chain as COCO's transformations update it.
	d.bestX = make([]float64, n)
	for i := range d.bestX {
		v := 420.96874633 // COCO divides at run time; a Go constant expression would be exact
		v /= 100
		v += -2 * math.Abs(d.xopt[i])
		v += 2 * math.Abs(d.xopt[i])
		v /= 2
		if u[i] < 0.5 {
			v *= -1
		}
		d.bestX[i] = v
	}
	d.value = schwefel
}

// newGallagher builds f21 (101 peaks) and f22 (21 peaks) as f_gallagher_bbob_problem_allocate.
func newGallagher(d *data, rseed int64, peaks int) {
	n := d.n
	maxcondition := 1000.
	maxcondition1 := 1000.
	b, c := 9.8, 4.9
	if peaks == 101 {
		maxcondition1 = math.Sqrt(maxcondition1)
		b, c = 10., 5.
	}
	fitvalues := [2]float64{1.1, 9.1}
	d.r1 = computeRotation(rseed, n)
	random := make([]float64, peaks*n)
	type perm struct {
		value float64
		index int
	}
	// COCO sorts with qsort, which is a (stable) merge sort in glibc; ties keep their order.
	unif(random[:peaks-1], rseed)
	rperm := make([]perm, peaks-1)
	for i := range rperm {
		rperm[i] = perm{random[i], i}
	}
	sort.SliceStable(rperm, func(a, b int) bool { return rperm[a].value < rperm[b].value })
	arrCondition := make([]float64, peaks)
	arrCondition[0] = maxcondition1
	d.peakValues = make([]float64, peaks)
	d.peakValues[0] = 10
	for i := 1; i < peaks; i++ {
		arrCondition[i] = math.Pow(maxcondition, float64(rperm[i-1].index)/float64(peaks-2))
		d.peakValues[i] = float64(i-1)/float64(peaks-2)*(fitvalues[1]-fitvalues[0]) + fitvalues[0]
	}
	d.arrScales = make([]float64, peaks*n)
	dperm := make([]perm, n)
	for i := 0; i < peaks; i++ {
		unif(random[:n], rseed+int64(1000*i))
		for j := range dperm {
			dperm[j] = perm{random[j], j}
		}
		sort.SliceStable(dperm, func(a, b int) bool { return dperm[a].value < dperm[b].value })
		for j := 0; j < n; j++ {
			d.arrScales[i*n+j] = math.Pow(arrCondition[i], float64(dperm[j].index)/float64(n-1)-0.5)
		}
	}
	unif(random, rseed)
	const scaleFactor = 0.8
	d.bestX = make([]float64, n)
	d.xLocal = make([]float64, peaks*n) // xLocal[j*n+i] is COCO's x_local[i][j]
	for i := 0; i < n; i++ {
		d.bestX[i] = scaleFactor * (b*random[i] - c)
		for j := 0; j < peaks; j++ {
			s := 0.
			for k := 0; k < n; k++ {
				s += d.r1[i*n+k] * (b*random[j*n+k] - c)
			}
			if j == 0 {
				s *= scaleFactor
			}
			d.xLocal[j*n+i] = s
		}
	}
	d.pen = 1
	d.value = gallagher
}

// newLunacek builds f24: x_opt = +-mu0/2 by the signs of normal numbers; COCO's usual x_opt draw
// is overwritten.
func newLunacek(d *data, rseed int64) {
	n := d.n
	const mu0 = 2.5
	d.r1 = computeRotation(rseed+1000000, n)
	d.r2 = computeRotation(rseed, n)
	g := make([]float64, n)
	gauss(g, rseed)
	d.xopt = make([]float64, n)
	for i := range g {
		d.xopt[i] = 0.5 * mu0
		if g[i] < 0 {
			d.xopt[i] *= -1.0
		}
	}
	// The affine part of COCO's raw function, c1 rot2[i][j] with c1 = pow(sqrt(100), i/(n-1)).
	d.m = make([]float64, n*n)
	for i := 0; i < n; i++ {
		c1 := math.Pow(math.Sqrt(100.), float64(i)/float64(n-1))
		for j := 0; j < n; j++ {
			d.m[i*n+j] = c1 * d.r2[i*n+j]
		}
	}
	d.s = 1. - 0.5/(math.Sqrt(float64(n+20))-4.1)
	d.mu1 = -math.Sqrt((mu0*mu0 - 1.) / d.s)
	d.pen = 1e4
	d.value = lunacek
}
