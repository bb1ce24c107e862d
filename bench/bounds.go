package bench

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/optbench/optbench/solvers"
	"github.com/optbench/optbench/solvers/core"
)

// ErrBadBounds is what the error of bounds that cannot hold matches
// (errors.Is): a NaN, a lower bound above its upper one, a side that
// leaves no finite value, text that is not LO:HI, or a count that is not a
// problem's dimension. It is solvers/core's, so that a box refused here
// and one Minimize refuses are the same error.
var ErrBadBounds = core.ErrBadBounds

// ErrNoBounds is what the error of a bounded sweep with a method that
// cannot honour bounds matches; the message names the methods that can.
// It is solvers/core's, as Minimize returns it for one run.
var ErrNoBounds = core.ErrNoBounds

// Interval bounds one coordinate: Lo <= x <= Hi, in the problem's own
// units. -Inf (Lo) or +Inf (Hi) is a side without a bound; Lo == Hi fixes
// the coordinate.
type Interval struct{ Lo, Hi float64 }

// Box is bounds as a sweep or a family gives them, before they meet a
// problem: one Interval for every coordinate of any problem (a Box of
// length 1, as -bounds -5:5 and bbob's [-5, 5]^n), or one Interval per
// coordinate of a problem of exactly that dimension. nil (or empty) is no
// bounds. For makes a problem's solvers bounds of it.
//
// In JSON (sweep.json) a Box is a list of [lo, hi] pairs with null for a
// side without a bound, as scipy writes None: [[-5, 5]], [[0, null]]. On
// the command line it is LO:HI, comma-separated per coordinate, with inf
// or an empty side for none (see ParseBox and String).
type Box []Interval

// Uniform is the box of [lo, hi] in every coordinate.
func Uniform(lo, hi float64) Box { return Box{{lo, hi}} }

// Check reports, wrapping ErrBadBounds, why b cannot bound anything,
// naming the first interval at fault (from 0, and as LO:HI); nil when it
// can. The count is For's to check, against a problem.
func (b Box) Check() error {
	for i, iv := range b {
		var why string
		switch {
		case math.IsNaN(iv.Lo) || math.IsNaN(iv.Hi):
			why = "is NaN"
		case iv.Lo > iv.Hi:
			why = fmt.Sprintf("has lower %s > upper %s", formatBound(iv.Lo), formatBound(iv.Hi))
		case math.IsInf(iv.Lo, 1) || math.IsInf(iv.Hi, -1):
			why = "leaves no finite value"
		default:
			continue
		}
		at := ""
		if len(b) > 1 {
			at = fmt.Sprintf(" (coordinate %d)", i)
		}
		return badBoundsf("%s%s %s", iv, at, why)
	}
	return nil
}

// Bounded says whether b bounds anything: a side of one of its intervals
// is finite. A box of infinite sides only (-inf:inf) is no bounds: every
// method takes it, and on a problem whose family has bounds it runs the
// problem unbounded.
func (b Box) Bounded() bool {
	for _, iv := range b {
		if !math.IsInf(iv.Lo, -1) || !math.IsInf(iv.Hi, 1) {
			return true
		}
	}
	return false
}

// For is b as the bounds of a problem of dim variables: one Interval
// repeated, or b's own when it has dim; nil, with no error, when b bounds
// nothing (see Bounded). Any other count, and a box that fails Check, is
// an error wrapping ErrBadBounds.
func (b Box) For(dim int) (*core.Bounds, error) {
	if err := b.Check(); err != nil {
		return nil, err
	}
	if len(b) > 1 && len(b) != dim {
		return nil, &CountError{Count: len(b), Dim: dim}
	}
	if !b.Bounded() {
		return nil, nil
	}
	out := &core.Bounds{Lower: make([]float64, dim), Upper: make([]float64, dim)}
	for i := range dim {
		iv := b[0]
		if len(b) > 1 {
			iv = b[i]
		}
		out.Lower[i], out.Upper[i] = iv.Lo, iv.Hi
	}
	return out, nil
}

// boundsError is a box that cannot hold, said without the sentinel's
// words (the command line puts the flag's name before it).
type boundsError struct{ why string }

func (e *boundsError) Error() string { return e.why }
func (e *boundsError) Unwrap() error { return ErrBadBounds }

func badBoundsf(format string, args ...any) error {
	return &boundsError{fmt.Sprintf(format, args...)}
}

// CountError is a box of one interval per coordinate whose count is not
// the problem's dimension; it matches ErrBadBounds.
type CountError struct {
	Problem    string // "" when not known
	Count, Dim int
}

func (e *CountError) Error() string {
	of := "a problem"
	if e.Problem != "" {
		of = "problem " + e.Problem
	}
	return fmt.Sprintf("%d intervals for %s of dimension %d: give one LO:HI for every coordinate, or %d", e.Count, of, e.Dim, e.Dim)
}

func (e *CountError) Unwrap() error { return ErrBadBounds }

// String is iv as ParseBox reads it: LO:HI, with inf and -inf for the sides
// without a bound, and the shortest decimal of each value.
func (iv Interval) String() string { return formatBound(iv.Lo) + ":" + formatBound(iv.Hi) }

