package bbob

// HasGrad reports whether f has an analytic gradient (Grad): every function that is differentiable
// almost everywhere and whose gradient is written here. f7 step ellipsoid (piecewise constant) and
// f23 Katsuura (nowhere differentiable) have none.
func (f *Function) HasGrad() bool { return f.d.grad != nil }

// Grad sets grad to the gradient of f at x (len(grad) = len(x) = Dim) where HasGrad; elsewhere,
// or for slices of the wrong length, it sets grad to NaN. Where f is not differentiable (a kink of
// T_osz at 0, a box edge) it gives one of the one-sided values. Grad allocates nothing and shares
// the workspace with Value: not safe for concurrent use.
func (f *Function) Grad(grad, x []float64) {
	if f.d.grad == nil || len(x) != f.Dim || len(grad) != f.Dim {
		for i := range grad {
			grad[i] = nan
		}
		return
	}
	f.d.grad(f.d, &f.w, grad, x)
}
