package objective

import "fmt"

// Network is the shape of a two-layer feed-forward classifier: Inputs
// features, Hidden sigmoid units and Classes softmax outputs.
type Network struct {
	Inputs  int // D >= 1
	Hidden  int // M >= 1
	Classes int // K >= 2
}

// Validate reports whether the shape is usable.
func (n Network) Validate() error {
	switch {
	case n.Inputs < 1:
		return fmt.Errorf("objective: network needs at least 1 input, have %d", n.Inputs)
	case n.Hidden < 1:
		return fmt.Errorf("objective: network needs at least 1 hidden unit, have %d", n.Hidden)
	case n.Classes < 2:
		return fmt.Errorf("objective: network needs at least 2 classes, have %d", n.Classes)
	}
	return nil
}

// NumParams is the length P = M(D+1) + K(M+1) of the parameter vector.
func (n Network) NumParams() int {
	return n.Hidden*(n.Inputs+1) + n.Classes*(n.Hidden+1)
}

// NumW is the number of hidden-layer weights M(D+1): params[:NumW()] is w and
// params[NumW():] is v.
func (n Network) NumW() int { return n.Hidden * (n.Inputs + 1) }

// Split returns views of the w block (M x (D+1), row-major) and the v block
// (K x (M+1), row-major) of params. It panics if len(params) != NumParams().
func (n Network) Split(params []float64) (w, v []float64) {
	if len(params) != n.NumParams() {
		panic(fmt.Sprintf("objective: parameter vector has length %d, network %v needs %d", len(params), n, n.NumParams()))
	}
	return params[:n.NumW()], params[n.NumW():]
}

// String gives the shape as D-M-K, for example 2-2-3.
func (n Network) String() string {
	return fmt.Sprintf("%d-%d-%d", n.Inputs, n.Hidden, n.Classes)
}
