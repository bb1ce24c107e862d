package main

// TestDocs keeps the documents honest, as benchstat's doc_test does: every
// sample output in README.md and docs/*.md is produced here, by running
// the command it shows (or the Example that runs the Go code it shows),
// and compared with the document's text. A sample is a fenced block whose
// info string is "text" or empty; the line directly before it says how it
// is made:
//
//	<!-- doctest: COMMAND [; COMMAND]... [; dir: DIR] [; show: RANGES] [; mask: REGEXP]... [; slow] -->
//	<!-- doctest: example DIR ExampleName -->
//	<!-- doctest: file PATH -->
//	<!-- doctest: skip REASON -->
//
// A COMMAND is optbench ARGS, go ARGS or benchstat ARGS, with "> FILE" at
// its end to keep its stdout in FILE. The commands run in order, in one
// temporary directory where their FILEs are: optbench in-process through
// run; go as the go command, in DIR (relative to the module root) when
// dir: is given; benchstat as the module's tool (go tool benchstat). The
// last command's stdout is the sample. Leading lines
// of the block that start with "$ " show the command: the last of them
// must be the directive's last command. show: keeps only some lines of
// the output, the ranges separated by "..." lines in the document (a
// range is FROM-TO, each a line number, "$" for the last line, or /REGEXP/
// for the first line at or after the range's start that matches). mask:
// a regular expression whose matches are masked on both sides, beside the
// masks every sample gets (times, worker counts, paths: see mask). slow:
// a sample left out under -short and the race detector.
//
// example: a ```go block whose code (comments, blank lines, the package
// clause, imports and func main's frame aside) appears line for line in
// the Example function of the package in DIR (relative to the module
// root); the ```text block right after it, if any, must be that Example's
// // Output (go test checks that the Output is true).
//
// file: a block (```go) whose text is the file PATH of the module, whole:
// a file the document shows for readers to copy, which the repository
// keeps where go test and go vet build it.
//
// skip: a block that is no command's output, or too slow to run in a
// test; the reason says which.
//
// go test ./cmd/optbench -run TestDocs -update rewrites every sample from
// what the commands print now, so drift shows in git diff.

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
)

var updateDocs = flag.Bool("update", false, "TestDocs: rewrite the documents' samples from the commands' output")

// docFiles are the documents whose samples are tested, relative to the
// module root.
func docFiles(t *testing.T, root string) []string {
	t.Helper()
	files := []string{"README.md"}
	more, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range more {
		rel, err := filepath.Rel(root, m)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, rel)
	}
	return files
}

// docBlock is one fenced block of a document.
type docBlock struct {
	info      string // the fence's info string: "text", "go", "sh", ""
	directive string // the doctest comment directly before it, without its frame; "" when none
	line      int    // 1-based line of the opening fence
	start     int    // index of the first content line in the document's lines
	end       int    // index of the closing fence
}

var directiveRE = regexp.MustCompile(`^<!--\s*doctest:\s*(.*?)\s*-->\s*$`)

// parseBlocks finds the fenced blocks of a document. An unclosed fence is
// an error naming its line.
func parseBlocks(lines []string) ([]docBlock, error) {
	var blocks []docBlock
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "```") {
			continue
		}
		b := docBlock{info: strings.TrimSpace(strings.TrimPrefix(lines[i], "```")), line: i + 1, start: i + 1}
		if i > 0 {
			if m := directiveRE.FindStringSubmatch(lines[i-1]); m != nil {
				b.directive = m[1]
			}
		}
		j := i + 1
		for j < len(lines) && strings.TrimSpace(lines[j]) != "```" {
			j++
		}
		if j == len(lines) {
			return nil, fmt.Errorf("line %d: the block opened here is never closed", i+1)
		}
		b.end = j
		blocks = append(blocks, b)
		i = j
	}
	return blocks, nil
}

// isOutput: blocks fenced ```text (or with no info string) are sample
// output and need a directive.
func (b docBlock) isOutput() bool { return b.info == "text" || b.info == "" }

