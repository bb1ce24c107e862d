package core

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Method is one way to minimize, as a Registry holds it: its name, what it
// needs, its parameters and the loop that runs it.
//
// Run minimizes from x0 through s, which counts the evaluations, records
// the iterations and applies the stopping rules of Options: a Run loop
// evaluates with s.Func, s.Grad or s.FuncGrad, returns when s.Limited
// reports a limit, hands every accepted iterate to s.Iterate and returns
// when that says so, and ends a run its own way with s.End. Helpers build
// Run from gonum's pieces: LinesearchRun for a NextDirectioner and a
// Linesearcher (driven in the caller's goroutine), GonumRun for any gonum
// optimize.Method (driven by optimize.Minimize).
type Method struct {
	// Name is the canonical spelling; lookups ignore case, '-', '_' and
	// spaces.
	Name string
	// Doc is one line on what the method is.
	Doc string
	// Gradient says the method uses the gradient; Hessian, the Hessian.
	Gradient, Hessian bool
	// Dense says the method keeps n x n matrices (a Hessian or its
	// inverse): Minimize refuses it beyond MaxDenseParams parameters.
	Dense bool
	// InclusiveGtol makes Iterate stop when |grad|inf <= Gtol (scipy's
	// rule) rather than < Gtol (gonum's).
	InclusiveGtol bool
	// Stochastic methods can step on mini-batches (Problem.Batches): one
	// gradient per step and no line search.
	Stochastic bool
	// Params are the parameters the method takes, in the order labels and
	// JSON list them.
	Params []ParamSpec
	// Check, when set, rejects combinations of parameter values.
	Check func(p Params) error
	// Run is the method's loop.
	Run func(s *Search, x0 []float64, p Params)
}

// Registry is a set of methods by name. It is safe for concurrent use.
type Registry struct {
	mu      sync.RWMutex
	methods []*Method
	byKey   map[string]*Method // by normalized name
}

