package core

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Auto is the default of a parameter whose value the method works out at
// run time (from the dimension, or from the line search chosen); its
// ParamSpec.Doc says how.
const Auto = "auto"

// ParamSpec describes one parameter of a method: its key, its default and
// the values it takes. A parameter is a choice among names when Choices is
// set, otherwise a number in [Min, Max] (ends excluded when MinOpen or
// MaxOpen; Max 0 means no upper bound), a whole number when Int is set.
type ParamSpec struct {
	Key     string
	Default string // "auto" (Auto) when the method decides
	Doc     string
	Choices []string

	Int              bool
	Min, Max         float64
	MinOpen, MaxOpen bool
}

// Setting is one resolved parameter: Value is a float64 for a number and a
// string for a choice or "auto".
type Setting struct {
	Key   string
	Value any
}

// Params is the full parameter set of a run, every parameter of its method
// in the method's order, defaults included.
type Params []Setting

// Get returns the value of key, nil if there is none.
func (p Params) Get(key string) any {
	for _, s := range p {
		if s.Key == key {
			return s.Value
		}
	}
	return nil
}

// Float returns the number set for key; ok is false when the value is
// "auto" or key is not a number parameter.
func (p Params) Float(key string) (v float64, ok bool) {
	v, ok = p.Get(key).(float64)
	return v, ok
}

// Int returns the whole number set for key (0, false as Float).
func (p Params) Int(key string) (int, bool) {
	v, ok := p.Float(key)
	return int(v), ok
}

// String returns the name chosen for key, or "auto".
func (p Params) String(key string) string {
	if s, ok := p.Get(key).(string); ok {
		return s
	}
	if v, ok := p.Float(key); ok {
		return formatParam(v)
	}
	return ""
}

// MarshalJSON writes p as one object in the method's order: numbers as
// numbers, names as strings.
func (p Params) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	for i, s := range p {
		if i > 0 {
			b = append(b, ',')
		}
		k, _ := json.Marshal(s.Key)
		b = append(append(b, k...), ':')
		switch v := s.Value.(type) {
		case float64:
			b = strconv.AppendFloat(b, v, 'g', -1, 64)
		default:
			q, _ := json.Marshal(v)
			b = append(b, q...)
		}
	}
	return append(b, '}'), nil
}

// UnmarshalJSON reads the object MarshalJSON writes, in its order:
// numbers become float64 values, strings strings.
func (p *Params) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return fmt.Errorf("solvers: params: want an object")
	}
	out := Params{}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return err
		}
		v, err := dec.Token()
		if err != nil {
			return err
		}
		switch v := v.(type) {
		case json.Number:
			f, err := v.Float64()
			if err != nil {
				return fmt.Errorf("solvers: params: %s: %w", k, err)
			}
			out = append(out, Setting{Key: k.(string), Value: f})
		case string:
			out = append(out, Setting{Key: k.(string), Value: v})
		default:
			return fmt.Errorf("solvers: params: %s: want a number or a string, have %v", k, v)
		}
	}
	*p = out
	return nil
}

func formatParam(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// parse checks one value given as text and returns it resolved, with its
// canonical text (numbers in Go's shortest form, so 1e-4 and 0.0001 are the
// same setting).
func (ps ParamSpec) parse(method, text string) (any, string, error) {
	v, err := ps.value(method, text)
	if err != nil {
		return nil, "", err
	}
	if f, ok := v.(float64); ok {
		return v, formatParam(f), nil
	}
	return v, v.(string), nil
}

// value is parse without the canonical text, which Resolve, on every run,
// does not need.
func (ps ParamSpec) value(method, text string) (any, error) {
	text = strings.TrimSpace(text)
	if ps.Choices != nil {
		for _, c := range ps.Choices {
			if strings.EqualFold(c, text) {
				return c, nil
			}
		}
		return nil, badParam("%s %s=%s: want one of %s", method, ps.Key, quote(text), strings.Join(ps.Choices, "|"))
	}
	if ps.Default == Auto && strings.EqualFold(text, Auto) {
		return Auto, nil
	}
	v, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) || strings.ContainsAny(text, "_xXpP") ||
		v < ps.Min || (ps.MinOpen && v == ps.Min) || (ps.Max != 0 && (v > ps.Max || (ps.MaxOpen && v == ps.Max))) ||
		(ps.Int && v != math.Trunc(v)) || (ps.Int && v > 1e9) {
		return nil, badParam("%s %s=%s: want %s", method, ps.Key, quote(text), ps.want())
	}
	return v, nil
}

