// Package layering holds the test that keeps optbench's packages in
// layers: each package imports only packages of lower layers, so that
// data flows one way, from the objective and the solvers through the
// stages of bench to the command. It has no code of its own.
package layering
