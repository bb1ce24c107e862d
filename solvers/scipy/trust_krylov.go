package scipy

import (
	"errors"
	"math"
	"slices"

	"github.com/optbench/optbench/solvers/core"
)

// scipy 1.10's trust-krylov (_minimize_trust_krylov): the trust-region
// loop of trust-ncg and trust-exact (runTrust) with the subproblem solved
// by the generalized Lanczos method (GLTR, Gould, Lucidi, Roma and Toint
// 1999) as the trlib library does it (trlib.go), driven as scipy's
// TRLIBQuadraticSubproblem (_trlib/_trlib.pyx) drives it: products H p
// only, the Lanczos basis kept for the retransformation, and after a
// rejected step the same Krylov space solved again for the smaller radius
// (trlib's hot start). inexact (default): the Krylov iteration stops at
// trlib's forcing sequences (tol_rel_i -2, tol_rel_b -3); false: 1e-8 and
// 1e-6 relative to the first gradient.

var trustKrylovParams = append(slices.Clone(trustParams), core.ParamSpec{
	Key: "inexact", Default: "true", Choices: []string{"true", "false"},
	Doc: "solve the subproblems inexactly (trlib's forcing sequences: fewer outer iterations, more H p); false: to 1e-8 inside, 1e-6 on the boundary",
})

var scipyTrustKrylov = core.Method{
	Name: "scipy:trust-krylov", Aliases: []string{"trust-krylov"}, Doc: "scipy 1.10's trust-krylov: the subproblem by GLTR (trlib's Lanczos method), H v products only",
	Gradient: true, Hessian: true, ScalarFunction: true, Params: trustKrylovParams, Check: checkTrust,
	Run: func(s *core.Search, x0 []float64, p core.Params) {
		k := newKrylovSubproblem(len(x0), p.String("inexact") != "false")
		runTrustEager(s, x0, p, k.solveTrust, false, true)
	},
}

// errKrylov is a subproblem run that scipy's code would not survive: its
// numpy indexing would raise (more Krylov vectors than the basis holds) or
// its loop would not end. runTrust reports it as scipy's linalg failure.
var errKrylov = errors.New("trust-krylov: the Krylov subproblem did not end")

// krylovModel is what the subproblem needs of the quadratic model at one
// point: its gradient, its products H p, and whether the run must stop.
type krylovModel interface {
	jac() []float64
	hessp(dst, p []float64)
	krylovLimited() bool
}

// krylovLimited: a time limit, a cancelled context or MaxFev ends the
// subproblem too.
func (m *trustModel) krylovLimited() bool { return m.s.Limited() }

// krylovSubproblem is scipy's TRLIBQuadraticSubproblem for n parameters:
// trlib's workspace and the vectors trlib asks the caller to keep (s the
// step, g, v = g, gm the previous g, p the direction, Hp = H p, Q the
// Lanczos basis, itmax + 1 rows of n, each made the first time it is
// needed). Everything is made once per run; a new point resets it.
type krylovSubproblem struct {
	n, itmax                int
	t                       *trlib
	s, g, v, gm, p, Hp, tmp []float64
	q                       [][]float64
	qPoint                  []int // the point (counted from 1) each row of q was written at
	point                   int
	model                   krylovModel // the point the workspace belongs to
	init                    int         // TRLIB_CLS_INIT at a new point, then HOTSTART
	lam                     float64     // the Lagrange multiplier of the last solve
}

// newKrylovSubproblem: inexact true is scipy's default (tol_rel_i -2,
// tol_rel_b -3), false its 1e-8, 1e-6. itmax = min(1e9/n, 2n), as the pyx
// sets it, and at most krylovBasisItmax(n).
func newKrylovSubproblem(n int, inexact bool) *krylovSubproblem {
	tolI, tolB := -2.0, -3.0
	if !inexact {
		tolI, tolB = 1e-8, 1e-6
	}
	itmax := min(int(math.Min(1e9/float64(n), float64(2*n))), krylovBasisItmax(n))
	mk := func() []float64 { return make([]float64, n) }
	k := &krylovSubproblem{
		n: n, itmax: itmax, t: newTrlib(itmax, tolI, tolB),
		s: mk(), g: mk(), v: mk(), gm: mk(), p: mk(), Hp: mk(), tmp: mk(),
		q: make([][]float64, itmax+1), qPoint: make([]int, itmax+1),
	}
	if (itmax+1)*n <= krylovBasisAtOnce {
		// A small basis is made whole now, so that no iteration allocates
		// (the classroom's 15 parameters: 31 rows, 3.7 KB).
		basis := make([]float64, (itmax+1)*n)
		for i := range k.q {
			k.q[i] = basis[i*n : (i+1)*n : (i+1)*n]
		}
	}
	return k
}

// krylovBasisAtOnce is the largest Lanczos basis, in values, made whole at
// the start of a run (1 MiB: scipy's itmax+1 = 2n+1 rows of n up to n = 255); a
// larger one grows a row (one n-vector) at a time as the subproblems need
// it, up to the longest Krylov iteration of the run, so that the memory
// is what the run uses. Each such row comes with a product H v of its
// own, which costs more than making it.
const krylovBasisAtOnce = 1 << 17

