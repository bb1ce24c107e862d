package network

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/internal/regular"
	"github.com/optbench/optbench/objective"
)

// DataFlags choose the data set: the embedded classroom set, a CSV file or
// synthetic mixture data.
type DataFlags struct {
	sha256      string // of the -data file, once read
	hideContent bool   // the file came from sweep.json: errors never quote it
	file        *string
	label       *string
	testFrac    *float64
	testFracSet bool
	standardize *bool
	synthetic   *int
	features    *int
	classes     *int
}

func AddDataFlags(fs *flag.FlagSet) *DataFlags {
	return &DataFlags{
		file: fs.String("data", "", fmt.Sprintf("CSV file: a header, one row per sample; every column but the label and split columns is a feature (default: the embedded classroom set); "+
			"at most %d feature values (about 140 bytes a value at 1 feature, 41 with many: %.2g GB at most)", objective.MaxValues, objective.MaxValues*140/1e9)),
		label:       fs.String("label", "class", "with -data: the class column (integers 0..K-1 or strings)"),
		testFrac:    fs.Float64("test-frac", 0.5, "share of the samples held out for testing when the data has no split column (seeded by -seed)"),
		standardize: fs.Bool("standardize", false, "scale features to mean 0, variance 1 by the training split's statistics"),
		synthetic: fs.Int("synthetic", 0, fmt.Sprintf("use N samples of the classroom mixture recipe (seeded by -seed) instead of the classroom set; "+
			"N x D at most %d values (about 73 bytes a value at D = 1, 32 with many features: %.2g GB at most)", objective.MaxValues, objective.MaxValues*73/1e9)),
		features: fs.Int("features", 2, fmt.Sprintf("with -synthetic: features D, from 1 to %d (and N x D at most %d)", MaxFeatures, objective.MaxValues)),
		classes:  fs.Int("classes", 3, "with -synthetic: classes K"),
	}
}

// Check refuses inconsistent data flags before anything is read.
func (d *DataFlags) Check(set func(name string) bool) error {
	if *d.file != "" && set("synthetic") {
		return bench.Usagef("-data and -synthetic exclude each other")
	}
	if set("label") && *d.file == "" {
		return bench.Usagef("-label applies to -data files only")
	}
	if (set("features") || set("classes")) && !set("synthetic") {
		return bench.Usagef("-features and -classes apply to -synthetic data only")
	}
	if set("synthetic") {
		if err := checkSynthetic("-", *d.synthetic, *d.features, *d.classes); err != nil {
			return err
		}
	}
	d.testFracSet = set("test-frac")
	if !(*d.testFrac > 0 && *d.testFrac < 1) {
		return bench.Usagef("-test-frac %v: want a share strictly between 0 and 1", *d.testFrac)
	}
	if *d.label == "" {
		return bench.Usagef("-label is empty")
	}
	return nil
}

// problem loads the data and returns the network problem on it and a line
// that describes the classes when they had names.
func (d *DataFlags) problem(ctx context.Context, hidden int, lambda float64, seed uint64, initScale float64, batch int) (*bench.Problem, string, error) {
	c, note, err := d.Config(ctx, hidden, lambda, seed, initScale)
	if err != nil {
		return nil, "", err
	}
	c.BatchSize = batch
	p, err := New(c)
	return p, note, err
}

