package network

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"strings"

	"github.com/optbench/optbench/bench"
)

// Family is the network family as the command line and bench/results see
// it: the -problems item "classroom", made on the embedded classroom set,
// a -data file or -synthetic data with the flags below, and made again from
// its Source in sweep.json. It registers itself.
var Family bench.Family = family{}

func init() { bench.RegisterFamily(Family) }

type family struct{}

func (family) Name() string    { return "network" }
func (family) Items() []string { return []string{"classroom"} }

// FigureNames are the network's figures: every weight during learning,
// and the decision regions of two-feature data.
func (family) FigureNames() []string { return []string{"weights", "boundary"} }

// Rebuild makes the problem of a Source again; a -data file that has
// changed since (another SHA-256) is refused.
func (family) Rebuild(ctx context.Context, config json.RawMessage) (*bench.Problem, error) {
	var src Source
	if err := json.Unmarshal(config, &src); err != nil {
		return nil, err
	}
	if err := src.check(); err != nil {
		return nil, err
	}
	d := src.dataFlags()
	d.hideContent = true // the file is sweep.json's choice: never quote it
	p, note, err := d.problem(ctx, src.Hidden, src.L2, src.Seed, src.InitScale, src.Batch)
	if err != nil {
		return nil, err
	}
	if src.Data == "file" && d.sha256 != src.SHA256 {
		return nil, fmt.Errorf("%s has changed since the sweep (SHA-256 %.12s..., then %.12s...)", src.File, d.sha256, src.SHA256)
	}
	p.Family, p.Config, p.Note = "network", src, note
	return p, nil
}

// check applies the flags' checks to a Source read from sweep.json,
// before anything is read or made, naming sweep.json's fields.
func (src Source) check() error {
	const at = "sweep.json: "
	switch src.Data {
	case "classroom":
	case "file":
		if src.File == "" {
			return bench.Usagef("%sdata \"file\" without a file", at)
		}
	case "synthetic":
		if err := checkSynthetic(at, src.Synthetic, src.Features, src.Classes); err != nil {
			return err
		}
	default:
		return bench.Usagef("%sdata %q: want classroom, file or synthetic", at, src.Data)
	}
	switch {
	case src.Hidden < 1 || src.Hidden > MaxHidden:
		return bench.Usagef("%shidden %d: want a whole number from 1 to %d", at, src.Hidden, MaxHidden)
	case math.IsNaN(src.L2) || math.IsInf(src.L2, 0) || src.L2 < 0:
		return bench.Usagef("%sl2 %v: want a finite number >= 0", at, src.L2)
	case math.IsNaN(src.InitScale) || math.IsInf(src.InitScale, 0) || src.InitScale < 0:
		return bench.Usagef("%sinit_scale %v: want a finite number >= 0", at, src.InitScale)
	case !(src.TestFrac > 0 && src.TestFrac < 1):
		return bench.Usagef("%stest_frac %v: want a share strictly between 0 and 1", at, src.TestFrac)
	case src.Batch < 0:
		return bench.Usagef("%sbatch %d: want a whole number >= 0", at, src.Batch)
	}
	return nil
}

// flagNames are the family's flags: given without the classroom problem,
// they are refused.
var flagNames = []string{"data", "synthetic", "hidden", "l2", "init-scale", "label", "test-frac", "standardize", "features", "classes", "batch"}

// Flags defines -hidden, -l2, -init-scale and the data flags (-data,
// -label, -test-frac, -standardize, -synthetic, -features, -classes).
func (family) Flags(fs *flag.FlagSet) bench.Maker {
	return &maker{
		hidden:    fs.Int("hidden", 2, "classroom: hidden units M"),
		l2:        fs.Float64("l2", 0, "classroom: L2 weight lambda: E + (lambda/2)|wv|^2"),
		initScale: fs.Float64("init-scale", 0.5, "classroom: standard deviation of the random starting points"),
		data:      AddDataFlags(fs),
	}
}

// maker makes the classroom problem from the flags, once.
type maker struct {
	hidden    *int
	l2        *float64
	initScale *float64
	data      *DataFlags
	made      *bench.Problem
}

// Check refuses flag values out of range and inconsistent data flags,
// before anything is read.
func (m *maker) check(set func(string) bool) error {
	for _, err := range []error{
		checkRange("hidden", *m.hidden, 1, MaxHidden),
		checkFloat("l2", *m.l2, 0),
		checkFloat("init-scale", *m.initScale, 0),
		m.data.Check(set),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}

func (m *maker) Problems(ctx context.Context, item string, b bench.Build) ([]*bench.Problem, bool, error) {
	name, _, hasDim := strings.Cut(item, ":")
	if !strings.EqualFold(name, "classroom") {
		return nil, false, nil
	}
	if hasDim {
		return nil, true, bench.Usagef("-problems: %q: classroom takes no dimension (-hidden and the data set its size)", item)
	}
	if m.made == nil {
		if err := m.check(b.Set); err != nil {
			return nil, true, err
		}
		p, note, err := m.data.problem(ctx, *m.hidden, *m.l2, b.Seed, *m.initScale, b.Batch)
		if err != nil {
			return nil, true, err
		}
		p.Family, p.Config, p.Note = "network", m.data.source(*m.hidden, *m.l2, b.Seed, *m.initScale, b.Batch), note
		m.made = p
	}
	return []*bench.Problem{m.made}, true, nil
}

func (m *maker) Unused(b bench.Build) error {
	if err := m.check(b.Set); err != nil {
		return err
	}
	for _, name := range flagNames {
		if b.Set(name) {
			return bench.Usagef("-%s applies to the classroom problem (the network), which -problems %q leaves out", name, b.List)
		}
	}
	return nil
}
