package core

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// RunUpdates is the loop of the first-order methods of deep learning
// (torch's Momentum, Nesterov, Adam, AdamW, RMSprop, Adagrad): one value
// and one gradient per step, x updated in place by update(x, g) from the
// gradient at x. Like GD-fixed they stop on Gtol, MaxIter, MaxFev, the time
// limit, a cancelled context or a non-finite value (keeping the last finite
// iterate). When the problem has Batches (see Search.Batched), each step
// takes the gradient of one mini-batch instead, and the run ends as
// Options.Epochs and MaxIter say; Gtol then does not apply.
func RunUpdates(s *Search, x0 []float64, update func(x, g []float64)) {
	if s.ev.p.Batches != nil {
		runBatched(s, x0, update)
		return
	}
	x := append([]float64(nil), x0...)
	g := make([]float64, len(x0))
	f := s.FuncGrad(g, x)
	if s.Iterate(x, f, g) {
		return
	}
	for {
		update(x, g)
		f = s.FuncGrad(g, x)
		if s.Iterate(x, f, g) {
			return
		}
	}
}

// runBatched is RunUpdates on mini-batches: each step updates x from the
// gradient of one batch (counted in Nfev and Njev); the trace holds x0, and
// f itself about EvalsPerEpoch times an epoch, its last at the epoch's end,
// out of the run's time and counts. It ends after Options.Epochs epochs
// (status epochs), MaxIter steps (maxiter), on a non-finite value or a limit; Gtol
// does not apply, as a batch's gradient does not vanish at the minimum.
func runBatched(s *Search, x0 []float64, update func(x, g []float64)) {
	b := s.ev.p.Batches
	x := append([]float64(nil), x0...)
	g := make([]float64, len(x0))
	perm := make([]int, b.N)
	for i := range perm {
		perm[i] = i
	}
	rng := rand.New(rand.NewPCG(b.Seed[0], b.Seed[1]))
	steps := 0
	full := func() float64 { // f itself, off the clock and the counts
		began := time.Now()
		var f float64
		if s.ev.p.Func != nil {
			f = s.ev.p.Func(x)
		} else {
			f = s.ev.p.FuncGrad(g, x)
		}
		paused := time.Since(began)
		s.start = s.start.Add(paused)
		if !s.ev.deadline.IsZero() {
			s.ev.deadline = s.ev.deadline.Add(paused)
		}
		return f
	}
	s.record(0, x, full(), nil)
	if s.Limited() {
		return
	}
	perEpoch := (b.N + b.Size - 1) / b.Size
	every := max(1, (perEpoch+EvalsPerEpoch-1)/EvalsPerEpoch)
	for epoch := 0; s.opts.Epochs == 0 || epoch < s.opts.Epochs; epoch++ {
		rng.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		for k := range perEpoch {
			idx := perm[k*b.Size : min((k+1)*b.Size, b.N)]
			if !s.ev.batchGrad(g, x, idx) {
				s.End(NaN, nil)
				return
			}
			update(x, g)
			steps++
			scheduled := k == perEpoch-1 || (k+1)%every == 0
			stop := steps >= s.opts.MaxIter
			if scheduled || stop {
				f := full()
				s.record(steps, x, f, nil)
				if !finite(f) || NonFinite(x) {
					s.End(NaN, nil)
					return
				}
			}
			if stop {
				s.End(MaxIter, nil)
				return
			}
			if st, err := s.ev.check(); st >= 0 {
				// A limit between trace points: the run ends at this
				// step's x, which the trace then gets too.
				if !scheduled {
					s.record(steps, x, full(), nil)
				}
				s.End(st, err)
				return
			}
		}
	}
	s.EndMessage(Epochs, fmt.Sprintf("%d epochs done.", s.opts.Epochs))
}
