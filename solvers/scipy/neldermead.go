package scipy

import (
	"math"
	"sort"

	"github.com/optbench/optbench/solvers/core"
)

// scipyNelderMead is scipy 1.10's _minimize_neldermead: the first simplex
// multiplies one nonzero coordinate of x0 by 1.05 per vertex (a zero one
// becomes 0.00025), coefficients rho 1, chi 2, psi 0.5, sigma 0.5 (or the
// dimension-dependent ones with adaptive=true), and success when the
// simplex is within xatol of its best vertex and its values within fatol.
//
// Limits are scipy's: with neither MaxIter nor MaxFev given, 200n of each;
// with one given, no bound on the other. The evaluation past MaxFev is
// refused (the last allowed one still counts), as scipy does. Nit is
// scipy's nit, which counts from 1 and leaves out a pass that MaxFev cuts
// short; the trace has a row for x0 and one per pass of the loop (scipy's
// callbacks, but for the one scipy makes again at the converged point).
//
// Bounds are applied as scipy applies them: a warning when x0 is outside,
// x0 clipped, and every vertex and trial point clipped before it is
// evaluated. The result is the best vertex and, as scipy's, the smallest
// value in the simplex (NaN if any is NaN).
var scipyNelderMead = core.Method{
	Name:          "scipy:Nelder-Mead",
	Doc:           "scipy 1.10's Nelder-Mead: 5 % first simplex, xatol = fatol = 1e-4",
	Bounds:        true,
	ExactMessages: true,
	// The simplex is n+1 points of n values: refused beyond
	// MaxDenseParams.
	Dense:   true,
	MaxIter: nelderMeadBudget,
	Params: []core.ParamSpec{
		{Key: "xatol", Default: "1e-4", Min: 0, Doc: "success: max |x_i - x_0| over the simplex <= xatol ..."},
		{Key: "fatol", Default: "1e-4", Min: 0, Doc: "... and max |f_i - f_0| <= fatol"},
		{Key: "adaptive", Default: "false", Choices: []string{"false", "true"}, Doc: "coefficients adapted to the dimension (Gao and Han 2012)"},
		{Key: "nonzdelt", Default: "0.05", Min: 0, MinOpen: true, Doc: "first simplex: a nonzero coordinate is multiplied by 1+nonzdelt"},
		{Key: "zdelt", Default: "0.00025", Min: 0, MinOpen: true, Doc: "first simplex: a zero coordinate becomes zdelt"},
	},
	Run: runScipyNelderMead,
}

