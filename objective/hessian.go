package objective

import (
	"fmt"
	"runtime"
	"slices"
	"sync/atomic"

	"gonum.org/v1/gonum/floats"
)

// evalMode is what an evaluation computes block by block.
type evalMode int

const (
	modeValue   evalMode = iota // E, and the gradient when wanted
	modeHess                    // the Hessian
	modeHessVec                 // a Hessian-vector product
)

// MaxHessParams bounds the parameters of Hess: its P x P result must fit
// in memory, and by blocks of samples (fewer than hessKernelHidden hidden
// units, or more than maxTileFloats of tiles) one per block of samples too;
// by tiles each worker holds at most maxTileFloats besides.
const MaxHessParams = 4096

// secondWorkspace holds one worker's buffers for second derivatives.
type secondWorkspace struct {
	y, d       []float64   // K x n: softmax outputs, deltas y - t
	sp, spp    []float64   // M x n: sigmoid'(b), sigmoid''(b) * g
	ybar       []float64   // M x n: sum_k y_k v_kj
	t1, t2, t3 []float64   // n: scratch
	ones       []float64   // n: ones, the bias's column
	acols      []float64   // K(K+1)/2 x n: A_kl, k <= l (Hess)
	zt         []float64   // n x hessLDZ(M): z~ sample by sample (Hess)
	rowBuf     []float64   // the kernel's rows, a multiple of 3, n values each (Hess)
	rows       [][]float64 // views of rowBuf (Hess)
	out        []float64   // the kernels' sums (Hess)
	spt, bt    []float64   // n x hessLDZ(M): s'_m, ybar_m sample by sample (Hess)
	ct         []float64   // n x hessLDZ(M): the w-w weights c_jm for one j (Hess)
	qv         []float64   // K x M: v_kj v_km for one j (Hess)
	q          []float64   // K: one sample's y (Hess)
	rb, rz     []float64   // M x n: R{b}, R{z} for H v
	ra         []float64   // K x n: R{a}, then R{delta}
	part       []float64   // the block's sum: P x P (hessChunkBlock) or P (H v)
	prod       []float64   // the chunk's products x~_i z~_j, z~_j z~_m, x~_i x~_i' (products)
	pr         products

	job hessJob // ws[0]'s only: the Hessian under way
}

// hessJob is a Hessian under way, shared by the workers through ws[0]. Its
// tiles split the output, not the samples: tile t computes the elements
// whose hidden index j or m (see hessChunk) is t modulo tiles, summing
// over every sample in sample order. Each element is computed by one tile
// in the same operations whatever the tiles and the workers, so the result
// does not depend on them; the tiles write disjoint elements of dst.
type hessJob struct {
	dst   []float64 // P x P, upper triangle
	tiles int
	next  atomic.Int64
}

func (ws *workspace) second(net Network, n, partLen int) *secondWorkspace {
	c, M, K := min(ChunkSize, n), net.Hidden, net.Classes
	sw := ws.sw
	if sw == nil {
		sw = &secondWorkspace{
			y: make([]float64, K*c), d: make([]float64, K*c),
			sp: make([]float64, M*c), spp: make([]float64, M*c), ybar: make([]float64, M*c),
			t1: make([]float64, c), t2: make([]float64, c), t3: make([]float64, c),
			rb: make([]float64, M*c), rz: make([]float64, M*c), ra: make([]float64, K*c),
		}
		ws.sw = sw
	}
	if cap(sw.part) < partLen { // cap: a Hessian by tiles asks for none, and a HessVec after it must not allocate
		sw.part = make([]float64, partLen)
	}
	sw.part = sw.part[:partLen]
	return sw
}