func TestDocs(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range docFiles(t, root) {
		t.Run(strings.ReplaceAll(name, "/", "_"), func(t *testing.T) {
			path := filepath.Join(root, name)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(string(data), "\n")
			blocks, err := parseBlocks(lines)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			var repl []replacement
			for k := 0; k < len(blocks); k++ {
				b := blocks[k]
				where := fmt.Sprintf("%s:%d", name, b.line)
				kind, rest, _ := strings.Cut(b.directive, " ")
				switch {
				case b.directive == "" && b.isOutput():
					t.Errorf("%s: a sample output block without a doctest directive (<!-- doctest: optbench ARGS -->, example, or skip REASON)", where)
				case b.directive == "":
					// code to read (sh, go without an example): not an output
				case kind == "skip":
					if strings.TrimSpace(rest) == "" {
						t.Errorf("%s: doctest: skip needs a reason", where)
					}
				case kind == "example":
					var out *docBlock
					if k+1 < len(blocks) && blocks[k+1].directive == "" && blocks[k+1].isOutput() {
						out = &blocks[k+1]
						k++ // checked here, with its code
					}
					if want, drift := checkExample(t, where, root, rest, lines[b.start:b.end], out, lines); drift {
						repl = append(repl, replacement{*out, want})
					}
				case kind == "file":
					if want, drift := checkFile(t, where, root, strings.TrimSpace(rest), lines[b.start:b.end]); drift {
						repl = append(repl, replacement{b, want})
					}
				case kind == "optbench" || kind == "go" || kind == "benchstat":
					if got, drift := runSample(t, where, root, b, lines[b.start:b.end]); drift {
						repl = append(repl, replacement{b, got})
					}
				default:
					t.Errorf("%s: doctest: unknown kind %q (valid: optbench, go, benchstat, example, file, skip)", where, kind)
				}
			}
			if !*updateDocs {
				return
			}
			if updated := strings.Join(applyReplacements(lines, repl), "\n"); updated != string(data) {
				if err := os.WriteFile(path, []byte(updated), 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("%s: samples rewritten", name)
			}
		})
	}
}

// replacement is a block's new content, from -update.
type replacement struct {
	b    docBlock
	want []string
}

// newContent is block b's content as -update writes it: the "$ " lines
// that show the command kept, then want; ok false when nothing changes.
func newContent(lines []string, b docBlock, want []string) ([]string, bool) {
	old := lines[b.start:b.end]
	var keep []string
	for _, l := range old {
		if !strings.HasPrefix(l, "$ ") {
			break
		}
		keep = append(keep, l)
	}
	text := append(keep, want...)
	return text, strings.Join(text, "\n") != strings.Join(old, "\n")
}

// applyReplacements returns lines with each replacement's block content
// replaced, the blocks in document order.
func applyReplacements(lines []string, repl []replacement) []string {
	for i := len(repl) - 1; i >= 0; i-- {
		r := repl[i]
		text, ok := newContent(lines, r.b, r.want)
		if !ok {
			continue
		}
		lines = append(lines[:r.b.start:r.b.start], append(text, lines[r.b.end:]...)...)
	}
	return lines
}

// sample is a parsed directive of commands.
type sample struct {
	commands []docCommand
	last     string // the last command as written, "optbench ..."
	dir      string // where go commands run, relative to the module root; "" for the temporary directory
	show     string // line ranges to keep, "" for all
	masks    []*regexp.Regexp
	slow     bool
}

// docCommand is one command of a sample.
type docCommand struct {
	tool string   // optbench, go or benchstat
	args []string // without the tool
	out  string   // the file its stdout goes to, "" for none
}

// docTools are the commands a sample may run.
var docTools = []string{"optbench", "go", "benchstat"}

func parseSample(directive string) (sample, error) {
	var s sample
	for part := range strings.SplitSeq(directive, " ; ") {
		part = strings.TrimSpace(part)
		switch {
		case part == "slow":
			s.slow = true
		case strings.HasPrefix(part, "show:"):
			s.show = strings.TrimSpace(strings.TrimPrefix(part, "show:"))
		case strings.HasPrefix(part, "mask:"):
			re, err := regexp.Compile(strings.TrimSpace(strings.TrimPrefix(part, "mask:")))
			if err != nil {
				return s, fmt.Errorf("mask: %v", err)
			}
			s.masks = append(s.masks, re)
		case strings.HasPrefix(part, "dir:"):
			s.dir = strings.TrimSpace(strings.TrimPrefix(part, "dir:"))
		case slices.Contains(docTools, strings.Fields(part + " ")[0]):
			tool, rest, _ := strings.Cut(part, " ")
			args, err := splitArgs(rest)
			if err != nil {
				return s, fmt.Errorf("%q: %v", part, err)
			}
			c := docCommand{tool: tool, args: args}
			if n := len(args); n >= 2 && args[n-2] == ">" {
				c.args, c.out = args[:n-2], args[n-1]
			}
			s.commands = append(s.commands, c)
			s.last = part
		default:
			return s, fmt.Errorf("part %q is none of: optbench ARGS, go ARGS, benchstat ARGS, dir: DIR, show: RANGES, mask: REGEXP, slow", part)
		}
	}
	if len(s.commands) == 0 {
		return s, fmt.Errorf("no command")
	}
	return s, nil
}

// splitArgs splits a command line as a POSIX shell would for the simple
// cases the documents use: words separated by spaces, with single and
// double quotes (no escapes, no variables).
func splitArgs(s string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inWord := false
	var quote rune
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				args = append(args, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unclosed quote %c", quote)
	}
	if inWord {
		args = append(args, cur.String())
	}
	return args, nil
}

// runSample runs a sample's commands and compares the last one's output
// with the block. When they differ it returns the output as the document
// should show it (after show:) and true; a block that agrees keeps its
// text, times included, so that -update rewrites only what drifted.
func runSample(t *testing.T, where, root string, b docBlock, block []string) ([]string, bool) {
	t.Helper()
	s, err := parseSample(strings.TrimSpace(b.directive))
	if err != nil {
		t.Errorf("%s: doctest: %v", where, err)
		return nil, false
	}
	if s.slow && (testing.Short() || raceEnabled) {
		t.Logf("%s: slow sample not run under -short or the race detector", where)
		return nil, false
	}
	var shown []string
	for len(block) > 0 && strings.HasPrefix(block[0], "$ ") {
		shown = append(shown, strings.TrimPrefix(block[0], "$ "))
		block = block[1:]
	}
	if len(shown) > 0 && shown[len(shown)-1] != s.last {
		t.Errorf("%s: the block shows $ %s but its directive runs %s", where, shown[len(shown)-1], s.last)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	began := time.Now()
	defer func() { t.Logf("%s: %s ran in %v", where, s.last, time.Since(began).Round(time.Millisecond)) }()
	var out string
	for i, c := range s.commands {
		var stdout, stderr bytes.Buffer
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		err := runDocCommand(ctx, t, root, dir, s.dir, c, &stdout, &stderr)
		cancel()
		if errors.Is(err, exec.ErrNotFound) {
			t.Skipf("%s: command %d (%s): %v: the go command runs this sample", where, i+1, c.tool, err)
		}
		if err != nil {
			// go test writes its failures on stdout.
			t.Errorf("%s: command %d (%s %s): %v: %s%s", where, i+1, c.tool, strings.Join(c.args, " "), err, stderr.String(), lastLines(stdout.String(), 20))
			return nil, false
		}
		out = stdout.String()
		if c.out != "" {
			if err := os.WriteFile(filepath.Join(dir, c.out), stdout.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	out = strings.ReplaceAll(out, dir+string(filepath.Separator), "")
	out = strings.ReplaceAll(out, dir, ".")
	got := strings.Split(strings.TrimRight(out, "\n"), "\n")
	got, err = selectLines(got, s.show)
	if err != nil {
		t.Errorf("%s: doctest: show: %v", where, err)
		return nil, false
	}
	diff := compareMasked(block, got, s.masks)
	if diff == "" {
		return nil, false
	}
	if !*updateDocs {
		t.Errorf("%s: the sample differs from what %s prints now (masked: times, worker counts, paths%s); %s\n(go test ./cmd/optbench -run TestDocs -update rewrites it)",
			where, s.last, map[bool]string{true: ", the directive's masks"}[len(s.masks) > 0], diff)
	}
	return got, true
}

// runDocCommand runs c: optbench in-process in the current directory (the
// sample's temporary directory, tmp), go in root/goDir (tmp when goDir is
// ""), benchstat built from the module's tool, in tmp.
func runDocCommand(ctx context.Context, t *testing.T, root, tmp, goDir string, c docCommand, stdout, stderr *bytes.Buffer) error {
	var cmd *exec.Cmd
	switch c.tool {
	case "optbench":
		if code := run(ctx, c.args, stdout, stderr); code != 0 {
			return fmt.Errorf("exit %d", code)
		}
		return nil
	case "go":
		cmd = exec.CommandContext(ctx, "go", c.args...)
		// go test -bench names a benchmark NAME-GOMAXPROCS, and GOMAXPROCS
		// follows the machine's CPUs: the samples show 2.
		cmd.Env = append(os.Environ(), "GOMAXPROCS=2")
		cmd.Dir = tmp
		if goDir != "" {
			cmd.Dir = filepath.Join(root, goDir)
		}
	case "benchstat":
		bin := filepath.Join(t.TempDir(), "benchstat")
		build := exec.CommandContext(ctx, "go", "build", "-o", bin, "golang.org/x/perf/cmd/benchstat")
		build.Dir = root
		if out, err := build.CombinedOutput(); err != nil {
			return fmt.Errorf("building the module's tool benchstat: %v: %s", err, out)
		}
		cmd = exec.CommandContext(ctx, bin, c.args...)
		cmd.Dir = tmp
	}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	return cmd.Run()
}

// lastLines is the last n lines of s.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// checkFile checks a block that shows the file path (relative to root)
// whole. When they differ it returns the file's lines and true.
func checkFile(t *testing.T, where, root, path string, block []string) ([]string, bool) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, path))
	if err != nil {
		t.Errorf("%s: doctest: file: %v", where, err)
		return nil, false
	}
	want := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if strings.Join(want, "\n") == strings.Join(block, "\n") {
		return nil, false
	}
	if !*updateDocs {
		i := 0
		for i < len(want) && i < len(block) && want[i] == block[i] {
			i++
		}
		t.Errorf("%s: the block is not %s: line %d of the block:\n  document: %s\n  file:     %s\n(go test ./cmd/optbench -run TestDocs -update copies the file)",
			where, path, i+1, lineOr(block, i), lineOr(want, i))
	}
	return want, true
}

// selectLines keeps the line ranges of spec (comma-separated FROM-TO,
// each a 1-based number, "$", or /REGEXP/), with a "..." line between
// ranges that are not adjacent.
func selectLines(lines []string, spec string) ([]string, error) {
	if spec == "" {
		return lines, nil
	}
	var out []string
	pos := 0 // the next line a range may start at
	prevEnd := -1
	for r := range strings.SplitSeq(spec, ",") {
		from, to, ok := cutRange(strings.TrimSpace(r))
		if !ok {
			return nil, fmt.Errorf("range %q is not FROM-TO", r)
		}
		a, err := lineRef(lines, from, pos)
		if err != nil {
			return nil, err
		}
		z, err := lineRef(lines, to, a)
		if err != nil {
			return nil, err
		}
		if z < a {
			return nil, fmt.Errorf("range %q ends before it starts", r)
		}
		if prevEnd >= 0 && a != prevEnd+1 {
			out = append(out, "...")
		}
		out = append(out, lines[a:z+1]...)
		pos, prevEnd = z+1, z
	}
	return out, nil
}

// cutRange splits FROM-TO at the dash that is outside a /REGEXP/.
func cutRange(r string) (string, string, bool) {
	inRE := false
	for i, c := range r {
		switch {
		case c == '/':
			inRE = !inRE
		case c == '-' && !inRE:
			return r[:i], r[i+1:], true
		}
	}
	return "", "", false
}

// lineRef is the 0-based index ref names: a 1-based number, "$" (the last
// line) or /REGEXP/ (the first line at or after from that matches).
func lineRef(lines []string, ref string, from int) (int, error) {
	switch {
	case ref == "$":
		return len(lines) - 1, nil
	case len(ref) >= 2 && ref[0] == '/' && ref[len(ref)-1] == '/':
		re, err := regexp.Compile(ref[1 : len(ref)-1])
		if err != nil {
			return 0, err
		}
		for i := from; i < len(lines); i++ {
			if re.MatchString(lines[i]) {
				return i, nil
			}
		}
		return 0, fmt.Errorf("no line from %d on matches %s", from+1, ref)
	}
	n, err := strconv.Atoi(ref)
	if err != nil || n < 1 || n > len(lines) {
		return 0, fmt.Errorf("line %q is not a number in 1..%d, $ or /REGEXP/", ref, len(lines))
	}
	return n - 1, nil
}

// durationRE matches a printed duration (Go's forms: 7.50ms, 2.50µs,
// 1m2.5s), with the interval a median carries: relative (±57%), or its
// bounds when wider than the median ([6.78ms, 42.1ms]).
var durationRE = regexp.MustCompile(`\b(?:\d+(?:\.\d+)?(?:ns|µs|us|ms|s|m|h))+(?: ±(?:\d+%|∞)| \[[^\]]*\])?`)

var (
	workersRE = regexp.MustCompile(`\bon \d+ workers?\b`)
	spacesRE  = regexp.MustCompile(`[ \t]+`)
)

// mask hides what differs from machine to machine and run to run: times
// and their intervals (then the columns under a header of times, the
// convergence table's values at time checkpoints), the number of
// workers, and the extra masks; runs of spaces are collapsed, so columns
// whose width a masked field decides still compare.
func mask(lines []string, extra []*regexp.Regexp) []string {
	out := make([]string, len(lines))
	timeCols := 0 // trailing columns headed by times, in this paragraph
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			timeCols = 0
		}
		fields := strings.Fields(l)
		if n := trailingDurations(fields); n >= 2 {
			timeCols = n
		} else if timeCols > 0 && len(fields) > timeCols {
			l = strings.Join(fields[:len(fields)-timeCols], " ") + strings.Repeat(" ~", timeCols)
		}
		if n := trailingBestAt(fields); n > 0 && timeCols == 0 {
			// whether a time differs significantly depends on the machine
			// (a row best at nothing shows "-")
			kept := slices.DeleteFunc(slices.Clone(fields[len(fields)-n:]), func(f string) bool { return f == "time" })
			if len(kept) == 0 {
				kept = []string{"-"}
			}
			l = strings.Join(append(slices.Clone(fields[:len(fields)-n]), kept...), " ")
		}
		for _, re := range extra {
			l = re.ReplaceAllString(l, "~")
		}
		l = durationRE.ReplaceAllString(l, "~")
		l = workersRE.ReplaceAllString(l, "on ~ workers")
		out[i] = strings.TrimSpace(spacesRE.ReplaceAllString(l, " "))
	}
	return out
}