func runScipyNelderMead(s *core.Search, x0 []float64, p core.Params) {
	xatol, _ := p.Float("xatol")
	fatol, _ := p.Float("fatol")
	nonzdelt, _ := p.Float("nonzdelt")
	zdelt, _ := p.Float("zdelt")
	N := len(x0)
	dim := float64(N)
	rho, chi, psi, sigma := 1.0, 2.0, 0.5, 0.5
	if p.String("adaptive") == "true" {
		rho, chi, psi, sigma = 1, 1+2/dim, 0.75-1/(2*dim), 1-1/dim
	}
	lower, upper := s.Bounds()
	bounded := lower != nil
	x0 = append([]float64(nil), x0...)
	if bounded {
		if outside(x0, lower, upper) {
			s.Warn(warnOutside)
		}
		clip(x0, lower, upper)
	}
	maxiter, maxfun := derivativeFreeLimits(s, nelderMeadPerParam*N)
	// scipy's _wrap_scalar_function_maxfun_validation: the call past
	// maxfun raises _MaxFuncCallError, which ends the pass.
	tooMany := false
	f := func(x []float64) float64 {
		if s.Nfev() >= maxfun {
			tooMany = true
			return math.NaN()
		}
		return s.Func(x)
	}
	clipped := func(x []float64) []float64 {
		if bounded {
			clip(x, lower, upper)
		}
		return x
	}

	iterations := 1 // scipy's nit counts from 1
	// Nit is scipy's however the run ends (a time limit included).
	defer func() { s.SetNit(iterations) }()

	sim := make([][]float64, N+1)
	for k := range sim {
		sim[k] = append([]float64(nil), x0...)
		if k > 0 {
			if y := sim[k][k-1]; y != 0 {
				sim[k][k-1] = (1 + nonzdelt) * y
			} else {
				sim[k][k-1] = zdelt
			}
		}
		clipped(sim[k])
	}
	fsim := make([]float64, N+1)
	for k := range fsim {
		fsim[k] = math.Inf(1)
	}
	for k := range sim {
		if fk := f(sim[k]); tooMany {
			break
		} else {
			fsim[k] = fk
		}
		if k == 0 {
			s.Record(0, x0, fsim[0], nil) // x0 is recorded even when a limit stops the run there
		}
		if s.Limited() {
			return
		}
	}
	sorter := &simplexSorter{sim, fsim} // a pointer: no allocation per sort
	order := func() {
		sort.Stable(sorter) // numpy's argsort sorts n <= 16 by insertion: stable
	}
	order()
	xbar := make([]float64, N)
	xr, xe, xc := make([]float64, N), make([]float64, N), make([]float64, N)
	pass := 0 // the trace's rows after x0: the loop's passes
	for s.Nfev() < maxfun && iterations < maxiter && !tooMany {
		// scipy: max(|sim[1:] - sim[0]|) <= xatol and max(|fsim[0] -
		// fsim[1:]|) <= fatol: true when every difference is at most its
		// tolerance (a NaN makes numpy's max NaN and fails <=, as it fails
		// here), so the test stops at the first larger one, mostly the
		// first, where the maxima made N^2 calls of math.Max an iteration.
		converged := true
	simplex:
		for k := 1; k <= N; k++ {
			for i := range N {
				if !(math.Abs(sim[k][i]-sim[0][i]) <= xatol) {
					converged = false
					break simplex
				}
			}
		}
		for k := 1; converged && k <= N; k++ {
			converged = math.Abs(fsim[0]-fsim[k]) <= fatol
		}
		if converged {
			break
		}
		for i := range xbar {
			xbar[i] = 0
		}
		for k := range N {
			for i := range N {
				xbar[i] += sim[k][i]
			}
		}
		for i := range xbar {
			xbar[i] /= dim
		}
		worst := sim[N]
		for i := range N {
			xr[i] = (1+rho)*xbar[i] - rho*worst[i]
		}
		fxr := f(clipped(xr))
		if s.Limited() {
			return
		}
		if !tooMany {
			if fxr < fsim[0] {
				for i := range N {
					xe[i] = (1+rho*chi)*xbar[i] - rho*chi*worst[i]
				}
				fxe := f(clipped(xe))
				if s.Limited() {
					return
				}
				if !tooMany {
					if fxe < fxr {
						copy(sim[N], xe)
						fsim[N] = fxe
					} else {
						copy(sim[N], xr)
						fsim[N] = fxr
					}
				}
			} else if fxr < fsim[N-1] {
				copy(sim[N], xr)
				fsim[N] = fxr
			} else {
				shrink := false
				if fxr < fsim[N] {
					for i := range N {
						xc[i] = (1+psi*rho)*xbar[i] - psi*rho*worst[i]
					}
					fxc := f(clipped(xc))
					if s.Limited() {
						return
					}
					if !tooMany {
						if fxc <= fxr {
							copy(sim[N], xc)
							fsim[N] = fxc
						} else {
							shrink = true
						}
					}
				} else {
					for i := range N {
						xc[i] = (1-psi)*xbar[i] + psi*worst[i]
					}
					fxcc := f(clipped(xc))
					if s.Limited() {
						return
					}
					if !tooMany {
						if fxcc < fsim[N] {
							copy(sim[N], xc)
							fsim[N] = fxcc
						} else {
							shrink = true
						}
					}
				}
				if shrink {
					// scipy moves each vertex before evaluating it: when
					// maxfev refuses the evaluation, the vertex has moved
					// and keeps its old value.
					for j := 1; j <= N && !tooMany; j++ {
						for i := range N {
							sim[j][i] = sim[0][i] + sigma*(sim[j][i]-sim[0][i])
						}
						fj := f(clipped(sim[j]))
						if s.Limited() {
							return
						}
						if !tooMany {
							fsim[j] = fj
						}
					}
				}
			}
			if !tooMany {
				iterations++
			}
		}
		order()
		pass++
		s.Record(pass, sim[0], fsim[0], nil)
	}
	// scipy returns sim[0] and np.min(fsim), which is NaN if any value is.
	fval := fsim[0]
	for _, v := range fsim {
		if math.IsNaN(v) || v < fval {
			fval = v
			if math.IsNaN(v) {
				break
			}
		}
	}
	s.Amend(sim[0], fval)
	switch {
	case s.Nfev() >= maxfun:
		s.End(core.MaxFev, nil)
	case iterations >= maxiter:
		s.End(core.MaxIter, nil)
	default:
		s.End(core.Success, nil)
	}
}

type simplexSorter struct {
	sim  [][]float64
	fsim []float64
}

func (n simplexSorter) Len() int { return len(n.fsim) }
func (n simplexSorter) Less(i, j int) bool {
	// numpy sorts NaN last.
	a, b := n.fsim[i], n.fsim[j]
	return a < b || (!math.IsNaN(a) && math.IsNaN(b))
}
func (n simplexSorter) Swap(i, j int) {
	n.fsim[i], n.fsim[j] = n.fsim[j], n.fsim[i]
	n.sim[i], n.sim[j] = n.sim[j], n.sim[i]
}