// maxKrylovBasisBytes bounds the Lanczos basis of one run: scipy's itmax
// lets it reach 1e9 values (8 GB) from n = 22,361 parameters on (a
// quadratic of condition 1e8 was seen holding 4 GB at n = 22,360 and
// growing), and a sweep runs -j of them at once. Up to n = 8191 scipy's
// itmax, 2n, fits and nothing changes; beyond, a subproblem that needs
// more Lanczos vectors than fit stops at trlib's iteration limit, as
// scipy's would at its own.
const maxKrylovBasisBytes = 1 << 30

// krylovBasisItmax is the largest itmax whose basis of itmax+1 rows of n
// values fits in maxKrylovBasisBytes.
func krylovBasisItmax(n int) int {
	return max(1, maxKrylovBasisBytes/(8*n)-1)
}

// solveTrust is the subproblem solve runTrust calls: a model other than
// the last one solved is a new point (scipy constructs a new subproblem
// there), the same one again is a retry with a smaller radius after a
// rejected step. runTrustEager's two models alternate, and the current one
// never changes point in place, so this holds with models reused.
func (k *krylovSubproblem) solveTrust(m *trustModel, radius float64) ([]float64, bool, error) {
	return k.solve(m, radius)
}

// solve is TRLIBQuadraticSubproblem.solve: the step and whether it is on
// the boundary (lam > 0). The step is k's buffer, valid until the next
// solve.
func (k *krylovSubproblem) solve(m krylovModel, radius float64) ([]float64, bool, error) {
	if m != k.model {
		k.model = m
		k.init = clsInit
		k.t.reset()
		k.point++
		clear(k.s)
	}
	t := k.t
	// scipy's locals: zero at every solve, then what the last action left.
	var gDotG, vDotG, pDotHp float64
	init := k.init
	// A Krylov iteration takes at most 6 rounds, a subproblem at most itmax
	// iterations and a few rounds more; past this bound scipy's run would
	// have raised or looped.
	maxRounds := 8*(k.itmax+2) + 100
	for round := 0; ; round++ {
		if round > maxRounds {
			return nil, false, errKrylov
		}
		ret := t.krylovMin(init, radius, gDotG, vDotG, pDotHp)
		init = 0
		it := t.iter
		switch t.action {
		case claInit:
			clear(k.s)
			clear(k.gm)
			copy(k.g, m.jac())
			copy(k.v, k.g)
			gDotG = dot(k.g, k.g)
			vDotG = dot(k.v, k.g)
			for i, vi := range k.v {
				k.p[i] = -vi
			}
			m.hessp(k.Hp, k.p)
			pDotHp = dot(k.p, k.Hp)
			q0, err := k.row(0)
			if err != nil {
				return nil, false, err
			}
			sq := math.Sqrt(vDotG)
			for i, vi := range k.v {
				q0[i] = vi / sq
			}
		case claRetransf:
			// s = h[:it+1] Q[:it+1]
			if it+1 > len(k.q) {
				return nil, false, errKrylov
			}
			clear(k.s)
			for i, hi := range t.h[:it+1] {
				if k.qPoint[i] != k.point {
					continue // a row not written at this point (scipy: np.empty): zero
				}
				for j, qij := range k.q[i] {
					k.s[j] += hi * qij
				}
			}
		case claUpdateStatio:
			if t.ityp == cltCG {
				for i, pi := range k.p {
					k.s[i] += t.flt1 * pi
				}
			}
		case claUpdateGrad:
			if t.ityp == cltCG {
				qi, err := k.row(it)
				if err != nil {
					return nil, false, err
				}
				for i, vi := range k.v {
					qi[i] = t.flt2 * vi
				}
				copy(k.gm, k.g)
				for i, hpi := range k.Hp {
					k.g[i] += t.flt1 * hpi
				}
			}
			if t.ityp == cltL {
				// s is scipy's scratch here: it holds the new g.
				for i := range k.s {
					k.s[i] = k.Hp[i] + t.flt1*k.g[i] + t.flt2*k.gm[i]
				}
				for i, gi := range k.g {
					k.gm[i] = t.flt3 * gi
				}
				copy(k.g, k.s)
			}
			copy(k.v, k.g)
			gDotG = dot(k.g, k.g)
			vDotG = dot(k.v, k.g)
		case claUpdateDir:
			for i := range k.p {
				k.p[i] = t.flt1*k.v[i] + t.flt2*k.p[i]
			}
			m.hessp(k.Hp, k.p)
			pDotHp = dot(k.p, k.Hp)
			if t.ityp == cltL {
				qi, err := k.row(it)
				if err != nil {
					return nil, false, err
				}
				copy(qi, k.p)
			}
		case claObjval:
			m.hessp(k.tmp, k.s)
			gDotG = .5 * dot(k.s, k.tmp)
			gDotG += dot(k.s, m.jac())
		}
		if m.krylovLimited() {
			return k.s, false, nil
		}
		if ret < 10 {
			break
		}
		k.init = clsHotstart
	}
	k.lam = t.lam
	return k.s, k.lam > 0, nil
}

// row is Q[i], made on first use.
func (k *krylovSubproblem) row(i int) ([]float64, error) {
	if i < 0 || i >= len(k.q) {
		return nil, errKrylov
	}
	if k.q[i] == nil {
		k.q[i] = make([]float64, k.n)
	}
	k.qPoint[i] = k.point
	return k.q[i], nil
}
