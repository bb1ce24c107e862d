// Package core is what every optimizer of optbench shares: the Problem a
// run minimizes, the Options and Result of a run, the Method and the
// Registry that holds methods by name, the counting evaluator behind
// Search, the run loop of MinimizeContext, and the adapters that drive
// gonum's pieces (LinesearchRun, GonumRun) and first-order updates
// (RunUpdates). The method families (solvers/gonum, solvers/scipy,
// solvers/torch) import it and nothing else of optbench, and package solvers, the entry point, gathers
// them into its Default registry and gives core's names as its own.
//
// Import solvers to minimize; import core to write a family of methods.
// A family's methods are core.Method values whose Run loop sees the run
// through a *Search: it evaluates with Func, Grad, FuncGrad, Hess and
// HessVec (every call counted where it happens, finite differences
// included), hands each iterate to Iterate or Step, and ends the run with
// End or EndMessage. The Search's read-only view of the run (Options, Dim,
// Nit, Nfev, Last, Started, Ended, Batched, HasHess) and its few
// adjustments (Record, Amend, TakeOverMaxFev, SetHessStep) are what the
// built-in families needed of it, each documented with its contract.
//
// core has no registry of its own: MinimizeContext needs
// Options.Registry, which solvers.Minimize sets to solvers.Default.
// The errors keep the "solvers:" prefix of the package users import.
package core
