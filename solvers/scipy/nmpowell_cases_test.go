package scipy

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/optbench/optbench/solvers/core"
)

// nmpowellCase is one run of scipy 1.10, as testdata/nmpowell_cases.py
// wrote it.
type nmpowellCase struct {
	Name, Method, Func string
	X0                 []float64
	Options            map[string]any
	Bounds             [][2]jsonFloat
	Tol                *float64
	Stream             string

	X         []jsonFloat
	Fun       jsonFloat
	Nit, Nfev int
	Status    int
	Success   bool
	Message   string
	Raised    string
	Warnings  []string
	Callbacks int
	Trace     []jsonFloat
	Xsum      string
	// ULP are scipy's runs again with np.tan and np.arctan one ulp off,
	// for Powell's one-sided line searches (see checkOneSided).
	ULP []struct {
		Fun       jsonFloat
		Nit, Nfev int
		Trace     []jsonFloat
	}
}

// numpySum is np.sum of a float64 array: numpy's pairwise summation (8
// partial sums from 8 values on, halves beyond 128), so that a sum here
// is numpy's to the bit.
func numpySum(a []float64) float64 {
	n := len(a)
	switch {
	case n < 8:
		var r float64
		for _, v := range a {
			r += v
		}
		return r
	case n <= 128:
		var r [8]float64
		copy(r[:], a[:8])
		i := 8
		for ; i < n-n%8; i += 8 {
			for j := range r {
				r[j] += a[i+j]
			}
		}
		res := ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
		for ; i < n; i++ {
			res += a[i]
		}
		return res
	}
	n2 := n / 2
	n2 -= n2 % 8
	return numpySum(a[:n2]) + numpySum(a[n2:])
}

// scipyRosen is scipy.optimize.rosen to the bit: numpy's sum of the terms.
func scipyRosen(x []float64) float64 {
	t := make([]float64, len(x)-1)
	for i := range t {
		b, a := x[i+1]-x[i]*x[i], 1-x[i]
		t[i] = 100.0*(b*b) + a*a
	}
	return numpySum(t)
}

func allAtLeast0(x []float64) bool {
	for _, v := range x {
		if !(v >= 0) {
			return false
		}
	}
	return true
}

// computed are the script's functions that Go computes to the bit; the
// others are replayed from the values scipy's run got.
var computed = map[string]func([]float64) float64{
	"sumsq": func(x []float64) float64 {
		t := make([]float64, len(x))
		for i, v := range x {
			t[i] = v * v
		}
		return numpySum(t)
	},
	"shift1": func(x []float64) float64 { return (x[0] - 1) * (x[0] - 1) },
	"negsum": func(x []float64) float64 {
		return -numpySum(x)
	},
	"rosen": scipyRosen,
	"-x0^2": func(x []float64) float64 { return -(x[0] * x[0]) },
	"x0":    func(x []float64) float64 { return x[0] },
	"rosen_inf": func(x []float64) float64 {
		if allAtLeast0(x) {
			return scipyRosen(x)
		}
		return math.Inf(1)
	},
	"rosen_nan": func(x []float64) float64 {
		if allAtLeast0(x) {
			return scipyRosen(x)
		}
		return math.NaN()
	},
	"nan": func([]float64) float64 { return math.NaN() },
}

// oneSidedFuncs are the functions of the one-sided cases that scipy
// computes with pow, here with Go's math.Pow: those runs are compared
// within scipy's own sensitivity (checkOneSided), not bit for bit.
var oneSidedFuncs = map[string]func([]float64) float64{
	"pow01": func(x []float64) float64 {
		return -math.Pow(math.Abs(numpySum(x)), 0.1) * allPositive(x)
	},
	"pow10": func(x []float64) float64 {
		return -math.Pow(math.Abs(numpySum(x)), 10) * allPositive(x)
	},
	"pow5_01": func(x []float64) float64 {
		t := -math.Pow(math.Abs(x[0]+x[1]), 5) - math.Pow(math.Abs(x[2]), 0.1)
		return t * allPositive(x)
	},
}