// forKernels makes the buffers of hessChunk, once.
func (sw *secondWorkspace) forKernels(net Network, n int) {
	if sw.zt != nil {
		return
	}
	c, D, M, K := min(ChunkSize, n), net.Inputs, net.Hidden, net.Classes
	ldz, nr := hessLDZ(M), hessRows(D, K)
	sw.ones, sw.acols, sw.q, sw.qv = make([]float64, c), make([]float64, K*(K+1)/2*c), make([]float64, K), make([]float64, K*M)
	for i := range sw.ones {
		sw.ones[i] = 1
	}
	sw.rowBuf, sw.rows, sw.out = make([]float64, nr*c), make([][]float64, nr), make([]float64, nr*ldz)
	sw.zt, sw.spt, sw.bt, sw.ct = make([]float64, c*ldz), make([]float64, c*ldz), make([]float64, c*ldz), make([]float64, c*ldz)
}

// forBlocks makes the buffers of hessChunkBlock, once.
func (sw *secondWorkspace) forBlocks(net Network, n int) {
	if np := numProducts(net); np <= maxProducts && len(sw.prod) < np*min(ChunkSize, n) {
		sw.prod = make([]float64, np*min(ChunkSize, n))
	}
}

// Hess writes the exact Hessian of E at x into hess, P x P row-major
// (symmetric), L2 term included. It works chunk by chunk over the samples;
// the workers of SetWorkers share out the elements of the result (see
// hessJob), each summed over the samples in order (below hessKernelHidden
// hidden units, they share out the blocks of samples and the blocks' sums
// are added in block order), so the result does not depend on the number
// of workers.
// After the first call it allocates nothing. It panics if P exceeds
// MaxHessParams.
func (ce *CrossEntropy) Hess(hess, x []float64) {
	defer runtime.KeepAlive(ce)
	P := ce.net.NumParams()
	if P > MaxHessParams {
		panic(fmt.Sprintf("objective: Hess of %d parameters: at most %d", P, MaxHessParams))
	}
	if len(hess) != P*P {
		panic(fmt.Sprintf("objective: Hessian has length %d, want %d", len(hess), P*P))
	}
	ce.second(modeHess, hess, x, nil)
	// The blocks filled the upper triangle; mirror it.
	for p := range P {
		for q := p + 1; q < P; q++ {
			hess[q*P+p] = hess[p*P+q]
		}
	}
	for p := range P {
		hess[p*P+p] += ce.lambda
	}
}

// HessVec writes H v, the Hessian of E at x times dir, into dst, by
// Pearlmutter's R-operator: a forward and a backward pass, about twice the
// cost of a gradient, without forming H. Like Hess, it does not depend on
// the number of workers and allocates nothing after the first call.
func (ce *CrossEntropy) HessVec(dst, x, dir []float64) {
	defer runtime.KeepAlive(ce)
	P := ce.net.NumParams()
	if len(dst) != P || len(dir) != P {
		panic(fmt.Sprintf("objective: HessVec lengths %d and %d, want %d", len(dst), len(dir), P))
	}
	ce.second(modeHessVec, dst, x, dir)
	floats.AddScaled(dst, ce.lambda, dir)
}

// hessTiles is the number of tiles a Hessian is cut into for w workers:
// more than one per worker, so that a worker that finishes early takes
// another, when there are enough hidden units for each tile to cost much
// more than the forward pass and the columns every tile makes again
// (O(M) per sample, against O(M^2) for the tile's share of the Hessian);
// at most one per hidden unit and the bias.
func hessTiles(w, M int) int {
	return min(w*max(1, min(M/32, 4)), M+1)
}

// hessLDZ is the row length of the chunk's z~ sample by sample: M+1
// rounded up to the twelve columns of the kernel.
func hessLDZ(M int) int { return roundUp(M+1, 12) }

// hessRows is the number of rows of samples the kernel takes at most:
// K(K+1)/2 for v-v, K(D+1) for v-w, (D+1)(D+2)/2 for w-w, rounded up to 3.
func hessRows(D, K int) int { return roundUp(max(K*(K+1)/2, K*(D+1), (D+1)*(D+2)/2), 3) }

func roundUp(a, b int) int { return (a + b - 1) / b * b }

