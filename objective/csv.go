package objective

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// MaxClasses bounds the number of classes a data file may define (the
// network has one output per class).
const MaxClasses = 10000

// CSVOptions say which columns of a CSV file hold the class and the split.
type CSVOptions struct {
	Label string // the class column; default "class"
	Split string // the optional train/test column; default "split"
	// HideContent keeps the file's content out of error messages, which
	// then name the line, the field and what is wrong only: for a file
	// the user did not name (a path read from sweep.json, which could be
	// any file of the machine's).
	HideContent bool
}

// LabeledData is a labelled CSV file as read, before it is split.
type LabeledData struct {
	Features []string  // names of the feature columns, in file order
	Rows     []float64 // N rows of len(Features) values, row-major
	Labels   []int     // class of each row, 0..len(Classes)-1
	Classes  []string  // class names: "0".."K-1" for integer labels, else the sorted distinct labels
	Numeric  bool      // the labels were integers
	Test     []bool    // per row: in the test split (only when HasSplit)
	HasSplit bool
}

// Len is the number of rows.
func (d *LabeledData) Len() int { return len(d.Labels) }

// ReadCSV reads a labelled data set: a header row, then one row per sample.
// Every column but the label and split columns is a feature. Labels are
// integers 0..K-1, or strings mapped to classes in sorted order. It accepts
// CRLF line ends, a UTF-8 byte order mark, quoted fields, spaces around
// fields (quoted ones too) and a blank last line, and refuses anything else
// that is wrong with an error naming the file (name), the line and the
// field. It reads r once, in order, and stops at the first fault: its
// memory is what it keeps, not the file's size.
func ReadCSV(r io.Reader, name string, opt CSVOptions) (*LabeledData, error) {
	return ReadCSVContext(context.Background(), r, name, opt)
}

// ReadCSVContext is ReadCSV that also stops, with ctx's error, when ctx
// is cancelled.
func ReadCSVContext(ctx context.Context, r io.Reader, name string, opt CSVOptions) (*LabeledData, error) {
	if opt.Label == "" {
		opt.Label = "class"
	}
	if opt.Split == "" {
		opt.Split = "split"
	}
	show, col := shown, column
	if opt.HideContent {
		show, col = hidden, hidden
	}
	br := bufio.NewReader(r)
	if looksLikeJSON(br) {
		return nil, fmt.Errorf("%s:1: JSON, not CSV: give a CSV file with a header row (a results file is read by optbench report)", name)
	}
	text := newTextReader(ctx, br, name)
	cr := csv.NewReader(newQuoteTrimmer(text))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	cr.TrimLeadingSpace = true
	fail := func(err error) error {
		if text.err != nil && text.err != io.EOF {
			return text.err // the text check's own error, with its position
		}
		return csvError(name, err)
	}
	var header []string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil, fmt.Errorf("%s: empty file: want a header row and one row per sample", name)
		}
		if err != nil {
			return nil, fail(err)
		}
		if len(rec) > 1 || strings.TrimSpace(rec[0]) != "" {
			header = rec
			break
		}
	}
	cols := make([]string, len(header))
	for i, h := range header {
		cols[i] = strings.TrimSpace(h)
	}
	labelCol, splitCol, err := headerColumns(cols, name, opt, col)
	if err != nil {
		return nil, err
	}
	d := &LabeledData{HasSplit: splitCol >= 0}
	var featureCols []int
	for i, c := range cols {
		if i != labelCol && i != splitCol {
			featureCols = append(featureCols, i)
			d.Features = append(d.Features, c)
		}
	}
	if len(featureCols) == 0 {
		return nil, fmt.Errorf("%s:1: no feature columns: every column is the label or the split", name)
	}

	var labels []string
	var labelLines []int
	distinct := map[string]bool{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fail(err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(cols) {
			return nil, fmt.Errorf("%s:%d: %d fields, the header has %d", name, line, len(rec), len(cols))
		}
		if len(d.Rows)+len(featureCols) > MaxValues {
			return nil, fmt.Errorf("%s:%d: more than %d feature values: too large a data set for this tool", name, line, MaxValues)
		}
		for _, c := range featureCols {
			field := strings.TrimSpace(rec[c])
			v, err := parseNumber(field)
			switch {
			case field == "":
				return nil, fmt.Errorf("%s:%d: field %d (%s) is empty", name, line, c+1, col(cols[c]))
			case err != nil:
				return nil, fmt.Errorf("%s:%d: field %d (%s): %s is not a number", name, line, c+1, col(cols[c]), show(field))
			case math.IsNaN(v) || math.IsInf(v, 0):
				return nil, fmt.Errorf("%s:%d: field %d (%s): %s is not a finite number", name, line, c+1, col(cols[c]), show(field))
			}
			d.Rows = append(d.Rows, v)
		}
		label := strings.TrimSpace(rec[labelCol])
		if label == "" {
			return nil, fmt.Errorf("%s:%d: field %d (%s): missing label", name, line, labelCol+1, col(cols[labelCol]))
		}
		if !distinct[label] {
			if len(distinct) == MaxClasses {
				return nil, fmt.Errorf("%s:%d: field %d (%s): label %s would make more than %d classes", name, line, labelCol+1, col(cols[labelCol]), show(label), MaxClasses)
			}
			distinct[label] = true
		}
		labels = append(labels, label)
		labelLines = append(labelLines, line)
		if splitCol >= 0 {
			switch s := strings.ToLower(strings.TrimSpace(rec[splitCol])); s {
			case "train", "test":
				d.Test = append(d.Test, s == "test")
			default:
				return nil, fmt.Errorf("%s:%d: field %d (%s): %s is neither train nor test", name, line, splitCol+1, col(cols[splitCol]), show(rec[splitCol]))
			}
		}
	}
	if len(labels) == 0 {
		return nil, fmt.Errorf("%s: no data rows after the header", name)
	}
	if err := d.setLabels(labels, labelLines, name, labelCol, col(cols[labelCol]), show, col); err != nil {
		return nil, err
	}
	return d, nil
}

