package solvers

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
)

func TestParseConfigs(t *testing.T) {
	for _, tc := range []struct {
		list   string
		labels []string
	}{
		{"BFGS", []string{"BFGS"}},
		{"bfgs,BFGS, l_bfgs", []string{"BFGS", "L-BFGS"}},
		{"BFGS[linesearch=bisection|more-thuente],GD-fixed[alpha=0.1|0.5|1],L-BFGS[memory=5]",
			[]string{"BFGS", "BFGS[linesearch=more-thuente]", "GD-fixed[alpha=0.1]", "GD-fixed", "GD-fixed[alpha=1]", "L-BFGS[memory=5]"}},
		{"BFGS[linesearch=more-thuente, c1=1e-4|0.01, c2=0.9]",
			[]string{"BFGS[linesearch=more-thuente,c1=0.0001,c2=0.9]", "BFGS[linesearch=more-thuente,c1=0.01,c2=0.9]"}},
		{"scipy:bfgs,SCIPY:Nelder-Mead[adaptive=true]", []string{"scipy:BFGS", "scipy:Nelder-Mead[adaptive=true]"}},
		{"CG[variant=fletcher-reeves|polak-ribiere]", []string{"CG[variant=fletcher-reeves]", "CG[variant=polak-ribiere]"}},
		{"GD-fixed[alpha=0.50]", []string{"GD-fixed"}},
	} {
		cs, err := Default.ParseConfigs(tc.list)
		if err != nil {
			t.Errorf("%q: %v", tc.list, err)
			continue
		}
		var labels []string
		for _, c := range cs {
			labels = append(labels, c.Label)
		}
		if strings.Join(labels, " ") != strings.Join(tc.labels, " ") {
			t.Errorf("%q: labels %q, want %q", tc.list, labels, tc.labels)
		}
	}
}

func TestParseConfigsErrors(t *testing.T) {
	for _, tc := range []struct {
		list string
		is   error
		want string
	}{
		{"SLSQP", ErrUnknownMethod, `unknown method "SLSQP"`},
		{"BFGS[memory=5]", ErrUnknownParam, `"memory" for BFGS (valid: linesearch, c1, c2, h0)`},
		{"BFGS[linesearch=wolfe]", ErrBadParam, `BFGS linesearch="wolfe": want one of bisection|more-thuente|backtracking`},
		{"L-BFGS[memory=0]", ErrBadParam, `L-BFGS memory="0": want a whole number in [1, 1e+06]`},
		{"L-BFGS[memory=2.5]", ErrBadParam, "want a whole number"},
		{"GD-fixed[alpha=1_000]", ErrBadParam, `alpha="1_000"`},
		{"BFGS[c1=0.1]", ErrBadParam, "c1 does not apply to linesearch=bisection"},
		{"GD[c2=0.5]", ErrBadParam, "c2 does not apply to linesearch=backtracking"},
		{"BFGS[linesearch=more-thuente,c1=0.9,c2=0.1]", ErrBadParam, "needs c1 < c2"},
		{"scipy:BFGS[c1=0.95]", ErrBadParam, "needs c1 < c2"},
		{"BFGS[c2=1]", ErrBadParam, `c2="1": want a number in (0, 1) or auto`},
		{"BFGS[linesearch]", ErrBadParam, `"linesearch" is not key=value`},
		{"BFGS[h0=identity,h0=scaled]", ErrBadParam, `"h0" given twice`},
		{"BFGS[h0=identity,H0=scaled]", ErrBadParam, `"h0" and "H0" are both the parameter h0`},
		{"Adagrad[lr_decay=0.1,lr-decay=0.2]", ErrBadParam, `Adagrad: "lr_decay" and "lr-decay" are both the parameter lr-decay: give it once`},
		{"Adagrad[lr_decya=0.1]", ErrUnknownParam, `unknown parameter "lr_decya" for Adagrad (valid: lr, eps, lr-decay, initial-accumulator, weight-decay); did you mean "lr-decay"?`},
		{"GD-fixed[alpha=0.1|x]", ErrBadParam, `GD-fixed alpha="x": want a number`},
		{"GD-fixed[alpha=" + strings.Repeat("9", 500) + "x]", ErrBadParam, `... (501 bytes): want a number`},
		{"BFGS[h0=identity", ErrBadParam, "'[' not closed"},
		{"BFGS]", ErrBadParam, "']' without '['"},
		{"BFGS[h0=identity]x", ErrBadParam, "text after ']'"},
		{"Nelder-Mead[h0=identity]", ErrUnknownParam, "for Nelder-Mead (valid: reflection,"},
		{"GD-fixed[c1=0.1]", ErrUnknownParam, "(valid: alpha)"},
	} {
		_, err := Default.ParseConfigs(tc.list)
		if !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %v with %q", tc.list, err, tc.is, tc.want)
		}
	}
}

