package objective

import (
	"gonum.org/v1/gonum/floats"
)

// refHess is the Hessian as the code before hessian_kernels.go computed it
// (hessChunkBlock, the base commit c6aedc9's hessChunk) at any width:
// block by block, chunk by chunk, the blocks' sums added in block order,
// on the calling goroutine. It allocates.
func refHess(ce *CrossEntropy, hess, x []float64) {
	st := ce.state
	P := st.net.NumParams()
	n := st.data.Len()
	ws := st.ws[0]
	sw := ws.second(st.net, n, 0)
	sw.forBlocks(st.net, n)
	st.w, st.v = st.net.Split(x)
	clear(hess)
	part := make([]float64, P*P)
	for b := range st.nBlocks {
		clear(part)
		for lo := b * BlockSize; lo < min((b+1)*BlockSize, n); lo += ChunkSize {
			hi := min(lo+ChunkSize, n)
			st.chunk(ws, nil, lo, hi)
			st.hessChunkBlock(ws, sw, part, lo, hi, fwdNone)
		}
		floats.Add(hess, part)
	}
	st.w, st.v = nil, nil
	st.fwd = fwdNone
	floats.Scale(st.invN, hess)
	for p := range P {
		for q := p + 1; q < P; q++ {
			hess[q*P+p] = hess[p*P+q]
		}
	}
	for p := range P {
		hess[p*P+p] += st.lambda
	}
}
