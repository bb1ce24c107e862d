package objective

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"testing/iotest"
	"time"
)

const plainCSV = "x0,x1,class,split\n0.5,-1,0,train\n1.5,2,1,train\n-3,4e-1,2,test\n7,8,1,test\n"

func TestReadCSVAcceptsWhatRealFilesHave(t *testing.T) {
	want, err := ReadCSV(strings.NewReader(plainCSV), "plain.csv", CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(want.Rows, []float64{0.5, -1, 1.5, 2, -3, 0.4, 7, 8}) || !slices.Equal(want.Labels, []int{0, 1, 2, 1}) ||
		!slices.Equal(want.Test, []bool{false, false, true, true}) || !slices.Equal(want.Features, []string{"x0", "x1"}) {
		t.Fatalf("plain file read as %+v", want)
	}
	for name, text := range map[string]string{
		"CRLF":              strings.ReplaceAll(plainCSV, "\n", "\r\n"),
		"BOM":               "\ufeff" + plainCSV,
		"quoted":            "\"x0\",\"x1\",\"class\",\"split\"\n\"0.5\",-1,\"0\",train\n1.5,\"2\",1,\"train\"\n-3,4e-1,2,test\n7,8,1,test\n",
		"spaces":            "x0 , x1,class , split\n 0.5, -1 ,0, train\n1.5 ,2, 1,train \n-3,4e-1,2,test\n7,8,1,TEST\n",
		"blank last line":   plainCSV + "\n",
		"quoted and spaced": "\"x0\" , \"x1\" ,class,\t\"split\"\t\n \"0.5\" , -1,0,train\n1.5,\"2\"  ,1,\"train\"\r\n-3,4e-1,2, \"test\" \n7,8,1,test\n",
		"escaped quotes":    "\"x0\",\"x1\",class,split\n0.5,-1,0,\"train\"\n1.5,2,1,train\n-3,0.4,2,test\n7,8,1,test\n",
		"columns reordered": "class,x0,split,x1\n0,0.5,train,-1\n1,1.5,train,2\n2,-3,test,4e-1\n1,7,test,8\n",
	} {
		got, err := ReadCSV(strings.NewReader(text), name, CSVOptions{})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !slices.Equal(got.Rows, want.Rows) || !slices.Equal(got.Labels, want.Labels) || !slices.Equal(got.Test, want.Test) {
			t.Errorf("%s: read as %+v, want %+v", name, got, want)
		}
	}
}

func TestReadCSVStringLabels(t *testing.T) {
	d, err := ReadCSV(strings.NewReader("a,species\n1,versicolor\n2,setosa\n3,virginica\n4,setosa\n"), "iris.csv", CSVOptions{Label: "species"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.Classes, []string{"setosa", "versicolor", "virginica"}) || !slices.Equal(d.Labels, []int{1, 0, 2, 0}) || d.Numeric || d.HasSplit {
		t.Errorf("read as %+v", d)
	}
}

func TestReadCSVRefusals(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		opt        CSVOptions
		want       string
	}{
		{"empty", "", CSVOptions{}, "empty.csv: empty file"},
		{"blank", "\n\n  \n", CSVOptions{}, "blank.csv: empty file"},
		{"no header", "0.5,1,0\n1,2,1\n", CSVOptions{}, "no header.csv:1: no header row"},
		{"header only", "x0,class\n", CSVOptions{}, "header only.csv: no data rows"},
		{"too many", "x0,class\n1,0\n2,1,7\n", CSVOptions{}, "too many.csv:3: 3 fields, the header has 2"},
		{"too few", "x0,x1,class\n1,2,0\n2,1\n", CSVOptions{}, "too few.csv:3: 2 fields, the header has 3"},
		{"not numeric", "x0,x1,class\n1,2,0\n2,abc,1\n", CSVOptions{}, `not numeric.csv:3: field 2 (x1): "abc" is not a number`},
		{"NaN", "x0,x1,class\n1,NaN,0\n2,1,1\n", CSVOptions{}, `NaN.csv:2: field 2 (x1): "NaN" is not a finite number`},
		{"Inf", "x0,x1,class\n1,2,0\n-inf,1,1\n", CSVOptions{}, `Inf.csv:3: field 1 (x0): "-inf" is not a finite number`},
		{"overflow", "x0,class\n1e999,0\n2,1\n", CSVOptions{}, `overflow.csv:2: field 1 (x0): "1e999" is not a finite number`},
		{"empty feature", "x0,x1,class\n1,,0\n2,1,1\n", CSVOptions{}, "empty feature.csv:2: field 2 (x1) is empty"},
		{"missing label", "x0,class\n1,0\n2, \n", CSVOptions{}, "missing label.csv:3: field 2 (class): missing label"},
		{"negative label", "x0,class\n1,0\n2,-1\n", CSVOptions{}, `negative label.csv:3: field 2 (class): unknown label "-1"`},
		{"fractional label", "x0,class\n1,0\n2,1.5\n", CSVOptions{}, `fractional label.csv:3: field 2 (class): unknown label "1.5"`},
		{"huge label", "x0,class\n1,0\n2,1000000000\n", CSVOptions{}, `huge label.csv:3: field 2 (class): label 1000000000 would make 1000000001 classes`},
		{"no label column", "x0,x1,y\n1,2,0\n", CSVOptions{}, `no label column.csv:1: no label column "class" among x0, x1, y (choose one with -label)`},
		{"duplicate label", "class,x0,class\n0,1,0\n", CSVOptions{}, `duplicate label.csv:1: column "class" appears twice (fields 1 and 3)`},
		{"duplicate feature", "x0,x0,class\n0,1,0\n", CSVOptions{}, `column "x0" appears twice`},
		{"empty column name", "x0,,class\n0,1,0\n", CSVOptions{}, "empty column name.csv:1: field 2 of the header is empty"},
		{"single class", "x0,class\n1,a\n2,a\n", CSVOptions{}, "single class.csv: column class holds a single class (a)"},
		{"bad split", "x0,class,split\n1,0,train\n2,1,valid\n", CSVOptions{}, `bad split.csv:3: field 3 (split): "valid" is neither train nor test`},
		{"only label", "class\n0\n1\n", CSVOptions{}, "only label.csv:1: no feature columns"},
		{"bare quote", "x0,class\n1,0\n2\"x,1\n", CSVOptions{}, `bare quote.csv:3:2: bare " in non-quoted-field`},
		{"text after a quote", "x0,class\n\"1\" 2,0\n2,1\n", CSVOptions{}, `text after a quote.csv:2:`},
		{"binary", "x0,class\n1,0\x00\x01\n", CSVOptions{}, "binary.csv:2:4: not a text file"},
		{"latin1", "x0,class\n1,caf\xe9\n", CSVOptions{}, "latin1.csv:2:6: not a text file"},
	} {
		_, err := ReadCSV(strings.NewReader(tc.text), tc.name+".csv", tc.opt)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error spans lines: %q", tc.name, err)
		}
	}
}

