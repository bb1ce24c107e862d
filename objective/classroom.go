package objective

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
)

// The classroom exercise's data: 200 points of a 3-class Gaussian mixture in
// two dimensions, the first 100 for training and the last 100 for testing,
// written with 17 significant digits so that they parse bit-exact.
//
//go:embed classroom.csv
var classroomCSV []byte

// The exercise's initial parameter vector for 2 hidden units (15 values).
//
//go:embed classroom_init.txt
var classroomInit string

// Classroom returns fresh copies of the classroom training and test sets
// (D = 2 features, K = 3 classes).
func Classroom() (train, test *Dataset) {
	r := csv.NewReader(bytes.NewReader(classroomCSV))
	recs, err := r.ReadAll()
	if err != nil {
		panic("objective: embedded classroom data: " + err.Error())
	}
	var rows [2][]float64
	var labels [2][]int
	for i, rec := range recs[1:] {
		x0, err0 := strconv.ParseFloat(rec[0], 64)
		x1, err1 := strconv.ParseFloat(rec[1], 64)
		c, err2 := strconv.Atoi(rec[2])
		if err0 != nil || err1 != nil || err2 != nil {
			panic(fmt.Sprintf("objective: embedded classroom data line %d: %q", i+2, rec))
		}
		s := 1
		if rec[3] == "train" {
			s = 0
		}
		rows[s] = append(rows[s], x0, x1)
		labels[s] = append(labels[s], c)
	}
	if train, err = NewDataset(rows[0], labels[0], 2, 3); err != nil {
		panic("objective: embedded classroom data: " + err.Error())
	}
	if test, err = NewDataset(rows[1], labels[1], 2, 3); err != nil {
		panic("objective: embedded classroom data: " + err.Error())
	}
	return train, test
}

// ClassroomNetwork is the exercise's 2-2-3 network.
var ClassroomNetwork = Network{Inputs: 2, Hidden: 2, Classes: 3}

// ClassroomInit returns a fresh copy of the exercise's initial parameter
// vector for ClassroomNetwork: 15 values drawn from N(0, 0.01^2).
func ClassroomInit() []float64 {
	fields := strings.Fields(classroomInit)
	x := make([]float64, len(fields))
	for i, f := range fields {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil {
			panic(fmt.Sprintf("objective: embedded classroom_init.txt line %d: %v", i+1, err))
		}
		x[i] = v
	}
	return x
}
