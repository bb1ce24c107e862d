package layering

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const module = "github.com/optbench/optbench/"

// layers ranks optbench's packages: a package may import only packages of
// a lower rank. The stages of bench follow benchstat's pipeline: the core
// (problems, sweeps, runs), storage, statistics, analysis, tables,
// figures, the report; problem families come above them all, and the
// command last.
var layers = map[string]int{
	"internal/regular":          0,
	"objective":                 0,
	"solvers/core":              1,
	"solvers/gonum":             2,
	"solvers/scipy":             2,
	"solvers/torch":             2,
	"solvers":                   3,
	"bench/stats":               0,
	"bench":                     4,
	"bench/internal/benchtest":  5,
	"bench/results":             5,
	"bench/analysis":            5,
	"bench/coco":                5,
	"bench/coco/best2009":       5,
	"bench/table":               6,
	"bench/figure":              7,
	"bench/report":              8,
	"bench/network":             9,
	"bench/mgh":                 9,
	"bench/bbob":                9,
	"bench/gobench":             10,
	"bench/gobench/internal/bb": 11,
	"cmd/optbench":              11,
	"internal/layering":         11,
}

// TestImportsRunDownward lists every package of the module with its
// imports (go list) and fails on an import that runs up or sideways, and on
// a package the layers do not rank.
func TestImportsRunDownward(t *testing.T) {
	readSources(t)
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", module+"...").Output()
	if err != nil {
		t.Fatalf("go list: %v (the go command reads the imports)", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(fields[0], module)
		rank, ok := layers[pkg]
		if !ok {
			t.Errorf("package %s has no layer: add it to the layers", pkg)
			continue
		}
		for _, imp := range fields[1:] {
			if !strings.HasPrefix(imp, module) {
				continue
			}
			imp = strings.TrimPrefix(imp, module)
			if r, ok := layers[imp]; ok && r >= rank {
				t.Errorf("%s (layer %d) imports %s (layer %d): imports must run down", pkg, rank, imp, r)
			}
		}
	}
}

// readSources reads every .go file of the module. The imports come from
// go list, a command the test cache does not see into: without reading the
// files here, go test would replay a cached pass after a new package or
// import (it did, for bench/bbob and bench/coco).
func readSources(t *testing.T) {
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && path != "../.." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata"):
			return filepath.SkipDir
		case !d.IsDir() && strings.HasSuffix(path, ".go"):
			_, err = os.ReadFile(path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