// allPositive is (1 if np.all(x > 0) else -1).
func allPositive(x []float64) float64 {
	for _, v := range x {
		if !(v > 0) {
			return -1
		}
	}
	return 1
}

// fnv1a continues an FNV-1a 64 hash over the little-endian bytes of x, as
// the script's fnv does.
func fnv1a(h uint64, x []float64) uint64 {
	var b [8]byte
	for _, v := range x {
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(v))
		for _, c := range b {
			h ^= uint64(c)
			h *= 0x100000001b3
		}
	}
	return h
}

// scipyStatus is scipy's status number of a Result of scipy:Nelder-Mead or
// scipy:Powell (4: Powell's "outside of the provided bounds").
func scipyStatus(r core.Result) int {
	switch r.Status {
	case core.Success:
		return 0
	case core.MaxFev:
		return 1
	case core.MaxIter:
		return 2
	case core.NaN:
		return 3
	case core.Failed:
		if r.Message == msgOutside {
			return 4
		}
	}
	return -1
}

// TestNMPowellScipyCases runs scipy:Nelder-Mead and scipy:Powell on every
// case of testdata/nmpowell_cases.json (scipy 1.10.1's own test_optimize.py
// cases for the two methods, bounded Rosenbrock runs, limits given one at a
// time, values that are not finite) and asserts that each does what scipy
// did: every point evaluated, in order, bit for bit (a checksum of their
// bits), x and f bit for bit, nit, nfev, status, success, message and
// warnings equal, and the value at every callback of scipy's (the first 40
// and the last) equal to the trace's. Bounded runs from an x0 inside the
// bounds must never evaluate outside them.
//
// One departure is asserted as such: Powell's run that reaches f = -Inf,
// where scipy reports success, ends with the NaN status, the cause saying
// the function is unbounded below (errUnbounded).
func TestNMPowellScipyCases(t *testing.T) {
	data, err := os.ReadFile("testdata/nmpowell_cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Scipy   string
		Streams map[string]string
		Runs    []nmpowellCase
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Scipy != "1.10.1" || len(doc.Runs) < 140 {
		t.Fatalf("scipy %s, %d runs: want scipy 1.10.1 and at least 140", doc.Scipy, len(doc.Runs))
	}
	streams := map[string][]float64{}
	for k, v := range doc.Streams {
		b, err := base64.StdEncoding.DecodeString(v)
		if err != nil {
			t.Fatal(err)
		}
		vals := make([]float64, len(b)/8)
		for i := range vals {
			vals[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
		}
		streams[k] = vals
	}
	for _, c := range doc.Runs {
		t.Run(c.Name, func(t *testing.T) {
			checkNMPowellCase(t, c, streams)
		})
	}
}

func checkNMPowellCase(t *testing.T, c nmpowellCase, streams map[string][]float64) {
	var b *core.Bounds
	if c.Bounds != nil {
		b = &core.Bounds{}
		for _, lh := range c.Bounds {
			b.Lower = append(b.Lower, float64(lh[0]))
			b.Upper = append(b.Upper, float64(lh[1]))
		}
	}
	inside := b == nil || !outside(c.X0, b.Lower, b.Upper)
	fn := computed[c.Func]
	stream, replay := streams[c.Stream]
	if c.ULP != nil {
		replay = false
		if fn == nil {
			fn = oneSidedFuncs[c.Func]
		}
	}
	if fn == nil && !replay {
		t.Fatalf("function %q is neither computed nor replayed", c.Func)
	}
	h := uint64(0xcbf29ce484222325)
	k := 0
	var outsideAt []float64
	p := core.Problem{Bounds: b, Func: func(x []float64) float64 {
		h = fnv1a(h, x)
		k++
		if inside && outsideAt == nil && outside(x, b.Lower, b.Upper) {
			outsideAt = append([]float64(nil), x...)
		}
		if replay {
			if k > len(stream) {
				return math.NaN()
			}
			return stream[k-1]
		}
		return fn(x)
	}}
	if b == nil {
		inside = false
	}
	o := core.Options{Method: "scipy:" + c.Method, Params: map[string]string{}}
	for key, v := range c.Options {
		switch key {
		case "maxiter":
			o.MaxIter = int(v.(float64))
		case "maxfev":
			o.MaxFev = int(v.(float64))
		case "adaptive":
			o.Params[key] = strconv.FormatBool(v.(bool))
		default:
			o.Params[key] = strconv.FormatFloat(v.(float64), 'g', -1, 64)
		}
	}
	if c.Tol != nil { // minimize's tol= sets the method's tolerances it leaves unset
		keys := []string{"xtol", "ftol"}
		if c.Method == "Nelder-Mead" {
			keys = []string{"xatol", "fatol"}
		}
		for _, key := range keys {
			if _, ok := o.Params[key]; !ok {
				o.Params[key] = strconv.FormatFloat(*c.Tol, 'g', -1, 64)
			}
		}
	}
	got, err := minimize(p, c.X0, o)
	if err != nil {
		t.Fatal(err)
	}
	if outsideAt != nil {
		t.Errorf("evaluated outside the bounds at %v", outsideAt)
	}
	if replay && k > len(stream) {
		t.Fatalf("%d evaluations, scipy's stream has %d", k, len(stream))
	}
	if c.ULP != nil {
		checkOneSided(t, c, got)
		return
	}
	if sum := fmt.Sprintf("%016x", h); sum != c.Xsum {
		t.Errorf("the points evaluated are not scipy's: checksum %s, scipy %s (%d evaluations, scipy %d)", sum, c.Xsum, got.Nfev, c.Nfev)
	}
	if c.Raised != "" {
		want := c.Raised[strings.Index(c.Raised, ": ")+2:]
		if got.Status != core.Failed || !strings.Contains(got.Cause, want) || got.Nfev != c.Nfev {
			t.Errorf("%v %q (cause %q) after %d evaluations; scipy raised %s after %d", got.Status, got.Message, got.Cause, got.Nfev, c.Raised, c.Nfev)
		}
		return
	}
	same := sameFloat(got.Fun, float64(c.Fun)) && len(got.X) == len(c.X)
	for i := range c.X {
		same = same && sameFloat(got.X[i], float64(c.X[i]))
	}
	if !same || got.Nit != c.Nit || got.Nfev != c.Nfev {
		t.Errorf("f %v x %v nit %d nfev %d; scipy %v %v %d %d", got.Fun, got.X, got.Nit, got.Nfev, c.Fun, c.X, c.Nit, c.Nfev)
	}
	if math.IsInf(float64(c.Fun), -1) && c.Method == "Powell" {
		// The departure: scipy says success at f = -Inf.
		if got.Status != core.NaN || got.Success || !strings.Contains(got.Cause, "unbounded below") ||
			!strings.HasPrefix(got.Message, core.NaN.Message(0)) {
			t.Errorf("%v %v %q (cause %q) at f = -Inf; want the NaN status, the function unbounded below", got.Status, got.Success, got.Message, got.Cause)
		}
	} else if scipyStatus(got) != c.Status || got.Success != c.Success || got.Message != c.Message {
		t.Errorf("status %d (%v) %v %q; scipy %d %v %q", scipyStatus(got), got.Status, got.Success, got.Message, c.Status, c.Success, c.Message)
	}
	if !slices.Equal(got.Warnings, c.Warnings) && (len(got.Warnings) > 0 || len(c.Warnings) > 0) {
		t.Errorf("warnings %q, scipy %q", got.Warnings, c.Warnings)
	}
	// Trace: x0, then one row per scipy callback; scipy's Nelder-Mead calls
	// back once more at the point where it converges.
	rows := got.Trace[1:]
	callbacks := c.Callbacks
	if c.Method == "Nelder-Mead" && c.Status == 0 {
		callbacks--
	}
	if len(rows) != callbacks {
		t.Fatalf("%d rows after x0, scipy %d callbacks", len(rows), c.Callbacks)
	}
	for i, w := range c.Trace {
		j := i
		if i == len(c.Trace)-1 && c.Callbacks > len(c.Trace)-1 {
			j = len(rows) - 1 // the last value is the last callback's
		}
		if j < 0 || j >= len(rows) {
			break
		}
		if !sameFloat(rows[j].Fun, float64(w)) {
			t.Errorf("row %d: f %v, scipy %v", j+1, rows[j].Fun, w)
			break
		}
	}
}

// checkOneSided compares a Powell run bounded on one side only of some
// coordinate with scipy's. Its line searches go through tan and arctan
// (scipy's np.tan and np.arctan, glibc's, which are not correctly rounded;
// Go's math.Tan and math.Atan differ from them in the last bit for about a
// third of the arguments), so the points cannot be scipy's to the bit.
// Allowed: what scipy's own runs do when their tan and arctan are one ulp
// off (the script's TanUlp: all up, all down, and four runs where a third of
// them, at random, are up or down): f and the trace's values within 10
// times scipy's largest distance from its own run (at least 1e-12
// relative), nit equal when all of scipy's runs agree on it, nfev within
// their largest distance; status, message and warnings equal.
func checkOneSided(t *testing.T, c nmpowellCase, got core.Result) {
	dist := func(i int) float64 { // scipy's spread at trace row i, -1: at the end
		d := 0.0
		for _, u := range c.ULP {
			switch {
			case i < 0:
				d = max(d, math.Abs(float64(c.Fun-u.Fun)))
			case i < len(u.Trace):
				d = max(d, math.Abs(float64(c.Trace[i]-u.Trace[i])))
			}
		}
		return d
	}
	near := func(g, w, d float64) bool { return math.Abs(g-w) <= max(10*d, 1e-12*math.Abs(w)) }
	if !near(got.Fun, float64(c.Fun), dist(-1)) {
		t.Errorf("f %.17g, scipy %.17g (scipy's spread %.3g)", got.Fun, c.Fun, dist(-1))
	}
	nitSure, nfevSpread := true, 0
	for _, u := range c.ULP {
		nitSure = nitSure && u.Nit == c.Nit
		nfevSpread = max(nfevSpread, abs(u.Nfev-c.Nfev))
	}
	if (nitSure && got.Nit != c.Nit) || abs(got.Nfev-c.Nfev) > nfevSpread {
		t.Errorf("nit %d nfev %d, scipy %d %d (nfev's spread %d)", got.Nit, got.Nfev, c.Nit, c.Nfev, nfevSpread)
	}
	if scipyStatus(got) != c.Status || got.Message != c.Message || !slices.Equal(got.Warnings, c.Warnings) {
		t.Errorf("status %d %q %q, scipy %d %q %q", scipyStatus(got), got.Message, got.Warnings, c.Status, c.Message, c.Warnings)
	}
	for i := 0; i < len(c.Trace)-1 && i+1 < len(got.Trace); i++ {
		if w := float64(c.Trace[i]); !near(got.Trace[i+1].Fun, w, dist(i)) {
			t.Errorf("row %d: f %.17g, scipy %.17g (scipy's spread %.3g)", i+1, got.Trace[i+1].Fun, w, dist(i))
			break
		}
	}
}

func abs(k int) int { return max(k, -k) }

// TestNMPowellBadBounds: bounds scipy refuses (a lower bound above its upper
// one: Nelder-Mead's ValueError) are refused before the run, with
// core.ErrBadBounds.
func TestNMPowellBadBounds(t *testing.T) {
	for _, m := range []string{"scipy:Nelder-Mead", "scipy:Powell"} {
		_, err := minimize(core.Problem{Func: scipyRosen, Bounds: &core.Bounds{Lower: []float64{0, 1}, Upper: []float64{1, 0}}}, []float64{0.5, 0.5}, core.Options{Method: m})
		if !errors.Is(err, core.ErrBadBounds) {
			t.Errorf("%s: %v, want ErrBadBounds", m, err)
		}
	}
}

// TestPowellLineSearch: lineForSearch and powellLine.minimize return what
// scipy 1.10.1's _line_for_search and _linesearch_powell return on the
// calls of its test_line_for_search, test_linesearch_powell and
// test_linesearch_powell_bounded (testdata/nmpowell_cases.json): to the bit
// with the same number of values, but where the interval is bounded on
// one side only (tan and arctan, see checkOneSided), within the 1e-6 of
// scipy's own test.
func TestPowellLineSearch(t *testing.T) {
	data, err := os.ReadFile("testdata/nmpowell_cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		LineForSearch []struct {
			X, D         []float64
			Lower, Upper []jsonFloat
			Lmin, Lmax   jsonFloat
		} `json:"line_for_search"`
		LinesearchPowell []struct {
			P0, D        []float64
			Lower, Upper []jsonFloat
			Fval, F      float64
			P, Direction []float64
			Nfev         int
		} `json:"linesearch_powell"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.LineForSearch) != 26 || len(doc.LinesearchPowell) != 43 {
		t.Fatalf("%d and %d cases, want 26 and 43", len(doc.LineForSearch), len(doc.LinesearchPowell))
	}
	floats := func(v []jsonFloat) []float64 {
		if v == nil {
			return nil
		}
		out := make([]float64, len(v))
		for i, f := range v {
			out[i] = float64(f)
		}
		return out
	}
	for i, c := range doc.LineForSearch {
		lmin, lmax, ok := lineForSearch(c.X, c.D, floats(c.Lower), floats(c.Upper))
		if !ok || lmin != float64(c.Lmin) || lmax != float64(c.Lmax) {
			t.Errorf("line_for_search %d: %v %v %v, scipy %v %v", i, lmin, lmax, ok, c.Lmin, c.Lmax)
		}
	}
	target := []float64{-1, 2, 1.5, -.4}
	for i, c := range doc.LinesearchPowell {
		nfev := 0
		f := func(x []float64) float64 { // np.sum((x - c)**2)
			nfev++
			t := make([]float64, len(x))
			for i := range x {
				t[i] = (x[i] - target[i]) * (x[i] - target[i])
			}
			return numpySum(t)
		}
		lower, upper := floats(c.Lower), floats(c.Upper)
		l := &powellLine{f: f, tol: 1e-5, trial: make([]float64, 4), lower: lower, upper: upper}
		x := append([]float64(nil), c.P0...)
		step := make([]float64, 4)
		fret := l.minimize(x, c.D, c.Fval, step)
		oneSided := false
		if lower != nil {
			lmin, lmax, _ := lineForSearch(c.P0, c.D, lower, upper)
			oneSided = math.IsInf(lmin, -1) != math.IsInf(lmax, 1)
		}
		if oneSided {
			near := math.Abs(fret-c.F) <= 1e-6
			for j := range x {
				near = near && math.Abs(x[j]-c.P[j]) <= 1e-6 && math.Abs(step[j]-c.Direction[j]) <= 1e-6
			}
			if !near {
				t.Errorf("linesearch_powell %d (one-sided): f %v p %v step %v, scipy %v %v %v", i, fret, x, step, c.F, c.P, c.Direction)
			}
			continue
		}
		if fret != c.F || !slices.Equal(x, c.P) || !slices.Equal(step, c.Direction) || nfev != c.Nfev {
			t.Errorf("linesearch_powell %d: f %v p %v step %v nfev %d, scipy %v %v %v %d", i, fret, x, step, nfev, c.F, c.P, c.Direction, c.Nfev)
		}
	}
}