func TestSplit(t *testing.T) {
	d, err := ReadCSV(strings.NewReader(plainCSV), "p.csv", CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	train, test, err := d.Split("p.csv", SplitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if train.Len() != 2 || test.Len() != 2 || train.At(1, 0) != 1.5 || test.At(0, 1) != 0.4 {
		t.Errorf("split by column: train %+v test %+v", train, test)
	}

	rows, labels, _ := Synthetic(1000, 3, 4, 1)
	nd := &LabeledData{Features: []string{"a", "b", "c"}, Rows: rows, Labels: labels, Classes: []string{"0", "1", "2", "3"}}
	tr1, te1, err := nd.Split("s", SplitOptions{TestFrac: 0.3, Seed: 5, Standardize: true})
	if err != nil {
		t.Fatal(err)
	}
	tr2, te2, _ := nd.Split("s", SplitOptions{TestFrac: 0.3, Seed: 5, Standardize: true})
	if tr1.Len() != 700 || te1.Len() != 300 || !slices.Equal(tr1.X, tr2.X) || !slices.Equal(te1.X, te2.X) {
		t.Errorf("seeded hold-out: %d/%d, reproducible %v", tr1.Len(), te1.Len(), slices.Equal(tr1.X, tr2.X))
	}
	for f := range 3 {
		col := tr1.Column(f)
		var mean, sq float64
		for _, v := range col {
			mean += v
		}
		mean /= float64(len(col))
		for _, v := range col {
			sq += (v - mean) * (v - mean)
		}
		if math.Abs(mean) > 1e-12 || math.Abs(sq/float64(len(col))-1) > 1e-12 {
			t.Errorf("feature %d after -standardize: mean %v, variance %v", f, mean, sq/float64(len(col)))
		}
	}
	if _, _, err := nd.Split("s", SplitOptions{TestFrac: 1}); err == nil || !strings.Contains(err.Error(), "-test-frac 1") {
		t.Errorf("test-frac 1: %v", err)
	}
	if _, _, err := nd.Split("s", SplitOptions{TestFrac: 0.0001}); err == nil || !strings.Contains(err.Error(), "test set is empty") {
		t.Errorf("test-frac 0.0001: %v", err)
	}
	onlyTrain := "x0,class,split\n1,0,train\n2,1,train\n"
	d, _ = ReadCSV(strings.NewReader(onlyTrain), "t.csv", CSVOptions{})
	if _, _, err := d.Split("t.csv", SplitOptions{}); err == nil || !strings.Contains(err.Error(), "t.csv: the test set is empty: the split column has no test rows") {
		t.Errorf("no test rows: %v", err)
	}
}

func TestSyntheticFollowsTheRecipe(t *testing.T) {
	a, la, err := Synthetic(200000, 2, 3, 42)
	if err != nil {
		t.Fatal(err)
	}
	b, lb, _ := Synthetic(200000, 2, 3, 42)
	if !slices.Equal(a, b) || !slices.Equal(la, lb) {
		t.Fatal("same seed, different data")
	}
	c, _, _ := Synthetic(200000, 2, 3, 43)
	if slices.Equal(a, c) {
		t.Fatal("different seeds, same data")
	}
	counts := make([]float64, 3)
	means := make([][2]float64, 3)
	for i, k := range la {
		counts[k]++
		means[k][0] += a[2*i]
		means[k][1] += a[2*i+1]
	}
	for k, p := range []float64{0.4, 0.4, 0.2} {
		// Binomial standard error at n = 200000 is about 0.0011.
		if share := counts[k] / 200000; math.Abs(share-p) > 0.005 {
			t.Errorf("class %d share %v, want %v", k, share, p)
		}
		for f := range 2 {
			if m := means[k][f] / counts[k]; math.Abs(m-mixtureMeans[k][f]) > 0.02 {
				t.Errorf("class %d feature %d mean %v, want %v", k, f, m, mixtureMeans[k][f])
			}
		}
	}
	if p := SyntheticPriors(5); math.Abs(p[0]-0.4/1.4) > 1e-15 || math.Abs(p[4]-0.2/1.4) > 1e-15 {
		t.Errorf("priors for K=5: %v", p)
	}
	if _, _, err := Synthetic(1, 2, 3, 1); err == nil {
		t.Error("1 sample accepted")
	}
}

func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{plainCSV, "\ufeffx0,class\r\n1,a\r\n2,b\r\n", "x0,class\n\"1\",\"0\"\n2,1\n", "a,b\n1,2\n", "", "x,class\n1,0\n2,\"1\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ReadCSV(strings.NewReader(string(data)), "fuzz.csv", CSVOptions{})
		// The stream must read the same one byte at a time: no state may be
		// lost between reads.
		d1, err1 := ReadCSV(iotest.OneByteReader(strings.NewReader(string(data))), "fuzz.csv", CSVOptions{})
		if fmt.Sprint(err) != fmt.Sprint(err1) || (err == nil && (!slices.Equal(d.Rows, d1.Rows) || !slices.Equal(d.Labels, d1.Labels))) {
			t.Fatalf("whole reads and one-byte reads differ: %v / %v", err, err1)
		}
		if err != nil {
			msg := err.Error()
			if !strings.HasPrefix(msg, "fuzz.csv") || strings.ContainsFunc(msg, func(r rune) bool { return r < ' ' || r == 0x7f }) || len(msg) > 600 {
				t.Fatalf("error is not one short line of plain text starting with the file name: %q", err)
			}
			return
		}
		// What is accepted is consistent and usable.
		D := len(d.Features)
		if D == 0 || len(d.Rows) != d.Len()*D || len(d.Classes) < 2 {
			t.Fatalf("inconsistent data: %d features, %d values, %d rows, classes %v", D, len(d.Rows), d.Len(), d.Classes)
		}
		for _, v := range d.Rows {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("non-finite feature %v accepted", v)
			}
		}
		for _, c := range d.Labels {
			if c < 0 || c >= len(d.Classes) {
				t.Fatalf("label %d outside %d classes", c, len(d.Classes))
			}
		}
		if d.HasSplit && len(d.Test) != d.Len() {
			t.Fatalf("split column with %d values for %d rows", len(d.Test), d.Len())
		}
	})
}

