package objective

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
)

// ChunkSize is the number of samples evaluated as one block. Working on a
// block at a time keeps the exponentials of different samples independent of
// each other, so the processor overlaps them, and fixes the order in which
// partial sums are added: E and its gradient do not depend on how the chunks
// are scheduled.
const ChunkSize = 256

// CrossEntropy evaluates the mean cross-entropy loss E(wv) of a Network on a
// training Dataset, and its gradient by back-propagation.
//
// A CrossEntropy owns a workspace, so one value must not be used by two
// goroutines at once; make one per run (they can share the Dataset). After
// construction, Func, Grad and FuncGrad allocate nothing.
type CrossEntropy struct {
	net    Network
	data   *Dataset
	lambda float64

	invN    float64
	partial []float64 // gradient of one chunk, P values
	z       []float64 // ChunkSize x M hidden activations
	e       []float64 // ChunkSize x M scratch for the sigmoid, then hidden deltas
	a       []float64 // ChunkSize x K output activations, then y - t
	s       []float64 // ChunkSize: max activations, normalizers, their inverses
}

// NewCrossEntropy returns the loss of net on data with L2 weight lambda >= 0
// (lambda = 0: no penalty). data must have net.Inputs features and
// net.Classes classes.
func NewCrossEntropy(net Network, data *Dataset, lambda float64) (*CrossEntropy, error) {
	if err := net.Validate(); err != nil {
		return nil, err
	}
	if err := data.Validate(); err != nil {
		return nil, err
	}
	if data.Features != net.Inputs {
		return nil, fmt.Errorf("objective: data has %d features, network %v takes %d", data.Features, net, net.Inputs)
	}
	if data.Classes != net.Classes {
		return nil, fmt.Errorf("objective: data has %d classes, network %v has %d outputs", data.Classes, net, net.Classes)
	}
	if !(lambda >= 0) || math.IsInf(lambda, 0) {
		return nil, fmt.Errorf("objective: L2 weight must be finite and >= 0, have %v", lambda)
	}
	c := min(ChunkSize, data.Len())
	return &CrossEntropy{
		net:     net,
		data:    data,
		lambda:  lambda,
		invN:    1 / float64(data.Len()),
		partial: make([]float64, net.NumParams()),
		z:       make([]float64, c*net.Hidden),
		e:       make([]float64, c*net.Hidden),
		a:       make([]float64, c*net.Classes),
		s:       make([]float64, c),
	}, nil
}

// Network returns the shape of the network.
func (ce *CrossEntropy) Network() Network { return ce.net }

// Data returns the training set.
func (ce *CrossEntropy) Data() *Dataset { return ce.data }

// Lambda returns the L2 weight.
func (ce *CrossEntropy) Lambda() float64 { return ce.lambda }

// NumParams is the length of the parameter vector.
func (ce *CrossEntropy) NumParams() int { return ce.net.NumParams() }

// Func returns E(x). It panics if len(x) != NumParams().
func (ce *CrossEntropy) Func(x []float64) float64 {
	return ce.eval(nil, x)
}

// Grad writes the gradient of E at x into grad.
func (ce *CrossEntropy) Grad(grad, x []float64) {
	ce.eval(grad, x)
}

// FuncGrad returns E(x) and writes its gradient into grad, in one pass over
// the data.
func (ce *CrossEntropy) FuncGrad(grad, x []float64) float64 {
	return ce.eval(grad, x)
}

// eval computes E and, when grad is not nil, its gradient. The chunks' sums
// are added in chunk order.
func (ce *CrossEntropy) eval(grad, x []float64) float64 {
	w, v := ce.net.Split(x)
	if grad != nil && len(grad) != len(x) {
		panic(fmt.Sprintf("objective: gradient has length %d, want %d", len(grad), len(x)))
	}
	n := ce.data.Len()
	var loss float64
	if n <= ChunkSize {
		// One chunk: accumulate straight into grad.
		if grad != nil {
			clear(grad)
		}
		loss = ce.chunk(grad, w, v, 0, n)
	} else {
		if grad != nil {
			clear(grad)
		}
		for lo := 0; lo < n; lo += ChunkSize {
			var part []float64
			if grad != nil {
				part = ce.partial
				clear(part)
			}
			loss += ce.chunk(part, w, v, lo, min(lo+ChunkSize, n))
			for i, g := range part {
				grad[i] += g
			}
		}
	}
	loss *= ce.invN
	if grad != nil {
		for i := range grad {
			grad[i] *= ce.invN
		}
	}
	if ce.lambda != 0 {
		var sq float64
		for i, xi := range x {
			sq += xi * xi
			if grad != nil {
				grad[i] += ce.lambda * xi
			}
		}
		loss += 0.5 * ce.lambda * sq
	}
	return loss
}

