package objective

import (
	"fmt"
	"runtime"
	"slices"

	"gonum.org/v1/gonum/floats"
)

// evalMode is what an evaluation computes block by block.
type evalMode int

const (
	modeValue   evalMode = iota // E, and the gradient when wanted
	modeHess                    // the Hessian
	modeHessVec                 // a Hessian-vector product
)

// MaxHessParams bounds the parameters of Hess: its P x P result, and one
// per block of samples, must fit in memory.
const MaxHessParams = 4096

// secondWorkspace holds one worker's buffers for second derivatives.
type secondWorkspace struct {
	y, d       []float64 // K x n: softmax outputs, deltas y - t
	sp, spp    []float64 // M x n: sigmoid'(b), sigmoid''(b) * g
	ybar       []float64 // M x n: sum_k y_k v_kj
	t1, t2, t3 []float64 // n: scratch
	prod       []float64 // the chunk's products x~_i z~_j, z~_j z~_m, x~_i x~_i' (see products)
	pr         products
	rb, rz     []float64 // M x n: R{b}, R{z} for H v
	ra         []float64 // K x n: R{a}, then R{delta}
	part       []float64 // the block's sum: P x P (Hess) or P (HessVec)
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
	if np := numProducts(net); np <= maxProducts && len(sw.prod) < np*c {
		sw.prod = make([]float64, np*c)
	}
	if len(sw.part) < partLen {
		sw.part = make([]float64, partLen)
	}
	sw.part = sw.part[:partLen]
	return sw
}

// Hess writes the exact Hessian of E at x into hess, P x P row-major
// (symmetric), L2 term included. It works chunk by chunk over the blocks
// of samples, on the workers of SetWorkers, and adds the blocks' sums in
// block order, so the result does not depend on the number of workers.
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

// second runs the blocks of a second-derivative evaluation and sums their
// parts into dst, in block order, scaled by 1/N.
func (st *state) second(mode evalMode, dst, x, dir []float64) {
	st.w, st.v = st.net.Split(x)
	st.mode, st.dir = mode, dir
	partLen := len(dst)
	if st.nBlocks == 1 {
		n := st.data.Len()
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
		sw := st.ws[0].second(st.net, n, partLen)
		st.secondBlock(st.ws[0], 0, from)
		st.fwd = fwdNone // prepare changed the buffers
		copy(dst, sw.part)
	} else {
		if len(st.gradParts) < st.nBlocks*partLen {
			st.gradParts = make([]float64, st.nBlocks*partLen)
		}
		for _, ws := range st.ws {
			ws.second(st.net, st.data.Len(), partLen)
		}
		st.runBlocks()
		clear(dst)
		for b := range st.nBlocks {
			floats.Add(dst, st.gradParts[b*partLen:(b+1)*partLen])
		}
	}
	st.w, st.v, st.dir, st.mode = nil, nil, nil, modeValue
	floats.Scale(st.invN, dst)
}

