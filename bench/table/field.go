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

// forPeople is c shown to people only when show, to machines always.
func forPeople(c Column, show bool) Column {
	if !show {
		c.Name = ""
	}
	return c
}
