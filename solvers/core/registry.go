package core

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strconv"
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
	// Name is the canonical spelling, which labels and results carry;
	// lookups ignore case, '-', '_' and spaces.
	Name string
	// Aliases are other names the method answers to, compared as Name is
	// (scipy's own names for its ports: Powell for scipy:Powell). A lookup
	// by alias gives the method, whose Name stays the label. Register
	// refuses an alias that is already a name or an alias in the registry.
	Aliases []string
	// Doc is one line on what the method is.
	Doc string
	// Gradient says the method uses the gradient; Hessian, the Hessian.
	Gradient, Hessian bool
	// Dense says the method keeps n x n matrices (a Hessian or its
	// inverse, a simplex of n+1 points, a set of n directions): Minimize
	// refuses it beyond MaxDenseParams parameters. A Run that asks for
	// whole Hessians (Search.Hess, or GonumRun with a gonum method that
	// uses them) must set it.
	Dense bool
	// InclusiveGtol makes Iterate stop when |grad|inf <= Gtol (scipy's
	// rule) rather than < Gtol (gonum's).
	InclusiveGtol bool
	// Stochastic methods can step on mini-batches (Problem.Batches): one
	// gradient per step and no line search.
	Stochastic bool
	// Bounds says the method honours Problem.Bounds (Search.Bounds gives
	// them to Run, which clips x0 to them as its scipy original does and
	// says so with Search.Warn where scipy warns); Minimize refuses a
	// bounded problem for a method without it.
	Bounds bool
	// ScalarFunction makes the run count, differentiate and report as
	// scipy 1.10's ScalarFunction (and MemoizeJac) do, for a port of a
	// scipy method that wraps its problem in one:
	//   - one cached point: f or the gradient asked for again at the
	//     point of the last request is answered from the cache and not
	//     counted; a new x forgets f, the gradient and the Hessian there
	//     (a request is counted once, whether or not Problem.FuncGrad
	//     computed it alongside the other);
	//   - Options.Gradient 2-point and 3-point are scipy's
	//     approx_derivative (relative step sqrt(eps) or eps^(1/3) times
	//     max(1, |x|), or Options.FDStep as its absolute step, one-sided
	//     where Problem.Bounds ask for it), after f at x (counted once);
	//   - Options.Hessian 2-point and 3-point are scipy's finite-difference
	//     Hessian operator (H p from the gradient at x + (h/|p|) p, h =
	//     sqrt(eps) or eps^(1/3), or Options.HessStep when given), its
	//     products counted in Nhev and their gradients in Njev;
	//   - Iterate and Step keep a non-finite iterate and go on (scipy's
	//     loops decide), End keeps the status's own (scipy's) message when
	//     a stalled run's last value is not finite (the status becomes
	//     NaN), and the Message carries no cause in parentheses (it is in
	//     Result.Cause).
	// gonum's and torch's methods leave it false and count every call.
	ScalarFunction bool
	// ExactMessages keeps the Message its original's text exactly (scipy's
	// Nelder-Mead and Powell, which use no ScalarFunction): the cause of a
	// failure is only in Result.Cause, never appended in parentheses as it
	// is to gonum's messages. ScalarFunction implies it.
	ExactMessages bool
	// MaxIter, when set, is the most iterations (Result.Nit) a run of the
	// method may take on a problem of n parameters whose options, as the
	// caller gave them (before defaults: Search.Given), are given; or
	// math.MaxInt when nothing bounds them. A method whose every iteration
	// makes at least one counted evaluation bounds them by its maxfev too.
	// It must agree with the limits Run applies (share the code): sweeps
	// plan with it, before anything runs, the memory of the traces and the
	// progress bar (see IterationBudget). nil, for a method that keeps
	// Options' rule: given.MaxIter, or 200n when that is 0.
	MaxIter func(n int, given Options) int
	// Params are the parameters the method takes, in the order labels and
	// JSON list them.
	Params []ParamSpec
	// Check, when set, rejects combinations of parameter values.
	Check func(p Params) error
	// Run is the method's loop.
	Run func(s *Search, x0 []float64, p Params)
}

