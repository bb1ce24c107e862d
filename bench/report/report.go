package report

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/figure"
	"github.com/optbench/optbench/bench/results"
	"github.com/optbench/optbench/bench/table"
)

// WriteTraceCSV writes every run's trace in long format, one row per
// iteration: problem, method, label (the method with its non-default
// parameters), gradient, start, iter, time_s, fun, grad_norm, nfev, njev,
// nhev. An empty
// grad_norm means the method has no gradient.
//
// The rows are appended by hand (a large sweep has millions of them); the
// problem and the label get CSV quoting from encoding/csv where they need
// it.
func WriteTraceCSV(w io.Writer, runs []bench.Run) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString("problem,method,label,gradient,start,iter,time_s,fun,grad_norm,nfev,njev,nhev\n")
	var b []byte
	// The problems and labels are few: each is quoted once, not once a
	// run (a CSV writer of its own each time).
	quoted := map[string]string{}
	field := func(s string) string {
		q, ok := quoted[s]
		if !ok {
			q = csvField(s)
			quoted[s] = q
		}
		return q
	}
	for i := range runs {
		r := &runs[i]
		prefix := field(r.Problem.Name) + "," + r.Method + "," + field(r.Label) + "," + string(r.Gradient) + "," + strconv.Itoa(r.Start) + ","
		for p := range r.TraceRows() {
			b = strconv.AppendInt(append(b[:0], prefix...), int64(p.Iter), 10)
			b = table.AppendRaw(append(b, ','), p.Time.Seconds())
			b = table.AppendRaw(append(b, ','), p.Fun)
			b = table.AppendRaw(append(b, ','), p.GradNorm)
			b = strconv.AppendInt(append(b, ','), int64(p.Nfev), 10)
			b = strconv.AppendInt(append(b, ','), int64(p.Njev), 10)
			b = strconv.AppendInt(append(b, ','), int64(p.Nhev), 10)
			if _, err := bw.Write(append(b, '\n')); err != nil {
				return err
			}
		}
		if err := r.TraceStore.Err(); err != nil {
			return err // its trace was lost: trace.csv is not made
		}
	}
	return bw.Flush()
}

// csvField is s as one CSV field, quoted by encoding/csv where it must be.
func csvField(s string) string {
	var buf strings.Builder
	cw := csv.NewWriter(&buf)
	cw.Write([]string{s})
	cw.Flush()
	return strings.TrimSuffix(buf.String(), "\n")
}

// Report is what report.html shows, in this order: the Verdict, what was
// run (Setup) and the notes, Tables, the Figures, then After (long
// tables, folded).
type Report struct {
	Title   string
	Setup   []KV     // what was run: the command line, problem, data, methods, limits, seed, machine, version, date
	Notes   []string // one paragraph each: the settings, the target
	Tables  []table.Table
	Figures []bench.Figure
	After   []table.Table
	Data    []table.Table // written as CSV only (their File), not shown
	// Verdict is what the runs show, in words at the top of report.html
	// (New sets it from the analysis); the zero value shows none.
	Verdict analysis.Verdict
	// Sweep, when not nil, is written by WriteDir as the directory's
	// sweep.json, under the directory's lock with the rest.
	Sweep *results.Description
	// Interactive is the data of report.html's interactive figures
	// (Interactive, JSON); nil for none: the page has its static figures
	// only.
	Interactive []byte
}

// WriteFiles writes trace.csv, every table of rep that names a File as
// CSV, every figure as PNG and SVG, and report.html.
func WriteFiles(dir string, runs []bench.Run, rep Report) error {
	// trace.csv is as long as every trace together: write it while the
	// figures are drawn.
	traceErr := make(chan error, 1)
	go func() {
		traceErr <- results.WriteAtomic(dir, "trace.csv", func(w io.Writer) error { return WriteTraceCSV(w, runs) })
	}()
	if err := writeTablesAndFigures(dir, rep); err != nil {
		<-traceErr
		return err
	}
	return <-traceErr
}