// trailingBestAt counts the fields at the end of a line that name
// measures of a summary's "best at" column.
func trailingBestAt(fields []string) int {
	n := 0
	for i := len(fields) - 1; i >= 0 && (fields[i] == "f" || fields[i] == "time" || fields[i] == "evals"); i-- {
		n++
	}
	return n
}

// trailingDurations counts the fields at the end of a line that are times.
func trailingDurations(fields []string) int {
	n := 0
	for i := len(fields) - 1; i >= 0; i-- {
		if !durationRE.MatchString(fields[i]) || durationRE.FindString(fields[i]) != fields[i] {
			break
		}
		n++
	}
	return n
}

// compareMasked compares the document's lines with the output's, both
// masked; "" when they agree, else the first difference.
func compareMasked(doc, got []string, extra []*regexp.Regexp) string {
	md, mg := mask(doc, extra), mask(got, extra)
	for i := 0; i < len(md) || i < len(mg); i++ {
		var d, g string
		if i < len(md) {
			d = md[i]
		}
		if i < len(mg) {
			g = mg[i]
		}
		if d != g {
			return fmt.Sprintf("line %d of the block:\n  document: %s\n  now:      %s", i+1, lineOr(doc, i), lineOr(got, i))
		}
	}
	return ""
}

func lineOr(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(no line)"
}