// chunk returns the summed cross-entropy of samples lo..hi-1 and, when grad
// is not nil, adds their summed gradient into grad (w block, then v block).
//
// Every buffer is laid out unit by unit (z[j*n+i] is hidden unit j of the
// chunk's sample i), so each step is a loop over samples whose iterations are
// independent.
func (ce *CrossEntropy) chunk(grad, w, v []float64, lo, hi int) float64 {
	D, M, K := ce.net.Inputs, ce.net.Hidden, ce.net.Classes
	n, N := hi-lo, ce.data.Len()
	X := ce.data.X
	labels := ce.data.Labels[lo:hi]
	z, e, a, s := ce.z[:M*n], ce.e[:M*n], ce.a[:K*n], ce.s[:n]
	column := func(f int) []float64 { return X[f*N+lo : f*N+hi] }

	// Hidden layer: z_j = sigmoid(w_j . x + w_jD).
	for j := range M {
		zj, row := z[j*n:(j+1)*n], w[j*(D+1):(j+1)*(D+1)]
		setAffine(zj, row[D], row[0], column(0))
		for f := 1; f < D; f++ {
			floats.AddScaled(zj, row[f], column(f))
		}
	}
	sigmoidInPlace(z, e)

	// Output layer: a_k = v_k . z + v_kM, shifted by max_k a_k so that every
	// exponent is <= 0 and the softmax normalizer s = sum_k exp(a_k - max) is
	// in [1, K]: the cross-entropy log(s) - (a_t - max) is then finite.
	for k := range K {
		ak, row := a[k*n:(k+1)*n], v[k*(M+1):(k+1)*(M+1)]
		setAffine(ak, row[M], row[0], z[:n])
		for j := 1; j < M; j++ {
			floats.AddScaled(ak, row[j], z[j*n:(j+1)*n])
		}
	}
	amax := s
	copy(amax, a[:n])
	for k := 1; k < K; k++ {
		for i, ak := range a[k*n : (k+1)*n] {
			amax[i] = max(amax[i], ak)
		}
	}
	var loss float64
	for i, t := range labels {
		loss -= a[t*n+i] - amax[i]
	}
	for k := range K {
		expShifted(a[k*n:(k+1)*n], amax)
	}
	copy(s, a[:n])
	for k := 1; k < K; k++ {
		floats.Add(s, a[k*n:(k+1)*n])
	}
	loss += sumLog(s)
	if grad == nil {
		return loss
	}

	// Back-propagation. Output deltas delta2_k = y_k - t_k replace a.
	inv := s
	for i, si := range s {
		inv[i] = 1 / si
	}
	for k := range K {
		floats.Mul(a[k*n:(k+1)*n], inv)
	}
	for i, t := range labels {
		a[t*n+i]--
	}
	gw, gv := grad[:M*(D+1)], grad[M*(D+1):]
	for k := range K {
		ak, grow := a[k*n:(k+1)*n], gv[k*(M+1):(k+1)*(M+1)]
		for j := range M {
			grow[j] += floats.Dot(ak, z[j*n:(j+1)*n])
		}
		grow[M] += floats.Sum(ak)
	}
	// Hidden deltas delta1_j = z_j (1 - z_j) sum_k v_kj delta2_k replace e.
	for j := range M {
		dj, zj := e[j*n:(j+1)*n], z[j*n:(j+1)*n]
		clear(dj)
		for k := range K {
			floats.AddScaled(dj, v[k*(M+1)+j], a[k*n:(k+1)*n])
		}
		for i, zi := range zj {
			dj[i] *= zi * (1 - zi)
		}
		grow := gw[j*(D+1) : (j+1)*(D+1)]
		for f := range D {
			grow[f] += floats.Dot(dj, column(f))
		}
		grow[D] += floats.Sum(dj)
	}
	return loss
}

// setAffine sets dst[i] = c + a*x[i].
func setAffine(dst []float64, c, a float64, x []float64) {
	x = x[:len(dst)]
	for i, xi := range x {
		dst[i] = c + a*xi
	}
}
