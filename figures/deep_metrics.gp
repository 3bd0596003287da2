# The deep metrics Figures 4 and 5 plot, one word per panel, in panel order: the stem of the
# columns <stem>_mean and <stem>_std that the aggregation writes for each tabulated metric
# (pipeline/metrics/deep_metrics.cc), Figure 4's panel title, y label and y axis floor ("*":
# autoscaled), Figure 5's column title.
plotted_metrics = "bce sap mig"
metric_titles = "'Reconstruction' 'SAP' 'MIG'"
metric_labels = "'BCE (nats per image)' 'SAP score' 'MIG'"
metric_floors = "* 0 0"
metric_heatmap_titles = "'Reconstruction BCE (nats per image)' 'SAP' 'MIG'"
num_metrics = words(plotted_metrics)
# "bce_mean bce_std sap_mean ...": the columns the figures need (figures/require_columns.gp).
plotted_columns = ""
do for [k=1:num_metrics] {
  plotted_columns = plotted_columns . word(plotted_metrics, k) . "_mean " . \
                    word(plotted_metrics, k) . "_std "
}
