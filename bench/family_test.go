package bench_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"slices"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/internal/benchtest"
)

// fakeFamily takes the items "rosen" and "both" (two problems, one of
// them rosen's), and refuses its flag -rosen-scale without them.
type fakeFamily struct{}

func (fakeFamily) Name() string          { return "fake-family" }
func (fakeFamily) Items() []string       { return []string{"rosen", "both"} }
func (fakeFamily) FigureNames() []string { return nil }
func (fakeFamily) Rebuild(context.Context, json.RawMessage) (*bench.Problem, error) {
	return benchtest.Rosenbrock(), nil
}
func (fakeFamily) Flags(fs *flag.FlagSet) bench.Maker {
	fs.Float64("rosen-scale", 1, "")
	return fakeMaker{}
}

type fakeMaker struct{}

func (fakeMaker) Problems(_ context.Context, item string, _ bench.Build) ([]*bench.Problem, bool, error) {
	switch item {
	case "rosen":
		return []*bench.Problem{benchtest.Rosenbrock()}, true, nil
	case "both":
		return []*bench.Problem{benchtest.Rosenbrock(), benchtest.Classroom()}, true, nil
	case "rosen:0":
		return nil, true, bench.Usagef("-problems: rosen:0: no such dimension")
	}
	return nil, false, nil
}

func (fakeMaker) Unused(b bench.Build) error {
	if b.Set("rosen-scale") {
		return bench.Usagef("-rosen-scale applies to rosen, which -problems %q leaves out", b.List)
	}
	return nil
}

func TestMakeProblems(t *testing.T) {
	fams := []bench.Family{fakeFamily{}}
	build := func(set ...string) bench.Build {
		return bench.Build{Set: func(name string) bool { return slices.Contains(set, name) }, List: "x"}
	}
	for _, tc := range []struct {
		items []string
		set   []string
		want  string // problem names, or the error's text
	}{
		{[]string{"rosen"}, nil, "Rosenbrock"},
		{[]string{"rosen", "both", "rosen"}, []string{"rosen-scale"}, "Rosenbrock classroom"},
		{[]string{"rosen:0"}, nil, "-problems: rosen:0: no such dimension"},
		{[]string{"nope"}, nil, `-problems: unknown problem "nope" (valid: rosen, both)`},
		// An item that only looks like a valid one is shown as it is.
		{[]string{"r\u043esen"}, nil, `-problems: unknown problem "r\u043esen" (it holds characters outside ASCII) (valid: rosen, both)`},
		{[]string{"rosen\u200b"}, nil, `-problems: unknown problem "rosen\u200b" (it holds characters outside ASCII) (valid: rosen, both)`},
		{nil, nil, "-problems is empty (valid: rosen, both)"},
	} {
		ps, err := bench.MakeProblems(context.Background(), tc.items, fams, []bench.Maker{fakeMaker{}}, build(tc.set...))
		got := ""
		for _, p := range ps {
			got = strings.TrimSpace(got + " " + p.Name)
		}
		var ue *bench.UsageError
		if err != nil {
			got = err.Error()
			if !errors.As(err, &ue) {
				t.Errorf("%v: %v is not a usage error", tc.items, err)
			}
		}
		if got != tc.want {
			t.Errorf("%v: %q, want %q", tc.items, got, tc.want)
		}
	}
	// A family none of whose items was given refuses its flags; one whose
	// item was given is not asked.
	_, err := bench.MakeProblems(context.Background(), []string{"rosen"}, fams, []bench.Maker{fakeMaker{}, refusing{}}, build())
	if err == nil || !strings.Contains(err.Error(), "not used") {
		t.Errorf("an unused family's refusal is lost: %v", err)
	}
	_, err = bench.MakeProblems(context.Background(), []string{"nope-too"}, fams, []bench.Maker{refusing{}, fakeMaker{}}, build())
	if err == nil || !strings.Contains(err.Error(), "unknown problem") {
		t.Errorf("an unknown item after a maker that takes none: %v", err)
	}
	_, err = bench.MakeProblems(context.Background(), []string{"rosen"}, fams, []bench.Maker{fakeMaker{}}, build("rosen-scale"))
	if err != nil {
		t.Errorf("the family that made rosen refused its own flag: %v", err)
	}
	_, err = bench.MakeProblems(context.Background(), []string{"rosen"}, fams, []bench.Maker{noItems{}, fakeMaker{}}, build("rosen-scale"))
	if err != nil {
		t.Errorf("a family with no item given refused another family's flag: %v", err)
	}
}

type noItems struct{}

func (noItems) Problems(context.Context, string, bench.Build) ([]*bench.Problem, bool, error) {
	return nil, false, nil
}
func (noItems) Unused(bench.Build) error { return nil }

// refusing takes no item and always refuses its flags when unused.
type refusing struct{ noItems }

func (refusing) Unused(bench.Build) error { return bench.Usagef("-flag not used") }

func TestRegisterFamily(t *testing.T) {
	bench.RegisterFamily(fakeFamily{})
	if f, err := bench.LookupFamily("fake-family"); err != nil || f.Name() != "fake-family" {
		t.Errorf("LookupFamily: %v, %v", f, err)
	}
	if _, err := bench.LookupFamily("no-such"); !errors.Is(err, bench.ErrUnknownFamily) {
		t.Errorf("an unknown family: %v", err)
	}
	defer func() {
		if recover() == nil {
			t.Errorf("a family registered twice did not panic")
		}
	}()
	bench.RegisterFamily(fakeFamily{})
}

func TestGroupBy(t *testing.T) {
	for _, c := range []struct {
		xs   []string
		want string
	}{
		{[]string{"b1", "a1", "b2", "c1", "a2"}, "b:b1,b2 a:a1,a2 c:c1"},
		{[]string{"b1", "b2", "a1", "c1", "c2"}, "b:b1,b2 a:a1 c:c1,c2"}, // contiguous: slices of xs
		{[]string{"a1", "b1", "a2"}, "a:a1,a2 b:b1"},
		{[]string{"a1"}, "a:a1"},
		{nil, ""},
	} {
		gs := bench.GroupBy(c.xs, func(s string) byte { return s[0] })
		var got []string
		for _, g := range gs {
			got = append(got, string(g.Key)+":"+strings.Join(g.Members, ","))
			_ = append(g.Members, "x") // must not write into xs or another group
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("GroupBy(%q): %v, want %s", c.xs, got, c.want)
		}
		for _, g := range gs {
			for _, m := range g.Members {
				if m[0] != g.Key {
					t.Errorf("GroupBy(%q): an append wrote %q into group %c", c.xs, m, g.Key)
				}
			}
		}
	}
	xs := []string{"b1", "a1", "b2", "c1", "a2"}
	if k := bench.Keys(xs, func(s string) byte { return s[0] }); string(k) != "bac" {
		t.Errorf("Keys: %q", k)
	}
}

func TestSplitItems(t *testing.T) {
	for _, tc := range []struct{ list, want string }{
		{"classroom,mgh", "classroom|mgh"},
		{" bbob:f1-24:d2,5,10:i1-15 , Beale", "bbob:f1-24:d2,5,10:i1-15|Beale"},
		{"bbob:f1,3,ExtendedRosenbrock:10,,", "bbob:f1,3|ExtendedRosenbrock:10"},
		{"5,classroom", "5|classroom"},
		{"", ""},
	} {
		if got := strings.Join(bench.SplitItems(tc.list), "|"); got != tc.want {
			t.Errorf("SplitItems(%q) = %q, want %q", tc.list, got, tc.want)
		}
	}
}
