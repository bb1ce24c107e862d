package objective

import (
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/floats"
)

// ChunkSize is the number of samples the forward and backward passes work
// on at a time: each step is a loop over a chunk's samples, so the
// exponentials of different samples are independent of each other and the
// processor overlaps them, and the chunk's buffers stay in cache.
const ChunkSize = 256

// BlockSize is the number of samples whose sums are accumulated together,
// in sample order, before the blocks' sums are added in block order. The
// blocks, not the workers, fix the order of every addition, so E and its
// gradient are bit-identical whatever the number of workers.
const BlockSize = 16 * ChunkSize

// CrossEntropy evaluates the mean cross-entropy loss E(wv) of a Network on a
// training Dataset, and its gradient by back-propagation.
//
// A CrossEntropy owns a workspace, so one value must not be used by two
// goroutines at once; make one per run (they can share the Dataset, which is
// only read). After construction, Func, Grad and FuncGrad allocate nothing.
// With SetWorkers(n > 1) the blocks of samples are spread over n goroutines.
type CrossEntropy struct {
	*state
}

// state is what the worker goroutines share with the CrossEntropy; they do
// not refer to the CrossEntropy itself, so it can be collected (and its
// workers stopped) when its user forgets Close.
type state struct {
	net    Network
	data   *Dataset
	lambda float64
	invN   float64

	nBlocks   int
	lossParts []float64 // per block
	gradParts []float64 // per block, P values each
	ws        []*workspace

	// The evaluation under way, set before the workers are woken.
	w, v     []float64
	wantGrad bool
	mode     evalMode  // what each block computes
	dir      []float64 // the vector of a Hessian-vector product
	next     atomic.Int64
	wake     []chan struct{} // one per extra worker

	// The forward pass a second-order call can reuse: data of one chunk
	// only, after the first Hess or HessVec. fwd says what ws[0] holds
	// from the last evaluation, at fwdX: fwdNone, fwdValue (Func: a holds
	// exp(a - max), s the sums) or fwdGrad (FuncGrad: yKeep holds the
	// softmax outputs).
	reuse   bool
	fwd     int
	fwdX    []float64
	yKeep   []float64
	done    sync.WaitGroup
	cleanup runtime.Cleanup
}

// workspace holds one worker's chunk buffers.
type workspace struct {
	z []float64 // ChunkSize x M hidden activations
	e []float64 // ChunkSize x M scratch for the sigmoid, then hidden deltas
	a []float64 // ChunkSize x K output activations, then y - t
	s []float64 // ChunkSize: max activations, normalizers, their inverses

	sw *secondWorkspace // for Hess and HessVec, made on first use
}

func newWorkspace(net Network, n int) *workspace {
	c := min(ChunkSize, n)
	return &workspace{
		z: make([]float64, c*net.Hidden),
		e: make([]float64, c*net.Hidden),
		a: make([]float64, c*net.Classes),
		s: make([]float64, c),
	}
}

// NewCrossEntropy returns the loss of net on data with L2 weight lambda >= 0
// (lambda = 0: no penalty), evaluated by one goroutine. data must have
// net.Inputs features and net.Classes classes.
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
	n := data.Len()
	nBlocks := (n + BlockSize - 1) / BlockSize
	st := &state{
		net: net, data: data, lambda: lambda, invN: 1 / float64(n),
		nBlocks: nBlocks,
		ws:      []*workspace{newWorkspace(net, n)},
	}
	if nBlocks > 1 {
		st.lossParts = make([]float64, nBlocks)
		st.gradParts = make([]float64, nBlocks*net.NumParams())
	}
	return &CrossEntropy{st}, nil
}

// SetWorkers spreads the evaluation over n goroutines (n <= 1: the calling
// goroutine alone). More workers than blocks of BlockSize samples would
// idle, so n is capped at the number of blocks. The results do not depend
// on n. Call Close, or let the CrossEntropy be collected, to stop them.
func (ce *CrossEntropy) SetWorkers(n int) {
	st := ce.state
	st.stop()
	n = max(1, min(n, st.nBlocks))
	for len(st.ws) < n {
		st.ws = append(st.ws, newWorkspace(st.net, st.data.Len()))
	}
	st.ws = st.ws[:n]
	st.wake = make([]chan struct{}, n-1)
	for i := range st.wake {
		st.wake[i] = make(chan struct{})
		go st.worker(st.wake[i], st.ws[i+1])
	}
	if n > 1 {
		st.cleanup = runtime.AddCleanup(ce, func(st *state) { st.stop() }, st)
	}
}

// Workers is the number of goroutines an evaluation uses.
func (ce *CrossEntropy) Workers() int { return len(ce.ws) }

// Close stops the worker goroutines of SetWorkers; the CrossEntropy then
// evaluates on the calling goroutine alone.
func (ce *CrossEntropy) Close() {
	ce.stop()
	ce.ws = ce.ws[:1]
}