// String is b as ParseBox reads it: its intervals comma-separated; "" for
// no box.
func (b Box) String() string {
	parts := make([]string, len(b))
	for i, iv := range b {
		parts[i] = iv.String()
	}
	return strings.Join(parts, ",")
}

func formatBound(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// maxBoxText bounds the text ParseBox reads: a box of a few thousand
// coordinates, far more than a list typed by hand.
const maxBoxText = 1 << 20

// ParseBox reads a box written LO:HI (one interval for every coordinate)
// or LO:HI,LO:HI,... (one per coordinate). LO and HI are decimal numbers,
// inf, +inf or -inf (any case), or empty for a side without a bound (":1"
// is -inf:1, "0:" is 0:inf). The box is checked (Check); an error wraps
// ErrBadBounds and names the interval at fault.
func ParseBox(s string) (Box, error) {
	if len(s) > maxBoxText {
		return nil, badBoundsf("%d bytes, at most %d", len(s), maxBoxText)
	}
	if strings.TrimSpace(s) == "" {
		return nil, badBoundsf("empty: want LO:HI, or LO:HI,LO:HI,... one per coordinate")
	}
	items := strings.Split(s, ",")
	b := make(Box, len(items))
	for i, item := range items {
		at := ""
		if len(items) > 1 {
			at = fmt.Sprintf(" (coordinate %d)", i)
		}
		lo, hi, ok := strings.Cut(strings.TrimSpace(item), ":")
		if !ok || strings.Contains(hi, ":") {
			return nil, badBoundsf("%s%s: want LO:HI, e.g. -5:5, 0:inf or :1", strconv.QuoteToASCII(item), at)
		}
		var err error
		if b[i].Lo, err = parseBound(lo, math.Inf(-1)); err != nil {
			return nil, badBoundsf("%s%s: lower bound %s %s", strconv.QuoteToASCII(item), at, strconv.QuoteToASCII(lo), boundProblem(err))
		}
		if b[i].Hi, err = parseBound(hi, math.Inf(1)); err != nil {
			return nil, badBoundsf("%s%s: upper bound %s %s", strconv.QuoteToASCII(item), at, strconv.QuoteToASCII(hi), boundProblem(err))
		}
	}
	if err := b.Check(); err != nil {
		return nil, err
	}
	return b, nil
}

// parseBound reads one side of an interval: empty is none (def).
// strconv's NaN is read too, for Check to refuse it by name.
func parseBound(s string, def float64) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return def, nil
	}
	if strings.ContainsAny(s, "_xX") {
		// strconv reads 1_0 as 10 (Go's digit separators) and 0x1p1 as 2
		// (hexadecimal floats); a bound is a number as people write it,
		// and as the methods' parameters take it.
		return 0, strconv.ErrSyntax
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		// Out of range (1e999) is ±Inf to strconv with an error: a number
		// that large is meant as no bound no more than as a bound.
		return 0, err
	}
	return v, nil
}

// boundProblem says what is wrong with a side parseBound refused.
func boundProblem(err error) string {
	if errors.Is(err, strconv.ErrRange) {
		return "is out of range of a float64 (for no bound write inf, -inf or nothing)"
	}
	return "is not a number (want a number, inf, -inf or nothing)"
}

// MarshalJSON writes the box as [[lo, hi], ...], null for a side without a
// bound (and for NaN, which no checked box holds).
func (b Box) MarshalJSON() ([]byte, error) {
	if b == nil {
		return []byte("null"), nil
	}
	var buf bytes.Buffer
	buf.WriteByte('[')
	side := func(v float64) {
		if math.IsInf(v, 0) || math.IsNaN(v) {
			buf.WriteString("null")
			return
		}
		js, _ := json.Marshal(v)
		buf.Write(js)
	}
	for i, iv := range b {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteByte('[')
		side(iv.Lo)
		buf.WriteByte(',')
		side(iv.Hi)
		buf.WriteByte(']')
	}
	buf.WriteByte(']')
	return buf.Bytes(), nil
}

// UnmarshalJSON reads [[lo, hi], ...]: a null lo is -Inf, a null hi +Inf.
// It reads token by token, 16 bytes a pair, so that a long list costs
// about twice its text. It does not Check the box: the reader does, to
// name the field.
func (b *Box) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	bad := func(why string) error {
		return fmt.Errorf("bounds: want a list of [lo, hi] pairs (null for no bound): %s", why)
	}
	t, err := dec.Token()
	switch {
	case err != nil:
		return bad(err.Error())
	case t == nil:
		*b = nil
		return nil
	case t != json.Delim('['):
		return bad("not a list")
	}
	out := Box{}
	for dec.More() {
		if t, err := dec.Token(); err != nil || t != json.Delim('[') {
			return bad(fmt.Sprintf("item %d is not a pair", len(out)))
		}
		iv := Interval{math.Inf(-1), math.Inf(1)}
		for side := 0; ; side++ {
			t, err := dec.Token()
			if err != nil {
				return bad(err.Error())
			}
			if t == json.Delim(']') {
				if side != 2 {
					return bad(fmt.Sprintf("item %d has %d values", len(out), side))
				}
				break
			}
			v, isNumber := t.(float64)
			switch {
			case side >= 2:
				return bad(fmt.Sprintf("item %d has more than 2 values", len(out)))
			case t == nil:
			case !isNumber:
				return bad(fmt.Sprintf("item %d holds %v, not a number or null", len(out), t))
			case side == 0:
				iv.Lo = v
			default:
				iv.Hi = v
			}
		}
		out = append(out, iv)
	}
	if _, err := dec.Token(); err != nil {
		return bad(err.Error())
	}
	*b = out
	return nil
}