func TestQuoteTrimmer(t *testing.T) {
	for in, want := range map[string]string{
		`"a" ,"b"` + "\t\n":          `"a","b"` + "\n",
		`"a "" b"  ,c`:               `"a "" b",c`,
		`"a"" ",b`:                   `"a"" ",b`,
		`"x" y,1`:                    `"x" y,1`,  // text after the quote: left for encoding/csv to refuse
		`a "b" ,c`:                   `a "b" ,c`, // a quote inside an unquoted field is not a quoted field
		` "a" , "b,c" ` + "\r\n":     ` "a", "b,c"` + "\r\n",
		`"multi` + "\n" + `line" ,1`: `"multi` + "\n" + `line",1`,
	} {
		// One byte at a time too: the trimmer must carry its state
		// across reads.
		for _, r := range []io.Reader{strings.NewReader(in), iotest.OneByteReader(strings.NewReader(in))} {
			got, err := io.ReadAll(newQuoteTrimmer(r))
			if err != nil || string(got) != want {
				t.Errorf("quoteTrimmer(%q) = %q, %v; want %q", in, got, err, want)
			}
		}
	}
}

// endless yields fill for ever after prefix, counting what was read.
type endless struct {
	prefix string
	fill   byte
	read   atomic.Int64 // bytes handed out; read by another goroutine in a test
}

