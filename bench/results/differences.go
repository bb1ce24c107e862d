package results

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"
)

// Difference is one setting in which two sweep descriptions differ, with
// its value in each as sweep.json writes it (JSON, cut to 200 bytes).
type Difference struct {
	// Setting is named as the command line or sweep.json names it:
	// starts, seed, maxiter, maxfev, gtol, time_limit, fd_step, epochs,
	// budget, hessian, trace, bounds, problems, methods, or a problem's
	// field ("classroom's data", "Wood's dim"), or "method N" for the
	// N-th method configuration (from 0).
	Setting string
	A, B    string
	// Solvers marks a setting of the method configurations (methods,
	// method N): what a comparison of two sweeps' methods compares, not
	// a condition both sides ran under.
	Solvers bool
}

// Differences are every setting in which d and o describe different
// sweeps, A being d's value and B o's, in this order: the format
// version, starts, seed, the limits one by one, the Hessian and trace
// modes, the bounds, the problems (their names in order, then each
// problem both name: its family, dimension, f*, own bounds, and every
// key of its family's config), and the method configurations. None when
// they are the same sweep (they may be different shards of it, run by
// different versions of optbench: Shard, Optbench and Command do not
// count).
func (d Description) Differences(o Description) []Difference {
	var out []Difference
	add := func(setting string, a, b any, solvers bool) {
		if sa, sb := show(a), show(b); sa != sb {
			out = append(out, Difference{Setting: setting, A: sa, B: sb, Solvers: solvers})
		}
	}
	add("version", d.Version, o.Version, false)
	add("starts", d.Starts, o.Starts, false)
	add("seed", d.Seed, o.Seed, false)
	la, lb := d.Limits, o.Limits
	add("maxiter", la.MaxIter, lb.MaxIter, false)
	add("maxfev", la.MaxFev, lb.MaxFev, false)
	add("gtol", la.Gtol, lb.Gtol, false)
	add("time_limit", la.TimeLimit, lb.TimeLimit, false)
	add("fd_step", la.FDStep, lb.FDStep, false)
	add("epochs", la.Epochs, lb.Epochs, false)
	add("budget", la.Budget, lb.Budget, false)
	add("hessian", d.Hessian, o.Hessian, false)
	add("trace", d.Trace, o.Trace, false)
	add("bounds", d.Bounds, o.Bounds, false)
	add("problems", names(d.Problems), names(o.Problems), false)
	for _, pa := range d.Problems {
		i := slices.IndexFunc(o.Problems, func(p ProblemRef) bool { return p.Name == pa.Name })
		if i < 0 {
			continue // named by "problems"
		}
		pb := o.Problems[i]
		add(pa.Name+"'s family", pa.Family, pb.Family, false)
		add(pa.Name+"'s dim", pa.Dim, pb.Dim, false)
		add(pa.Name+"'s f_star", pa.FStar, pb.FStar, false)
		add(pa.Name+"'s bounds", pa.Bounds, pb.Bounds, false)
		ca, errA := configKeys(pa.Config)
		cb, errB := configKeys(pb.Config)
		if errA != nil || errB != nil {
			add(pa.Name+"'s config", pa.Config, pb.Config, false)
			continue
		}
		keys := slices.Sorted(maps.Keys(ca))
		for k := range cb {
			if _, ok := ca[k]; !ok {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			add(pa.Name+"'s "+k, ca[k], cb[k], false)
		}
	}
	before := len(out)
	add("methods", solverNames(d.Solvers), solverNames(o.Solvers), true)
	if len(out) == before { // the same labels in the same order: their parameters
		for i := range d.Solvers {
			add("method "+strconv.Itoa(i), d.Solvers[i], o.Solvers[i], true)
		}
	}
	return out
}

// configKeys is a family's config, a JSON object, by key; a key absent
// on one side compares as null.
func configKeys(raw json.RawMessage) (map[string]json.RawMessage, error) {
	m := map[string]json.RawMessage{}
	if len(raw) == 0 {
		return m, nil
	}
	err := json.Unmarshal(raw, &m)
	return m, err
}

// show is v as sweep.json writes it, cut to 200 bytes for a message.
func show(v any) string {
	if raw, ok := v.(json.RawMessage); ok && raw == nil {
		return "null"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "?"
	}
	if len(b) > 200 {
		return string(cutUTF8(b, 200)) + "..."
	}
	return string(b)
}

// cutUTF8 is b cut to at most n bytes, not inside a UTF-8 sequence.
func cutUTF8(b []byte, n int) []byte {
	for n > 0 && n < len(b) && b[n]&0xc0 == 0x80 {
		n--
	}
	return b[:n]
}