// second runs a second-derivative evaluation into dst, scaled by 1/N: the
// Hessian's tiles (hessTiles), or the blocks of H v, their parts summed in
// block order.
func (st *state) second(mode evalMode, dst, x, dir []float64) {
	st.w, st.v = st.net.Split(x)
	st.mode, st.dir = mode, dir
	tiled := st.hessTiled()
	partLen := len(dst)
	if tiled {
		partLen = 0 // the tiles write into dst
		clear(dst)
	}
	n := st.data.Len()
	for _, ws := range st.ws {
		sw := ws.second(st.net, n, partLen)
		switch {
		case tiled:
			sw.forKernels(st.net, n)
		case mode == modeHess:
			sw.forBlocks(st.net, n)
		}
	}
	if st.nBlocks == 1 {
		if !st.reuse && n <= ChunkSize {
			// From now on evaluations keep what a Hessian at the same x
			// can reuse of their forward pass (made once).
			st.reuse, st.fwd = true, fwdNone
			st.fwdX, st.yKeep = make([]float64, len(x)), make([]float64, st.net.Classes*n)
		}
		from := fwdNone
		if st.reuse && slices.Equal(st.fwdX, x) {
			from = st.fwd
		}
		sw := st.ws[0].sw
		if tiled {
			sw.job.start(dst, 1)
		}
		st.secondBlock(st.ws[0], 0, from)
		if !tiled {
			copy(dst, sw.part)
		}
		st.fwd = fwdNone // prepare changed the buffers
	} else {
		if tiled {
			st.ws[0].sw.job.start(dst, hessTiles(len(st.ws), st.net.Hidden))
		} else if len(st.gradParts) < st.nBlocks*partLen {
			st.gradParts = make([]float64, st.nBlocks*partLen)
		}
		st.runBlocks()
		if !tiled {
			clear(dst)
			for b := range st.nBlocks {
				floats.Add(dst, st.gradParts[b*partLen:(b+1)*partLen])
			}
		}
	}
	st.w, st.v, st.dir, st.mode = nil, nil, nil, modeValue
	floats.Scale(st.invN, dst)
}

// hessTiled reports whether the evaluation under way is a Hessian by
// tiles (hessJob, hessChunk) rather than by blocks of samples.
func (st *state) hessTiled() bool {
	return st.mode == modeHess && st.net.Hidden >= hessKernelHidden && tileFloats(st.net) <= maxTileFloats
}

// tileFloats is what a worker's buffers for the Hessian by tiles hold:
// (D+1)(D+2)/2 rows of a chunk of samples and of the output, which grows
// as the square of the inputs (D = 500: 126,000 rows).
func tileFloats(net Network) int {
	return hessRows(net.Inputs, net.Classes) * (ChunkSize + hessLDZ(net.Hidden))
}

// maxTileFloats bounds tileFloats (32 MB a worker): a network of more
// inputs makes its Hessian by blocks of samples, as below hessKernelHidden.
const maxTileFloats = 4 << 20

// start sets the job going: dst cleared, tiles tiles, none taken.
func (job *hessJob) start(dst []float64, tiles int) {
	job.dst, job.tiles = dst, tiles
	job.next.Store(0)
}

// hessTiles computes tiles of the Hessian under way until none is left.
// from is as for secondBlock (one tile and one chunk only).
func (st *state) hessTiles(ws *workspace, from int) {
	job := &st.ws[0].sw.job
	n := st.data.Len()
	for {
		t := int(job.next.Add(1) - 1)
		if t >= job.tiles {
			return
		}
		for lo := 0; lo < n; lo += ChunkSize {
			hi := min(lo+ChunkSize, n)
			if from == fwdNone {
				st.chunk(ws, nil, lo, hi) // forward pass: z, exp(a - max), their sums
			}
			st.hessChunk(ws, ws.sw, job.dst, lo, hi, from, t, job.tiles)
		}
	}
}

