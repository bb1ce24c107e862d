package table

// field is a column with the function that gives its value in the row of
// an x of type T. A table builder lists its fields, each declared beside
// its value, so that adding a column is one edit.
type field[T any] struct {
	Column
	value func(x T) any
}

// build is the table of xs, one row each, with the fields' columns.
func build[T any](title string, fields []field[T], xs []T) Table {
	t := Table{Title: title}
	for _, f := range fields {
		t.Columns = append(t.Columns, f.Column)
	}
	for _, x := range xs {
		row := make([]any, len(fields))
		for i, f := range fields {
			row[i] = f.value(x)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// made is build's table with its rows made as they are read (Made), each
// from its x: for the tables of one row a run, which a large sweep would
// otherwise hold whole.
func made[T any](title, file string, fields []field[T], xs []T) Table {
	cols := make([]Column, len(fields))
	for i, f := range fields {
		cols[i] = f.Column
	}
	return Made(title, file, cols, len(xs), func(i int, dst []any) []any {
		if cap(dst) < len(fields) {
			dst = make([]any, len(fields))
		}
		dst = dst[:len(fields)]
		for j, f := range fields {
			dst[j] = f.value(xs[i])
		}
		return dst
	})
}

// forPeople is c shown to people only when show, to machines always.
func forPeople(c Column, show bool) Column {
	if !show {
		c.Name = ""
	}
	return c
}
