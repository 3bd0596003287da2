# Shared by the deep-study figures: the datasets of one of pipeline/aggregate's TSVs, with columns
# dataset_index and dataset (label), read by name; one or more gnuplot blocks per dataset.
# Input: `datasets_file`. Sets `num_datasets` and `dataset_names[1..num_datasets]`, and the tab
# separator. Scripts load it before `style` when the canvas height depends on the datasets
# (style resets the separator: set it again after).
set datafile separator "\t"
call "figures/require_columns.gp" datasets_file "dataset_index dataset"
datasets_header = header(datasets_file)
stats datasets_file using (column(col(datasets_header, "dataset_index"))) nooutput
num_datasets = int(STATS_max) + 1
array dataset_names[num_datasets]
do for [d=0:num_datasets-1] {
  stats datasets_file using ((int(column(col(datasets_header, "dataset_index"))) == d) ? \
    (dataset_names[d + 1] = strcol(col(datasets_header, "dataset")), 0) : 0) nooutput
}
