package core

import (
	"errors"
	"strings"
	"testing"
)

// TestNormalize: the byte loop gives what strings.ToLower and a Replacer
// of '-', '_' and ' ' give.
func TestNormalize(t *testing.T) {
	for _, s := range []string{"", "BFGS", "scipy:Nelder-Mead", "L_BFGS", " gd - FIXED ", "Ünïcode-Name", "ΣIGMA_x", "a\xffb-C"} {
		want := strings.NewReplacer("-", "", "_", "", " ", "").Replace(strings.ToLower(s))
		if got := normalize(s); got != want {
			t.Errorf("normalize(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestAliasCollisions: Register refuses a name or an alias that is taken,
// as a name or an alias, in any spelling, and adds nothing then.
func TestAliasCollisions(t *testing.T) {
	run := func(*Search, []float64, Params) {}
	for _, tc := range []struct {
		m    Method
		is   error
		want string
	}{
		{Method{Name: "scipy:Powell", Run: run}, ErrDuplicateMethod, `"scipy:Powell"`},
		{Method{Name: "powell", Run: run}, ErrDuplicateMethod, `"powell" is an alias of scipy:Powell`},
		{Method{Name: "Brent", Aliases: []string{"P_O_W_E_L_L"}, Run: run}, ErrDuplicateMethod, `Brent: alias "P_O_W_E_L_L" is taken by scipy:Powell`},
		{Method{Name: "Brent", Aliases: []string{"dogleg"}, Run: run}, ErrDuplicateMethod, `alias "dogleg" is taken by scipy:Powell`},
		{Method{Name: "Brent", Aliases: []string{"Scipy:Powell"}, Run: run}, ErrDuplicateMethod, `alias "Scipy:Powell" is taken by scipy:Powell`},
		{Method{Name: "Brent", Aliases: []string{"brent"}, Run: run}, ErrDuplicateMethod, `Brent: alias "brent" repeats its name or another alias`},
		{Method{Name: "Brent", Aliases: []string{"b", "B"}, Run: run}, ErrDuplicateMethod, `alias "B" repeats`},
		{Method{Name: "Brent", Aliases: []string{"-"}, Run: run}, ErrBadOptions, "Brent: an empty alias"},
	} {
		r, err := NewRegistry(Method{Name: "scipy:Powell", Aliases: []string{"Powell", "dogleg"}, Run: run})
		if err != nil {
			t.Fatal(err)
		}
		err = r.Register(tc.m)
		if !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %v: %v, want %v with %q", tc.m.Name, tc.m.Aliases, err, tc.is, tc.want)
		}
		if names := r.Names(); len(names) != 1 {
			t.Errorf("%s %v: the registry holds %v", tc.m.Name, tc.m.Aliases, names)
		}
		if _, err := r.Lookup("Brent"); err == nil {
			t.Errorf("%s %v: Brent added although refused", tc.m.Name, tc.m.Aliases)
		}
	}
	// A method registered after another takes its aliases with it, and the
	// aliases given are copied: changing the slice later changes nothing.
	aliases := []string{"Brent"}
	r, _ := NewRegistry(Method{Name: "scipy:Powell", Aliases: aliases, Run: run})
	aliases[0] = "other"
	if m, err := r.Lookup("brent"); err != nil || m.Name != "scipy:Powell" || m.Aliases[0] != "Brent" {
		t.Errorf("brent: %v %v", m, err)
	}
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		d    int
	}{
		{"", "", 0}, {"", "abc", 3}, {"abc", "", 3}, {"bfgs", "bfgs", 0},
		{"neldermaed", "neldermead", 1}, {"scipy:bfsg", "scipy:bfgs", 1},
		{"lbgfs", "lbfgs", 1}, {"powel", "powell", 1}, {"slsqp", "bfgs", 5},
		{"ca", "abc", 3}, {"kitten", "sitting", 3},
	} {
		if d := editDistance(tc.a, tc.b); d != tc.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, d, tc.d)
		}
	}
}
