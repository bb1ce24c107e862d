package report

import (
	"encoding/json"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/optbench/optbench/bench"
)

// Setup says what sw ran, for the top of report.html: the command line
// (command[0] is the program), each problem or family of problems with its
// f* and starts, the methods with every parameter, the gradients, starts,
// limits, machine, version (as the caller's build says) and date.
func Setup(sw *bench.Sweep, command []string, version string) []KV {
	o, problems, starts, seed := sw.Options, sw.Problems, sw.Starts, sw.Seed
	var methods []string
	secondOrder := false // a method that uses a Hessian: say how it is had
	for _, sp := range bench.GroupBy(sw.Solvers, func(s bench.Solver) string { return s.Label }) {
		m, _ := sw.Registry().Lookup(sp.Members[0].Method)
		secondOrder = secondOrder || m.Hessian
		p, _ := m.Resolve(sw.Params[sp.Key])
		js, _ := p.MarshalJSON()
		methods = append(methods, fmt.Sprintf("%s %s", sp.Key, js))
	}
	grads := bench.Keys(sw.Solvers, func(s bench.Solver) string { return string(s.Gradient) })
	limits := "maxiter: each method's (200 x the dimension, scipy's ports scipy's)"
	steps := o.MaxIter > 0 && o.MaxIter != bench.EpochsMaxIter // -maxiter given
	if steps {
		limits = fmt.Sprintf("maxiter %d", o.MaxIter)
	}
	switch {
	case o.Gtol < 0:
		limits += ", no gradient test"
	case o.Gtol > 0:
		limits += fmt.Sprintf(", gtol %g", o.Gtol)
	default:
		limits += ", gtol: each method's (1e-5, scipy's ports scipy's)"
	}
	// Mini-batch runs end on their epochs (and -maxiter steps), never on
	// the gradient; the sweep's other problems keep the limits above.
	if batched, all := miniBatches(sw); batched != "" {
		if steps {
			batched += fmt.Sprintf(", at most %d steps", o.MaxIter)
		}
		batched += ", no gradient test on mini-batches"
		if !all {
			batched += "; the other problems: " + limits
		}
		limits = batched
	}
	if o.MaxFev > 0 {
		limits += fmt.Sprintf(", maxfev %d", o.MaxFev)
	}
	if o.TimeLimit > 0 {
		limits += fmt.Sprintf(", time limit %v", o.TimeLimit)
	}
	if sw.Budget > 0 {
		limits += fmt.Sprintf("; COCO's protocol: a budget of %g x n evaluations of f per run, with restarts, to f* + 1e-8", sw.Budget)
	}
	hessian := string(o.Hessian)
	if hessian == "" {
		hessian = "exact where the problem has it, else 3-point differences of the gradient"
	}
	hessian = "; Hessian of second-order methods: " + hessian
	if !secondOrder {
		hessian = ""
	}
	kv := []KV{{Key: "command", Value: Command(command)}}
	// Problems of one family share their f* source and starts: one line
	// each for the family, the problems listed with their dimension and f*.
	type family struct {
		source, starts string
		members        []*bench.Problem
	}
	var families []*family
	for _, p := range problems {
		i := slices.IndexFunc(families, func(f *family) bool { return f.source == p.FStarSource && f.starts == p.StartDoc })
		if i < 0 {
			families = append(families, &family{source: p.FStarSource, starts: p.StartDoc})
			i = len(families) - 1
		}
		families[i].members = append(families[i].members, p)
	}
	for _, f := range families {
		if len(f.members) == 1 {
			p := f.members[0]
			fstar := "f* " + p.FStarSource
			if !math.IsNaN(p.FStar) {
				fstar = fmt.Sprintf("f* = %.10g, %s", p.FStar, p.FStarSource)
			}
			kv = append(kv, KV{Key: "problem " + p.Name, Value: fmt.Sprintf("%s; %s; starts: %s", p.Desc, fstar, p.StartDoc)})
			continue
		}
		var list []string
		for _, p := range f.members {
			fstar := "unknown"
			if !math.IsNaN(p.FStar) {
				fstar = fmt.Sprintf("%.10g", p.FStar)
			}
			list = append(list, fmt.Sprintf("%s (n = %d, f* = %s)", p.Name, p.Dim, fstar))
		}
		kv = append(kv, KV{Key: fmt.Sprintf("problems (%d)", len(f.members)),
			Value: fmt.Sprintf("%s; f*: %s; starts: %s", strings.Join(list, ", "), f.source, f.starts)})
	}
	return append(kv,
		KV{Key: "methods", Value: strings.Join(methods, "; ")},
		KV{Key: "gradients", Value: strings.Join(grads, ", ") + hessian},
		KV{Key: "starts", Value: fmt.Sprintf("%d per problem, method and gradient, seed %d", starts, seed)},
		KV{Key: "limits", Value: limits},
		KV{Key: "bounds", Value: bounds(sw)},
		KV{Key: "machine", Value: fmt.Sprintf("%s/%s, %d CPUs, %s", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())},
		KV{Key: "optbench", Value: version},
		KV{Key: "date", Value: time.Now().UTC().Format("2006-01-02 15:04 MST")},
	)
}