// Config loads the data and returns the network problem's configuration
// and a line that describes the classes when they had names.
func (d *DataFlags) Config(ctx context.Context, hidden int, lambda float64, seed uint64, initScale float64) (Config, string, error) {
	split := objective.SplitOptions{TestFrac: *d.testFrac, Seed: seed, Standardize: *d.standardize}
	switch {
	case *d.file != "":
		f, err := regular.Open(*d.file)
		if err != nil {
			return Config{}, "", err
		}
		defer f.Close()
		h := sha256.New()
		ld, err := objective.ReadCSVContext(ctx, io.TeeReader(f, h), *d.file, objective.CSVOptions{Label: *d.label, HideContent: d.hideContent})
		if err != nil {
			return Config{}, "", err
		}
		d.sha256 = hex.EncodeToString(h.Sum(nil))
		if ld.HasSplit && d.testFracSet {
			return Config{}, "", bench.Usagef("-test-frac: %s has a split column, which decides the split", *d.file)
		}
		train, test, err := ld.Split(*d.file, split)
		if err != nil {
			return Config{}, "", err
		}
		desc := fmt.Sprintf("%s, label column %s (%d training, %d test samples)", *d.file, *d.label, train.Len(), test.Len())
		c, err := d.newConfig(filepath.Base(*d.file), desc, train, test, hidden, lambda, initScale)
		note := ""
		if !ld.Numeric {
			var pairs []string
			for k, c := range ld.Classes[:min(len(ld.Classes), 20)] {
				pairs = append(pairs, fmt.Sprintf("%d=%s", k, className(c)))
			}
			if len(ld.Classes) > 20 {
				pairs = append(pairs, fmt.Sprintf("... (%d classes)", len(ld.Classes)))
			}
			note = fmt.Sprintf("Classes of %s (column %s): %s.", *d.file, *d.label, strings.Join(pairs, ", "))
		}
		return c, note, err
	case *d.synthetic > 0:
		rows, labels, err := objective.Synthetic(*d.synthetic, *d.features, *d.classes, seed)
		if err != nil {
			return Config{}, "", err
		}
		names := make([]string, *d.features)
		for f := range names {
			names[f] = fmt.Sprintf("x%d", f)
		}
		ld := &objective.LabeledData{Features: names, Rows: rows, Labels: labels}
		for k := range *d.classes {
			ld.Classes = append(ld.Classes, fmt.Sprint(k))
		}
		train, test, err := ld.Split("synthetic data", split)
		if err != nil {
			return Config{}, "", err
		}
		desc := fmt.Sprintf("%d synthetic samples of the classroom mixture, %d features, %d classes (%d training, %d test)", *d.synthetic, *d.features, *d.classes, train.Len(), test.Len())
		c, err := d.newConfig("synthetic", desc, train, test, hidden, lambda, initScale)
		return c, "", err
	}
	if d.testFracSet {
		return Config{}, "", bench.Usagef("-test-frac: the classroom set has its own train/test split (use it with -data or -synthetic)")
	}
	if *d.standardize {
		train, test := objective.Classroom()
		objective.Standardize(train, test)
		desc := fmt.Sprintf("the classroom set (%d training, %d test samples)", train.Len(), test.Len())
		c, err := d.newConfig("classroom", desc, train, test, hidden, lambda, initScale)
		return c, "", err
	}
	c := ClassroomConfig(hidden, lambda, initScale)
	if p := c.Net.NumParams(); p > MaxParams {
		return Config{}, "", bench.Usagef("-hidden %d: the network would have %d parameters; at most %d", hidden, p, MaxParams)
	}
	return c, "", nil
}

// newConfig is the network problem on train and test, refused when it
// would have more than MaxParams parameters.
func (d *DataFlags) newConfig(name, desc string, train, test *objective.Dataset, hidden int, lambda, initScale float64) (Config, error) {
	net := objective.Network{Inputs: train.Features, Hidden: hidden, Classes: train.Classes}
	if p := net.NumParams(); p > MaxParams {
		return Config{}, bench.Usagef("-hidden %d: the network would have %d parameters; at most %d", hidden, p, MaxParams)
	}
	if *d.standardize {
		desc += ", standardized"
	}
	return Config{Name: name, Data: desc, Net: net, Train: train, Test: test, Lambda: lambda, InitScale: initScale}, nil
}

// Source is the network problem's Config in sweep.json: the data
// and the flags that shape the problem, enough to rebuild it.
type Source struct {
	Data        string  `json:"data"` // classroom, file or synthetic
	File        string  `json:"file,omitempty"`
	SHA256      string  `json:"sha256,omitempty"`
	Label       string  `json:"label,omitempty"`
	TestFrac    float64 `json:"test_frac"`
	Standardize bool    `json:"standardize"`
	Synthetic   int     `json:"synthetic,omitempty"`
	Features    int     `json:"features,omitempty"`
	Classes     int     `json:"classes,omitempty"`
	Hidden      int     `json:"hidden"`
	L2          float64 `json:"l2"`
	InitScale   float64 `json:"init_scale"`
	Seed        uint64  `json:"seed"`            // of the random starts, the split and synthetic data
	Batch       int     `json:"batch,omitempty"` // mini-batch size; 0: full batch
}

