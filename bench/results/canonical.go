package results

import (
	"strings"

	"github.com/optbench/optbench/solvers"
)

// canonical is a method's name and label as this optbench spells them:
// results written before a method was renamed (Powell is scipy:Powell
// since the scipy ports all took the scipy: prefix) name it by what is now
// an alias, and are read as if they had its canonical name, so that they
// still resume and merge with the runs of today. Names no method has are
// left as they are.
func canonical(method, label string) (string, string) {
	m, err := solvers.Default.Lookup(method)
	if err != nil || m.Name == method || !strings.HasPrefix(label, method) {
		return method, label
	}
	return m.Name, m.Name + strings.TrimPrefix(label, method)
}

// canonicalize gives rec its method's canonical name, in its label and
// run id too. Records of other engines keep their names: they are that
// library's own ("Newton-CG" is scipy's, not optbench's alias of it).
func (rec *Record) canonicalize() {
	if rec.Engine != "" && rec.Engine != "optbench" {
		return
	}
	method, label := canonical(rec.Method, rec.Label)
	if method == rec.Method {
		return
	}
	old := "/" + rec.Label + "/"
	if i := strings.Index(rec.RunID, old); i >= 0 && rec.RunID[:i] == rec.Problem {
		rec.RunID = rec.Problem + "/" + label + "/" + rec.RunID[i+len(old):]
	}
	rec.Method, rec.Label = method, label
}
