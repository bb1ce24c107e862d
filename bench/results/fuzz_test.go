package results

import (
	"bytes"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzReadResults feeds arbitrary bytes through ReadResults and every
// record through Record.Run, on a problem of its own and on Sphere of the
// test family: no panic, no more bad lines kept than MaxBadLines, every
// error one line of bounded length without a control character, and no
// run with vectors of another length than its problem's.
//
//	go test -run '^$' -fuzz FuzzReadResults -fuzztime 1m -fuzzminimizetime 10x ./bench/results/
//
// (Without -fuzzminimizetime the fuzzer spends up to a minute shrinking
// each new long line, and seems stuck at 0 execs/s.)
func FuzzReadResults(f *testing.F) {
	sphere, err := testProblem("Sphere")
	if err != nil {
		f.Fatal(err)
	}
	for _, r := range runAll(f, testSweep(f, nil))[:4] {
		f.Add(AppendJSON(nil, r))
	}
	for _, s := range []string{
		"",
		"x\n\n{}\n",
		`{"run_id":"a","method":"m","status":"success","trace":[{},{},{}]}` + "\n",
		`{"run_id":"a","method":"m","status":"error","x0":[1,2,3],"x":[],"trace":[0,null,"s"]}` + "\n",
		`{"run_id":"a","method":"m","status":"success","x0":[1,2],"x":[1,2,3],"metrics":{"a":1,"a":2}}` + "\n",
		`{"run_id":"\u001b[2J","method":"m","status":"\u009b","nit":-1,"time_s":1e300}` + "\n",
		`{"run_id":"a","method":"m","status":"success","params":{"k":[1]}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := ReadResults(bytes.NewReader(data), "f.jsonl")
		if err != nil {
			t.Fatalf("a reader's error from bytes: %v", err)
		}
		if len(res.Bad) > MaxBadLines || res.BadCount < len(res.Bad) {
			t.Errorf("%d bad lines kept, %d counted", len(res.Bad), res.BadCount)
		}
		for _, w := range res.Warnings() {
			checkMessage(t, w.Error())
		}
		for _, rec := range res.Records {
			for _, p := range [](func() (int, error)){
				func() (int, error) { r, err := rec.Run(nil); return len(r.Result.X), err },
				func() (int, error) {
					r, err := rec.Run(sphere)
					if err == nil {
						for _, v := range [][]float64{r.X0, r.Result.X} {
							if len(v) != 0 && len(v) != sphere.Dim {
								t.Errorf("a vector of %d values taken for a problem of %d", len(v), sphere.Dim)
							}
						}
					}
					return len(r.Result.X), err
				},
			} {
				if _, err := p(); err != nil {
					checkMessage(t, (&LineError{"f.jsonl", rec.Line(), err}).Error())
				}
			}
		}
	})
}

// checkMessage fails t unless msg is one line of bounded length without a
// control character.
func checkMessage(t *testing.T, msg string) {
	t.Helper()
	if len(msg) > len("f.jsonl:")+20+maxQuote+100+len("…") {
		t.Errorf("a message of %d bytes: %.300q", len(msg), msg)
	}
	if !utf8.ValidString(msg) || strings.IndexFunc(msg, unicode.IsControl) >= 0 {
		t.Errorf("a control character or invalid text in %q", msg)
	}
}
