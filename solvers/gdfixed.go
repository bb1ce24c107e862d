package solvers

import "math"

// gdFixed is the classroom's gradient descent: x := x - Alpha*grad with a
// constant Alpha and no line search, so every iteration costs exactly one
// value and one gradient, and a too-large Alpha may make the loss grow.
//
// It is a plain loop rather than a gonum Method: gonum hands every
// evaluation between goroutines, which for a cheap objective costs as much
// as the evaluation itself, and a fixed step needs none of its machinery.
// It stops as gonum's methods do here: on Gtol, MaxIter, MaxFev, the time
// limit or a cancelled context, and on a non-finite value (keeping the last
// finite iterate).
var gdFixed = method{
	name:     "GD-fixed",
	gradient: true,
	run:      runFixedStep,
}

func runFixedStep(ev *evaluator, x0 []float64, o Options, rec *traceRecorder) outcome {
	n := len(x0)
	x := append([]float64(nil), x0...)
	g := make([]float64, n)
	next, gNext := make([]float64, n), make([]float64, n)
	f := ev.Func(x)
	ev.Grad(g, x)
	out := outcome{x: x, f: f, grad: g}
	if !finite(f) || hasNaN(g) {
		out.status = NaN
		return out
	}
	rec.add(0, x, f, g)
	for {
		if o.Gtol >= 0 && infNorm(g) < o.Gtol {
			out.status = Success
			return out
		}
		if out.nit >= o.MaxIter {
			out.status = MaxIter
			return out
		}
		if _, err := ev.Status(); ev.stopped >= 0 {
			out.status, out.err = ev.stopped, err
			return out
		}
		for i := range next {
			next[i] = x[i] - o.Alpha*g[i]
		}
		fNext := ev.Func(next)
		if !finite(fNext) {
			out.status = NaN
			return out
		}
		ev.Grad(gNext, next) // from the evaluator's cache: no second pass
		if hasNaN(gNext) {
			out.status = NaN
			return out
		}
		x, next = next, x
		g, gNext = gNext, g
		out.nit++
		out.x, out.f, out.grad = x, fNext, g
		rec.add(out.nit, x, fNext, g)
	}
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
