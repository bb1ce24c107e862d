package bench

// Group is the members of xs that share one key, in their order.
type Group[K comparable, T any] struct {
	Key     K
	Members []T
}

// GroupBy splits xs by key, groups in order of first appearance and the
// members of each in their order: the one way optbench orders rows,
// curves and problems ("in order of first appearance").
//
// Where every group's members lie next to one another in xs (a sweep's
// runs in the sweep order, grouped by problem and solver), each group's
// Members is a slice of xs itself, capped so that an append copies: a
// sweep's runs are hundreds of bytes each, and a copy of them all for
// every grouping was most of what analysing a large sweep allocated.
// Callers must not write to the members.
func GroupBy[K comparable, T any](xs []T, key func(T) K) []Group[K, T] {
	var out []Group[K, T]
	at := map[K]int{}
	of := make([]int, len(xs)) // the group of each x
	contiguous := true
	var prev K
	for j, x := range xs {
		k := key(x)
		if j > 0 && k == prev {
			of[j] = of[j-1] // the same group as the last: no lookup
			continue
		}
		prev = k
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, Group[K, T]{Key: k})
		}
		of[j] = i
		if j > 0 && i != of[j-1] && ok {
			contiguous = false // back to a group left before
		}
	}
	if contiguous {
		start := 0
		for j := 1; j <= len(xs); j++ {
			if j == len(xs) || of[j] != of[j-1] {
				out[of[start]].Members = xs[start:j:j]
				start = j
			}
		}
		return out
	}
	counts := make([]int, len(out))
	for _, i := range of {
		counts[i]++
	}
	for i := range out {
		out[i].Members = make([]T, 0, counts[i])
	}
	for j, x := range xs {
		out[of[j]].Members = append(out[of[j]].Members, x)
	}
	return out
}

// Keys lists the distinct keys of xs in order of first appearance.
func Keys[K comparable, T any](xs []T, key func(T) K) []K {
	var out []K
	seen := map[K]bool{}
	for _, x := range xs {
		if k := key(x); !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// Problems lists the problems of runs in order of first appearance (by
// name).
func Problems(runs []Run) []*Problem {
	var out []*Problem
	seen := map[string]bool{}
	for i := range runs {
		if p := runs[i].Problem; !seen[p.Name] {
			seen[p.Name] = true
			out = append(out, p)
		}
	}
	return out
}
