// Package regular opens the files optbench reads (data sets, results)
// safely: a named pipe, a device or a directory at the name is refused at
// once, before any read could block or run forever.
package regular
