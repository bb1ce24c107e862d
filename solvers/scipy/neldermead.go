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
// Unless MaxFev is set, it stops after 200n evaluations, as scipy does.
// scipy's nit counts from 1: Nit here is one less (the simplex updates), and
// MaxIter allows MaxIter-1 of them, as scipy's maxiter does.
var scipyNelderMead = core.Method{
	Name: "scipy:Nelder-Mead",
	Doc:  "scipy 1.10's Nelder-Mead: 5 % first simplex, xatol = fatol = 1e-4",
	// The simplex is n+1 points of n values: refused beyond
	// MaxDenseParams.
	Dense: true,
	Params: []core.ParamSpec{
		{Key: "xatol", Default: "1e-4", Min: 0, Doc: "success: max |x_i - x_0| over the simplex <= xatol ..."},
		{Key: "fatol", Default: "1e-4", Min: 0, Doc: "... and max |f_i - f_0| <= fatol"},
		{Key: "adaptive", Default: "false", Choices: []string{"false", "true"}, Doc: "coefficients adapted to the dimension (Gao and Han 2012)"},
		{Key: "nonzdelt", Default: "0.05", Min: 0, MinOpen: true, Doc: "first simplex: a nonzero coordinate is multiplied by 1+nonzdelt"},
		{Key: "zdelt", Default: "0.00025", Min: 0, MinOpen: true, Doc: "first simplex: a zero coordinate becomes zdelt"},
	},
	Bounds: true, Run: runScipyNelderMead,
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
	maxfun := s.Options().MaxFev
	if maxfun == 0 {
		maxfun = 200 * N
	}
	maxiter := s.Options().MaxIter
	// scipy counts its evaluations itself and refuses the call past maxfun
	// (the last allowed value is still used), so the evaluator's own
	// MaxFev stop is turned off here.
	s.TakeOverMaxFev()
	tooMany := false
	f := func(x []float64) float64 {
		if s.Nfev() >= maxfun {
			tooMany = true
			return math.NaN()
		}
		return s.Func(x)
	}

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
	}
	fsim := make([]float64, N+1)
	for k := range fsim {
		fsim[k] = math.Inf(1)
	}
	for k := range sim {
		if fsim[k] = f(sim[k]); tooMany {
			fsim[k] = math.Inf(1)
			break
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
	iterations := 1
	for s.Nfev() < maxfun && iterations < maxiter && !tooMany {
		var dx, df float64
		for k := 1; k <= N; k++ {
			for i := range N {
				dx = math.Max(dx, math.Abs(sim[k][i]-sim[0][i]))
			}
			df = math.Max(df, math.Abs(fsim[0]-fsim[k]))
		}
		if dx <= xatol && df <= fatol {
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
		fxr := f(xr)
		if s.Limited() {
			return
		}
		if !tooMany {
			if fxr < fsim[0] {
				for i := range N {
					xe[i] = (1+rho*chi)*xbar[i] - rho*chi*worst[i]
				}
				fxe := f(xe)
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
					fxc := f(xc)
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
					fxcc := f(xc)
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
					for j := 1; j <= N && !tooMany; j++ {
						for i := range N {
							sim[j][i] = sim[0][i] + sigma*(sim[j][i]-sim[0][i])
						}
						fj := f(sim[j])
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
		s.Record(s.Nit()+1, sim[0], fsim[0], nil)
	}
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