// MaxValues bounds the feature values of a data set (samples x features),
// so that a command on it stays well under 2 GiB of memory. Measured with
// /usr/bin/time -v on optbench compare -maxiter 1: a CSV file costs about
// 41 bytes a value and 65 a sample (the text's fields, the labels as read,
// the rows and their split), 140 a value at 1 feature where the sample's
// share is largest (2^23 values: 1.17 GB); synthetic data about 32 a value
// and 29 a sample, 73 at 1 feature (2^23 values: 0.61 GB).
const MaxValues = 1 << 23

// parseNumber reads a number as CSV files write them: decimal digits with
// an optional sign, point and exponent. strconv.ParseFloat alone would
// also take Go's forms (1_000, 0x1p-2) and the words inf and nan.
func parseNumber(s string) (float64, error) {
	digits := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits = true
		case c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E':
		default:
			v, err := strconv.ParseFloat(s, 64)
			if err == nil && (math.IsInf(v, 0) || math.IsNaN(v)) && !strings.ContainsAny(s, "_xX") {
				return v, nil // inf, nan: a number, but not a finite one
			}
			return 0, strconv.ErrSyntax
		}
	}
	if !digits {
		return 0, strconv.ErrSyntax
	}
	v, err := strconv.ParseFloat(s, 64)
	if errors.Is(err, strconv.ErrRange) {
		return v, nil // +-Inf or 0: refused or kept by the caller
	}
	return v, err
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d:%d: %v", name, pe.Line, pe.Column, pe.Err)
	}
	return fmt.Errorf("%s: %w", name, err)
}

// headerColumns finds the label and split columns and refuses a header
// with empty or repeated names, or one that is all numbers (no header).
func headerColumns(cols []string, name string, opt CSVOptions, col func(string) string) (label, split int, err error) {
	label, split = -1, -1
	numeric := true
	for i, c := range cols {
		if c == "" {
			return 0, 0, fmt.Errorf("%s:1: field %d of the header is empty: every column needs a name", name, i+1)
		}
		if _, err := strconv.ParseFloat(c, 64); err != nil {
			numeric = false
		}
		if j := slices.Index(cols[:i], c); j >= 0 {
			return 0, 0, fmt.Errorf("%s:1: column %s appears twice (fields %d and %d)", name, quoted(col, c), j+1, i+1)
		}
		switch c {
		case opt.Label:
			label = i
		case opt.Split:
			split = i
		}
	}
	if numeric {
		return 0, 0, fmt.Errorf("%s:1: no header row: the first line holds numbers, want column names such as x0,x1,%s", name, opt.Label)
	}
	if label < 0 {
		// At most 10 names and about 200 bytes of them.
		names, size := make([]string, 0, 10), 0
		for _, c := range cols[:min(len(cols), 10)] {
			if size > 0 && size+len(col(c)) > maxQuoted {
				break
			}
			names = append(names, col(c))
			size += len(col(c)) + 2
		}
		among := strings.Join(names, ", ")
		if len(cols) > len(names) {
			among += fmt.Sprintf(" and %d more", len(cols)-len(names))
		}
		if opt.HideContent {
			among = fmt.Sprintf("its %d columns (not shown)", len(cols))
		}
		return 0, 0, fmt.Errorf("%s:1: no label column %s among %s (choose one with -label)", name, shown(opt.Label), among)
	}
	return label, split, nil
}