// NewRegistry returns a registry holding ms, or an error when two share a
// name or one is incomplete.
func NewRegistry(ms ...Method) (*Registry, error) {
	r := &Registry{}
	for _, m := range ms {
		if err := r.Register(m); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// Register adds m. Its name must be new (ignoring case, '-', '_' and spaces)
// and it must have a Run.
func (r *Registry) Register(m Method) error {
	if m.Name == "" || m.Run == nil {
		return fmt.Errorf("%w: a method needs a Name and a Run", ErrBadOptions)
	}
	key := normalize(m.Name)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.byKey[key] != nil {
		return fmt.Errorf("%w: %q", ErrDuplicateMethod, m.Name)
	}
	if r.byKey == nil {
		r.byKey = map[string]*Method{}
	}
	r.methods = append(r.methods, &m)
	r.byKey[key] = &m
	return nil
}

// Lookup returns the method named name in any case, with or without '-',
// '_' and spaces. The error wraps ErrUnknownMethod and lists the names.
func (r *Registry) Lookup(name string) (*Method, error) {
	key := normalize(name)
	r.mu.RLock()
	defer r.mu.RUnlock()
	if m := r.byKey[key]; m != nil {
		return m, nil
	}
	return nil, fmt.Errorf("%w %q (valid: %s)", ErrUnknownMethod, name, strings.Join(r.namesLocked(), ", "))
}

// Names lists the canonical names in registration order.
func (r *Registry) Names() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.namesLocked()
}

func (r *Registry) namesLocked() []string {
	names := make([]string, len(r.methods))
	for i, m := range r.methods {
		names[i] = m.Name
	}
	return names
}

// normalize is the form in which names are compared: lower case, without
// '-', '_' and spaces. ASCII names (all of the built-in ones) take a byte
// loop; others go through strings.ToLower and nameReplacer.
func normalize(name string) string {
	b := make([]byte, 0, len(name))
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= utf8.RuneSelf:
			return nameReplacer.Replace(strings.ToLower(name))
		case c == '-' || c == '_' || c == ' ':
		case 'A' <= c && c <= 'Z':
			b = append(b, c+'a'-'A')
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

var nameReplacer = strings.NewReplacer("-", "", "_", "", " ", "")

// Config is a method with some of its parameters set: one value of the
// method dimension of a sweep.
type Config struct {
	Method string            // canonical name
	Params map[string]string // the parameters set, canonical text; the others take defaults
	Label  string            // Method, with the non-default parameters in brackets: BFGS[linesearch=more-thuente]
}

// Config checks a method name and parameters given as text and returns the
// Config with its label. Errors wrap ErrUnknownMethod, ErrUnknownParam or
// ErrBadParam.
func (r *Registry) Config(name string, params map[string]string) (Config, error) {
	m, err := r.Lookup(name)
	if err != nil {
		return Config{}, err
	}
	resolved, err := m.Resolve(params)
	if err != nil {
		return Config{}, err
	}
	c := Config{Method: m.Name, Params: map[string]string{}, Label: Label(m, resolved)}
	for _, ps := range m.Params {
		for k := range params {
			if sameKey(k, ps.Key) {
				c.Params[ps.Key] = resolved.String(ps.Key)
			}
		}
	}
	return c, nil
}

// ParseConfigs reads a method list such as
//
//	BFGS[linesearch=bisection|more-thuente],GD-fixed[alpha=0.1|0.5|1],L-BFGS[memory=5]
//
// Items are separated by commas outside brackets; inside, key=value pairs
// are separated by commas, and '|' separates the values of a grid: an item
// stands for every combination of its values (the first key varying
// slowest). Configs that come out the same (same method, same label) are
// kept once, first come first kept.
func (r *Registry) ParseConfigs(list string) ([]Config, error) {
	items, err := splitTop(list)
	if err != nil {
		return nil, err
	}
	var out []Config
	for _, item := range items {
		name, grid, err := parseItem(item)
		if err != nil {
			return nil, err
		}
		for _, params := range grid {
			c, err := r.Config(name, params)
			if err != nil {
				return nil, err
			}
			if !slices.ContainsFunc(out, func(o Config) bool { return o.Label == c.Label }) {
				out = append(out, c)
			}
		}
	}
	return out, nil
}

// splitTop splits on the commas outside brackets, dropping empty items.
func splitTop(s string) ([]string, error) {
	var items []string
	depth, start := 0, 0
	for i, c := range s {
		switch c {
		case '[':
			depth++
			if depth > 1 {
				return nil, fmt.Errorf("%w: nested '[' at byte %d of %q", ErrBadParam, i+1, s)
			}
		case ']':
			depth--
			if depth < 0 {
				return nil, fmt.Errorf("%w: ']' without '[' at byte %d of %q", ErrBadParam, i+1, s)
			}
		case ',':
			if depth == 0 {
				items = append(items, s[start:i])
				start = i + 1
			}
		}
	}
	if depth != 0 {
		return nil, fmt.Errorf("%w: '[' not closed in %q", ErrBadParam, s)
	}
	items = append(items, s[start:])
	var out []string
	for _, it := range items {
		if it = strings.TrimSpace(it); it != "" {
			out = append(out, it)
		}
	}
	return out, nil
}

// parseItem reads NAME or NAME[k=v1|v2,...] into the name and the grid of
// parameter sets.
func parseItem(item string) (string, []map[string]string, error) {
	open := strings.IndexByte(item, '[')
	if open < 0 {
		return item, []map[string]string{nil}, nil
	}
	name := strings.TrimSpace(item[:open])
	if !strings.HasSuffix(item, "]") {
		return "", nil, fmt.Errorf("%w: %q: text after ']'", ErrBadParam, item)
	}
	grid := []map[string]string{{}}
	seen := map[string]bool{}
	for _, pair := range strings.Split(item[open+1:len(item)-1], ",") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		k, vs, ok := strings.Cut(pair, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return "", nil, fmt.Errorf("%w: %s: %q is not key=value", ErrBadParam, name, strings.TrimSpace(pair))
		}
		if seen[strings.ToLower(k)] {
			return "", nil, fmt.Errorf("%w: %s: %s given twice", ErrBadParam, name, k)
		}
		seen[strings.ToLower(k)] = true
		var next []map[string]string
		for _, g := range grid {
			for _, v := range strings.Split(vs, "|") {
				m := make(map[string]string, len(g)+1)
				for gk, gv := range g {
					m[gk] = gv
				}
				m[k] = strings.TrimSpace(v)
				next = append(next, m)
			}
		}
		grid = next
	}
	return name, grid, nil
}
