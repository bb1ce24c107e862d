//go:build race

package scipy

// raceEnabled is whether the tests run under the race detector, which
// makes the exact O(n^3) BFGS products some ten times slower.
const raceEnabled = true
