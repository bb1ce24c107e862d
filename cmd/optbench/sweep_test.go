package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// resultsWithoutTimes reads results.jsonl with every time field zeroed.
func resultsWithoutTimes(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return linesWithoutTimes(t, path, string(b))
}

// linesWithoutTimes is JSON lines of runs (of results.jsonl, or of
// -format json) with every time field zeroed.
func linesWithoutTimes(t *testing.T, name, text string) []string {
	t.Helper()
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(nil, 1<<26)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("%s: line %d does not parse: %v", name, len(lines)+1, err)
		}
		m["time_s"] = 0
		for _, p := range m["trace"].([]any) {
			p.(map[string]any)["time_s"] = 0
		}
		b, _ := json.Marshal(m)
		lines = append(lines, string(b))
	}
	return lines
}

// TestSameSeedSameResultsWhateverTheWorkers: -j changes nothing but the
// times, run for run and in the same order. (bench's
// TestExecuteIsTheSameWhateverTheWorkers tests Execute itself.)
func TestSameSeedSameResultsWhateverTheWorkers(t *testing.T) {
	var got [][]string
	for _, j := range []string{"1", "2"} {
		code, out, errOut := runCLI(t, "-starts", "4", "-seed", "9", "-maxiter", "60", "-j", j, "-format", "json")
		if code != 0 {
			t.Fatalf("-j %s: exit %d: %s", j, code, errOut)
		}
		got = append(got, linesWithoutTimes(t, "-j "+j, out))
	}
	if len(got[0]) != 10*4+2*4 {
		t.Fatalf("%d results, want %d", len(got[0]), 10*4+2*4)
	}
	for i := range got[0] {
		if got[0][i] != got[1][i] {
			t.Fatalf("results differ between -j 1 and -j 2:\n%s\n%s", got[0][i], got[1][i])
		}
	}
}

