package mgh

import (
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/functions"
)

// beale is gonum's Beale with its Hessian corrected: gonum's Hess (v0.16)
// computes the residuals c_i - x_0 (1 - x_1^i) with x_1 in place of x_0,
// which makes H_01 and H_11 wrong wherever x_0 != x_1 and x_1 != 1 (9.10
// and 50.8 at (1.3, 0.7), where the Hessian is 6.72 and 44.9; at Beale's
// start (1, 1) every residual term vanishes and the error with it). Func
// and Grad are gonum's.
type beale struct{ functions.Beale }

// Hess is Beale's Hessian: with r_i = c_i - x_0 t_i, t_i = 1 - x_1^i,
// H_00 = 2 sum t_i^2, H_01 = 2 sum i x_1^(i-1) (r_i - x_0 t_i) and H_11 =
// 2 x_0 (x_0 + 2 r_2 + x_1 (6 r_3 + x_0 x_1 (4 + 9 x_1^2))), gonum's
// formulas with gonum's order of operations.
func (beale) Hess(dst *mat.SymDense, x []float64) {
	if len(x) != 2 {
		panic("dimension of the problem must be 2")
	}
	if len(x) != dst.SymmetricDim() {
		panic("incorrect size of the Hessian")
	}
	t1 := 1 - x[1]
	t2 := 1 - x[1]*x[1]
	t3 := 1 - x[1]*x[1]*x[1]
	f1 := 1.5 - x[0]*t1
	f2 := 2.25 - x[0]*t2
	f3 := 2.625 - x[0]*t3

	h00 := 2 * (t1*t1 + t2*t2 + t3*t3)
	h01 := 2 * (f1 + x[1]*(2*f2+3*x[1]*f3) - x[0]*(t1+x[1]*(2*t2+3*x[1]*t3)))
	h11 := 2 * x[0] * (x[0] + 2*f2 + x[1]*(6*f3+x[0]*x[1]*(4+9*x[1]*x[1])))
	dst.SetSym(0, 0, h00)
	dst.SetSym(0, 1, h01)
	dst.SetSym(1, 1, h11)
}
