package coco_test

import (
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/optbench/optbench/bench/coco"
)

// A run is recorded while it runs (every f evaluation, restarts), its Log is
// kept as JSON, and the COCO folder is written later from the logs.
func Example() {
	const fopt = 79.48
	sphere := func(x []float64) float64 { return (x[0]-1)*(x[0]-1) + (x[1]+2)*(x[1]+2) + fopt }

	rec := coco.NewRecorder(2, fopt)
	f := func(x []float64) float64 {
		v := sphere(x)
		rec.Observe(x, v)
		return v
	}
	x := []float64{0, 0}
	for i := range 50 { // a crude descent, restarted once
		if i == 25 {
			rec.Restart()
			x = []float64{3, 3}
		}
		f(x)
		x[0] -= 0.2 * (x[0] - 1)
		x[1] -= 0.2 * (x[1] + 2)
	}
	if err := rec.Err(); err != nil {
		log.Fatal(err)
	}
	stored, _ := json.Marshal(rec.Log()) // e.g. a field of results.jsonl

	var l coco.Log
	if err := json.Unmarshal(stored, &l); err != nil {
		log.Fatal(err)
	}
	dir, _ := os.MkdirTemp("", "coco-example")
	defer os.RemoveAll(dir)
	runs := []coco.RunLog{{Function: 1, Dim: 2, Instance: 1, FOpt: fopt, Log: &l}}
	if err := coco.Write(dir, "descent", "a crude descent", runs); err != nil {
		log.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "descent", "*", "*"))
	for _, p := range files {
		rel, _ := filepath.Rel(dir, p)
		fmt.Println(rel)
	}
	info, _ := os.ReadFile(filepath.Join(dir, "descent", "bbobexp_f1.info"))
	fmt.Printf("%s\n", info)
	// Output:
	// descent/data_f1/bbobexp_f1_DIM2.dat
	// descent/data_f1/bbobexp_f1_DIM2.mdat
	// descent/data_f1/bbobexp_f1_DIM2.rdat
	// descent/data_f1/bbobexp_f1_DIM2.tdat
	// suite = 'bbob', funcId = 1, DIM = 2, Precision = 1.000e-08, algId = 'descent', coco_version = '2.8.3-dev4+ge6356d2e', logger = 'bbob', data_format = 'bbob-new2', settings = ''
	// % a crude descent
	// data_f1/bbobexp_f1_DIM2.dat, 1:50|1.1e-04
}