// BoxFor is the box of problem p in this sweep: the sweep's Bounds when it
// has some (the command line's -bounds, even -inf:inf, which runs every
// problem unbounded), else the problem's own (its family's).
func (s *Sweep) BoxFor(p *Problem) Box {
	if len(s.Bounds) > 0 {
		return s.Bounds
	}
	return p.Bounds
}

// BoundsFor are the bounds of every run on p (see BoxFor), nil when its
// box bounds nothing; an error wraps ErrBadBounds and names the problem.
// They are made once per problem and shared, read-only, by its runs.
func (s *Sweep) BoundsFor(p *Problem) (*core.Bounds, error) {
	if !sameBox(s.boundsOf, s.Bounds) {
		// Bounds was set or replaced since the cache was made.
		s.bounds, s.boundsOf = nil, s.Bounds
	}
	if b, ok := s.bounds[p.Name]; ok {
		return b, nil
	}
	b, err := s.BoxFor(p).For(p.Dim)
	if err != nil {
		var ce *CountError
		if errors.As(err, &ce) {
			ce.Problem = p.Name
			return nil, ce
		}
		return nil, fmt.Errorf("problem %s: %w", p.Name, err)
	}
	if s.bounds == nil {
		s.bounds = map[string]*core.Bounds{}
	}
	s.bounds[p.Name] = b
	return b, nil
}

// sameBox says whether a and b are the same slice (not only equal ones).
func sameBox(a, b Box) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// CheckBounds refuses, before anything runs, a sweep whose bounds cannot
// be run: a box that fails Check or whose count is not the dimension of
// one of its problems (a *CountError naming it; both match ErrBadBounds),
// or, when a problem is bounded, a method that cannot honour bounds (an
// error matching ErrNoBounds that names the methods of the sweep's
// registry that can). A message says where the bounds come from: the
// sweep's ("bounds -5:5") or a problem's own.
func (s *Sweep) CheckBounds() error {
	var bounded *Problem
	for _, p := range s.Problems {
		b, err := s.BoundsFor(p)
		if err != nil {
			return err
		}
		if b != nil && bounded == nil {
			bounded = p
		}
	}
	if bounded == nil {
		return nil
	}
	var refused []string
	for _, sv := range s.Solvers {
		m, err := s.Registry().Lookup(sv.Method)
		if err != nil {
			return err
		}
		if !m.Bounds && !slices.Contains(refused, m.Name) {
			refused = append(refused, m.Name)
		}
	}
	if len(refused) == 0 {
		return nil
	}
	e := &NoBoundsError{Methods: refused, Can: boundedList(s.Registry())}
	if len(s.Bounds) == 0 {
		e.Problem, e.Box = bounded.Name, bounded.Bounds
	}
	return e
}

// NoBoundsError is a bounded sweep with methods that cannot honour
// bounds; it matches ErrNoBounds.
type NoBoundsError struct {
	Methods []string // the sweep's methods that cannot, in its order
	Can     string   // the registry's methods that can (BoundedMethods)
	// Problem is the first bounded problem when the bounds are its own
	// (its family's), with Box; "" when they are the sweep's.
	Problem string
	Box     Box
}

func (e *NoBoundsError) Error() string {
	if e.Problem == "" {
		return fmt.Sprintf("%s cannot honour bounds; the methods that can: %s", strings.Join(e.Methods, ", "), e.Can)
	}
	return fmt.Sprintf("problem %s has bounds of its own (%s), which %s cannot honour; the methods that can: %s (a sweep's bounds of -inf:inf run it unbounded)",
		e.Problem, e.Box, strings.Join(e.Methods, ", "), e.Can)
}

func (e *NoBoundsError) Unwrap() error { return ErrNoBounds }

// BoundedMethods are the methods of reg that honour bounds
// (Method.Bounds), in reg's order.
func BoundedMethods(reg *solvers.Registry) []string {
	var out []string
	for _, name := range reg.Names() {
		if m, err := reg.Lookup(name); err == nil && m.Bounds {
			out = append(out, m.Name)
		}
	}
	return out
}

// boundedList is BoundedMethods for a message: comma-separated, or
// "none".
func boundedList(reg *solvers.Registry) string {
	if ms := BoundedMethods(reg); len(ms) > 0 {
		return strings.Join(ms, ", ")
	}
	return "none"
}
