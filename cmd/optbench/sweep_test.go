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
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// resultsWithoutTimes reads results.jsonl with every time field zeroed.
func resultsWithoutTimes(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<26)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("%s: line %d does not parse: %v", path, len(lines)+1, err)
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

func TestSameSeedSameResultsWhateverTheWorkers(t *testing.T) {
	dir := t.TempDir()
	var got [][]string
	for _, j := range []string{"1", "2"} {
		out := filepath.Join(dir, "j"+j)
		code, _, errOut := runCLI(t, "-starts", "4", "-seed", "9", "-maxiter", "60", "-j", j, "-out", out, "-format", "csv")
		if code != 0 {
			t.Fatalf("-j %s: exit %d: %s", j, code, errOut)
		}
		lines := resultsWithoutTimes(t, filepath.Join(out, "results.jsonl"))
		// results.jsonl is in order of completion; compare as sets.
		slices.Sort(lines)
		got = append(got, lines)
	}
	if len(got[0]) != 9*4+2*4 {
		t.Fatalf("%d results, want %d", len(got[0]), 9*4+2*4)
	}
	for i := range got[0] {
		if got[0][i] != got[1][i] {
			t.Fatalf("results differ between -j 1 and -j 2:\n%s\n%s", got[0][i], got[1][i])
		}
	}
}

func TestOutputFiles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "new", "dir")
	code, stdout, errOut := runCLI(t, "-methods", "BFGS,GD-fixed,Nelder-Mead", "-starts", "3", "-maxiter", "80", "-out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, title := range []string{"Summary over starts", "Convergence: median loss", "Target: training loss <="} {
		if !strings.Contains(stdout, title) {
			t.Errorf("stdout has no %q:\n%s", title, stdout)
		}
	}
	plots := []string{"loss_vs_iter", "loss_vs_time", "weights", "final_loss", "boundary"}
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
	for _, want := range []string{"Summary over starts", "Convergence: median loss over starts", "<h2>Runs</h2>"} {
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
	for _, name := range []string{"src=\"http", "href=\"http", "<link", "<script"} {
		if strings.Contains(html, name) {
			t.Errorf("report.html refers to the network or scripts: %q", name)
		}
	}
	trace, err := os.ReadFile(filepath.Join(out, "trace.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(trace), "method,label,gradient,start,iter,time_s,fun,grad_norm,nfev,njev\n") {
		t.Errorf("trace.csv header: %q", strings.SplitN(string(trace), "\n", 2)[0])
	}
	for _, name := range []string{"summary.csv", "convergence.csv", "runs.csv", "results.jsonl"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Error(err)
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
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "optbench")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out := filepath.Join(t.TempDir(), "out")
	cmd := exec.Command(bin, "-methods", "Newton,Nelder-Mead", "-starts", "200", "-j", "2", "-out", out)
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
