//go:build !unix

package main

import (
	"fmt"
	"os"
)

// openRegular opens a data file for reading, refusing anything but a
// regular file.
func openRegular(name string) (*os.File, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file (%s): give a CSV file", name, kind(fi.Mode()))
	}
	return os.Open(name)
}