// source describes the network problem these flags make. The file's path is
// made absolute, so that a report run elsewhere finds it.
func (d *DataFlags) source(hidden int, l2 float64, seed uint64, initScale float64, batch int) Source {
	src := Source{Data: "classroom", TestFrac: *d.testFrac, Standardize: *d.standardize,
		Hidden: hidden, L2: l2, InitScale: initScale, Seed: seed, Batch: batch}
	switch {
	case *d.file != "":
		abs, err := filepath.Abs(*d.file)
		if err != nil {
			abs = *d.file
		}
		src.Data, src.File, src.SHA256, src.Label = "file", abs, d.sha256, *d.label
	case *d.synthetic > 0:
		src.Data, src.Synthetic, src.Features, src.Classes = "synthetic", *d.synthetic, *d.features, *d.classes
	}
	return src
}

// dataFlags are data flags that make src's data again.
func (src Source) dataFlags() *DataFlags {
	file, label := src.File, src.Label
	if label == "" {
		label = "class"
	}
	frac, std, syn, feat, classes := src.TestFrac, src.Standardize, src.Synthetic, src.Features, src.Classes
	// Only the fields of the data kind src names make the data: a
	// "classroom" source that names a file or a synthetic size as well
	// reads neither.
	if src.Data != "file" {
		file = ""
	}
	if src.Data != "synthetic" {
		syn = 0
	}
	return &DataFlags{file: &file, label: &label, testFrac: &frac, standardize: &std, synthetic: &syn, features: &feat, classes: &classes}
}

// className is a class as the class note shows it: as it is when it is
// short plain text, quoted (control bytes escaped, cut at 40 characters)
// otherwise, so the note stays one readable line.
func className(s string) string {
	r := []rune(s)
	if len(r) <= 40 && !strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == ',' || r == '=' || r == '"' || r == 0x7f }) {
		return s
	}
	if len(r) > 40 {
		return strconv.Quote(string(r[:40])) + "…"
	}
	return strconv.Quote(s)
}

// Bounds on what the flags may ask for, checked before anything is
// allocated for it.
const (
	MaxHidden = 10000    // hidden units; one evaluation's workspace grows as hidden x 256 samples
	MaxParams = 10000000 // 80 MB per parameter vector
)

// MaxFeatures bounds -features.
const MaxFeatures = 100000

// checkSynthetic refuses synthetic data of fewer than 2 samples, features
// out of 1..MaxFeatures, more than objective.MaxValues values (samples x
// features, compared without a product that could overflow) or classes
// out of 2..objective.MaxClasses, before anything is made; the names are
// flags (prefix "-") or sweep.json's fields (prefix "sweep.json: ").
func checkSynthetic(prefix string, n, features, classes int) error {
	switch {
	case n < 2:
		return bench.Usagef("%ssynthetic %d: want a whole number >= 2", prefix, n)
	case features < 1 || features > MaxFeatures:
		return bench.Usagef("%sfeatures %d: want a whole number from 1 to %d", prefix, features, MaxFeatures)
	case n > objective.MaxValues/features:
		return bench.Usagef("%ssynthetic %d with %d features: %s values, at most %d (about 73 bytes each at 1 feature: %.2g GB)", prefix, n, features,
			big(float64(n)*float64(features)), objective.MaxValues, objective.MaxValues*73/1e9)
	case classes < 2 || classes > objective.MaxClasses:
		return bench.Usagef("%sclasses %d: want a whole number from 2 to %d", prefix, classes, objective.MaxClasses)
	}
	return nil
}

func checkRange(name string, v, lo, hi int) error {
	if v < lo || v > hi {
		return bench.Usagef("-%s %d: want a whole number from %d to %d", name, v, lo, hi)
	}
	return nil
}

// checkFloat rejects NaN, infinities and values below lo.
func checkFloat(name string, v, lo float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < lo {
		return bench.Usagef("-%s %v: want a finite number >= %v", name, v, lo)
	}
	return nil
}

func big(v float64) string { return strconv.FormatFloat(v, 'g', 3, 64) }
