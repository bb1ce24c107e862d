// Package figure draws a sweep's figures with gonum/plot, as PNG or SVG:
// for a sweep of one problem, f - f* by iteration and by solver time
// (medians over starts with a 20-80 % band) and every start's final value;
// for every sweep, the runtime ECDFs and the performance and data
// profiles. Figures draws them from an analysis, then each problem's own
// (bench.Problem.Figures); Names lists the files they go to. New and Plot
// make figures for families, and SeriesColor keeps their colours those of
// the generic figures.
package figure