// checkExample checks a ```go block against the Example that runs it and
// the output block after it against the Example's // Output. When the
// output block differs it returns the Output's lines and true.
func checkExample(t *testing.T, where, root, rest string, code []string, out *docBlock, lines []string) ([]string, bool) {
	t.Helper()
	f := strings.Fields(rest)
	if len(f) != 2 {
		t.Errorf("%s: doctest: example needs a package directory and an Example name, got %q", where, rest)
		return nil, false
	}
	src, output, err := exampleSource(filepath.Join(root, f[0]), f[1])
	if err != nil {
		t.Errorf("%s: doctest: %v", where, err)
		return nil, false
	}
	want := codeLines(code, true)
	have := codeLines(src, false)
	if len(want) == 0 {
		t.Errorf("%s: the block has no code to check", where)
	} else if !containsRun(have, want) {
		i := firstMissing(have, want)
		t.Errorf("%s: the block's code is not %s's in %s: from %q on it differs", where, f[1], f[0], want[i])
	}
	if out == nil {
		return nil, false
	}
	doc := trimRight(lines[out.start:out.end])
	if strings.Join(doc, "\n") == strings.Join(output, "\n") {
		return nil, false
	}
	if !*updateDocs {
		t.Errorf("%s:%d: the output block is not %s's // Output:\n  document:\n%s\n  Output:\n%s",
			where[:strings.LastIndex(where, ":")], out.line, f[1], strings.Join(doc, "\n"), strings.Join(output, "\n"))
	}
	return output, true
}

