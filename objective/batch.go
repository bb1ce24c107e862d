package objective

import "fmt"

// Batcher evaluates the loss and its gradient on mini-batches of a data
// set: FuncGrad gathers the samples of a batch into a buffer made once per
// batch length, then evaluates the cross-entropy on it (the mean over the
// batch, plus the L2 term), allocating nothing after the first batch of
// each length.
type Batcher struct {
	net    Network
	data   *Dataset
	lambda float64
	size   int
	ces    map[int]*CrossEntropy // by batch length: size, and the epoch's remainder
}

// NewBatcher returns a Batcher of batches of at most size samples of data.
func NewBatcher(net Network, data *Dataset, lambda float64, size int) (*Batcher, error) {
	if size < 1 {
		return nil, fmt.Errorf("objective: batch size %d: want at least 1", size)
	}
	if _, err := NewCrossEntropy(net, data, lambda); err != nil {
		return nil, err
	}
	return &Batcher{net: net, data: data, lambda: lambda, size: min(size, data.Len()), ces: map[int]*CrossEntropy{}}, nil
}

// Size is the batch size.
func (b *Batcher) Size() int { return b.size }

// FuncGrad returns the loss on the samples idx (indices into the data, at
// most Size of them) and writes its gradient into grad.
func (b *Batcher) FuncGrad(grad, x []float64, idx []int) float64 {
	n := len(idx)
	ce := b.ces[n]
	if ce == nil {
		d := &Dataset{X: make([]float64, n*b.data.Features), Labels: make([]int, n), Features: b.data.Features, Classes: b.data.Classes}
		var err error
		if ce, err = NewCrossEntropy(b.net, d, b.lambda); err != nil {
			panic(err) // the data validated in NewBatcher; only n differs
		}
		b.ces[n] = ce
	}
	d, N := ce.data, b.data.Len()
	for f := range d.Features {
		src, dst := b.data.X[f*N:(f+1)*N], d.X[f*n:(f+1)*n]
		for j, i := range idx {
			dst[j] = src[i]
		}
	}
	for j, i := range idx {
		d.Labels[j] = b.data.Labels[i]
	}
	return ce.FuncGrad(grad, x)
}
