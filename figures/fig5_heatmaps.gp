# Figure 5: the mean over seeds of each metric of figures/deep_metrics.gp (reconstruction BCE, SAP
# and MIG) on the (beta, lambda) grid; one row per dataset, one column per metric. Categorical
# axes (lambda includes 0; beta is a grid of powers). Data: fig5.tsv (pipeline/aggregate), one
# block per dataset; columns read by name: beta_index, lambda_index, beta, lambda, n and each
# metric's _mean.
datasets_file = fig5
load "figures/datasets.gp"
load "figures/deep_metrics.gp"
call "figures/require_columns.gp" fig5 "beta_index lambda_index beta lambda n ".plotted_columns
h = header(fig5)
beta_index = col(h, "beta_index")
lambda_index = col(h, "lambda_index")
stats fig5 every ::0::0 using (seeds = column(col(h, "n")), 0) nooutput
stats fig5 index 0 using beta_index:lambda_index nooutput
num_betas = int(STATS_max_x) + 1
num_lambdas = int(STATS_max_y) + 1
# Each panel's value range (before the axis ranges are set: stats honours them).
array value_min[num_metrics * num_datasets]
array value_max[num_metrics * num_datasets]
do for [d=0:num_datasets-1] {
  do for [k=1:num_metrics] {
    stats fig5 index d using col(h, word(plotted_metrics, k) . "_mean") nooutput
    value_min[num_metrics * d + k] = STATS_min
    value_max[num_metrics * d + k] = STATS_max
  }
}

panel_columns = num_metrics
load "figures/beta_lambda_panels.gp"
set autoscale cbfix
set label 1 sprintf("Mean over %d seed%s per (β, λ) cell", seeds, seeds == 1 ? "" : "s") \
  at screen 0.005, footnote_y left font small_font tc rgb "#444444"
do for [d=0:num_datasets-1] {
  do for [k=1:num_metrics] {
    eval place(d, k - 1)
    mean = col(h, word(plotted_metrics, k) . "_mean")
    eval colorbox_at(d, k - 1)
    set title (d == 0 ? word(metric_heatmap_titles, k) : "") font body_font offset 0, -0.4
    if (k == 1) { eval row_label(d, dataset_names[d + 1]) }
    # Cell values, in white on the dark half of the palette; a panel reaching 10 (BCE in nats)
    # in whole numbers.
    lo = value_min[num_metrics * d + k]
    hi = value_max[num_metrics * d + k]
    dark(v) = (hi > lo && (v - lo) / (hi - lo) < 0.5)
    set cbtics nice_step(lo, hi)
    plot fig5 index d using beta_index:lambda_index:mean:xtic(strcol(col(h, "beta"))) \
           :ytic(strcol(col(h, "lambda"))) with image, \
         "" index d using beta_index:lambda_index:(hi >= 10 ? sprintf("%.0f", column(mean)) : short(column(mean))):(dark(column(mean)) ? 0xffffff : 0) \
           with labels tc rgb variable font cell_font
    unset label 1
    unset label 3
    unset label 99
  }
}
unset multiplot