// Registry is a set of methods by name and alias. It is safe for
// concurrent use.
type Registry struct {
	mu      sync.RWMutex
	methods []*Method
	keys    [][]string         // keys[i]: methods[i]'s normalized name, then its aliases
	byKey   map[string]*Method // by normalized name or alias
}

// NewRegistry returns a registry holding ms, or an error when two share a
// name or an alias, or one is incomplete.
func NewRegistry(ms ...Method) (*Registry, error) {
	r := &Registry{}
	for _, m := range ms {
		if err := r.Register(m); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// Register adds m. Its name and aliases must be new (ignoring case, '-',
// '_' and spaces): an error wrapping ErrDuplicateMethod says which one is
// taken, and by what; m is then not added. It must have a Run.
func (r *Registry) Register(m Method) error {
	if m.Name == "" || m.Run == nil {
		return fmt.Errorf("%w: a method needs a Name and a Run", ErrBadOptions)
	}
	m.Aliases = slices.Clone(m.Aliases)
	keys := []string{normalize(m.Name)}
	for _, a := range m.Aliases {
		k := normalize(a)
		if k == "" {
			return fmt.Errorf("%w: %s: an empty alias", ErrBadOptions, m.Name)
		}
		if slices.Contains(keys, k) {
			return fmt.Errorf("%w: %s: alias %q repeats its name or another alias", ErrDuplicateMethod, m.Name, a)
		}
		keys = append(keys, k)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, k := range keys {
		have := r.byKey[k]
		switch {
		case have == nil:
		case i == 0 && normalize(have.Name) == k:
			return fmt.Errorf("%w: %q", ErrDuplicateMethod, m.Name)
		case i == 0:
			return fmt.Errorf("%w: %q is an alias of %s", ErrDuplicateMethod, m.Name, have.Name)
		default:
			return fmt.Errorf("%w: %s: alias %q is taken by %s", ErrDuplicateMethod, m.Name, m.Aliases[i-1], have.Name)
		}
	}
	if r.byKey == nil {
		r.byKey = map[string]*Method{}
	}
	r.methods = append(r.methods, &m)
	r.keys = append(r.keys, keys)
	for _, k := range keys {
		r.byKey[k] = &m
	}
	return nil
}

// Lookup returns the method named name, or having it as an alias, in any
// case, with or without '-', '_' and spaces. The error is an
// *UnknownMethodError (errors.Is(err, ErrUnknownMethod) holds), which lists
// the names and may suggest one.
func (r *Registry) Lookup(name string) (*Method, error) {
	key := normalize(name)
	r.mu.RLock()
	defer r.mu.RUnlock()
	if m := r.byKey[key]; m != nil {
		return m, nil
	}
	return nil, &UnknownMethodError{Name: name, Valid: r.namesLocked(), Suggestion: r.suggestLocked(key)}
}

// suggestLocked is the canonical name of the method whose name or alias is
// closest to key (a normalized name) by edit distance, the first in
// registration order on a tie; "" unless that distance is small: at most
// one edit, or one per four characters of key.
func (r *Registry) suggestLocked(key string) string {
	best, bestD := "", max(1, len(key)/4)+1
	for i, m := range r.methods {
		for _, k := range r.keys[i] {
			if d := editDistance(key, k); d < bestD {
				best, bestD = m.Name, d
			}
		}
	}
	return best
}

// editDistance is the optimal-string-alignment distance between a and b,
// bytewise: insertions, deletions, substitutions and transpositions of
// adjacent bytes count one each ("maed" is one edit from "mead").
func editDistance(a, b string) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
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
	return r.config(m, params)
}

// MaxConfigs bounds the configurations one method list may expand to:
// the sum over its items of the products of their grids' sizes, duplicates
// included. ParseConfigs counts them before it builds any, so a list of
// many large grids is refused at once (a sweep runs every configuration
// on every problem, start and gradient mode: a thousand is already a long
// sweep).
const MaxConfigs = 1000

// ParseConfigs reads a method list such as
//
//	BFGS[linesearch=bisection|more-thuente],GD-fixed[alpha=0.1|0.5|1],L-BFGS[memory=5]
//
// Items are separated by commas outside brackets; inside, key=value pairs
// are separated by commas, and '|' separates the values of a grid: an item
// stands for every combination of its values (the first key varying
// slowest). Configs that come out the same (same method, same label) are
// kept once, first come first kept.
//
// The list is checked before it is expanded: every key against its
// method's parameters (an *UnknownParamError), a key given twice in an
// item, in any spelling the keys are compared in (lr_decay and lr-decay,
// alpha and ALPHA: an error naming both), the number of configurations
// against MaxConfigs (a *TooManyConfigsError) and every value on its own;
// then the combinations are built and checked together (Method.Check).
func (r *Registry) ParseConfigs(list string) ([]Config, error) {
	return r.ParseConfigsWith(list, nil)
}

// ParseConfigsWith is ParseConfigs with defaults of the caller's own:
// defaults[method][key] (the method's canonical name and a key of its, in
// any spelling)
// is the value of key in every configuration of that method whose item
// does not set key. A value in the list wins. Configurations are compared
// after the defaults are applied, so that GD-fixed and
// GD-fixed[alpha=0.1] with a default alpha of 0.1 are kept once, and
// GD-fixed and GD-fixed[alpha=0.5] with a default of 0.1 are two.
func (r *Registry) ParseConfigsWith(list string, defaults map[string]map[string]string) ([]Config, error) {
	texts, err := splitTop(list)
	if err != nil {
		return nil, err
	}
	items := make([]gridItem, 0, len(texts))
	var total uint64
	overflow, largest, largestN := false, "", uint64(0)
	for _, text := range texts {
		it, err := r.parseItem(text)
		if err != nil {
			return nil, err
		}
		n, fits := it.size()
		if !fits {
			n = math.MaxUint64
		}
		if largest == "" || n > largestN {
			largest, largestN = it.method.Name, n
		}
		var ok bool
		total, ok = addUint64(total, n)
		overflow = overflow || !fits || !ok
		items = append(items, it)
	}
	if overflow || total > MaxConfigs {
		if overflow {
			total = 0
		}
		return nil, &TooManyConfigsError{Count: total, Overflow: overflow, Max: MaxConfigs, Largest: largest}
	}
	var out []Config
	seen := map[string]bool{}
	for _, it := range items {
		if err := it.splitValues(); err != nil {
			return nil, err
		}
		extra := defaults[it.method.Name]
		err := it.each(func(params map[string]string) error {
			for k, v := range extra {
				if ps := it.method.spec(k); ps != nil {
					k = ps.Key // the items' keys are canonical: compare in that spelling
				}
				if _, given := params[k]; !given {
					params[k] = v
				}
			}
			c, err := r.config(it.method, params)
			if err != nil {
				return err
			}
			if !seen[c.Label] {
				seen[c.Label] = true
				out = append(out, c)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// config is Config for a method looked up already.
func (r *Registry) config(m *Method, params map[string]string) (Config, error) {
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

// addUint64 is a+b, and false when that overflows.
func addUint64(a, b uint64) (uint64, bool) {
	s, carry := bits.Add64(a, b, 0)
	return s, carry == 0
}

// gridItem is one item of a method list, read but not expanded: its
// method and, per key given, the canonical key and the text of its values.
type gridItem struct {
	method *Method
	keys   []string   // canonical keys, in the item's order
	texts  []string   // the values of keys[i] as given, '|'-separated
	values [][]string // texts split and checked (splitValues)
}

// size is the number of combinations of the item's values, and false when
// that does not fit in a uint64. Nothing is allocated.
func (it *gridItem) size() (uint64, bool) {
	n := uint64(1)
	for _, t := range it.texts {
		hi, lo := bits.Mul64(n, uint64(strings.Count(t, "|"))+1)
		if hi != 0 {
			return 0, false
		}
		n = lo
	}
	return n, true
}

// splitValues splits the values of each key and checks each one alone,
// so that a bad value is named once, before any combination is built.
func (it *gridItem) splitValues() error {
	it.values = make([][]string, len(it.keys))
	for i, k := range it.keys {
		ps := it.method.spec(k)
		for _, v := range strings.Split(it.texts[i], "|") {
			v = strings.TrimSpace(v)
			if _, _, err := ps.parse(it.method.Name, v); err != nil {
				return err
			}
			it.values[i] = append(it.values[i], v)
		}
	}
	return nil
}

// each calls fn with every combination of the item's values, the first key
// varying slowest, each in a map of its own; it stops at fn's first error.
func (it *gridItem) each(fn func(map[string]string) error) error {
	idx := make([]int, len(it.keys))
	for {
		params := make(map[string]string, len(it.keys)+1)
		for i, k := range it.keys {
			params[k] = it.values[i][idx[i]]
		}
		if err := fn(params); err != nil {
			return err
		}
		i := len(idx) - 1
		for ; i >= 0; i-- {
			if idx[i]++; idx[i] < len(it.values[i]) {
				break
			}
			idx[i] = 0
		}
		if i < 0 {
			return nil
		}
	}
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
				return nil, badParam("nested '[' at byte %d of %s", i+1, quote(s))
			}
		case ']':
			depth--
			if depth < 0 {
				return nil, badParam("']' without '[' at byte %d of %s", i+1, quote(s))
			}
		case ',':
			if depth == 0 {
				items = append(items, s[start:i])
				start = i + 1
			}
		}
	}
	if depth != 0 {
		return nil, badParam("'[' not closed in %s", quote(s))
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

// parseItem reads NAME or NAME[k=v1|v2,...]: it looks the method up and
// checks every key, and that no key is given twice in any spelling, but
// leaves the values as text.
func (r *Registry) parseItem(item string) (gridItem, error) {
	name, body, hasParams := strings.Cut(item, "[")
	name = strings.TrimSpace(name)
	if hasParams && !strings.HasSuffix(body, "]") {
		return gridItem{}, badParam("%s: text after ']'", quote(item))
	}
	m, err := r.Lookup(name)
	if err != nil {
		return gridItem{}, err
	}
	it := gridItem{method: m}
	if !hasParams {
		return it, nil
	}
	var spelled []string // the keys as given, beside it.keys
	for _, pair := range strings.Split(body[:len(body)-1], ",") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		k, vs, ok := strings.Cut(pair, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return gridItem{}, badParam("%s: %s is not key=value", m.Name, quote(strings.TrimSpace(pair)))
		}
		ps := m.spec(k)
		if ps == nil {
			return gridItem{}, m.unknownParam(k)
		}
		if i := slices.Index(it.keys, ps.Key); i >= 0 {
			if spelled[i] == k {
				return gridItem{}, badParam("%s: %s given twice", m.Name, quote(k))
			}
			return gridItem{}, badParam("%s: %s and %s are both the parameter %s: give it once", m.Name, quote(spelled[i]), quote(k), ps.Key)
		}
		it.keys, it.texts, spelled = append(it.keys, ps.Key), append(it.texts, vs), append(spelled, k)
	}
	return it, nil
}

// quote is s quoted, cut to its first 60 bytes or so: error messages name
// the input, but not a whole megabyte of it.
func quote(s string) string {
	const limit = 60
	if len(s) <= limit {
		return strconv.Quote(s)
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + fmt.Sprintf("... (%d bytes)", len(s))
}

// MustRegistry is NewRegistry for a set of methods known to be sound (a
// family's, the built-in ones): it panics on an error, a programming
// error.
func MustRegistry(ms ...Method) *Registry {
	r, err := NewRegistry(ms...)
	if err != nil {
		panic(err)
	}
	return r
}