// setLabels maps the label strings to classes: integers 0..K-1 as they are
// when every label is a number, otherwise the distinct strings in sorted
// order.
func (d *LabeledData) setLabels(labels []string, lines []int, name string, col int, colName string, show, colOf func(string) string) error {
	d.Labels = make([]int, len(labels))
	isNumber := func(l string) bool { _, err := parseNumber(l); return err == nil }
	numeric := isNumber(labels[0])
	for i, l := range labels {
		if isNumber(l) != numeric {
			kinds := "strings, then a number"
			if numeric {
				kinds = "numbers, then a string"
			}
			return fmt.Errorf("%s:%d: field %d (%s): label %s: the column mixes %s; use one kind of label", name, lines[i], col+1, colName, show(l), kinds)
		}
	}
	if numeric {
		d.Numeric = true
		k := 0
		for i, l := range labels {
			c, err := strconv.Atoi(l)
			if err != nil || c < 0 {
				return fmt.Errorf("%s:%d: field %d (%s): unknown label %s: numeric labels must be whole numbers 0..K-1", name, lines[i], col+1, colName, show(l))
			}
			if c >= MaxClasses {
				return fmt.Errorf("%s:%d: field %d (%s): label %d would make %d classes; numeric labels are 0..K-1 with K at most %d", name, lines[i], col+1, colName, c, c+1, MaxClasses)
			}
			d.Labels[i] = c
			k = max(k, c+1)
		}
		for c := range k {
			d.Classes = append(d.Classes, strconv.Itoa(c))
		}
	} else {
		d.Classes = slices.Compact(slices.Sorted(slices.Values(labels)))
		for i, l := range labels {
			d.Labels[i], _ = slices.BinarySearch(d.Classes, l)
		}
	}
	seen := map[int]bool{}
	for _, c := range d.Labels {
		seen[c] = true
	}
	if len(seen) < 2 {
		return fmt.Errorf("%s: column %s holds a single class (%s): need at least 2", name, colName, colOf(d.Classes[d.Labels[0]]))
	}
	return nil
}

// SplitOptions say how to divide LabeledData into training and test sets.
type SplitOptions struct {
	TestFrac    float64 // share held out for testing when the file has no split column
	Seed        uint64  // seeds that random hold-out
	Standardize bool    // scale features to mean 0, variance 1 by the training set's statistics
}

// Split returns the training and test sets: by the file's split column if
// it has one, otherwise a seeded random TestFrac share is the test set.
// name is used in errors.
func (d *LabeledData) Split(name string, o SplitOptions) (train, test *Dataset, err error) {
	n, D := d.Len(), len(d.Features)
	isTest := d.Test
	if !d.HasSplit {
		if !(o.TestFrac > 0 && o.TestFrac < 1) {
			return nil, nil, fmt.Errorf("%s: -test-frac %v: want a share strictly between 0 and 1", name, o.TestFrac)
		}
		isTest = make([]bool, n)
		perm := rand.New(rand.NewPCG(o.Seed, 0x5eed)).Perm(n)
		nTest := int(math.Round(o.TestFrac * float64(n)))
		for _, i := range perm[:nTest] {
			isTest[i] = true
		}
	}
	var rows [2][]float64
	var labels [2][]int
	for i := range n {
		s := 0
		if isTest[i] {
			s = 1
		}
		rows[s] = append(rows[s], d.Rows[i*D:(i+1)*D]...)
		labels[s] = append(labels[s], d.Labels[i])
	}
	for s, what := range []string{"training", "test"} {
		if len(labels[s]) == 0 {
			how := "the split column has no " + map[int]string{0: "train", 1: "test"}[s] + " rows"
			if !d.HasSplit {
				how = fmt.Sprintf("-test-frac %v of %d rows leaves none", o.TestFrac, n)
			}
			return nil, nil, fmt.Errorf("%s: the %s set is empty: %s", name, what, how)
		}
	}
	k := len(d.Classes)
	if train, err = NewDataset(rows[0], labels[0], D, k); err != nil {
		return nil, nil, err
	}
	if test, err = NewDataset(rows[1], labels[1], D, k); err != nil {
		return nil, nil, err
	}
	if o.Standardize {
		Standardize(train, test)
	}
	return train, test, nil
}

// Standardize scales every feature of train, and of test when it is not
// nil, to the training set's mean 0 and variance 1; a constant feature is
// only centred.
func Standardize(train, test *Dataset) {
	n := train.Len()
	for f := range train.Features {
		col := train.Column(f)
		var mean, m2 float64
		for i, x := range col { // Welford: stable for large n
			delta := x - mean
			mean += delta / float64(i+1)
			m2 += delta * (x - mean)
		}
		sd := math.Sqrt(m2 / float64(n))
		if sd == 0 {
			sd = 1
		}
		cols := [][]float64{col}
		if test != nil {
			cols = append(cols, test.Column(f))
		}
		for _, c := range cols {
			for i := range c {
				c[i] = (c[i] - mean) / sd
			}
		}
	}
}

// looksLikeJSON says whether what br holds starts, after a byte order
// mark and spaces, with { or [: a results file or other JSON given where
// a CSV file belongs, which the CSV reader would call a bare quote.
func looksLikeJSON(br *bufio.Reader) bool {
	head, _ := br.Peek(64)
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	head = bytes.TrimLeft(head, " \t\r\n")
	return len(head) > 0 && (head[0] == '{' || head[0] == '[')
}
