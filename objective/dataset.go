package objective

import (
	"fmt"
	"math"
)

// Dataset is a set of labelled samples, stored once and contiguously so that
// many evaluators (one per run) can share it read-only.
//
// The features are stored feature-major (one column of N values per
// feature), because the loss works on blocks of samples: each step of the
// forward and backward pass is a loop over consecutive samples.
type Dataset struct {
	// X holds feature f of sample i at X[f*N+i], N = len(Labels).
	X []float64
	// Labels holds the class of each sample, in 0..Classes-1.
	Labels []int
	// Features is D, the number of values per sample.
	Features int
	// Classes is K, the number of classes the labels are drawn from.
	Classes int
}

// NewDataset returns a Dataset of n = len(labels) samples whose features are
// given row by row: rows[i*features+f] is feature f of sample i. The values
// are copied; the result is checked with Validate.
func NewDataset(rows []float64, labels []int, features, classes int) (*Dataset, error) {
	d := &Dataset{Labels: labels, Features: features, Classes: classes}
	n := len(labels)
	if features >= 1 && len(rows) == n*features {
		d.X = make([]float64, len(rows))
		for i := range n {
			for f := range features {
				d.X[f*n+i] = rows[i*features+f]
			}
		}
	} else {
		d.X = rows // Validate reports the mismatch.
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return d, nil
}

// Len is the number of samples N.
func (d *Dataset) Len() int { return len(d.Labels) }

// Column returns the N values of feature f.
func (d *Dataset) Column(f int) []float64 {
	n := d.Len()
	return d.X[f*n : (f+1)*n]
}

// At returns feature f of sample i.
func (d *Dataset) At(i, f int) float64 { return d.X[f*d.Len()+i] }

// Validate reports the first inconsistency: a shape mismatch, a non-finite
// feature or a label out of range.
func (d *Dataset) Validate() error {
	if d.Features < 1 {
		return fmt.Errorf("objective: data set needs at least 1 feature, have %d", d.Features)
	}
	if d.Classes < 2 {
		return fmt.Errorf("objective: data set needs at least 2 classes, have %d", d.Classes)
	}
	n := len(d.Labels)
	if n == 0 {
		return fmt.Errorf("objective: data set has no samples")
	}
	if len(d.X) != n*d.Features {
		return fmt.Errorf("objective: data set has %d feature values for %d samples of %d features", len(d.X), n, d.Features)
	}
	for i, v := range d.X {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("objective: sample %d feature %d is %v", i%n, i/n, v)
		}
	}
	for i, c := range d.Labels {
		if c < 0 || c >= d.Classes {
			return fmt.Errorf("objective: sample %d has label %d, want 0..%d", i, c, d.Classes-1)
		}
	}
	return nil
}
