package core

import (
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