// bounds says how the sweep's runs are bounded, as its notes do ("none"
// when no run is).
func bounds(sw *bench.Sweep) string {
	notes := sw.BoundsNotes()
	if len(notes) == 0 {
		return "none"
	}
	return strings.Join(notes, " ")
}

// Command is a command line as a shell takes it back: each argument
// quoted where the shell would split or expand it.
func Command(args []string) string {
	var quoted []string
	for _, a := range args {
		if strings.ContainsAny(a, " \t'\"[]|*?$;&<>()") || a == "" {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		quoted = append(quoted, a)
	}
	return strings.Join(quoted, " ")
}

// WithoutFlags is a sweep's command line (command[0] the program) without
// the flags named ("-shard 2/4", "-shard=2/4", "--shard ..." for "shard"):
// without shard and out, the command of the whole sweep, which a report
// of its shards describes wherever each shard wrote.
func WithoutFlags(command []string, names ...string) []string {
	out := make([]string, 0, len(command))
	for i := 0; i < len(command); i++ {
		a := command[i]
		if i == 0 {
			out = append(out, a)
			continue
		}
		if a == "--" {
			out = append(out, command[i:]...)
			break
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || !slices.Contains(names, name) {
			out = append(out, a)
			continue
		}
		if !hasValue {
			i++ // the value is the next argument
		}
	}
	return out
}

// miniBatches says how long the sweep's mini-batch runs are, "10 epochs
// of 4 mini-batches of 32 samples (classroom)", and whether every problem
// steps on mini-batches; "" when none does or no epochs are set.
func miniBatches(sw *bench.Sweep) (desc string, all bool) {
	if sw.Options.Epochs <= 0 {
		return "", false
	}
	var each []string
	for _, p := range sw.Problems {
		if p.BatchesPerEpoch <= 0 {
			continue
		}
		e := fmt.Sprintf("%d mini-batches", p.BatchesPerEpoch)
		if size := batchSize(p); size > 0 {
			e += fmt.Sprintf(" of %d samples", size)
		}
		each = append(each, e+" ("+p.Name+")")
	}
	if len(each) == 0 {
		return "", false
	}
	return fmt.Sprintf("%s of %s", Plural(sw.Options.Epochs, "epoch"), strings.Join(each, ", ")), len(each) == len(sw.Problems)
}

// batchSize is the mini-batch size p's family records in its Config (the
// network's "batch", as sweep.json has it), 0 when it records none.
func batchSize(p *bench.Problem) int {
	b, err := json.Marshal(p.Config)
	if err != nil {
		return 0
	}
	var c struct {
		Batch int `json:"batch"`
	}
	if json.Unmarshal(b, &c) != nil {
		return 0
	}
	return c.Batch
}
