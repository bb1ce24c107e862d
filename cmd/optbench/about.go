package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/solvers"
)

// about says what a sweep ran, for the top of report.html.
func about(args []string, s bench.Setup, data *dataFlags, specs []bench.Spec, starts int, seed uint64, scale float64, o solvers.Options, maxIter int) []bench.KV {
	quoted := []string{"optbench"}
	for _, a := range args {
		if strings.ContainsAny(a, " \t'\"[]|*?$;&<>()") || a == "" {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		quoted = append(quoted, a)
	}
	dataDesc := fmt.Sprintf("the classroom set (%d training, %d test samples)", s.Train.Len(), s.Test.Len())
	switch {
	case *data.file != "":
		dataDesc = fmt.Sprintf("%s, label column %s (%d training, %d test samples)", *data.file, *data.label, s.Train.Len(), s.Test.Len())
	case *data.synthetic > 0:
		dataDesc = fmt.Sprintf("%d synthetic samples of the classroom mixture, %d features, %d classes (%d training, %d test)", *data.synthetic, *data.features, *data.classes, s.Train.Len(), s.Test.Len())
	}
	if *data.standardize {
		dataDesc += ", standardized"
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
	limits := fmt.Sprintf("maxiter %d, gtol %g", maxIter, o.Gtol)
	if o.Gtol < 0 {
		limits = fmt.Sprintf("maxiter %d, no gradient test", maxIter)
	}
	if o.MaxFev > 0 {
		limits += fmt.Sprintf(", maxfev %d", o.MaxFev)
	}
	if o.TimeLimit > 0 {
		limits += fmt.Sprintf(", time limit %v", o.TimeLimit)
	}
	version := "devel"
	if bi, ok := debug.ReadBuildInfo(); ok {
		version = bi.Main.Path + " " + bi.Main.Version
		for _, kv := range bi.Settings {
			if kv.Key == "vcs.revision" {
				version += " " + kv.Value
			}
		}
	}
	return []bench.KV{
		{Key: "command", Value: strings.Join(quoted, " ")},
		{Key: "problem", Value: fmt.Sprintf("mean cross-entropy of a %v network (%d parameters), L2 weight %g", s.Net, s.Net.NumParams(), s.Lambda)},
		{Key: "data", Value: dataDesc},
		{Key: "methods", Value: strings.Join(methods, "; ")},
		{Key: "gradients", Value: strings.Join(grads, ", ") + "; Hessian of second-order methods: " + string(o.Hessian)},
		{Key: "starts", Value: fmt.Sprintf("%d per method and gradient, seed %d, random starts N(0, %g^2) (start 0 on the classroom 2-2-3 network: the exercise's x0)", starts, seed, scale)},
		{Key: "limits", Value: limits},
		{Key: "machine", Value: fmt.Sprintf("%s/%s, %d CPUs, %s", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())},
		{Key: "optbench", Value: version},
		{Key: "date", Value: time.Now().UTC().Format("2006-01-02 15:04 MST")},
	}
}
