# Learning curves of the deep study: BCE, KL, MIG and SAP of held-out evaluations against training
# steps, for the config's learning_curve_beta (every chunk's checkpoint is scored). One colour per
# beta; solid: lambda = 0 (the beta-VAE, phase 1 and its phase-2 continuation), dashed: lambda > 0
# (phase 2 from phase 1's final checkpoint). Bars: ± 1 sample std over seeds.
# Data: learning_curves.tsv (pipeline/aggregate/learning_curves.h), columns read by name, one
# data block per (dataset, beta, lambda).
load style
set datafile separator "\t"
call "figures/require_columns.gp" curves "beta lambda steps phase seeds bce bce_sd kl kl_sd mig mig_sd sap sap_sd"
h = header(curves)
rows = int(system(sprintf("grep -vc -e '^#' -e '^$' '%s' || true", curves)))
if (rows == 0) {
  # A tier without learning_curve_beta: say so instead of an empty plot.
  set multiplot
  set label 1 "This tier's config lists no learning_curve_beta: no learning curves." \
    at screen 0.5, 0.5 center font title_font
  plot [0:1][0:1] NaN notitle
  unset multiplot
  exit
}
stats curves using (column(col(h, "steps"))) nooutput
blocks = STATS_blocks
max_steps = STATS_max
stats curves using (column(col(h, "phase")) == 1 ? column(col(h, "steps")) : NaN) nooutput
phase1_end = STATS_max
stats curves using (column(col(h, "seeds"))) nooutput
seeds = int(STATS_max)

# Per block: its beta, lambda and colour (one per distinct beta, in order).
array beta_of[blocks]
array lambda_of[blocks]
array colour_of[blocks]
colours = 0
do for [i=1:blocks] {
  stats curves index (i - 1) using (beta_of[i] = column(col(h, "beta")), \
                                    lambda_of[i] = column(col(h, "lambda"))) nooutput
  if (i == 1 || beta_of[i] != beta_of[i - 1]) { colours = colours + 1 }
  colour_of[i] = colours
}

set multiplot layout 2, 2 margins 0.09, 0.97, 0.12, 0.86 spacing 0.1, 0.17
set tics font small_font
set xlabel "training steps (thousands)" font small_font offset 0, 0.8
set xrange [0:max_steps / 1000.0 * 1.03]
set arrow 1 from phase1_end / 1000.0, graph 0 to phase1_end / 1000.0, graph 1 nohead \
  dt 3 lc rgb "#888888" lw 0.8
# The note goes top left, beside the legend: the bottom edge holds the stamp.
set label 1 sprintf("dashed: λ > 0 (phase 2, after\nthe dotted line); bars: ± 1 std\nover %d seed%s", \
                    seeds, seeds == 1 ? "" : "s") at screen 0.005, screen 0.985 left \
  font small_font tc rgb "#444444"
point_size = (term eq "pdf") ? 0.35 : 0.6
titles = "'(a) Reconstruction' '(b) KL' '(c) MIG' '(d) SAP'"
labels = "'BCE (nats per image)' 'KL (nats per image)' 'MIG' 'SAP score'"
metrics = "bce kl mig sap"
dash(i) = lambda_of[i] == 0 ? 1 : 2
curve_title(i) = lambda_of[i] == 0 ? sprintf("β = %g", beta_of[i]) \
                                   : sprintf("β = %g, λ = %g", beta_of[i], lambda_of[i])
do for [k=1:4] {
  m = word(metrics, k)
  set title word(titles, k) font title_font offset 0, -0.5
  set label 2 word(labels, k) at graph 0, 0.5 center rotate by 90 offset -5.2, 0 font body_font
  if (k > 2) { set yrange [0:*] } else { set yrange [*:*] }
  # One legend for all panels, above them.
  if (k == 1) {
    set key at screen 0.99, screen 0.995 right top horizontal maxcols 3 samplen 2.5 width 1 \
      font small_font
  } else {
    set key off
  }
  plot for [i=1:blocks] curves index (i - 1) \
         using (column(col(h, "steps")) / 1000.0):(column(col(h, m))):(column(col(h, m . "_sd"))) \
         with yerrorlines lc colour_of[i] dt dash(i) pt 7 ps point_size lw 1.1 title curve_title(i)
  unset label 99
  unset label 1
}
unset multiplot