// secondBlock sums block b's second derivatives into the worker's part
// (one block: the result), or into the block's slot of gradParts; for a
// Hessian by tiles (hessTiled), the blocks are the workers' turns at its
// tiles.
//
// from says what ws holds of a forward pass at the same x (one chunk only):
// fwdNone makes it again; fwdValue is Func's, used as is; fwdGrad is
// FuncGrad's, whose softmax outputs st.yKeep kept. The results are the same
// bits either way.
func (st *state) secondBlock(ws *workspace, b, from int) {
	if st.hessTiled() {
		st.hessTiles(ws, from)
		return
	}
	sw := ws.sw
	part := sw.part
	if st.nBlocks > 1 {
		part = st.gradParts[b*len(part) : (b+1)*len(part)]
	}
	clear(part)
	n := st.data.Len()
	for lo := b * BlockSize; lo < min((b+1)*BlockSize, n); lo += ChunkSize {
		hi := min(lo+ChunkSize, n)
		if from == fwdNone {
			st.chunk(ws, nil, lo, hi) // forward pass: z, exp(a - max), their sums
		}
		if st.mode == modeHess {
			st.hessChunkBlock(ws, sw, part, lo, hi, from)
		} else {
			st.hessVecChunk(ws, sw, part, lo, hi, from)
		}
	}
}

// prepare computes, from the forward pass, the softmax outputs y, the
// deltas d = y - t, sigmoid'(b) and, for each hidden unit,
// g_j = sum_k v_kj d_k.
func (st *state) prepare(ws *workspace, sw *secondWorkspace, lo, hi, from int) (n int, g []float64) {
	M, K := st.net.Hidden, st.net.Classes
	n = hi - lo
	z, a, s := ws.z[:M*n], ws.a[:K*n], ws.s[:n]
	y, d := sw.y[:K*n], sw.d[:K*n]
	if from == fwdGrad {
		copy(y, st.yKeep[:K*n]) // FuncGrad's a / s, the same operations
	} else {
		for i := range n {
			s[i] = 1 / s[i]
		}
		for k := range K {
			floats.MulTo(y[k*n:(k+1)*n], a[k*n:(k+1)*n], s)
		}
	}
	copy(d, y)
	for i, t := range st.data.Labels[lo:hi] {
		d[t*n+i]--
	}
	sp := sw.sp[:M*n]
	for i, zi := range z {
		sp[i] = zi * (1 - zi)
	}
	g = ws.e[:M*n] // the forward pass leaves e free
	for j := range M {
		gj := g[j*n : (j+1)*n]
		clear(gj)
		for k := range K {
			floats.AddScaled(gj, st.v[k*(M+1)+j], d[k*n:(k+1)*n])
		}
	}
	return n, g
}

