package bbob

import "math"

// This file ports the random numbers of COCO's legacy BBOB-2009 code (suite_bbob_legacy_code.c):
// every instance's x_opt, f_opt and rotation comes from them, so they are reproduced operation for
// operation (the same integer recurrence, the same floating-point expressions in the same order).

// unif fills r with COCO's bbob2009_unif uniform numbers in (0, 1) for the seed: a Park-Miller
// minimal-standard generator (Schrage's method) behind a 32-entry Bays-Durham shuffle table,
// warmed up by 40 steps. A value that would be 0 is 1e-99, as in COCO.
func unif(r []float64, seed int64) {
	if seed < 0 {
		seed = -seed
	}
	if seed < 1 {
		seed = 1
	}
	var table [32]int64
	akt := seed
	step := func() {
		// COCO truncates the quotient to a C int; the seeds optbench allows keep it in range.
		tmp := int64(math.Floor(float64(akt) / 127773))
		akt = 16807*(akt-tmp*127773) - 2836*tmp
		if akt < 0 {
			akt += 2147483647
		}
	}
	for i := 39; i >= 0; i-- {
		step()
		if i < 32 {
			table[i] = akt
		}
	}
	rand := table[0]
	for i := range r {
		step()
		tmp := int64(math.Floor(float64(rand) / 67108865))
		rand = table[tmp]
		table[tmp] = akt
		r[i] = float64(rand) / 2.147483647e9
		if r[i] == 0 {
			r[i] = 1e-99
		}
	}
}

// gauss fills g with COCO's bbob2009_gauss normal numbers: Box-Muller on 2 len(g) uniforms from
// unif, the first half as radii and the second as angles. A value that would be 0 is 1e-99.
func gauss(g []float64, seed int64) {
	n := len(g)
	u := make([]float64, 2*n)
	unif(u, seed)
	for i := range g {
		g[i] = math.Sqrt(-2*logCR(u[i])) * cosCR(2*math.Pi*u[n+i])
		if g[i] == 0 {
			g[i] = 1e-99
		}
	}
}

// computeXOpt fills xopt with COCO's bbob2009_compute_xopt: uniform on the grid of step 8e-4 in
// [-4, 4), with 0 replaced by -1e-5 (x_opt is never exactly 0).
func computeXOpt(xopt []float64, seed int64) {
	unif(xopt, seed)
	for i, u := range xopt {
		xopt[i] = 8*math.Floor(1e4*u)/1e4 - 4
		if xopt[i] == 0 {
			xopt[i] = -1e-5
		}
	}
}

// computeFOpt is COCO's bbob2009_compute_fopt: the ratio of two normal numbers, rounded to
// hundredths and clipped to [-1000, 1000]. Functions 4 and 18 take the seeds of 3 and 17.
func computeFOpt(function, instance int) float64 {
	seed := int64(function)
	switch function {
	case 4:
		seed = 3
	case 18:
		seed = 17
	}
	seed += 10000 * int64(instance)
	var g1, g2 [1]float64
	gauss(g1[:], seed)
	gauss(g2[:], seed+1)
	return math.Min(1000, math.Max(-1000, math.Floor(100*100*g1[0]/g2[0]+0.5)/100))
}

// computeRotation returns COCO's bbob2009_compute_rotation as a row-major n x n matrix B
// (B[i*n+j] = B_ij): n^2 normal numbers read column by column, then Gram-Schmidt over the columns
// in COCO's order, so the matrix is orthogonal.
func computeRotation(seed int64, n int) []float64 {
	g := make([]float64, n*n)
	gauss(g, seed)
	b := make([]float64, n*n)
	// COCO's reshape: B[i][j] = g[j*n+i].
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			b[i*n+j] = g[j*n+i]
		}
	}
	for i := 0; i < n; i++ {
		for j := 0; j < i; j++ {
			prod := 0.0
			for k := 0; k < n; k++ {
				prod += b[k*n+i] * b[k*n+j]
			}
			for k := 0; k < n; k++ {
				b[k*n+i] -= prod * b[k*n+j]
			}
		}
		prod := 0.0
		for k := 0; k < n; k++ {
			prod += b[k*n+i] * b[k*n+i]
		}
		for k := 0; k < n; k++ {
			b[k*n+i] /= math.Sqrt(prod)
		}
	}
	return b
}