// exampleSource reads the Example function name from the _test.go files
// of dir: its source lines and its // Output lines.
func exampleSource(dir, name string) ([]string, []string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	if err != nil {
		return nil, nil, err
	}
	fset := token.NewFileSet()
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, nil, err
		}
		af, err := parser.ParseFile(fset, file, data, parser.ParseComments)
		if err != nil {
			return nil, nil, err
		}
		for _, d := range af.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Name.Name != name || fd.Recv != nil {
				continue
			}
			from, to := fset.Position(fd.Pos()).Offset, fset.Position(fd.End()).Offset
			src := strings.Split(string(data[from:to]), "\n")
			var output []string
			for _, cg := range af.Comments {
				if cg.Pos() < fd.Body.Lbrace || cg.End() > fd.Body.Rbrace {
					continue
				}
				text := cg.Text()
				if rest, ok := strings.CutPrefix(text, "Output:"); ok {
					output = trimRight(strings.Split(strings.TrimSpace(rest), "\n"))
				}
			}
			if output == nil {
				return nil, nil, fmt.Errorf("%s in %s has no // Output", name, dir)
			}
			return src, output, nil
		}
	}
	return nil, nil, fmt.Errorf("no func %s in %s/*_test.go", name, dir)
}

var lineCommentRE = regexp.MustCompile(`\s+//.*$`)