func (e *endless) Read(p []byte) (int, error) {
	n := copy(p, e.prefix)
	e.prefix = e.prefix[n:]
	for i := n; i < len(p); i++ {
		p[i] = e.fill
	}
	e.read.Add(int64(len(p)))
	return len(p), nil
}

// TestReadCSVStopsEarly: a file that is wrong from its first bytes is
// refused after those bytes, whatever its size (issue: /dev/zero, a 2 GB
// sparse file, a 500 MB line were read whole).
func TestReadCSVStopsEarly(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  *endless
		want string
	}{
		{"zeros", &endless{fill: 0}, "zeros:1:1: not a text file (byte 0x00"},
		{"NUL after a header", &endless{prefix: "x0,class\n1,", fill: 0}, "NUL after a header:2:3: not a text file"},
		{"one long line", &endless{prefix: "x0,class\n", fill: 'a'}, "one long line:2: line longer than 1048576 bytes"},
		{"one long field", &endless{prefix: "x0,class\n\"", fill: 'a'}, "one long field:2: line longer than"},
	} {
		_, err := ReadCSV(tc.src, tc.name, CSVOptions{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
		if n := tc.src.read.Load(); n > 4*MaxLineBytes {
			t.Errorf("%s: read %d bytes before refusing", tc.name, n)
		}
	}
}

func TestReadCSVContextCancels(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	src := &endless{prefix: "x0,class\n", fill: '\n'} // endless blank lines: valid, never ending
	go func() {
		for src.read.Load() < 10*MaxLineBytes {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	_, err := ReadCSVContext(ctx, src, "endless", CSVOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
}

// TestReadCSVHostileValues: what a file holds never makes an error span
// lines, carry raw control bytes or grow with the field.
func TestReadCSVHostileValues(t *testing.T) {
	long := strings.Repeat("x", 5000)
	for _, tc := range []struct {
		name, text, want string
	}{
		{"go underscore", "x0,class\n1_000,0\n2,1\n", `go underscore:2: field 1 (x0): "1_000" is not a number`},
		{"hex float", "x0,class\n0x1p-2,0\n2,1\n", `hex float:2: field 1 (x0): "0x1p-2" is not a number`},
		{"mixed labels", "x0,class\n1,0\n2,1\n3,0x10\n", `mixed labels:4: field 2 (class): label "0x10": the column mixes numbers, then a string`},
		{"mixed labels the other way", "x0,class\n1,cat\n2,1\n", `mixed labels the other way:3: field 2 (class): label "1": the column mixes strings, then a number`},
		{"long field", "x0,class\n" + long + ",0\n", `long field:2: field 1 (x0): "` + strings.Repeat("x", 40) + `"… is not a number`},
		{"escape bytes", "x0,class\n1\x1b[31m,0\n", `escape bytes:2: field 1 (x0): "1\x1b[31m" is not a number`},
		{"carriage return", "x0,class\n\"1\r2\",0\n", `carriage return:2: field 1 (x0): "1\r2" is not a number`},
		{"newline in header", "\"x\n0\",y\n1,0\n", `no label column "class" among "x\n0", y`},
		{"many columns", manyColumns(30) + "y\n", "among c0, c1, c2, c3, c4, c5, c6, c7, c8, c9 and 21 more"},
	} {
		_, err := ReadCSV(strings.NewReader(tc.text), tc.name, CSVOptions{})
		if err == nil {
			t.Errorf("%s: accepted", tc.name)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, strings.Trim(strconv.Quote(tc.want), `"`)) && !strings.Contains(msg, tc.want) {
			t.Errorf("%s: error %q, want %q", tc.name, msg, tc.want)
		}
		if strings.ContainsAny(msg, "\n\r\x1b") || len(msg) > 300 {
			t.Errorf("%s: error is not one short line of plain text: %q", tc.name, msg)
		}
	}
	var b strings.Builder
	b.WriteString("x0,class\n")
	for i := range MaxClasses + 1 {
		fmt.Fprintf(&b, "1,c%d\n", i)
	}
	_, err := ReadCSV(strings.NewReader(b.String()), "classes", CSVOptions{})
	if err == nil || !strings.Contains(err.Error(), `classes:10002: field 2 (class): label "c10000" would make more than 10000 classes`) {
		t.Errorf("10001 string classes: %v", err)
	}
	for _, text := range []string{" \"x0\",class\n1,0\n2,1\n", "\" x0\",class\n1,0\n2,1\n"} {
		if _, err := ReadCSV(strings.NewReader(text), "space and quote", CSVOptions{}); err != nil {
			t.Errorf("%q: %v", text, err)
		}
	}
}

func manyColumns(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "c%d,", i)
	}
	return b.String()
}

// TestJSONIsNotCSV: a results file (JSON lines) or other JSON given for a
// CSV file is named for what it is, not as a bare quote.
func TestJSONIsNotCSV(t *testing.T) {
	for _, text := range []string{`{"run_id":"a","method":"BFGS"}` + "\n", "\ufeff  [1,2]\n"} {
		_, err := ReadCSV(strings.NewReader(text), "r.jsonl", CSVOptions{})
		if err == nil || !strings.Contains(err.Error(), "r.jsonl:1: JSON, not CSV") {
			t.Errorf("%q: %v", text, err)
		}
	}
}