// hessChunk adds tile t's elements of the chunk's summed Hessian into the
// upper triangle of h: the v-v and w-w elements whose smaller hidden index
// j, and the v-w elements whose hidden index m (both as below), is t
// modulo tiles.
//
// With x~ = (x, 1), z~ = (z, 1), A = diag(y) - y y', d = y - t,
// g_j = sum_k v_kj d_k, s'_j = z_j (1 - z_j), s”_j = s'_j (1 - 2 z_j):
//
//	d2E/dv_kj dv_lm = A_kl z~_j z~_m
//	d2E/dv_kj dw_mi = (A v)_km s'_m x~_i z~_j + [j = m] d_k s'_m x~_i
//	d2E/dw_ji dw_mi' = x~_i x~_i' (s'_j s'_m (v_j' A v_m) + [j = m] s''_j g_j)
//
// summed over the samples, where (A v)_km = y_k (v_km - ybar_m) and
// v_j' A v_m = sum_k y_k v_kj v_km - ybar_j ybar_m with ybar_m =
// sum_k y_k v_km.
//
// Each block is a few rows of samples times a matrix of the chunk's values
// sample by sample (rowsTimesCols, twelve columns at a time in AVX2):
// v-v, for each j, the rows A_kl z~_j times z~ (columns m >= j); v-w, for
// each m, the rows (A v)_km s'_m x~_i times z~ (every j); w-w, the rows
// x~_i x~_i' times, for each j, the weights s'_j s'_m q_jm (+ s”_j g_j
// when m = j) of every m >= j, made per sample as before (wwWeights3).
// Every product is formed as the code before the kernels formed it except
// x~_i x~_i' c_jm (before: (c_jm x~_i) x~_i'), and every sum is taken in
// sample order from zero: the result differs from the old one in the
// rounding of the sums (TestHessianAgainstReference).
func (st *state) hessChunk(ws *workspace, sw *secondWorkspace, h []float64, lo, hi, from, t, tiles int) {
	D, M, K := st.net.Inputs, st.net.Hidden, st.net.Classes
	P, nw := st.net.NumParams(), st.net.NumW()
	n, g := st.prepare(ws, sw, lo, hi, from)
	N := st.data.Len()
	z, y, d, sp := ws.z[:M*n], sw.y[:K*n], sw.d[:K*n], sw.sp[:M*n]
	t3, ones := sw.t3[:n], sw.ones[:n]
	v := st.v
	xt := func(i int) []float64 { // x~_i; nil stands for the ones of the bias
		if i == D {
			return nil
		}
		return st.data.X[i*N+lo : i*N+hi]
	}
	zt0 := func(j int) []float64 { // z~_j; nil stands for the ones
		if j == M {
			return nil
		}
		return z[j*n : (j+1)*n]
	}
	orOnes := func(a []float64) []float64 {
		if a == nil {
			return ones
		}
		return a
	}
	add := func(p, q int, val float64) {
		if p > q {
			p, q = q, p
		}
		h[p*P+q] += val
	}
	W := func(j, i int) int { return j*(D+1) + i }
	V := func(k, j int) int { return nw + k*(M+1) + j }

	// The chunk's z~ sample by sample (zt[i*ldz+j] = z~_j of sample i),
	// for the kernel that takes three rows of samples times twelve z~_j;
	// the columns after z~_M stay zero.
	ldz := hessLDZ(M)
	zt := sw.zt[:n*ldz]
	for j := range M {
		for i, zji := range z[j*n : (j+1)*n] {
			zt[i*ldz+j] = zji
		}
	}
	for i := range n {
		zt[i*ldz+M] = 1
	}
	// v-v: A_kl z~_j z~_m, the rows A_kl z~_j (k <= l) times z~_m for
	// each of the tile's j, m >= j. The products are formed (A_kl z~_j) z~_m.
	nA := K * (K + 1) / 2
	acols := sw.acols[:nA*n]
	r := 0
	for k := range K {
		yk := y[k*n : (k+1)*n]
		for l := k; l < K; l++ {
			col := acols[r*n : (r+1)*n]
			if k == l {
				for i, yi := range yk {
					col[i] = yi * (1 - yi)
				}
			} else {
				floats.MulTo(col, yk, y[l*n:(l+1)*n])
				floats.Scale(-1, col)
			}
			r++
		}
	}
	rows := sw.rows[:hessRows(D, K)]
	for r := range rows {
		rows[r] = sw.rowBuf[r*n : (r+1)*n] // the sums of rows past those used are not used
	}
	out := sw.out[:len(rows)*ldz]
	for j := t; j <= M; j += tiles {
		zj := orOnes(zt0(j))
		for r := range nA {
			floats.MulTo(rows[r], acols[r*n:(r+1)*n], zj)
		}
		nr := roundUp(nA, 3)
		c0 := j / 12 * 12
		rowsTimesCols(out, ldz, rows[:nr], zt, ldz, c0, ldz, n)
		r := 0
		for k := range K {
			for l := k; l < K; l++ {
				o := out[r*ldz : (r+1)*ldz]
				for m := j; m <= M; m++ {
					add(V(k, j), V(l, m), o[m])
					if k != l && m != j {
						add(V(k, m), V(l, j), o[m])
					}
				}
				r++
			}
		}
	}
	// ybar_m = sum_k y_k v_km.
	ybar := sw.ybar[:M*n]
	for m := range M {
		bm := ybar[m*n : (m+1)*n]
		clear(bm)
		for k := range K {
			floats.AddScaled(bm, v[k*(M+1)+m], y[k*n:(k+1)*n])
		}
	}
	// v-w: (A v)_km s'_m x~_i z~_j + [j = m] d_k s'_m x~_i, for each of the
	// tile's m: the rows (A v)_km s'_m x~_i times every z~_j, the products
	// formed ((A v)_km s'_m x~_i) z~_j.
	nE := K * (D + 1)
	for m := t; m < M; m += tiles {
		spm, bm := sp[m*n:(m+1)*n], ybar[m*n:(m+1)*n]
		for k := range K {
			yk, vkm := y[k*n:(k+1)*n], v[k*(M+1)+m]
			f := rows[k*(D+1)+D]
			for i := range n {
				f[i] = yk[i] * (vkm - bm[i]) * spm[i]
			}
			for i := range D {
				floats.MulTo(rows[k*(D+1)+i], f, xt(i))
			}
		}
		rowsTimesCols(out, ldz, rows[:roundUp(nE, 3)], zt, ldz, 0, ldz, n)
		for k := range K {
			for i := 0; i <= D; i++ {
				o := out[(k*(D+1)+i)*ldz:]
				for j := 0; j <= M; j++ {
					add(W(m, i), V(k, j), o[j])
				}
			}
		}
		for k := range K {
			floats.MulTo(t3, d[k*n:(k+1)*n], spm)
			for i := 0; i <= D; i++ {
				add(W(m, i), V(k, m), floats.Dot(t3, orOnes(xt(i))))
			}
		}
	}
	// w-w: x~_i x~_i' (s'_j s'_m q_jm + [j = m] s''_j g_j), q_jm = v_j' A v_m:
	// for each of the tile's j, the weights c_jm of every m >= j sample by
	// sample (as the code before the kernels made them, sample by sample
	// the same operations), then the rows x~_i x~_i' (i <= i') times them.
	spt, bt, ct := sw.spt[:n*ldz], sw.bt[:n*ldz], sw.ct[:n*ldz]
	for m := range M {
		for i, x := range sp[m*n : (m+1)*n] {
			spt[i*ldz+m] = x
		}
		for i, x := range ybar[m*n : (m+1)*n] {
			bt[i*ldz+m] = x
		}
	}
	nP := 0
	for i := 0; i <= D; i++ {
		for i2 := i; i2 <= D; i2++ {
			switch a, b := xt(i), xt(i2); {
			case b == nil && a == nil:
				copy(rows[nP], ones)
			case b == nil:
				copy(rows[nP], a)
			default:
				floats.MulTo(rows[nP], a, b)
			}
			nP++
		}
	}
	qv, ys := sw.qv[:K*M], sw.q[:K]
	for j := t; j < M; j += tiles {
		zj, spj, bj, gj := z[j*n:(j+1)*n], sp[j*n:(j+1)*n], ybar[j*n:(j+1)*n], g[j*n:(j+1)*n]
		for k := range K {
			for m := j; m < M; m++ {
				qv[k*M+m] = v[k*(M+1)+j] * v[k*(M+1)+m]
			}
		}
		for i := range n {
			c, sprow, brow := ct[i*ldz:][j:M], spt[i*ldz:][j:M], bt[i*ldz:][j:M]
			sj, bji := spj[i], bj[i]
			if K == 3 {
				wwWeights3(c, sprow, brow, qv[j:M], qv[M+j:2*M], qv[2*M+j:3*M], sj, bji, y[i], y[n+i], y[2*n+i])
			} else {
				for k := range K {
					ys[k] = y[k*n+i]
				}
				for m := range c {
					var q float64
					for k, yk := range ys {
						q += float64(qv[k*M+j+m] * yk)
					}
					c[m] = float64(sj*sprow[m]) * (q - float64(bji*brow[m])) // as wwWeights3
				}
			}
			c[0] += sj * (1 - 2*zj[i]) * gj[i] // m = j
		}
		rowsTimesCols(out, ldz, rows[:roundUp(nP, 3)], ct, ldz, j/12*12, ldz, n)
		for m := j; m < M; m++ {
			for i := 0; i <= D; i++ {
				i0 := 0
				if j == m {
					i0 = i
				}
				for i2 := i0; i2 <= D; i2++ {
					a, b := min(i, i2), max(i, i2)
					r := a*(D+1) - a*(a-1)/2 + (b - a) // (a, b)'s row: rows of i < a, then b
					add(W(j, i), W(m, i2), out[r*ldz+m])
				}
			}
		}
	}
}