// codeLines normalizes Go source for comparison: each line trimmed, line
// comments and blank lines dropped; for a document's block (frame true)
// also the package clause, the imports and func main's first and last
// lines, which an Example does not have.
func codeLines(src []string, frame bool) []string {
	var out []string
	inImport := false
	for _, l := range src {
		l = strings.TrimSpace(lineCommentRE.ReplaceAllString(l, ""))
		switch {
		case l == "" || strings.HasPrefix(l, "//"):
			continue
		case frame && strings.HasPrefix(l, "package "):
			continue
		case frame && l == "import (":
			inImport = true
			continue
		case frame && inImport:
			inImport = l != ")"
			continue
		case frame && strings.HasPrefix(l, "import "):
			continue
		}
		out = append(out, l)
	}
	if frame && len(out) >= 2 && out[0] == "func main() {" && out[len(out)-1] == "}" {
		out = out[1 : len(out)-1]
	}
	return out
}

// containsRun reports whether want appears in have as consecutive lines.
func containsRun(have, want []string) bool {
	for i := 0; i+len(want) <= len(have); i++ {
		if equalLines(have[i:i+len(want)], want) {
			return true
		}
	}
	return false
}

func equalLines(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// firstMissing is the index of the first line of want where the longest
// match of want's beginning in have stops.
func firstMissing(have, want []string) int {
	best := 0
	for i := range have {
		n := 0
		for n < len(want) && i+n < len(have) && have[i+n] == want[n] {
			n++
		}
		best = max(best, n)
	}
	return min(best, len(want)-1)
}

func trimRight(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = strings.TrimRight(l, " \t")
	}
	return out
}

