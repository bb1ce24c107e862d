package bbob

import (
	"fmt"
	"testing"
)

// BenchmarkValue measures one f evaluation of every function in dimensions 2, 10 and 40.
func BenchmarkValue(b *testing.B) {
	for id := 1; id <= 24; id++ {
		for _, n := range []int{2, 10, 40} {
			f, err := NewFunction(id, n, 1)
			if err != nil {
				b.Fatal(err)
			}
			x := make([]float64, n)
			makePoint(x, id, n, 1, 3, nil)
			b.Run(fmt.Sprintf("f%02d/d%d", id, n), func(b *testing.B) {
				b.ReportAllocs()
				s := 0.0
				for b.Loop() {
					s += f.Value(x)
				}
				sink = s
			})
		}
	}
}

// BenchmarkNewFunction measures making an instance (its rotations dominate).
func BenchmarkNewFunction(b *testing.B) {
	for _, n := range []int{2, 10, 40} {
		b.Run(fmt.Sprintf("d%d", n), func(b *testing.B) {
			for b.Loop() {
				for id := 1; id <= 24; id++ {
					if _, err := NewFunction(id, n, 1); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

var sink float64