// hessVecChunk adds the chunk's summed H dir into hv, by the R-operator:
// R{b_j} = dw_j . x~, R{z_j} = s'_j R{b_j}, R{a_k} = dv_k . z~ + v_k . R{z},
// R{d_k} = y_k (R{a_k} - sum_l y_l R{a_l}), then
//
//	R{dE/dv_kj} = R{d_k} z~_j + d_k R{z~_j}
//	R{dE/dw_ji} = (s''_j R{b_j} g_j + s'_j R{g_j}) x~_i,  R{g_j} = sum_k (dv_kj d_k + v_kj R{d_k}).
func (st *state) hessVecChunk(ws *workspace, sw *secondWorkspace, hv []float64, lo, hi, from int) {
	D, M, K := st.net.Inputs, st.net.Hidden, st.net.Classes
	nw := st.net.NumW()
	n, g := st.prepare(ws, sw, lo, hi, from)
	N := st.data.Len()
	z, y, d, sp := ws.z[:M*n], sw.y[:K*n], sw.d[:K*n], sw.sp[:M*n]
	rb, rz, ra := sw.rb[:M*n], sw.rz[:M*n], sw.ra[:K*n]
	t1 := sw.t1[:n]
	v := st.v
	dw, dv := st.dir[:nw], st.dir[nw:]
	col := func(i int) []float64 { return st.data.X[i*N+lo : i*N+hi] }

	for j := range M {
		rbj := rb[j*n : (j+1)*n]
		setAffine(rbj, dw[j*(D+1)+D], dw[j*(D+1)], col(0))
		for i := 1; i < D; i++ {
			floats.AddScaled(rbj, dw[j*(D+1)+i], col(i))
		}
		floats.MulTo(rz[j*n:(j+1)*n], sp[j*n:(j+1)*n], rbj)
	}
	for k := range K {
		rak := ra[k*n : (k+1)*n]
		for i := range rak {
			rak[i] = dv[k*(M+1)+M]
		}
		for j := range M {
			floats.AddScaled(rak, dv[k*(M+1)+j], z[j*n:(j+1)*n])
			floats.AddScaled(rak, v[k*(M+1)+j], rz[j*n:(j+1)*n])
		}
	}
	// R{d} replaces R{a}.
	clear(t1)
	for k := range K {
		floats.AddScaledTo(t1, t1, 1, floats.MulTo(sw.t2[:n], y[k*n:(k+1)*n], ra[k*n:(k+1)*n]))
	}
	for k := range K {
		rak, yk := ra[k*n:(k+1)*n], y[k*n:(k+1)*n]
		for i := range rak {
			rak[i] = yk[i] * (rak[i] - t1[i])
		}
	}
	hw, hvv := hv[:nw], hv[nw:]
	for k := range K {
		rdk, dk := ra[k*n:(k+1)*n], d[k*n:(k+1)*n]
		for j := range M {
			hvv[k*(M+1)+j] += floats.Dot(rdk, z[j*n:(j+1)*n]) + floats.Dot(dk, rz[j*n:(j+1)*n])
		}
		hvv[k*(M+1)+M] += floats.Sum(rdk)
	}
	for j := range M {
		// R{d1_j} = s''_j R{b_j} g_j + s'_j R{g_j}, in t1.
		zj, spj, rbj, gj := z[j*n:(j+1)*n], sp[j*n:(j+1)*n], rb[j*n:(j+1)*n], g[j*n:(j+1)*n]
		clear(t1)
		for k := range K {
			floats.AddScaled(t1, dv[k*(M+1)+j], d[k*n:(k+1)*n])
			floats.AddScaled(t1, v[k*(M+1)+j], ra[k*n:(k+1)*n])
		}
		for i := range t1 {
			t1[i] = spj[i]*(1-2*zj[i])*rbj[i]*gj[i] + spj[i]*t1[i]
		}
		for i := range D {
			hw[j*(D+1)+i] += floats.Dot(t1, col(i))
		}
		hw[j*(D+1)+D] += floats.Sum(t1)
	}
}