// TestDocHelpers checks the pieces TestDocs relies on, so that a document
// cannot pass by a fault of the comparison.
func TestDocHelpers(t *testing.T) {
	t.Run("splitArgs", func(t *testing.T) {
		for _, c := range []struct {
			in   string
			want []string
			bad  bool
		}{
			{in: " -starts 20", want: []string{"-starts", "20"}},
			{in: "-methods 'BFGS[linesearch=bisection|more-thuente],CG' -out d", want: []string{"-methods", "BFGS[linesearch=bisection|more-thuente],CG", "-out", "d"}},
			{in: `-a "x y" ''`, want: []string{"-a", "x y", ""}},
			{in: "-a 'x", bad: true},
		} {
			got, err := splitArgs(c.in)
			if (err != nil) != c.bad || (!c.bad && !slices.Equal(got, c.want)) {
				t.Errorf("splitArgs(%q) = %q, %v; want %q (error: %v)", c.in, got, err, c.want, c.bad)
			}
		}
	})
	t.Run("selectLines", func(t *testing.T) {
		lines := []string{"a", "b", "c", "Over all", "d", "e"}
		for _, c := range []struct {
			spec string
			want []string
			bad  bool
		}{
			{spec: "", want: lines},
			{spec: "1-2", want: []string{"a", "b"}},
			{spec: "1-2,3-$", want: lines},
			{spec: "1-1,/^Over/-$", want: []string{"a", "...", "Over all", "d", "e"}},
			{spec: "2-1", bad: true},
			{spec: "1-9", bad: true},
			{spec: "/^none/-$", bad: true},
			{spec: "3", bad: true},
		} {
			got, err := selectLines(lines, c.spec)
			if (err != nil) != c.bad || (!c.bad && !slices.Equal(got, c.want)) {
				t.Errorf("selectLines(%q) = %q, %v; want %q (error: %v)", c.spec, got, err, c.want, c.bad)
			}
		}
	})
	t.Run("compareMasked", func(t *testing.T) {
		for _, c := range []struct {
			name      string
			doc, got  []string
			masks     []string
			wantEqual bool
		}{
			{name: "times and their widths", doc: []string{"BFGS  success  0.4931  46  524µs  11.4µs"}, got: []string{"BFGS  success  0.4931  46   1.2ms   26.1µs"}, wantEqual: true},
			{name: "a number", doc: []string{"BFGS  success  0.4931  46  524µs"}, got: []string{"BFGS  success  0.4932  46  524µs"}},
			{name: "a status", doc: []string{"BFGS  success  0.4931"}, got: []string{"BFGS  maxiter  0.4931"}},
			{name: "workers and run time", doc: []string{"samples); 12 runs in 177ms on 2 workers."}, got: []string{"samples); 12 runs in 1.5s on 1 worker."}, wantEqual: true},
			{name: "run count", doc: []string{"12 runs in 177ms on 2 workers."}, got: []string{"13 runs in 177ms on 2 workers."}},
			{name: "median time with its interval", doc: []string{"431  667.5  2.78ms ±39%  1  0.0%  f time"}, got: []string{"431  667.5  17.7ms ±93%  1  0.0%  f"}, wantEqual: true},
			{name: "best at f is not masked", doc: []string{"431  2.78ms ±39%  1  0.0%  f"}, got: []string{"431  2.78ms ±39%  1  0.0%  -"}},
			{name: "best at time only", doc: []string{"3000  8.17ms ±21%  -  0.0%  -"}, got: []string{"3000  11.5ms ±21%  -  0.0%  time"}, wantEqual: true},
			{
				name:      "columns under a header of times",
				doc:       []string{"method  end  1.00ms  10.0ms", "BFGS   0.124  0.148  0.124", "", "BFGS 0.124"},
				got:       []string{"method  end  1.00ms  10.0ms", "BFGS   0.124  0.175  0.131", "", "BFGS 0.124"},
				wantEqual: true,
			},
			{
				name: "a column before the times",
				doc:  []string{"method  end  1.00ms  10.0ms", "BFGS   0.124  0.148  0.124"},
				got:  []string{"method  end  1.00ms  10.0ms", "BFGS   0.125  0.148  0.124"},
			},
			{
				name: "the times' mask ends with the paragraph",
				doc:  []string{"method  end  1.00ms  10.0ms", "", "BFGS   0.124  0.148  0.124"},
				got:  []string{"method  end  1.00ms  10.0ms", "", "BFGS   0.124  0.175  0.131"},
			},
			{name: "a time's interval as its bounds", doc: []string{"717.5  1787  38.9ms ±94%  4  10.0%  f"}, got: []string{"717.5  1787  15.1ms [6.78ms, 42.1ms]  4  10.0%  f time"}, wantEqual: true},
			{name: "an extra mask", doc: []string{"time_s  2.93ms ±9%  ~  p=0.584"}, got: []string{"time_s  3.1ms ±9%  +5%  p=0.001"}, masks: []string{`time_s .*`}, wantEqual: true},
			{name: "a line more", doc: []string{"a"}, got: []string{"a", "b"}},
		} {
			var res []*regexp.Regexp
			for _, m := range c.masks {
				res = append(res, regexp.MustCompile(m))
			}
			diff := compareMasked(c.doc, c.got, res)
			if (diff == "") != c.wantEqual {
				t.Errorf("%s: compareMasked(%q, %q) = %q; want equal: %v", c.name, c.doc, c.got, diff, c.wantEqual)
			}
		}
	})
	t.Run("code", func(t *testing.T) {
		example := []string{
			"func ExampleX() {",
			"\tx := 1 // one",
			"",
			"\tfmt.Println(x)",
			"\t// Output:",
			"\t// 1",
			"}",
		}
		for _, c := range []struct {
			name  string
			block []string
			want  bool
		}{
			{name: "body", block: []string{"x := 1", "fmt.Println(x)"}, want: true},
			{name: "a program", block: []string{"package main", "", "import (", "\t\"fmt\"", ")", "", "func main() {", "\tx := 1 // a comment of its own", "\tfmt.Println(x)", "}"}, want: true},
			{name: "another value", block: []string{"x := 2", "fmt.Println(x)"}},
			{name: "a line more", block: []string{"x := 1", "x++", "fmt.Println(x)"}},
			{name: "comments only", block: []string{"// nothing"}},
		} {
			want := codeLines(c.block, true)
			got := len(want) > 0 && containsRun(codeLines(example, false), want)
			if got != c.want {
				t.Errorf("%s: the block %q found in the example: %v; want %v", c.name, c.block, got, c.want)
			}
		}
	})
	t.Run("parseBlocks", func(t *testing.T) {
		doc := strings.Split("text\n<!-- doctest: optbench -starts 3 -->\n```text\nout\n```\n\n```go\nx\n```", "\n")
		blocks, err := parseBlocks(doc)
		if err != nil || len(blocks) != 2 {
			t.Fatalf("parseBlocks: %d blocks, %v; want 2", len(blocks), err)
		}
		if b := blocks[0]; b.directive != "optbench -starts 3" || !b.isOutput() || b.line != 3 || !slices.Equal(doc[b.start:b.end], []string{"out"}) {
			t.Errorf("first block %+v", b)
		}
		if b := blocks[1]; b.directive != "" || b.isOutput() {
			t.Errorf("second block %+v: a go block without a directive", b)
		}
		if _, err := parseBlocks([]string{"```text", "out"}); err == nil {
			t.Error("an unclosed block was accepted")
		}
	})
	t.Run("update", func(t *testing.T) {
		doc := strings.Split("a\n```text\n$ optbench x\nold 1\nold 2\n```\nb\n```text\nkeep\n```", "\n")
		blocks, err := parseBlocks(doc)
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Join(applyReplacements(slices.Clone(doc), []replacement{{blocks[0], []string{"new"}}}), "\n")
		if want := "a\n```text\n$ optbench x\nnew\n```\nb\n```text\nkeep\n```"; got != want {
			t.Errorf("applyReplacements:\n%s\nwant\n%s", got, want)
		}
	})
}

