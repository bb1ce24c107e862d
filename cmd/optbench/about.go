package main

import (
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/solvers"
)

// version is optbench's module version and VCS revision, as built.
func version() string {
	v := "devel"
	if bi, ok := debug.ReadBuildInfo(); ok {
		v = bi.Main.Path + " " + bi.Main.Version
		for _, kv := range bi.Settings {
			if kv.Key == "vcs.revision" {
				v += " " + kv.Value
			}
		}
	}
	return v
}

// about says what a sweep ran, for the top of report.html.
func about(args []string, problems []*bench.Problem, specs []bench.Spec, starts int, seed uint64, o solvers.Options, maxiter int) []bench.KV {
	quoted := []string{"optbench"}
	for _, a := range args {
		if strings.ContainsAny(a, " \t'\"[]|*?$;&<>()") || a == "" {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		quoted = append(quoted, a)
	}
	var methods, grads []string
	seen := map[string]bool{}
	for _, sp := range specs {
		if !seen[sp.Label] {
			seen[sp.Label] = true
			m, _ := solvers.Default.Lookup(sp.Method)
			p, _ := m.Resolve(sp.Params)
			js, _ := p.MarshalJSON()
			methods = append(methods, fmt.Sprintf("%s %s", sp.Label, js))
		}
		if g := string(sp.Gradient); !seen["gradient "+g] {
			seen["gradient "+g] = true
			grads = append(grads, g)
		}
	}
	limits := "maxiter 200 x the dimension"
	if maxiter > 0 {
		limits = fmt.Sprintf("maxiter %d", maxiter)
	}
	if o.Gtol < 0 {
		limits += ", no gradient test"
	} else {
		limits += fmt.Sprintf(", gtol %g", o.Gtol)
	}
	if o.MaxFev > 0 {
		limits += fmt.Sprintf(", maxfev %d", o.MaxFev)
	}
	if o.TimeLimit > 0 {
		limits += fmt.Sprintf(", time limit %v", o.TimeLimit)
	}
	hessian := string(o.Hessian)
	if hessian == "" {
		hessian = "exact where the problem has it, else 3-point differences of the gradient"
	}
	kv := []bench.KV{{Key: "command", Value: strings.Join(quoted, " ")}}
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
			kv = append(kv, bench.KV{Key: "problem " + p.Name, Value: fmt.Sprintf("%s; %s; starts: %s", p.Desc, fstar, p.StartDoc)})
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
		kv = append(kv, bench.KV{Key: fmt.Sprintf("problems (%d)", len(f.members)),
			Value: fmt.Sprintf("%s; f*: %s; starts: %s", strings.Join(list, ", "), f.source, f.starts)})
	}
	return append(kv,
		bench.KV{Key: "methods", Value: strings.Join(methods, "; ")},
		bench.KV{Key: "gradients", Value: strings.Join(grads, ", ") + "; Hessian of second-order methods: " + hessian},
		bench.KV{Key: "starts", Value: fmt.Sprintf("%d per problem, method and gradient, seed %d", starts, seed)},
		bench.KV{Key: "limits", Value: limits},
		bench.KV{Key: "machine", Value: fmt.Sprintf("%s/%s, %d CPUs, %s", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())},
		bench.KV{Key: "optbench", Value: version()},
		bench.KV{Key: "date", Value: time.Now().UTC().Format("2006-01-02 15:04 MST")},
	)
}
