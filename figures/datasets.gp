# Shared by the deep-study figures: the datasets of one of pipeline/aggregate's TSVs, whose first
# two columns are dataset_index and dataset (label), one or more gnuplot blocks per dataset.
# Input: `datasets_file`. Sets `num_datasets` and `dataset_names[1..num_datasets]`, and the tab
# separator. Scripts load it before `style` when the canvas height depends on the datasets
# (style resets the separator: set it again after).
set datafile separator "\t"
stats datasets_file using 1 nooutput
num_datasets = int(STATS_max) + 1
array dataset_names[num_datasets]
do for [d=0:num_datasets-1] {
  stats datasets_file using ((int($1) == d) ? (dataset_names[d + 1] = strcol(2), 0) : 0) nooutput
}
