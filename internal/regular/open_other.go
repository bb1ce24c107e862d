//go:build !unix

package regular

import (
	"fmt"
	"os"
)

// Open opens a file for reading, refusing anything but a
// regular file.
func Open(name string) (*os.File, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file (%s)", name, kind(fi.Mode()))
	}
	return os.Open(name)
}