// Values describes the valid values: the choices joined by '|', or a
// number's range such as "a number in (0, 1) or auto".
func (ps ParamSpec) Values() string {
	if ps.Choices != nil {
		return strings.Join(ps.Choices, "|")
	}
	return ps.want()
}

// want describes the valid values of a number parameter.
func (ps ParamSpec) want() string {
	kind := "a number"
	if ps.Int {
		kind = "a whole number"
	}
	lo, hi := "[", "]"
	if ps.MinOpen {
		lo = "("
	}
	if ps.MaxOpen {
		hi = ")"
	}
	upper := "inf)"
	if ps.Max != 0 {
		upper = formatParam(ps.Max) + hi
	}
	s := fmt.Sprintf("%s in %s%s, %s", kind, lo, formatParam(ps.Min), upper)
	if ps.Default == Auto {
		s += " or auto"
	}
	return s
}

// Resolve checks the parameters given as text (key to value; keys in any
// case, '_' for '-') and returns the method's full parameter set, defaults
// filled in. An unknown key gives an *UnknownParamError (it matches
// ErrUnknownParam); two keys that are spellings of one parameter (lr_decay
// and lr-decay) are an error naming both, whatever their values, so that
// no value is picked by map order; other errors wrap ErrBadParam and name
// the method, the key and the valid values.
func (m *Method) Resolve(given map[string]string) (Params, error) {
	keys := make([]string, 0, len(given))
	for k := range given {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if m.spec(k) == nil {
			return nil, m.unknownParam(k)
		}
	}
	p := make(Params, 0, len(m.Params))
	for _, ps := range m.Params {
		text, from := ps.Default, ""
		for _, k := range keys { // sorted: the error names the same two every time
			if !sameKey(k, ps.Key) {
				continue
			}
			if from != "" {
				return nil, badParam("%s: %s and %s are both the parameter %s: give it once", m.Name, quote(from), quote(k), ps.Key)
			}
			text, from = given[k], k
		}
		v, err := ps.value(m.Name, text)
		if err != nil {
			return nil, err
		}
		p = append(p, Setting{Key: ps.Key, Value: v})
	}
	if m.Check != nil {
		if err := m.Check(p); err != nil {
			return nil, badParam("%s: %v", m.Name, err)
		}
	}
	return p, nil
}

// unknownParam is the error of key, which m does not take, with the
// closest of m's keys as a suggestion when one is close (as Lookup
// suggests methods).
func (m *Method) unknownParam(key string) error {
	e := &UnknownParamError{Method: m.Name, Key: key, Valid: m.keys()}
	k := normalize(key)
	bestD := max(1, len(k)/4) + 1
	for _, ps := range m.Params {
		if d := editDistance(k, normalize(ps.Key)); d < bestD {
			e.Suggestion, bestD = ps.Key, d
		}
	}
	return e
}

func (m *Method) spec(key string) *ParamSpec {
	for i := range m.Params {
		if sameKey(m.Params[i].Key, key) {
			return &m.Params[i]
		}
	}
	return nil
}

// keys lists the keys of the method's parameters, in its order.
func (m *Method) keys() []string {
	keys := make([]string, len(m.Params))
	for i, ps := range m.Params {
		keys[i] = ps.Key
	}
	return keys
}

// sameKey says whether two parameter keys are the same, ignoring case and
// taking '_' for '-': torch's lr_decay is optbench's lr-decay.
func sameKey(a, b string) bool {
	return strings.EqualFold(strings.ReplaceAll(a, "_", "-"), strings.ReplaceAll(b, "_", "-"))
}
