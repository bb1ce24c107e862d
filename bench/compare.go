package bench

import (
	"math"
	"strconv"
)

// RunsTable is the comparison table: one row per run.
func RunsTable(runs []Run, withStart bool) Table {
	t := Table{Header: []string{"method", "gradient"}}
	if withStart {
		t.Header = append(t.Header, "start")
	}
	t.Header = append(t.Header, "status", "train loss", "test loss", "train acc", "test acc", "nit", "nfev", "njev", "time", "time/iter")
	t.Numeric = make([]bool, len(t.Header))
	for i := range t.Numeric {
		t.Numeric[i] = i >= len(t.Header)-10 && t.Header[i] != "status"
	}
	for _, r := range runs {
		res := r.Result
		row := []string{r.Method, r.Gradient}
		if withStart {
			row = append(row, strconv.Itoa(r.Start))
		}
		perIter := math.NaN()
		if res.Nit > 0 {
			perIter = res.Runtime.Seconds() / float64(res.Nit)
		}
		row = append(row,
			res.Status.String(),
			formatSig(res.Fun, 4),
			formatSig(r.TestFun, 4),
			formatPercent(r.TrainAcc),
			formatPercent(r.TestAcc),
			strconv.Itoa(res.Nit),
			strconv.Itoa(res.Nfev),
			strconv.Itoa(res.Njev),
			formatDuration(res.Runtime),
			formatSeconds(perIter),
		)
		t.Rows = append(t.Rows, row)
	}
	return t
}
