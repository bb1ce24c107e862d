package bbob

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"

	"github.com/optbench/optbench/bench"
)

// Family is COCO's bbob suite as the command line and bench/results see
// it: the -problems items bbob (DefaultSuite) and bbob:fLIST:dLIST:iLIST
// (ParseSuite), made again from a Ref in sweep.json. It has no flags of
// its own (-budget is every sweep's), and registers itself.
var Family bench.Family = family{}

func init() { bench.RegisterFamily(Family) }

type family struct{}

func (family) Name() string          { return "bbob" }
func (family) Items() []string       { return []string{"bbob", "bbob:fLIST:dLIST:iLIST"} }
func (family) FigureNames() []string { return nil }

func (family) Rebuild(_ context.Context, config json.RawMessage) (*bench.Problem, error) {
	var ref Ref
	if err := json.Unmarshal(config, &ref); err != nil {
		return nil, err
	}
	p, err := New(ref.Function, ref.Dim, ref.Instance)
	if err != nil {
		return nil, fmt.Errorf("sweep.json: %w", err)
	}
	return p, nil
}

func (family) Flags(*flag.FlagSet) bench.Maker { return maker{} }

type maker struct{}

// Problems takes bbob and bbob:...: the suite's problems in COCO's order
// (dimension, function, instance); a wrong part is a usage error.
func (maker) Problems(_ context.Context, item string, _ bench.Build) ([]*bench.Problem, bool, error) {
	s, ok, err := ParseSuite(item)
	if !ok {
		return nil, false, nil
	}
	if err != nil {
		return nil, true, bench.Usagef("-problems: %v", err)
	}
	var out []*bench.Problem
	for _, d := range s.Dimensions {
		for _, f := range s.Functions {
			for _, i := range s.Instances {
				p, err := New(f, d, i)
				if err != nil {
					return nil, true, bench.Usagef("-problems: %s: %v", item, err)
				}
				out = append(out, p)
			}
		}
	}
	return out, true, nil
}

func (maker) Unused(bench.Build) error { return nil }
