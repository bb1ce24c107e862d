package coco

import "strconv"

// Log is what COCO's bbob logger kept of one run: the lines of its .dat,
// .tdat and .rdat files and the final state that closes them. Its size is
// bounded by COCO's triggers (about 20 lines per decade of Δf and of
// evaluations, one per restart), not by the number of evaluations. It encodes
// to JSON with the snake_case keys below; every number in it is finite.
type Log struct {
	// Evaluations is the number of f evaluations of the run.
	Evaluations int64 `json:"evaluations"`
	// Best is the best f seen, never below f_opt (COCO logs max(f, f_opt)).
	Best float64 `json:"best_f"`
	// BestX is the point of Best, for fewer than 7 variables (else empty).
	BestX []float64 `json:"best_x,omitempty"`
	// Dat holds the target-triggered lines, Tdat the evaluation-triggered
	// ones, Rdat the first evaluation after each restart.
	Dat  Lines `json:"dat"`
	Tdat Lines `json:"tdat"`
	Rdat Lines `json:"rdat"`
	// RestartsLeftOut counts the restarts past MaxRestartLines, whose .rdat
	// lines are not kept.
	RestartsLeftOut int64 `json:"restarts_left_out,omitempty"`
}

// Lines are lines of one COCO data file, column by column: line i is
// evaluation Evaluations[i], with f = F[i] and best f so far Best[i]. F and
// Best are as COCO logs them: NaN as 2e21, infinities as 3e21. X holds the
// points row after row (dim values a line) for fewer than 7 variables, and
// is empty otherwise, as COCO logs x only then.
type Lines struct {
	Evaluations []int64   `json:"evaluations"`
	F           []float64 `json:"f"`
	Best        []float64 `json:"best_f"`
	X           []float64 `json:"x,omitempty"`
}

// Len is the number of lines.
func (l *Lines) Len() int { return len(l.Evaluations) }

func (l *Lines) add(n int64, f, best float64, x []float64, logX bool) {
	l.Evaluations = append(l.Evaluations, n)
	l.F = append(l.F, f)
	l.Best = append(l.Best, best)
	if logX {
		k := len(l.X)
		l.X = append(l.X, x...)
		copyLogged(l.X[k:], x)
	}
}

// printed is v as COCO's "%+10.9e" prints it, read back: what cocopp reads.
func printed(v float64) float64 {
	var buf [32]byte
	p, err := strconv.ParseFloat(string(strconv.AppendFloat(buf[:0], v, 'e', 9, 64)), 64)
	if err != nil {
		return v // not reached: AppendFloat's output always parses
	}
	return p
}
