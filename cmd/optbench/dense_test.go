//go:build linux && !race

// The race detector maps terabytes of shadow memory, which a ulimit -v cap
// forbids; the cap and ru_maxrss are read as Linux defines them.

package main

import (
	"bytes"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// TestDenseMethodsOnAHugeNetwork: -hidden 10000 (60,003 parameters) once
// died with "fatal error: out of memory" in half a second: Nelder-Mead,
// scipy:Nelder-Mead and scipy:Powell allocated their (n+1) x n simplex or
// n x n directions, Newton-CG and trust-ncg an n x n buffer for H v (28.8 GB
// each). Under a 4 GB address-space cap, every method that keeps n x n
// values ends its run in error, naming the size and L-BFGS, the sweep goes
// on, Newton-CG and trust-ncg run on products in O(n) memory, and the
// command exits 0 having used well under 1 GiB.
func TestDenseMethodsOnAHugeNetwork(t *testing.T) {
	dense := []string{"Nelder-Mead", "scipy:Nelder-Mead", "scipy:Powell", "BFGS", "scipy:BFGS", "Newton", "scipy:trust-exact", "scipy:dogleg"}
	products := []string{"scipy:Newton-CG", "scipy:trust-ncg"}
	args := []string{"-hidden", "10000", "-maxiter", "1", "-j", "1", "-time-limit", "300ms",
		"-methods", strings.Join(append(append([]string(nil), dense...), products...), ",")}
	optbench := command(t, args...)
	cmd := exec.Command("/bin/sh", append([]string{"-c", `ulimit -v 4000000 && exec "$0" "$@"`, optbench.Path}, args...)...)
	cmd.Env = optbench.Env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v\n%s\n%s", err, stdout.String(), stderr.String())
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); !ok || ru.Maxrss > 1<<20 { // kB
		t.Errorf("peak RSS %v kB, want under 1 GiB", ru)
	}

	status := map[string]string{}
	for _, line := range strings.Split(stdout.String(), "\n") {
		if f := strings.Fields(line); len(f) > 2 {
			status[f[0]] = f[2]
		}
	}
	errs := flat(stdout.String()) // the errors follow the table
	for _, m := range dense {
		if status[m] != "error" {
			t.Errorf("%s: status %q, want error", m, status[m])
		}
	}
	// The first five errors are printed; the rest are in -format json.
	for _, m := range dense[:5] {
		want := "Error in " + m + " "
		if i := strings.Index(errs, want); i < 0 || !strings.Contains(errs[i:], "60003 x 60003 matrices (28.8 GB each) for 60003 parameters; it takes at most 4096: use L-BFGS or CG") {
			t.Errorf("%s: no size message in\n%s", m, errs)
		}
	}
	for _, m := range products {
		if s := status[m]; s == "" || s == "error" || s == "failed" {
			t.Errorf("%s: status %q, want a run", m, s)
		}
	}
}
