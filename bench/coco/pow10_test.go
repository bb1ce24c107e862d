package coco

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestCocoppLevel compares the alignment levels with numpy's (glibc's pow),
// testdata/levels.txt, for k up to 110 (Δf up to 1e22 > 3e21, the largest
// COCO logs): above, glibc's pow is not correctly rounded at k = 115 (10^23
// is a tie) and 191. The file is made by
//
//	/usr/bin/python3 -c 'import numpy
//	for k in range(-200, 201): print(k, float(numpy.power(10, float(k) / 5)).hex())'
func TestCocoppLevel(t *testing.T) {
	f, err := os.Open("testdata/levels.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	n := 0
	for s.Scan() {
		p := strings.Fields(s.Text())
		k, err := strconv.Atoi(p[0])
		if err != nil {
			t.Fatal(err)
		}
		want, err := strconv.ParseFloat(p[1], 64)
		if err != nil {
			t.Fatal(err)
		}
		if k > 110 {
			continue
		}
		n++
		if got := cocoppLevel(float64(k)); got != want {
			t.Errorf("level %d: %v, numpy %v", k, got, want)
		}
	}
	if n != 311 {
		t.Errorf("%d levels from -200 to 110 in levels.txt, want 311", n)
	}
}
