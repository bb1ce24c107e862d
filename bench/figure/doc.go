// Package figure draws a sweep's figures with gonum/plot, as PNG or SVG:
// for a sweep of one problem, f - f* by iteration and by solver time
// (medians over starts with a 20-80 % band) and every start's final value;
// for every sweep, the runtime ECDFs and the performance and data
// profiles, but of problems whose targets are left out
// (analysis.Circular: f* only the best value reached, too few starts).
// Figures draws them from an analysis, then each problem's own
// (bench.Problem.Figures); Names lists the files they go to. New and Plot
// make figures for families, SeriesColor keeps their colours those of the
// generic figures, and LinearTicks their linear axes' labels short (250,
// not 250.00).
//
// Series i has the same style in every figure: one of 12 colours in three
// lightness tiers paired with one of four dash patterns, so that 12 series
// stay apart in colour and in grey print.
package figure
