package bench

import (
	"math"
	"strconv"
)

// RunsTable is the table of single runs: one row per run.
func RunsTable(runs []Run, withStart bool) Table {
	t := Table{
		Title:  "Runs",
		Header: []string{"method", "gradient"},
		Keys:   []string{"method", "label", "gradient"},
	}
	if withStart {
		t.Header = append(t.Header, "start")
		t.Keys = append(t.Keys, "start")
	}
	t.Header = append(t.Header, "status", "train loss", "test loss", "train acc", "test acc", "nit", "nfev", "njev", "time", "time/iter")
	t.Keys = append(t.Keys, "status", "fun", "test_fun", "train_acc", "test_acc", "nit", "nfev", "njev", "time_s", "time_per_iter_s")
	t.Numeric = make([]bool, len(t.Header))
	for i := range t.Numeric {
		t.Numeric[i] = i > len(t.Header)-10
	}
	for _, r := range runs {
		res := r.Result
		row := []string{r.Label, string(r.Gradient)}
		if withStart {
			row = append(row, strconv.Itoa(r.Start))
		}
		rawRow := append([]string{r.Method}, row...)
		perIter := math.NaN()
		if res.Nit > 0 {
			perIter = res.Runtime.Seconds() / float64(res.Nit)
		}
		nit, nfev, njev := strconv.Itoa(res.Nit), strconv.Itoa(res.Nfev), strconv.Itoa(res.Njev)
		row = append(row, res.Status.String(), formatSig(res.Fun, 4), formatSig(r.TestFun, 4),
			formatPercent(r.TrainAcc), formatPercent(r.TestAcc), nit, nfev, njev,
			formatDuration(res.Runtime), formatSeconds(perIter))
		rawRow = append(rawRow, res.Status.String(), raw(res.Fun), raw(r.TestFun), raw(r.TrainAcc), raw(r.TestAcc),
			nit, nfev, njev, raw(res.Runtime.Seconds()), raw(perIter))
		t.Rows = append(t.Rows, row)
		t.Raw = append(t.Raw, rawRow)
	}
	return t
}

// SummaryTable shows one row per method and gradient mode, in the order of
// sums (by median time to target).
func SummaryTable(sums []Summary) Table {
	t := Table{
		Title: "Summary over starts (medians unless named otherwise)",
		Header: []string{"method", "gradient", "starts", "success", "target", "best loss", "median loss", "worst loss",
			"test loss", "test acc", "nit", "nfev", "njev", "time", "to target", "nfev to target", "minima", "at best"},
		Keys: []string{"method", "label", "gradient", "starts", "success_frac", "target_frac", "best_fun", "median_fun", "worst_fun",
			"median_test_fun", "median_test_acc", "median_nit", "median_nfev", "median_njev", "median_time_s",
			"median_time_to_target_s", "median_nfev_to_target", "minima", "at_best_frac"},
	}
	t.Numeric = make([]bool, len(t.Header))
	for i := 2; i < len(t.Numeric); i++ {
		t.Numeric[i] = true
	}
	for _, s := range sums {
		minima := strconv.Itoa(s.Minima)
		if s.Success == 0 {
			minima = "-"
		}
		t.Rows = append(t.Rows, []string{s.Label, string(s.Gradient), strconv.Itoa(s.Starts),
			formatPercent(s.Success), formatPercent(s.Reached),
			formatSig(s.BestLoss, 4), formatSig(s.MedianLoss, 4), formatSig(s.WorstLoss, 4),
			formatSig(s.MedianTestLoss, 4), formatPercent(s.MedianTestAcc),
			formatCount(s.MedianNit), formatCount(s.MedianNfev), formatCount(s.MedianNjev),
			formatSeconds(s.MedianTime), formatSeconds(s.MedianToTarget), formatCount(s.MedianNfevTarget),
			minima, formatPercent(s.AtBest)})
		t.Raw = append(t.Raw, []string{s.Method, s.Label, string(s.Gradient), strconv.Itoa(s.Starts),
			raw(s.Success), raw(s.Reached), raw(s.BestLoss), raw(s.MedianLoss), raw(s.WorstLoss),
			raw(s.MedianTestLoss), raw(s.MedianTestAcc), raw(s.MedianNit), raw(s.MedianNfev), raw(s.MedianNjev),
			raw(s.MedianTime), rawReached(s.MedianToTarget), rawReached(s.MedianNfevTarget), strconv.Itoa(s.Minima), raw(s.AtBest)})
	}
	return t
}

// ConvergenceTable shows the median loss after 1, 10, 100 and 1000
// iterations, at the end, and after 1 ms, 10 ms, 100 ms and 1 s of solver
// time.
func ConvergenceTable(rows []Convergence) Table {
	t := Table{
		Title:  "Convergence: median loss over starts",
		Header: []string{"method", "gradient"},
		Keys:   []string{"method", "label", "gradient"},
	}
	for _, k := range IterCheckpoints {
		t.Header = append(t.Header, "iter "+strconv.Itoa(k))
		t.Keys = append(t.Keys, "fun_iter_"+strconv.Itoa(k))
	}
	t.Header = append(t.Header, "end")
	t.Keys = append(t.Keys, "fun_end")
	for _, d := range TimeCheckpoints {
		t.Header = append(t.Header, formatDuration(d))
		t.Keys = append(t.Keys, "fun_time_"+raw(d.Seconds())+"s")
	}
	t.Numeric = make([]bool, len(t.Header))
	for i := 2; i < len(t.Numeric); i++ {
		t.Numeric[i] = true
	}
	for _, c := range rows {
		row := []string{c.Label, string(c.Gradient)}
		rawRow := []string{c.Method, c.Label, string(c.Gradient)}
		for _, v := range append(append(append([]float64(nil), c.AtIter...), c.AtEnd), c.AtTime...) {
			row = append(row, formatSig(v, 4))
			rawRow = append(rawRow, raw(v))
		}
		t.Rows = append(t.Rows, row)
		t.Raw = append(t.Raw, rawRow)
	}
	return t
}

// formatCount formats a median count: whole numbers as such, halves with
// one decimal, "-" for NaN or +Inf.
func formatCount(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "-"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// rawReached is raw for a time or count to target: empty, not inf, when
// the target was not reached.
func rawReached(v float64) string {
	if math.IsInf(v, 1) {
		return ""
	}
	return raw(v)
}