func writeTablesAndFigures(dir string, rep Report) error {
	for _, t := range slices.Concat(rep.Tables, rep.After, rep.Data) {
		if t.File == "" {
			continue
		}
		if err := results.WriteAtomic(dir, t.File, func(w io.Writer) error { return table.WriteTable(w, t, "csv") }); err != nil {
			return err
		}
	}
	svgs := make([][]byte, len(rep.Figures))
	for i, f := range rep.Figures {
		for _, format := range []string{"png", "svg"} {
			b, err := f.Render(format)
			if err != nil {
				return err
			}
			if format == "svg" {
				svgs[i] = b
			}
			if err := results.WriteAtomic(dir, f.Name()+"."+format, func(w io.Writer) error { _, err := w.Write(b); return err }); err != nil {
				return err
			}
		}
	}
	return results.WriteAtomic(dir, "report.html", func(w io.Writer) error { return writeReport(w, rep, svgs) })
}

// inlineSVG strips the XML prolog so the SVG can sit inside HTML.
func inlineSVG(b []byte) []byte {
	if i := bytes.Index(b, []byte("<svg")); i > 0 {
		return b[i:]
	}
	return b
}

// Report is everything a sweep's output directory shows: its tables and
// figures, the runs table after them, and the ECDF, aRT and profile data
// as CSV. setup says what was run, notes come first.
func New(a analysis.Analysis, title string, setup []KV, notes []string) (Report, error) {
	figs, err := figure.Figures(a)
	if err != nil {
		return Report{}, err
	}
	runs := table.RunsTable(a.Runs, true)
	runs.File = "runs.csv"
	arts := a.ARTs()
	ecdf, art, prof := table.ECDFTable(a.ECDFs), table.ARTTable(arts), table.ProfilesTable(a.Profiles)
	ecdf.File, art.File, prof.File = "ecdf.csv", "art.csv", "profiles.csv"
	for i, n := range notes {
		if n == a.IntervalsNote(true) { // what the report's tables show of them
			notes = append(slices.Clip(notes[:i]), append([]string{a.IntervalsReportNote()}, notes[i+1:]...)...)
			break
		}
	}
	if a.SingleRuns() {
		// The text of single runs has no targets to explain; the
		// report's figures would miss their ECDFs and profiles unexplained.
		notes = append(slices.Clip(notes), analysis.CircularNotes(a.Runs)...)
	}
	data, err := Interactive(a)
	if err != nil {
		return Report{}, err
	}
	rep := Report{Interactive: data, Title: title, Setup: setup, Notes: notes, Verdict: a.Verdict(), Tables: table.Tables(a, false), Figures: figs,
		After: []table.Table{table.ARTSummaryTable(a, arts), runs}, Data: []table.Table{ecdf, art, prof}}
	if rep.Tables[0].File == "runs.csv" {
		rep.Tables, rep.After = []table.Table{runs}, rep.After[:1]
	}
	// An aRT summary with no rows (targets left out for a best-seen f*)
	// would be a heading over nothing.
	rep.After = slices.DeleteFunc(rep.After, func(t table.Table) bool { return t.Len() == 0 })
	return rep, nil
}

// WriteDir writes runs and their report to dir as a sweep does: it clears
// the files of Manifest there (results.CreateOutput), writes every run to
// results.jsonl, then WriteFiles.
func WriteDir(dir string, runs []bench.Run, rep Report) (err error) {
	out, err := results.CreateOutput(dir, Manifest())
	if err != nil {
		return err
	}
	defer func() {
		if cerr := out.Close(); err == nil {
			err = cerr
		}
	}()
	for _, r := range runs {
		if err := out.Record(r); err != nil {
			return err
		}
	}
	if rep.Sweep != nil {
		if err := results.WriteDescription(out.Dir, *rep.Sweep); err != nil {
			return err
		}
	}
	return WriteFiles(out.Dir, runs, rep)
}

// Manifest is every file a sweep's directory may hold: results.jsonl and
// sweep.json (bench/results), and what WriteFiles writes: trace.csv, the
// tables' CSV files, report.html and every figure, generic
// (figure.Names) or of a registered family (bench.Family.FigureNames), as
// PNG and SVG. A new sweep removes them all first, so that no file of an
// earlier sweep is taken for one of its own.
func Manifest() []string {
	names := []string{"results.jsonl", "sweep.json", "trace.csv", "report.html"}
	names = append(names, table.Files...)
	figures := figure.Names()
	for _, f := range bench.Families() {
		figures = append(figures, f.FigureNames()...)
	}
	for _, f := range figures {
		names = append(names, f+".png", f+".svg")
	}
	return names
}