// TestResultRecordsParams: every run carries its full parameter set and
// the label of its non-default ones.
func TestResultRecordsParams(t *testing.T) {
	res, err := Minimize(rosenbrock, []float64{-1.2, 1}, Options{Method: "bfgs", Params: map[string]string{"Linesearch": "more-thuente", "c2": "0.5"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Label != "BFGS[linesearch=more-thuente,c2=0.5]" {
		t.Errorf("label %q", res.Label)
	}
	js, _ := res.Params.MarshalJSON()
	if string(js) != `{"linesearch":"more-thuente","c1":"auto","c2":0.5,"h0":"scaled"}` {
		t.Errorf("params %s", js)
	}
	if !res.Success {
		t.Errorf("%v %s", res.Status, res.Message)
	}
}

// TestParamsChangeTheRun checks that each parameter reaches the method:
// a run with it set differs from the default run.
func TestParamsChangeTheRun(t *testing.T) {
	p, x0 := classroom(t)
	for _, tc := range []struct {
		method string
		params map[string]string
	}{
		{"GD-fixed", map[string]string{"alpha": "0.25"}},
		{"GD", map[string]string{"linesearch": "bisection"}},
		{"GD", map[string]string{"c1": "0.9"}},
		{"CG", map[string]string{"variant": "fletcher-reeves"}},
		{"CG", map[string]string{"c2": "0.5"}},
		{"CG", map[string]string{"restart": "0.5"}},
		{"BFGS", map[string]string{"h0": "identity"}},
		{"BFGS", map[string]string{"linesearch": "backtracking"}},
		{"BFGS", map[string]string{"c2": "0.5"}},
		{"L-BFGS", map[string]string{"memory": "3"}},
		{"Newton", map[string]string{"increase": "2"}},
		{"Newton", map[string]string{"hess-step": "1e-3"}},
		{"Nelder-Mead", map[string]string{"reflection": "0.9"}},
		{"Nelder-Mead", map[string]string{"expansion": "2"}},
		{"Nelder-Mead", map[string]string{"contraction": "0.5"}},
		{"Nelder-Mead", map[string]string{"simplex-size": "0.1"}},
		{"scipy:BFGS", map[string]string{"c2": "0.5"}},
		{"scipy:CG", map[string]string{"c2": "0.2"}},
		{"scipy:Nelder-Mead", map[string]string{"adaptive": "true"}},
		{"scipy:Nelder-Mead", map[string]string{"nonzdelt": "0.1"}},
	} {
		o := Options{Method: tc.method, MaxIter: 60}
		if tc.method == "Nelder-Mead" {
			o.MaxIter = 1000 // contractions and shrinks come later
		}
		base, err := Minimize(p, x0, o)
		if err != nil {
			t.Fatal(err)
		}
		o.Params = tc.params
		got, err := Minimize(p, x0, o)
		if err != nil {
			t.Fatalf("%s %v: %v", tc.method, tc.params, err)
		}
		if got.Fun == base.Fun && got.Nfev == base.Nfev {
			t.Errorf("%s %v: same run as the default (fun %v, nfev %d)", tc.method, tc.params, got.Fun, got.Nfev)
		}
	}
}

// The classroom runs never shrink; Rosenbrock's does.
func TestNelderMeadShrink(t *testing.T) {
	a, _ := Minimize(rosenbrock, []float64{-1.2, 1}, Options{Method: "Nelder-Mead"})
	b, _ := Minimize(rosenbrock, []float64{-1.2, 1}, Options{Method: "Nelder-Mead", Params: map[string]string{"shrink": "0.3"}})
	if a.Nfev == b.Nfev {
		t.Errorf("shrink=0.3 made the same %d evaluations as the default", a.Nfev)
	}
}

func TestRegisterOwnMethod(t *testing.T) {
	gdFixed, err := Default.Lookup("GD-fixed")
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewRegistry(*gdFixed)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Register(Method{Name: "gd_FIXED", Run: gdFixed.Run}); !errors.Is(err, ErrDuplicateMethod) {
		t.Errorf("duplicate name: %v", err)
	}
	halving := Method{Name: "halving", Gradient: true, Run: func(s *Search, x0 []float64, _ Params) {
		x := append([]float64(nil), x0...)
		g := make([]float64, len(x))
		for {
			f := s.FuncGrad(g, x)
			if s.Limited() || s.Iterate(x, f, g) {
				return
			}
			for i := range x {
				x[i] -= 1e-3 * g[i]
			}
		}
	}}
	if err := r.Register(halving); err != nil {
		t.Fatal(err)
	}
	res, err := Minimize(rosenbrock, []float64{-1.2, 1}, Options{Method: "Halving", Registry: r, MaxIter: 7})
	if err != nil {
		t.Fatal(err)
	}
	if res.Method != "halving" || res.Nit != 7 || res.Status != MaxIter || res.Nfev != 8 {
		t.Errorf("%s: nit %d nfev %d %v", res.Method, res.Nit, res.Nfev, res.Status)
	}
	if _, err := Minimize(rosenbrock, []float64{-1.2, 1}, Options{Method: "BFGS", Registry: r}); !errors.Is(err, ErrUnknownMethod) {
		t.Errorf("BFGS in a registry without it: %v", err)
	}
	// A Run that neither iterates nor ends is a failed run, not a hang or a
	// success.
	r.Register(Method{Name: "lazy", Run: func(*Search, []float64, Params) {}})
	res, _ = Minimize(rosenbrock, []float64{-1.2, 1}, Options{Method: "lazy", Registry: r})
	if res.Status != Failed || !strings.Contains(res.Message, "lazy returned without a status") || res.Panicked {
		t.Errorf("lazy: %v %q", res.Status, res.Message)
	}
	// A Run that panics fails its run.
	r.Register(Method{Name: "boom", Run: func(*Search, []float64, Params) { panic("oops") }})
	res, _ = Minimize(rosenbrock, []float64{-1.2, 1}, Options{Method: "boom", Registry: r})
	if res.Status != Failed || !strings.Contains(res.Message, "panic: oops") || len(res.X) != 2 || !res.Panicked {
		t.Errorf("boom: %v %q X %v", res.Status, res.Message, res.X)
	}
}

// BenchmarkLookup looks up a name as a sweep does, once per run: in
// another spelling than the canonical one, near the end of Default.
func BenchmarkLookup(b *testing.B) {
	for _, name := range []string{"BFGS", "scipy:nelder_mead", "adagrad"} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Default.Lookup(name); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestAliases: scipy's own names, in any spelling, resolve to the scipy
// port's canonical name; gonum's names stay gonum's.
func TestAliases(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"Powell", "scipy:Powell"},
		{"powell", "scipy:Powell"},
		{"scipy:Powell", "scipy:Powell"},
		{"Newton-CG", "scipy:Newton-CG"},
		{"newton-cg", "scipy:Newton-CG"},
		{"newton_cg", "scipy:Newton-CG"},
		{"trust-ncg", "scipy:trust-ncg"},
		{"TRUST_NCG", "scipy:trust-ncg"},
		{"trust-exact", "scipy:trust-exact"},
		{"dogleg", "scipy:dogleg"},
		{"BFGS", "BFGS"},
		{"CG", "CG"},
		{"Nelder-Mead", "Nelder-Mead"},
		{"Newton", "Newton"},
		{"scipy:bfgs", "scipy:BFGS"},
		{"L-BFGS-B", "scipy:L-BFGS-B"},
		{"l_bfgs_b", "scipy:L-BFGS-B"},
		{"TNC", "scipy:TNC"},
		{"trust-krylov", "scipy:trust-krylov"},
	} {
		got, err := CanonicalMethod(tc.name)
		if err != nil || got != tc.want {
			t.Errorf("CanonicalMethod(%q) = %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
	// Aliases are not names: the list of methods holds each method once.
	if names := Methods(); len(names) != 24 || names[20] != "scipy:Powell" || names[len(names)-1] != "scipy:trust-krylov" || slices.Contains(names, "Powell") {
		t.Errorf("Methods() = %v", names)
	}
}

// TestAliasLabels: a config or a run asked for by alias carries the
// canonical name in its label, so that both spellings are one config.
func TestAliasLabels(t *testing.T) {
	for _, tc := range []struct {
		list   string
		labels []string
	}{
		{"Powell[xtol=1e-3]", []string{"scipy:Powell[xtol=0.001]"}},
		{"powell,scipy:Powell", []string{"scipy:Powell"}},
		{"Newton-CG[xtol=1e-4],scipy:newton_cg[xtol=0.0001]", []string{"scipy:Newton-CG[xtol=0.0001]"}},
		{"dogleg[eta=0.2],trust-exact,trust-ncg", []string{"scipy:dogleg[eta=0.2]", "scipy:trust-exact", "scipy:trust-ncg"}},
	} {
		cs, err := Default.ParseConfigs(tc.list)
		if err != nil {
			t.Errorf("%q: %v", tc.list, err)
			continue
		}
		var labels []string
		for _, c := range cs {
			labels = append(labels, c.Label)
			if !strings.HasPrefix(c.Method, "scipy:") {
				t.Errorf("%q: method %q", tc.list, c.Method)
			}
		}
		if !slices.Equal(labels, tc.labels) {
			t.Errorf("%q: labels %q, want %q", tc.list, labels, tc.labels)
		}
	}
	c, err := Default.Config("Powell", map[string]string{"ftol": "1e-6"})
	if err != nil || c.Method != "scipy:Powell" || c.Label != "scipy:Powell[ftol=1e-06]" {
		t.Errorf("Config(Powell): %+v, %v", c, err)
	}
	res, err := Minimize(Problem{Func: rosen}, []float64{-1.2, 1}, Options{Method: "powell"})
	if err != nil || res.Method != "scipy:Powell" || res.Label != "scipy:Powell" || !res.Success {
		t.Errorf("Minimize(powell): method %q label %q %v, %v", res.Method, res.Label, res.Status, err)
	}
}

// TestDidYouMean: an unknown name close to a name or an alias suggests the
// canonical name; one far from all suggests nothing, and its message is
// today's.
func TestDidYouMean(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"Nelder-Maed", "Nelder-Mead"},
		{"scipy:bfsg", "scipy:BFGS"},
		{"scipybfgs", "scipy:BFGS"},
		{"L-BGFS", "L-BFGS"},
		{"Powel", "scipy:Powell"},
		{"trust-ncq", "scipy:trust-ncg"},
		{"Adma", "Adam"},
		{"rmsprob", "RMSprop"},
		{"SLSQP", ""},
		{"L-BFGS-BB", "scipy:L-BFGS-B"},
		{"TNCC", "scipy:TNC"},
		{"simplex", ""},
		{"", ""},
	} {
		_, err := Default.Lookup(tc.name)
		var ue *UnknownMethodError
		if !errors.As(err, &ue) {
			t.Errorf("%q: error %v, want an *UnknownMethodError", tc.name, err)
			continue
		}
		if ue.Suggestion != tc.want {
			t.Errorf("%q: suggestion %q, want %q", tc.name, ue.Suggestion, tc.want)
		}
		if hint := `; did you mean "` + tc.want + `"?`; (tc.want != "") != strings.HasSuffix(err.Error(), hint) {
			t.Errorf("%q: %q", tc.name, err)
		}
	}
	_, err := Default.Lookup("SLSQP")
	const want = `solvers: unknown method "SLSQP" (valid: GD-fixed, GD, CG, BFGS, L-BFGS, Newton, Nelder-Mead, scipy:BFGS, scipy:CG, scipy:Nelder-Mead, scipy:Newton-CG, scipy:trust-ncg, scipy:trust-exact, scipy:dogleg, Momentum, Nesterov, Adam, AdamW, RMSprop, Adagrad, scipy:Powell, scipy:L-BFGS-B, scipy:TNC, scipy:trust-krylov)`
	if err == nil || err.Error() != want {
		t.Errorf("SLSQP: %v\nwant %s", err, want)
	}
	_, err = Default.Lookup("Nelder-Maed")
	if err == nil || err.Error() != `solvers: unknown method "Nelder-Maed" (valid: `+strings.Join(Methods(), ", ")+`); did you mean "Nelder-Mead"?` {
		t.Errorf("Nelder-Maed: %v", err)
	}
}

// TestTypedErrors: the unknown method and parameter errors match their
// sentinels with errors.Is and give their parts with errors.As, from
// Lookup, Config, ParseConfigs and Minimize, and through a wrapping.
func TestTypedErrors(t *testing.T) {
	_, err1 := Default.ParseConfigs("BFGS,Nelder-Maed[fatol=1]")
	_, err2 := Minimize(rosenbrock, []float64{1, 1}, Options{Method: "scipy:bfsg"})
	for _, err := range []error{err1, err2, fmt.Errorf("sweep: %w", err1)} {
		var ue *UnknownMethodError
		if !errors.Is(err, ErrUnknownMethod) || !errors.As(err, &ue) || errors.Is(err, ErrUnknownParam) {
			t.Errorf("%v: not an *UnknownMethodError matching ErrUnknownMethod alone", err)
			continue
		}
		if len(ue.Valid) != len(Methods()) || ue.Suggestion == "" || ue.Name == "" {
			t.Errorf("%v: parts %+v", err, ue)
		}
	}
	_, err1 = Default.Config("BFGS", map[string]string{"memory": "5"})
	_, err2 = Minimize(rosenbrock, []float64{1, 1}, Options{Method: "GD-fixed", Params: map[string]string{"C1": "0.1"}})
	_, err3 := Default.ParseConfigs("powell[memory=5]")
	for _, tc := range []struct {
		err               error
		method, key, text string
		valid             []string
	}{
		{err1, "BFGS", "memory", `solvers: unknown parameter "memory" for BFGS (valid: linesearch, c1, c2, h0)`, []string{"linesearch", "c1", "c2", "h0"}},
		{fmt.Errorf("run 3: %w", err2), "GD-fixed", "C1", `run 3: solvers: unknown parameter "C1" for GD-fixed (valid: alpha)`, []string{"alpha"}},
		{err3, "scipy:Powell", "memory", `solvers: unknown parameter "memory" for scipy:Powell (valid: xtol, ftol)`, []string{"xtol", "ftol"}},
	} {
		var pe *UnknownParamError
		if !errors.Is(tc.err, ErrUnknownParam) || !errors.As(tc.err, &pe) || errors.Is(tc.err, ErrUnknownMethod) {
			t.Errorf("%v: not an *UnknownParamError matching ErrUnknownParam alone", tc.err)
			continue
		}
		if pe.Method != tc.method || pe.Key != tc.key || !slices.Equal(pe.Valid, tc.valid) || tc.err.Error() != tc.text {
			t.Errorf("%v: parts %+v", tc.err, pe)
		}
	}
	noParams, _ := NewRegistry(Method{Name: "plain", Run: func(*Search, []float64, Params) {}})
	_, err := noParams.Config("plain", map[string]string{"x": "1"})
	if err == nil || err.Error() != `solvers: unknown parameter "x" for plain (it has no parameters)` {
		t.Errorf("no parameters: %v", err)
	}
}

// grid is KEY=v1|v2|...|vn with values first, first+1, ...
func grid(key string, first, n int) string {
	vs := make([]string, n)
	for i := range vs {
		vs[i] = fmt.Sprint(first + i)
	}
	return key + "=" + strings.Join(vs, "|")
}

// allocated is the bytes fn allocates, from the heap statistics.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestGridCheckedFirst: a method list's keys and size are checked before
// any configuration is built. Twenty unknown keys of twenty values each
// (20^20 combinations: once 53 s and a crash) are refused by the first
// key, and grids of known keys past MaxConfigs by their count, exact or
// past uint64, both allocating little more than the list itself.
func TestGridCheckedFirst(t *testing.T) {
	var pairs []string
	for k := 1; k <= 20; k++ {
		pairs = append(pairs, grid(fmt.Sprintf("k%d", k), 1, 20))
	}
	unknown := "Adagrad[" + strings.Join(pairs, ",") + "]"
	var err error
	if b := allocated(func() { _, err = Default.ParseConfigs(unknown) }); b > 1<<20 {
		t.Errorf("20 unknown keys x 20 values: %d bytes allocated", b)
	}
	var pe *UnknownParamError
	if !errors.As(err, &pe) || pe.Key != "k1" || pe.Method != "Adagrad" || pe.Suggestion != "" {
		t.Errorf("20 unknown keys x 20 values: %v, want unknown parameter \"k1\"", err)
	}

	var nm []string
	for _, k := range []string{"reflection", "expansion", "contraction", "shrink", "simplex-size", "fatol", "fatol-iters"} {
		nm = append(nm, grid(k, 1, 1000))
	}
	for _, tc := range []struct {
		list     string
		count    uint64
		overflow bool
		largest  string
	}{
		{"GD-fixed[" + grid("alpha", 1, 8000) + "]", 8000, false, "GD-fixed"},
		{"GD-fixed[" + grid("alpha", 1, 1000) + "],BFGS", 1001, false, "GD-fixed"},
		{"BFGS[" + grid("c1", 1, 40) + "],CG[" + grid("restart", 1, 10) + "," + grid("c2", 1, 100) + "]", 1040, false, "CG"},
		// 1000^7 overflows; the count is made before any value is read
		// (1000 is out of range for some).
		{"Nelder-Mead[" + strings.Join(nm, ",") + "]", 0, true, "Nelder-Mead"},
	} {
		var err error
		if b := allocated(func() { _, err = Default.ParseConfigs(tc.list) }); b > 1<<20 {
			t.Errorf("%.40s: %d bytes allocated", tc.list, b)
		}
		var te *TooManyConfigsError
		if !errors.As(err, &te) || !errors.Is(err, ErrTooManyConfigs) || !errors.Is(err, ErrBadParam) {
			t.Errorf("%.40s: %v, want a *TooManyConfigsError", tc.list, err)
			continue
		}
		if te.Count != tc.count || te.Overflow != tc.overflow || te.Max != MaxConfigs || te.Largest != tc.largest ||
			!strings.Contains(err.Error(), fmt.Sprintf("; at most %d are allowed", MaxConfigs)) {
			t.Errorf("%.40s: %+v: %v", tc.list, te, err)
		}
	}
	// MaxConfigs itself is allowed.
	cs, err := Default.ParseConfigs("GD-fixed[" + grid("alpha", 1, MaxConfigs-1) + "],BFGS")
	if err != nil || len(cs) != MaxConfigs {
		t.Errorf("%d configurations: %d, %v", MaxConfigs, len(cs), err)
	}
}

// TestTwoSpellingsOfOneKey: lr_decay and lr-decay (or alpha and ALPHA) in
// one configuration are an error naming both spellings, the same every
// time, from a method list and from a map given to Config or Minimize,
// which once took one of the values by map order.
func TestTwoSpellingsOfOneKey(t *testing.T) {
	for range 20 {
		_, err := Default.ParseConfigs("Adagrad[lr_decay=0.1,lr-decay=0.2]")
		if !errors.Is(err, ErrBadParam) || err.Error() != `solvers: bad parameter value: Adagrad: "lr_decay" and "lr-decay" are both the parameter lr-decay: give it once` {
			t.Fatalf("list: %v", err)
		}
		_, err = Default.Config("Adagrad", map[string]string{"lr_decay": "0.1", "lr-decay": "0.2"})
		if !errors.Is(err, ErrBadParam) || err.Error() != `solvers: bad parameter value: Adagrad: "lr-decay" and "lr_decay" are both the parameter lr-decay: give it once` {
			t.Fatalf("Config: %v", err)
		}
		_, err = Minimize(rosenbrock, []float64{1, 1}, Options{Method: "GD-fixed", Params: map[string]string{"alpha": "0.1", "ALPHA": "0.2"}})
		if !errors.Is(err, ErrBadParam) || !strings.Contains(err.Error(), `"ALPHA" and "alpha" are both the parameter alpha`) {
			t.Fatalf("Minimize: %v", err)
		}
	}
}

// TestParseConfigsWith: a caller's default applies where an item does
// not set the key, and configurations are compared after it: the same
// ones are kept once, different ones are all kept, in the list's order.
func TestParseConfigsWith(t *testing.T) {
	alpha := map[string]map[string]string{"GD-fixed": {"Alpha": "0.1"}}
	for _, tc := range []struct {
		list     string
		defaults map[string]map[string]string
		labels   []string
	}{
		{"GD-fixed[alpha=0.1],GD-fixed", alpha, []string{"GD-fixed[alpha=0.1]"}},
		{"GD-fixed,GD-fixed[alpha=0.5]", alpha, []string{"GD-fixed[alpha=0.1]", "GD-fixed"}},
		{"GD-fixed,GD-fixed[alpha=0.5]", nil, []string{"GD-fixed"}},
		{"GD-fixed[alpha=0.5|0.1],BFGS,gd_FIXED", alpha, []string{"GD-fixed", "GD-fixed[alpha=0.1]", "BFGS"}},
		{"RMSprop,BFGS", alpha, []string{"RMSprop", "BFGS"}},
	} {
		cs, err := Default.ParseConfigsWith(tc.list, tc.defaults)
		if err != nil {
			t.Errorf("%q: %v", tc.list, err)
			continue
		}
		var labels []string
		for _, c := range cs {
			labels = append(labels, c.Label)
			if c.Method == "GD-fixed" && tc.defaults != nil && c.Params["alpha"] == "" {
				t.Errorf("%q: %s without its alpha: %v", tc.list, c.Label, c.Params)
			}
		}
		if !slices.Equal(labels, tc.labels) {
			t.Errorf("%q: labels %q, want %q", tc.list, labels, tc.labels)
		}
	}
}
