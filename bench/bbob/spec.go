package bbob

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Suite is a set of bbob problems: every function of Functions in every
// dimension of Dimensions and every instance of Instances, in COCO's
// order (dimension, then function, then instance).
type Suite struct {
	Functions  []int
	Dimensions []int
	Instances  []int
}

// DefaultSuite is COCO's bbob suite as its experiments run it by default:
// the 24 functions in dimensions 2, 3, 5, 10 and 20, instances 1-5 and
// 71-80 (COCO's "year 2018" instances). COCO's suite also has dimension
// 40; name it to have it (bbob:d40).
func DefaultSuite() Suite {
	s := Suite{Dimensions: []int{2, 3, 5, 10, 20}}
	for f := 1; f <= 24; f++ {
		s.Functions = append(s.Functions, f)
	}
	for i := 1; i <= 5; i++ {
		s.Instances = append(s.Instances, i)
	}
	for i := 71; i <= 80; i++ {
		s.Instances = append(s.Instances, i)
	}
	return s
}

// Size is the number of problems of s.
func (s Suite) Size() int { return len(s.Functions) * len(s.Dimensions) * len(s.Instances) }

// MaxSuite bounds the problems one -problems item may name.
const MaxSuite = 100000

// ParseSuite reads a -problems item: "bbob" (DefaultSuite), or "bbob:" and
// parts separated by ':', each a letter and a list: fLIST (functions,
// 1..24), dLIST (dimensions, 2..40), iLIST (instances, 1..MaxInstance), a
// LIST being numbers and ranges separated by commas ("1-5,71-80"). A part
// left out keeps the default suite's: bbob:f1-24:d2,5,10:i1-15,
// bbob:f8:d10. The second result is false when item is not the family's
// (does not start with "bbob"); the error says which part is wrong.
func ParseSuite(item string) (Suite, bool, error) {
	item = strings.TrimSpace(item)
	head, rest, hasParts := strings.Cut(item, ":")
	if !strings.EqualFold(head, "bbob") {
		return Suite{}, false, nil
	}
	s := DefaultSuite()
	if !hasParts {
		return s, true, nil
	}
	seen := map[byte]bool{}
	for _, part := range strings.Split(rest, ":") {
		part = strings.TrimSpace(part)
		if part == "" {
			return Suite{}, true, fmt.Errorf("%s: an empty part (want fLIST, dLIST or iLIST, as bbob:f1-24:d2,5,10:i1-15)", item)
		}
		kind := part[0] | 0x20 // lower case
		var (
			lo, hi int
			what   string
			dst    *[]int
		)
		switch kind {
		case 'f':
			lo, hi, what, dst = 1, 24, "functions", &s.Functions
		case 'd':
			lo, hi, what, dst = 2, 40, "dimensions", &s.Dimensions
		case 'i':
			lo, hi, what, dst = 1, MaxInstance, "instances", &s.Instances
		default:
			return Suite{}, true, fmt.Errorf("%s: part %q: want f (functions), d (dimensions) or i (instances) and a list, as bbob:f1-24:d2,5,10:i1-15", item, part)
		}
		if seen[kind] {
			return Suite{}, true, fmt.Errorf("%s: part %q: %s are given twice", item, part, what)
		}
		seen[kind] = true
		list, err := parseList(part[1:], lo, hi)
		if err != nil {
			return Suite{}, true, fmt.Errorf("%s: part %q: %s %v", item, part, what, err)
		}
		*dst = list
	}
	if s.Size() > MaxSuite {
		return Suite{}, true, fmt.Errorf("%s: %d problems, at most %d", item, s.Size(), MaxSuite)
	}
	return s, true, nil
}

// parseList reads numbers and ranges "1-5,71-80" within [lo, hi], each
// once, in increasing order; it refuses a list of more than MaxSuite
// numbers before making it.
func parseList(text string, lo, hi int) ([]int, error) {
	if strings.TrimSpace(text) == "" {
		return nil, fmt.Errorf("list is empty")
	}
	var out []int
	total := 0
	for _, piece := range strings.Split(text, ",") {
		piece = strings.TrimSpace(piece)
		if piece == "" {
			return nil, fmt.Errorf("list %q has an empty item", text)
		}
		a, b, isRange := strings.Cut(piece, "-")
		from, err := number(a, lo, hi)
		if err != nil {
			return nil, err
		}
		to := from
		if isRange {
			if to, err = number(b, lo, hi); err != nil {
				return nil, err
			}
			if to < from {
				return nil, fmt.Errorf("range %q goes down", piece)
			}
		}
		if total += to - from + 1; total > MaxSuite {
			return nil, fmt.Errorf("list names more than %d", MaxSuite)
		}
		for v := from; v <= to; v++ {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

func number(text string, lo, hi int) (int, error) {
	v, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil {
		return 0, fmt.Errorf("%q is not a whole number", text)
	}
	if v < lo || v > hi {
		return 0, fmt.Errorf("%d is outside %d..%d", v, lo, hi)
	}
	return v, nil
}
