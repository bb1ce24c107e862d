package bench

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// A Family makes problems of one kind, as image/png decodes images for
// package image: it registers itself (RegisterFamily, in its init), the
// command line builds its problems from the items of -problems and from
// flags of its own, and bench/results rebuilds them from the Config it
// wrote in sweep.json. bench/network (the classroom network), bench/mgh
// (the Moré-Garbow-Hillstrom set) and bench/bbob (COCO's suite) are
// families; import one to have it. A family whose problems have bounds of
// their own (a constrained set) sets Problem.Bounds on the problems its
// Maker makes and its Rebuild makes again; sweep.json records them, and
// a sweep's own Bounds replace them.
type Family interface {
	// Name is the family's name, as Problem.Family and sweep.json have it.
	Name() string
	// Items are the -problems items the family takes, for messages:
	// "classroom"; "mgh", "Beale", ...
	Items() []string
	// Rebuild makes the problem Config describes again (Config is the
	// JSON of the problem's Config when the sweep ran).
	Rebuild(ctx context.Context, config json.RawMessage) (*Problem, error)
	// Flags defines the family's own flags on fs (the command's flag set)
	// and returns what makes its problems once fs is parsed.
	Flags(fs *flag.FlagSet) Maker
	// FigureNames are the file names (without extension) of every figure
	// its problems' Figures may draw.
	FigureNames() []string
}

// A Maker makes a family's problems from the items of a -problems list,
// with the flags its Family defined.
type Maker interface {
	// Problems returns the problems item names, and false when item is
	// not one of the family's; b.Set says whether a flag was given.
	Problems(ctx context.Context, item string, b Build) (ps []*Problem, ok bool, err error)
	// Unused is called when no item was the family's: it refuses the
	// family's flags that were given anyway (b.Set says which).
	Unused(b Build) error
}

// Build is what every family's problems share on the command line.
type Build struct {
	Seed  uint64 // of the random starting points, and of any random data
	Batch int    // mini-batch size for the methods that step on them; 0: the whole objective
	// Set says whether the flag was given on the command line.
	Set func(name string) bool
	// List is the -problems list, as given, for messages.
	List string
}

// MakeProblems makes the problems of items (the -problems list) with the
// makers of families, each item by the first family that takes it, in the
// order of items; a problem named twice is made once. An item no family
// takes is a UsageError that lists every family's items, and so is an
// empty list; a family none of whose items was given refuses its flags
// (Maker.Unused).
func MakeProblems(ctx context.Context, items []string, families []Family, makers []Maker, b Build) ([]*Problem, error) {
	var valid []string
	for _, f := range families {
		valid = append(valid, f.Items()...)
	}
	var out []*Problem
	used := make([]bool, len(makers))
	for _, item := range items {
		taken := false
		for i, m := range makers {
			ps, ok, err := m.Problems(ctx, item, b)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
			taken, used[i] = true, true
			for _, p := range ps {
				if !slices.ContainsFunc(out, func(q *Problem) bool { return q.Name == p.Name }) {
					out = append(out, p)
				}
			}
			break
		}
		if !taken {
			return nil, unknownItem(item, valid)
		}
	}
	if len(out) == 0 {
		return nil, Usagef("-problems is empty (valid: %s)", strings.Join(valid, ", "))
	}
	for i, m := range makers {
		if !used[i] {
			if err := m.Unused(b); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// SplitItems splits a -problems list at its commas into items; a piece
// that starts with a digit continues the item before it, so that an item
// may hold a list of numbers of its own: "bbob:f1-24:d2,5,10,mgh" is
// "bbob:f1-24:d2,5,10" and "mgh". Empty pieces are dropped.
func SplitItems(list string) []string {
	var out []string
	for _, piece := range strings.Split(list, ",") {
		piece = strings.TrimSpace(piece)
		switch {
		case piece == "":
		case len(out) > 0 && piece[0] >= '0' && piece[0] <= '9':
			out[len(out)-1] += "," + piece
		default:
			out = append(out, piece)
		}
	}
	return out
}

// unknownItem is the usage error of a -problems item no family takes.
func unknownItem(item string, valid []string) error {
	return &UsageError{fmt.Errorf("-problems: %w", &UnknownProblemError{Item: item, Valid: valid})}
}

// UnknownProblemError is an item of a problem list that no registered
// family takes (MakeProblems wraps it in a UsageError).
type UnknownProblemError struct {
	Item  string
	Valid []string // every family's items
}

// Error names the item quoted in ASCII, so that one that only looks like a
// valid item (a Cyrillic "с" in "сlassroom", an invisible character) does
// not read as "unknown problem classroom (valid: classroom, ...)".
func (e *UnknownProblemError) Error() string {
	why := ""
	if strings.ContainsFunc(e.Item, func(r rune) bool { return r >= utf8.RuneSelf }) {
		why = " (it holds characters outside ASCII)"
	}
	return fmt.Sprintf("unknown problem %s%s (valid: %s)", strconv.QuoteToASCII(e.Item), why, strings.Join(e.Valid, ", "))
}

// Items are the -problems items every registered family takes, for
// messages.
func Items() []string {
	var valid []string
	for _, f := range Families() {
		valid = append(valid, f.Items()...)
	}
	return valid
}

// UsageError is a mistake in what was asked for (a flag's value, a
// -problems item), as opposed to a failure while doing it: a command
// exits 2 for it.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// Usagef is a UsageError with a formatted message.
func Usagef(format string, args ...any) error {
	return &UsageError{fmt.Errorf(format, args...)}
}

// ErrUnknownFamily is the error of a sweep.json problem whose family is
// not registered (its package is not imported).
var ErrUnknownFamily = errors.New("unknown family")

var families struct {
	sync.RWMutex
	list []Family
}

// RegisterFamily adds f to the families the command line and
// bench/results know. It panics when a family of the same name is there,
// as the registration of a driver does.
func RegisterFamily(f Family) {
	families.Lock()
	defer families.Unlock()
	for _, g := range families.list {
		if g.Name() == f.Name() {
			panic("bench: family " + f.Name() + " registered twice")
		}
	}
	families.list = append(families.list, f)
}

// Families lists the registered families in the order they registered.
func Families() []Family {
	families.RLock()
	defer families.RUnlock()
	return append([]Family(nil), families.list...)
}

// LookupFamily is the registered family named name; the error wraps
// ErrUnknownFamily (a family's package registers it when imported).
func LookupFamily(name string) (Family, error) {
	for _, f := range Families() {
		if f.Name() == name {
			return f, nil
		}
	}
	return nil, fmt.Errorf("%w %q", ErrUnknownFamily, name)
}
