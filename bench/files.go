package bench

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Output is a sweep's output directory. results.jsonl grows by one whole
// line per finished run, so an interrupted sweep loses no finished run;
// every other file is written to a temporary name and renamed into place,
// so it is there whole or not at all.
type Output struct {
	Dir     string
	results *os.File
	mu      sync.Mutex
}

// sweepFiles are the names a sweep writes in its directory.
var sweepFiles = func() []string {
	names := []string{"results.jsonl", "sweep.json", "trace.csv", "runs.csv", "summary.csv", "convergence.csv", "solvers.csv",
		"ecdf.csv", "art.csv", "profiles.csv", "report.html"}
	for _, fig := range FigureNames {
		names = append(names, fig+".png", fig+".svg")
	}
	return names
}()

// FigureNames are the names of every figure a sweep can draw, generic and
// of the families optbench ships: CreateOutput removes them all, so that no
// figure of an earlier sweep is taken for this one's.
var FigureNames = []string{"loss_vs_iter", "loss_vs_time", "final_loss", "ecdf_evals", "ecdf_time",
	"performance_profile", "data_profile", "weights", "boundary"}

// CreateOutput makes dir (and its parents) if missing, removes the files an
// earlier sweep left there (so that none is mixed with this sweep's) and
// starts results.jsonl afresh. It never writes through a link or into a
// special file planted in dir: a link or a named pipe at one of the names is
// removed itself, not followed, and results.jsonl is created exclusively.
// Any other file in dir is left alone; a directory at one of the names is an
// error.
func CreateOutput(dir string) (*Output, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	for _, name := range sweepFiles {
		path := filepath.Join(dir, name)
		fi, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if fi.IsDir() {
			return nil, fmt.Errorf("%s is a directory, where the sweep writes a file", path)
		}
		if err := os.Remove(path); err != nil {
			return nil, fmt.Errorf("removing %s of an earlier sweep: %w", name, err)
		}
	}
	f, err := os.OpenFile(filepath.Join(dir, "results.jsonl"), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, err
	}
	return &Output{Dir: dir, results: f}, nil
}

// Record appends r to results.jsonl as one line, in a single write. It may
// be called from several goroutines at once: the encoding happens outside
// the lock.
func (o *Output) Record(r Run) error {
	line := AppendJSON(nil, r)
	o.mu.Lock()
	defer o.mu.Unlock()
	_, err := o.results.Write(line)
	return err
}

// Close closes results.jsonl.
func (o *Output) Close() error { return o.results.Close() }

// WriteAtomic writes dir/name through a temporary file in dir that is
// renamed into place only when fill succeeded.
func WriteAtomic(dir, name string, fill func(w io.Writer) error) error {
	tmp, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if err := fill(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil { // CreateTemp makes it 0600
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, name))
}

// WriteTraceCSV writes every run's trace in long format, one row per
// iteration: problem, method, label (the method with its non-default
// parameters), gradient, start, iter, time_s, fun, grad_norm, nfev, njev,
// nhev. An empty
// grad_norm means the method has no gradient.
//
// The rows are appended by hand (a large sweep has millions of them); the
// problem and the label get CSV quoting from encoding/csv where they need
// it.
func WriteTraceCSV(w io.Writer, runs []Run) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString("problem,method,label,gradient,start,iter,time_s,fun,grad_norm,nfev,njev,nhev\n")
	var b []byte
	for _, r := range runs {
		prefix := csvField(r.problemName()) + "," + r.Method + "," + csvField(r.Label) + "," + string(r.Gradient) + "," + strconv.Itoa(r.Start) + ","
		for _, p := range r.Result.Trace {
			b = strconv.AppendInt(append(b[:0], prefix...), int64(p.Iter), 10)
			b = appendRaw(append(b, ','), p.Time.Seconds())
			b = appendRaw(append(b, ','), p.Fun)
			b = appendRaw(append(b, ','), p.GradNorm)
			b = strconv.AppendInt(append(b, ','), int64(p.Nfev), 10)
			b = strconv.AppendInt(append(b, ','), int64(p.Njev), 10)
			b = strconv.AppendInt(append(b, ','), int64(p.Nhev), 10)
			if _, err := bw.Write(append(b, '\n')); err != nil {
				return err
			}
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

// Report is what report.html shows, in this order: what was run (Setup)
// and the notes, Tables, the Figures, then After (long tables, folded).
type Report struct {
	Title   string
	Setup   []KV     // what was run: the command line, problem, data, methods, limits, seed, machine, version, date
	Notes   []string // one paragraph each: the settings, the target
	Tables  []Table
	Figures []Figure
	After   []Table
	Data    []Table // written as CSV only (their File), not shown
}

// WriteFiles writes trace.csv, every table of rep that names a File as
// CSV, every figure as PNG and SVG, and report.html.
func (o *Output) WriteFiles(runs []Run, rep Report) error {
	// trace.csv is as long as every trace together: write it while the
	// figures are drawn.
	traceErr := make(chan error, 1)
	go func() {
		traceErr <- WriteAtomic(o.Dir, "trace.csv", func(w io.Writer) error { return WriteTraceCSV(w, runs) })
	}()
	if err := o.writeTablesAndFigures(rep); err != nil {
		<-traceErr
		return err
	}
	return <-traceErr
}

func (o *Output) writeTablesAndFigures(rep Report) error {
	for _, t := range slices.Concat(rep.Tables, rep.After, rep.Data) {
		if t.File == "" {
			continue
		}
		if err := WriteAtomic(o.Dir, t.File, func(w io.Writer) error { return WriteTable(w, t, "csv") }); err != nil {
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
			if err := WriteAtomic(o.Dir, f.Name+"."+format, func(w io.Writer) error { _, err := w.Write(b); return err }); err != nil {
				return err
			}
		}
	}
	return WriteAtomic(o.Dir, "report.html", func(w io.Writer) error { return writeReport(w, rep, svgs) })
}

// inlineSVG strips the XML prolog so the SVG can sit inside HTML.
func inlineSVG(b []byte) []byte {
	if i := bytes.Index(b, []byte("<svg")); i > 0 {
		return b[i:]
	}
	return b
}
