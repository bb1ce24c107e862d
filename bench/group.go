package bench

// Group is the members of xs that share one key, in their order.
type Group[K comparable, T any] struct {
	Key     K
	Members []T
}

// GroupBy splits xs by key, groups in order of first appearance and the
// members of each in their order: the one way optbench orders rows,
// curves and problems ("in order of first appearance").
func GroupBy[K comparable, T any](xs []T, key func(T) K) []Group[K, T] {
	var out []Group[K, T]
	at := map[K]int{}
	for _, x := range xs {
		k := key(x)
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, Group[K, T]{Key: k})
		}
		out[i].Members = append(out[i].Members, x)
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
	for _, g := range GroupBy(runs, func(r Run) string { return r.Problem.Name }) {
		out = append(out, g.Members[0].Problem)
	}
	return out
}
