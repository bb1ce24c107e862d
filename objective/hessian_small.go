package objective

import "gonum.org/v1/gonum/floats"

// hessKernelHidden is the number of hidden units from which Hess uses the
// kernels (hessChunk); below it the code before them (hessChunkBlock),
// block by block as H v is, which is faster there (BenchmarkHessian/N=100/M=2,
// the classroom network) and gives the same bits as before.
var hessKernelHidden = 8 // a variable for BenchmarkHessWidth

// hessChunkBlock is the Hessian of networks with few hidden units
// (below hessKernelHidden), where the kernels' fixed costs outweigh them:
// the code before them, block by block of samples. It adds the chunk's summed Hessian into the upper triangle of h.
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
func (st *state) hessChunkBlock(ws *workspace, sw *secondWorkspace, h []float64, lo, hi, from int) {
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
