package objective

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestCheckHessian: the exact Hessian and H v of the classroom loss agree
// with differences of the gradient at x0 and at random points, and a
// Hessian made wrong on purpose is caught.
func TestCheckHessian(t *testing.T) {
	train, _ := Classroom()
	ce, err := NewCrossEntropy(ClassroomNetwork, train, 0.01)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	x, v := ClassroomInit(), make([]float64, ClassroomNetwork.NumParams())
	for p := range 4 {
		for i := range v {
			v[i] = rng.NormFloat64()
			if p > 0 {
				x[i] = 0.5 * rng.NormFloat64()
			}
		}
		if e := CheckHessian(ce, x, v, 0); !(e.Max() < 1e-6) || e.AbsH <= 0 {
			t.Errorf("point %d: %+v, want relative errors below 1e-6 (and not exactly 0)", p, e)
		}
	}
	if e := maxErrOf([]float64{1, 2.5}, []float64{1, 2}); e != 0.25 {
		t.Errorf("relative error of a wrong entry: %v, want 0.25", e)
	}
}

func maxErrOf(got, want []float64) float64 { _, rel := maxErr(got, want); return rel }

// TestStepErrors: the error of finite differences against the step is a
// V: central differences are best near eps^(1/3), forward ones near
// sqrt(eps), and both worse at h = 0.1 (truncation) and at 1e-12
// (rounding).
func TestStepErrors(t *testing.T) {
	train, _ := Classroom()
	ce, err := NewCrossEntropy(ClassroomNetwork, train, 0)
	if err != nil {
		t.Fatal(err)
	}
	hs := []float64{1e-1, 1e-5, 1e-8, 1e-12}
	fwd, cen := StepErrors(ce, ClassroomInit(), hs)
	if !(cen[1] < cen[0] && cen[1] < cen[3] && fwd[2] < fwd[0] && fwd[2] < fwd[3]) {
		t.Errorf("forward %v, central %v at h %v: not a V", fwd, cen, hs)
	}
	if !(cen[1] < 1e-8) || math.IsNaN(fwd[2]) {
		t.Errorf("central difference error at h=1e-5 is %g, want < 1e-8", cen[1])
	}
}