// runBlocks evaluates every block on the calling goroutine and the workers
// and returns when all are done.
func (st *state) runBlocks() {
	st.next.Store(0)
	st.done.Add(len(st.wake))
	for _, c := range st.wake {
		c <- struct{}{}
	}
	st.work(st.ws[0])
	st.done.Wait()
}

func (st *state) stop() {
	st.cleanup.Stop()
	for _, c := range st.wake {
		close(c)
	}
	st.wake = nil
}

func (st *state) worker(wake <-chan struct{}, ws *workspace) {
	for range wake {
		st.work(ws)
		st.done.Done()
	}
}

// work evaluates blocks until none is left.
func (st *state) work(ws *workspace) {
	for {
		b := int(st.next.Add(1) - 1)
		if b >= st.nBlocks {
			return
		}
		if st.mode != modeValue {
			st.secondBlock(ws, b, fwdNone)
			continue
		}
		P := st.net.NumParams()
		var part []float64
		if st.wantGrad {
			part = st.gradParts[b*P : (b+1)*P]
			clear(part)
		}
		st.lossParts[b] = st.block(ws, part, b)
	}
}

// block returns the summed cross-entropy of block b and adds its summed
// gradient into grad when grad is not nil, chunk by chunk in sample order.
func (st *state) block(ws *workspace, grad []float64, b int) float64 {
	n := st.data.Len()
	var loss float64
	for lo := b * BlockSize; lo < min((b+1)*BlockSize, n); lo += ChunkSize {
		loss += st.chunk(ws, grad, lo, min(lo+ChunkSize, n))
	}
	return loss
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
	defer runtime.KeepAlive(ce) // its cleanup would stop the workers mid-evaluation
	return ce.eval(nil, x)
}

// Grad writes the gradient of E at x into grad.
func (ce *CrossEntropy) Grad(grad, x []float64) {
	defer runtime.KeepAlive(ce)
	ce.eval(grad, x)
}

// FuncGrad returns E(x) and writes its gradient into grad, in one pass over
// the data.
func (ce *CrossEntropy) FuncGrad(grad, x []float64) float64 {
	defer runtime.KeepAlive(ce)
	return ce.eval(grad, x)
}

// eval computes E and, when grad is not nil, its gradient.
func (st *state) eval(grad, x []float64) float64 {
	w, v := st.net.Split(x)
	if grad != nil && len(grad) != len(x) {
		panic(fmt.Sprintf("objective: gradient has length %d, want %d", len(grad), len(x)))
	}
	if grad != nil {
		clear(grad)
	}
	st.w, st.v, st.wantGrad = w, v, grad != nil
	var loss float64
	if st.nBlocks == 1 {
		loss = st.block(st.ws[0], grad, 0)
		if st.reuse {
			copy(st.fwdX, x)
			st.fwd = fwdValue
			if grad != nil {
				st.fwd = fwdGrad
			}
		}
	} else {
		st.runBlocks()
		P := len(x)
		for b, l := range st.lossParts {
			loss += l
			if grad != nil {
				floats.Add(grad, st.gradParts[b*P:(b+1)*P])
			}
		}
	}
	st.w, st.v = nil, nil
	loss *= st.invN
	if grad != nil {
		floats.Scale(st.invN, grad)
	}
	if st.lambda != 0 {
		var sq float64
		for i, xi := range x {
			sq += xi * xi
			if grad != nil {
				grad[i] += st.lambda * xi
			}
		}
		loss += 0.5 * st.lambda * sq
	}
	return loss
}

// What ws[0] holds of the last evaluation's forward pass (state.fwd).
const (
	fwdNone = iota
	fwdValue
	fwdGrad
)

// chunk returns the summed cross-entropy of samples lo..hi-1 and, when grad
// is not nil, adds their summed gradient into grad (w block, then v block).
//
// Every buffer is laid out unit by unit (z[j*n+i] is hidden unit j of the
// chunk's sample i), so each step is a loop over samples whose iterations are
// independent.
func (st *state) chunk(ws *workspace, grad []float64, lo, hi int) float64 {
	D, M, K := st.net.Inputs, st.net.Hidden, st.net.Classes
	n, N := hi-lo, st.data.Len()
	X := st.data.X
	w, v := st.w, st.v
	labels := st.data.Labels[lo:hi]
	z, e, a, s := ws.z[:M*n], ws.e[:M*n], ws.a[:K*n], ws.s[:n]
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
			if ak > amax[i] { // a NaN stays out of amax but reaches the loss through exp
				amax[i] = ak
			}
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
	if st.reuse {
		copy(st.yKeep, a[:K*n]) // the softmax outputs, for a Hessian at this x
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
		setAffine(dj, 0, v[j], a[:n])
		for k := 1; k < K-1; k++ {
			floats.AddScaled(dj, v[k*(M+1)+j], a[k*n:(k+1)*n])
		}
		// The last class's term and the sigmoid's derivative in one pass.
		c, aK := v[(K-1)*(M+1)+j], a[(K-1)*n:K*n]
		for i, zi := range zj {
			dj[i] = (dj[i] + c*aK[i]) * (zi * (1 - zi))
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
