# Figure 4: the beta-VAE (lambda = 0) against beta: one panel per metric of figures/deep_metrics.gp
# (reconstruction, SAP and MIG), one curve per dataset, mean ± 1 sample std over seeds as a band.
# Data: fig4.tsv (pipeline/aggregate), one block per dataset; columns read by name: beta, n and
# each metric's _mean and _std.
load style
set datafile separator "\t"
datasets_file = fig4
load "figures/datasets.gp"
load "figures/deep_metrics.gp"
call "figures/require_columns.gp" fig4 "beta n ".plotted_columns
h = header(fig4)
stats fig4 every ::0::0 using (seeds = column(col(h, "n")), 0) nooutput

set multiplot layout 1, num_metrics margins 0.095, 0.99, 0.25, 0.88 spacing 0.115, 0
set tics font body_font
set xtics font small_font  # up to nine betas (the paper's 1 .. 256) on a 2 in axis
set logscale x 2
set offsets graph 0.04, graph 0.04, graph 0.06, graph 0.06
set xlabel "β" font body_font offset 0, 0.7
set key top left reverse Left samplen 1.5 spacing 0.9 font small_font
# A footnote, drawn once (like the stamp).
set label 1 sprintf("λ = 0; β on a log axis; lines: mean over %d seed%s, bands: ± 1 std", \
                    seeds, seeds == 1 ? "" : "s") \
  at screen 0.005, footnote_y left font small_font tc rgb "#444444"
# style's point sizes suit the PNG; the PDF's points would be about twice as large.
point_size = (term eq "pdf") ? 0.45 : 0.8
beta = col(h, "beta")
do for [k=1:num_metrics] {
  mean = col(h, word(plotted_metrics, k) . "_mean")
  std = col(h, word(plotted_metrics, k) . "_std")
  set title sprintf("(%s) %s", word("a b c d e f g h", k), word(metric_titles, k)) \
    font title_font offset 0, -0.5
  # A y label at a fixed distance from the axis, clear of five-character tick labels (0.125):
  # gnuplot's own ylabel lands on the neighbouring panel in a multiplot with fixed margins.
  set label 2 word(metric_labels, k) at graph 0, 0.5 center rotate by 90 offset -6, 0 \
    font body_font
  # The first panel holds the key. A band reaching below a metric's floor (0 for the scores)
  # is cut by the axis.
  if (k > 1) { set key off }
  floor = word(metric_floors, k)
  if (floor eq "*") { set yrange [*:*] } else { set yrange [real(floor):*] }
  plot for [d=0:num_datasets-1] fig4 index d \
         using (column(beta)):(column(mean) - column(std)):(column(mean) + column(std)) \
         with filledcurves lc d + 1 fs transparent solid 0.2 noborder notitle, \
       for [d=0:num_datasets-1] fig4 index d using (column(beta)):(column(mean)):xtic(strcol(beta)) \
         with linespoints lt d + 1 \
         lw 1.2 ps point_size title dataset_names[d + 1]
  unset label 99
  unset label 1
}
unset multiplot