func TestOutputFiles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "new", "dir")
	code, stdout, errOut := runCLI(t, "-methods", "BFGS,GD-fixed,Nelder-Mead", "-starts", "6", "-maxiter", "80", "-out", out) // 6: targets are drawn for a best-seen f*
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, title := range []string{"Summary over starts", "Convergence: median value", "f*: unknown, so the best value any run reached", "Targets: f* + Δf for 51 Δf"} {
		if !strings.Contains(flat(stdout), title) {
			t.Errorf("stdout has no %q:\n%s", title, stdout)
		}
	}
	plots := []string{"loss_vs_iter", "loss_vs_time", "final_loss", "ecdf_evals", "ecdf_time", "performance_profile", "data_profile", "weights", "boundary"}
	for _, name := range plots {
		f, err := os.Open(filepath.Join(out, name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil || img.Bounds().Dx() < 100 {
			t.Errorf("%s.png is not a valid image: %v", name, err)
		}
		b, err := os.ReadFile(filepath.Join(out, name+".svg"))
		if err != nil {
			t.Fatal(err)
		}
		if err := xml.Unmarshal(b, new(struct{ XMLName xml.Name })); err != nil || !bytes.Contains(b, []byte("<svg")) {
			t.Errorf("%s.svg is not valid SVG: %v", name, err)
		}
	}
	report, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	html := string(report)
	for _, want := range []string{"Summary over starts", "Convergence: median value over starts", "<h2>Runs</h2>", "<dt>aRT 1e-3</dt>"} {
		if !strings.Contains(html, want) {
			t.Errorf("report.html has no table %q", want)
		}
	}
	for _, name := range plots {
		if !strings.Contains(html, `<figure id="`+name+`">`) {
			t.Errorf("report.html has no figure %s", name)
		}
	}
	if strings.Count(html, "<svg") != len(plots) {
		t.Errorf("report.html has %d inline SVGs, want %d", strings.Count(html, "<svg"), len(plots))
	}
	// Its one script is inline, and reaches for nothing outside the page.
	for _, name := range []string{"src=\"http", "href=\"http", "<link", "<script src", "fetch(", "XMLHttpRequest", "import(", "WebSocket"} {
		if strings.Contains(html, name) {
			t.Errorf("report.html refers to the network or other files: %q", name)
		}
	}
	if !strings.Contains(html, `<script type="application/json" id="optbench-data">`) || !strings.Contains(html, `<section id="interactive" hidden>`) {
		t.Errorf("report.html has no data or no place for its interactive figures")
	}
	trace, err := os.ReadFile(filepath.Join(out, "trace.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(trace), "problem,method,label,gradient,start,iter,time_s,fun,grad_norm,nfev,njev,nhev\n") {
		t.Errorf("trace.csv header: %q", strings.SplitN(string(trace), "\n", 2)[0])
	}
	for name, header := range map[string]string{
		"summary.csv":     "problem,method,label,gradient,starts,success_frac,success_frac_lo,success_frac_hi,targets_frac,reached_1e-3_frac,reached_1e-3_frac_lo,reached_1e-3_frac_hi,art_1e-3_evals,best_fun,median_fun,median_fun_lo,median_fun_hi,worst_fun,median_test_fun,",
		"convergence.csv": "problem,method,label,gradient,fun_iter_1,",
		"runs.csv":        "problem,method,label,gradient,start,status,fun,test_fun,train_acc,test_acc,nit,",
		"ecdf.csv":        "method,label,gradient,cost_kind,budget,fraction,triples\n",
		"art.csv":         "problem,method,label,gradient,delta_f,target,runs,reached,art_evals,art_s\n",
		"profiles.csv":    "profile,tau,method,label,gradient,x,fraction,instances\n",
		"results.jsonl":   `{"run_id":"classroom/`, // in the order the runs finished
	} {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Error(err)
		} else if !strings.HasPrefix(string(b), header) {
			t.Errorf("%s begins %.200q, want %q", name, b, header)
		}
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

func TestOutIsNotTouchedOnUsageError(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	code, _, _ := runCLI(t, "-methods", "nope", "-out", out)
	if code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("-out directory was created for a refused command line")
	}
}

// TestInterrupt sends SIGINT to a long sweep: it must exit promptly, say it
// was interrupted, and leave a results.jsonl whose every line parses.
func TestInterrupt(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	cmd := command(t, "-methods", "Newton,Nelder-Mead", "-starts", "200", "-j", "2", "-out", out)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until some runs have finished.
	deadline := time.Now().Add(60 * time.Second)
	for {
		b, _ := os.ReadFile(filepath.Join(out, "results.jsonl"))
		if bytes.Count(b, []byte("\n")) >= 3 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	sent := time.Now()
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	took := time.Since(sent)
	if took > 10*time.Second {
		t.Errorf("exited %v after SIGINT, want within a few seconds", took)
	}
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 130 {
		t.Errorf("exit %v, want status 130", err)
	}
	if !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("stderr %q does not say it was interrupted", stderr.String())
	}
	if !strings.Contains(stdout.String(), "Summary over starts") {
		t.Errorf("no summary of the finished runs:\n%s", stdout.String())
	}
	// The README's promise: no new run starts, the runs under way (at most
	// -j 2) are recorded as interrupted, and the printed tables hold exactly
	// the runs that finished, each already a line of results.jsonl.
	lines := resultsWithoutTimes(t, filepath.Join(out, "results.jsonl"))
	interrupted := 0
	for _, l := range lines {
		if strings.Contains(l, `"status":"interrupted"`) {
			interrupted++
		}
	}
	finished := len(lines) - interrupted
	if interrupted > 2 || finished < 3 || len(lines) >= 400 {
		t.Errorf("results.jsonl: %d finished and %d interrupted runs of 400; want at least 3 finished, at most 2 interrupted, and not all", finished, interrupted)
	}
	if want := fmt.Sprintf("; %d runs in", finished); !strings.Contains(stdout.String(), want) {
		t.Errorf("the summary does not count the %d finished runs (%q):\n%s", finished, want, stdout.String())
	}
}

// TestMGHSweep is the sweep: the MGH set with five methods and 3
// starts writes every generic figure and table, its text tables fit 160
// columns, and every run's JSON carries its problem and known f*.
func TestMGHSweep(t *testing.T) {
	out := t.TempDir()
	code, stdout, errOut := runCLI(t, "-problems", "mgh", "-methods", "BFGS,L-BFGS,CG,Newton,Nelder-Mead", "-starts", "3", "-out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Over all problems and starts", "solved τ=0.001", "17 problems; 255 runs", "f*: the known minimum of every problem"} {
		if !strings.Contains(flat(stdout), want) {
			t.Errorf("stdout has no %q", want)
		}
	}
	for line := range strings.Lines(stdout) {
		if n := utf8.RuneCountInString(strings.TrimRight(line, "\n")); n > 160 && !unicode.IsUpper([]rune(line)[0]) {
			t.Errorf("table line of %d columns: %s", n, line)
		}
	}
	for _, name := range []string{"ecdf_evals.svg", "ecdf_time.png", "performance_profile.svg", "data_profile.png", "solvers.csv", "summary.csv", "art.csv"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Error(err)
		}
	}
	for _, name := range []string{"weights.png", "boundary.png", "loss_vs_iter.png", "convergence.csv"} {
		if _, err := os.Stat(filepath.Join(out, name)); err == nil {
			t.Errorf("%s written for a sweep of many problems without a network", name)
		}
	}
	f, err := os.Open(filepath.Join(out, "results.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	n := 0
	for sc.Scan() {
		var rec struct {
			Problem string   `json:"problem"`
			FStar   *float64 `json:"f_star"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		if n++; rec.Problem == "" || rec.FStar == nil {
			t.Errorf("run %d: problem %q, f_star %v", n, rec.Problem, rec.FStar)
		}
	}
	if n != 255 {
		t.Errorf("%d runs in results.jsonl, want 255", n)
	}
}

// TestNetworkBesideMGH: a sweep of the classroom network and an MGH
// function says which f* is known, and draws the network's own figures.
func TestNetworkBesideMGH(t *testing.T) {
	out := t.TempDir()
	code, stdout, errOut := runCLI(t, "-problems", "classroom,Wood", "-methods", "BFGS,Nelder-Mead", "-maxiter", "100", "-out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if out := flat(stdout); !strings.Contains(out, "f*: unknown, so the best value any run reached, for classroom (") || !strings.Contains(out, "The known minimum for the other 1.") {
		t.Errorf("no f* note:\n%s", stdout)
	}
	for _, name := range []string{"weights.png", "boundary.png", "ecdf_evals.png"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Error(err)
		}
	}
}