// secondBlock sums block b's second derivatives into the worker's part
// (one block: the result), or into the block's slot of gradParts.
//
// from says what ws holds of a forward pass at the same x (one chunk only):
// fwdNone makes it again; fwdValue is Func's, used as is; fwdGrad is
// FuncGrad's, whose softmax outputs st.yKeep kept. The results are the same
// bits either way.
func (st *state) secondBlock(ws *workspace, b, from int) {
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
			st.hessChunk(ws, sw, part, lo, hi, from)
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

// hessChunk adds the chunk's summed Hessian into the upper triangle of h.
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
func (st *state) hessChunk(ws *workspace, sw *secondWorkspace, h []float64, lo, hi, from int) {
	D, M, K := st.net.Inputs, st.net.Hidden, st.net.Classes
	P, nw := st.net.NumParams(), st.net.NumW()
	n, g := st.prepare(ws, sw, lo, hi, from)
	N := st.data.Len()
	z, y, d, sp := ws.z[:M*n], sw.y[:K*n], sw.d[:K*n], sw.sp[:M*n]
	t1, t2, t3 := sw.t1[:n], sw.t2[:n], sw.t3[:n]
	v := st.v
	xt := func(i int) []float64 { // x~_i; nil stands for the ones of the bias
		if i == D {
			return nil
		}
		return st.data.X[i*N+lo : i*N+hi]
	}
	dot := func(a, b []float64) float64 {
		if b == nil {
			return floats.Sum(a)
		}
		return floats.Dot(a, b)
	}
	// The products of the chunk's columns are made once (products) when
	// there are not too many, and a dot product with them uses gonum's
	// assembly.
	pr := st.products(ws, sw, n, lo, hi)
	// col returns column c of the chunk (features, then hidden units), nil
	// for the ones of the biases (c < 0).
	col := func(c int) []float64 {
		switch {
		case c < 0:
			return nil
		case c < D:
			return st.data.X[c*N+lo : c*N+hi]
		}
		return z[(c-D)*n : (c-D+1)*n]
	}
	cx := func(i int) int { // x~_i's column
		if i == D {
			return -1
		}
		return i
	}
	cz := func(j int) int { // z~_j's column
		if j == M {
			return -1
		}
		return D + j
	}
	// dot3n is sum_i a_i b_i c_i, nil standing for ones.
	dot3n := func(a, b, c []float64) float64 {
		switch {
		case b == nil && c == nil:
			return floats.Sum(a)
		case b == nil:
			return floats.Dot(a, c)
		case c == nil:
			return floats.Dot(a, b)
		}
		return dot3(a, b, c)
	}
	// dotc is sum_i a_i col(b)_i col(c)_i.
	dotc := func(a []float64, b, c int) float64 {
		if pr != nil && b >= 0 && c >= 0 {
			return floats.Dot(a, pr.at(b, c))
		}
		return dot3n(a, col(b), col(c))
	}
	add := func(p, q int, val float64) {
		if p > q {
			p, q = q, p
		}
		h[p*P+q] += val
	}
	W := func(j, i int) int { return j*(D+1) + i }
	V := func(k, j int) int { return nw + k*(M+1) + j }

	// v-v: A_kl z~_j z~_m.
	for k := range K {
		yk := y[k*n : (k+1)*n]
		for l := k; l < K; l++ {
			if k == l {
				for i, yi := range yk {
					t1[i] = yi * (1 - yi)
				}
			} else {
				floats.MulTo(t1, yk, y[l*n:(l+1)*n])
				floats.Scale(-1, t1)
			}
			for j := 0; j <= M; j++ {
				for m := j; m <= M; m++ {
					val := dotc(t1, cz(j), cz(m))
					add(V(k, j), V(l, m), val)
					if k != l && m != j {
						add(V(k, m), V(l, j), val)
					}
				}
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
	// v-w: (A v)_km s'_m x~_i z~_j + [j = m] d_k s'_m x~_i.
	for k := range K {
		yk, dk := y[k*n:(k+1)*n], d[k*n:(k+1)*n]
		for m := range M {
			spm, bm, vkm := sp[m*n:(m+1)*n], ybar[m*n:(m+1)*n], v[k*(M+1)+m]
			for i := range n {
				t1[i] = yk[i] * (vkm - bm[i]) * spm[i]
			}
			floats.MulTo(t3, dk, spm)
			for i := 0; i <= D; i++ {
				for j := 0; j <= M; j++ {
					add(W(m, i), V(k, j), dotc(t1, cx(i), cz(j)))
				}
				add(W(m, i), V(k, m), dot(t3, xt(i)))
			}
		}
	}
	// w-w: x~_i x~_i' (s'_j s'_m q_jm + [j = m] s''_j g_j), q_jm = v_j' A v_m.
	for j := range M {
		zj, spj, bj, gj := z[j*n:(j+1)*n], sp[j*n:(j+1)*n], ybar[j*n:(j+1)*n], g[j*n:(j+1)*n]
		for m := j; m < M; m++ {
			spm, bm := sp[m*n:(m+1)*n], ybar[m*n:(m+1)*n]
			// q_jm = sum_k y_k v_kj v_km - ybar_j ybar_m, in t2.
			clear(t2)
			for k := range K {
				floats.AddScaled(t2, v[k*(M+1)+j]*v[k*(M+1)+m], y[k*n:(k+1)*n])
			}
			for i := range n {
				t1[i] = spj[i] * spm[i] * (t2[i] - bj[i]*bm[i])
				if j == m {
					t1[i] += spj[i] * (1 - 2*zj[i]) * gj[i]
				}
			}
			for i := 0; i <= D; i++ {
				i0 := 0
				if j == m {
					i0 = i
				}
				for i2 := i0; i2 <= D; i2++ {
					add(W(j, i), W(m, i2), dotc(t1, cx(i), cx(i2)))
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

// maxProducts bounds the product columns a chunk keeps (n values each).
const maxProducts = 512

// numProducts is the number of distinct products of two columns among
// x_0..x_D-1 and z_0..z_M-1.
func numProducts(net Network) int {
	c := net.Inputs + net.Hidden
	return c * (c + 1) / 2
}

// products holds the elementwise products of every pair of the chunk's
// columns: the features, then the hidden activations.
type products struct {
	cols [][]float64
	prod [][]float64 // prod[a*len(cols)+b], a <= b
}

// at is the product of columns i and j.
func (p *products) at(i, j int) []float64 {
	if i > j {
		i, j = j, i
	}
	return p.prod[i*len(p.cols)+j]
}

// products makes the chunk's column products in the workspace, or returns
// nil when there would be more than maxProducts of them.
func (st *state) products(ws *workspace, sw *secondWorkspace, n, lo, hi int) *products {
	net := st.net
	if numProducts(net) > maxProducts || n == 0 {
		return nil
	}
	N := st.data.Len()
	p := &sw.pr
	p.cols = p.cols[:0]
	for i := range net.Inputs {
		p.cols = append(p.cols, st.data.X[i*N+lo:i*N+hi])
	}
	for j := range net.Hidden {
		p.cols = append(p.cols, ws.z[j*n:(j+1)*n])
	}
	c := len(p.cols)
	if cap(p.prod) < c*c {
		p.prod = make([][]float64, c*c) // once per workspace
	}
	p.prod = p.prod[:c*c]
	k := 0
	for a := range c {
		for b := a; b < c; b++ {
			dst := sw.prod[k*n : (k+1)*n]
			floats.MulTo(dst, p.cols[a], p.cols[b])
			p.prod[a*c+b] = dst
			k++
		}
	}
	return p
}

// dot3 is sum_i a_i b_i c_i.
func dot3(a, b, c []float64) float64 {
	b, c = b[:len(a)], c[:len(a)]
	var s0, s1 float64
	i := 0
	for ; i+1 < len(a); i += 2 {
		s0 += a[i] * b[i] * c[i]
		s1 += a[i+1] * b[i+1] * c[i+1]
	}
	if i < len(a) {
		s0 += a[i] * b[i] * c[i]
	}
	return s0 + s1
}