var (
	linkRE    = regexp.MustCompile(`\]\(([^)\s]+)\)`)
	headingRE = regexp.MustCompile(`(?m)^#+ (.+)$`)
)

// slug is the anchor GitHub gives a heading: lower case, letters, digits,
// spaces, hyphens and underscores kept, spaces made hyphens.
func slug(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TestDocLinks checks that every relative link of README.md and docs/*.md
// names a file of the repository, and a heading of it when it has a #.
func TestDocLinks(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	anchors := map[string]map[string]bool{}
	anchorsOf := func(path string) map[string]bool {
		if a, ok := anchors[path]; ok {
			return a
		}
		a := map[string]bool{}
		if data, err := os.ReadFile(path); err == nil {
			for _, m := range headingRE.FindAllStringSubmatch(string(data), -1) {
				a[slug(m[1])] = true
			}
		}
		anchors[path] = a
		return a
	}
	for _, name := range docFiles(t, root) {
		path := filepath.Join(root, name)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range linkRE.FindAllStringSubmatch(string(data), -1) {
			link := m[1]
			if strings.Contains(link, "://") || strings.HasPrefix(link, "mailto:") {
				continue
			}
			file, frag, _ := strings.Cut(link, "#")
			target := path
			if file != "" {
				target = filepath.Join(filepath.Dir(path), file)
			}
			if _, err := os.Stat(target); err != nil {
				t.Errorf("%s: link %s: no such file", name, link)
				continue
			}
			if frag != "" && strings.HasSuffix(target, ".md") && !anchorsOf(target)[frag] {
				t.Errorf("%s: link %s: no heading of %s has the anchor #%s", name, link, file, frag)
			}
		}
	}
}
