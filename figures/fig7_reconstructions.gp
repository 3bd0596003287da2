# Figure 7 (Appendix B): evaluation images (top row) and their reconstructions by the seed-0
# model at each reconstruction setting (one row per (beta, lambda)), one panel per dataset.
# Data: fig7.dat (pipeline/aggregate/image_grid.h): block d is dataset d's image grid as a matrix
# of packed RGB, the last block holds labels and grid sizes (dataset_index, kind, x, y, text;
# kind 0 row label, 1 title, 2 size), pixel coordinates with y growing downwards. Row labels
# keep their y; their x, and the titles' place, are set here in inches.
set datafile separator "\t"
stats fig7 using 0 nooutput
text_block = STATS_blocks - 1
stats fig7 index text_block using 1 nooutput
num_datasets = int(STATS_max) + 1
array grid_width[num_datasets]
array grid_height[num_datasets]
array titles[num_datasets]
do for [d=0:num_datasets-1] {
  stats fig7 index text_block using ((int($1) == d && int($2) == 2) ? \
    (grid_width[d + 1] = $3, grid_height[d + 1] = $4, 0) : 0) nooutput
  stats fig7 index text_block using ((int($1) == d && int($2) == 1) ? \
    (titles[d + 1] = strcol(5), 0) : 0) nooutput
}
# Inches per image pixel: the widest grid fills the width right of the row labels, unless the
# panels would then be taller than a page.
label_in = 1.15
title_in = 0.3
bottom_in = 0.3
widest = 0
total_height = 0
do for [d=1:num_datasets] {
  widest = (grid_width[d] > widest) ? grid_width[d] : widest
  total_height = total_height + grid_height[d]
}
scale = (width - label_in - 0.05) / widest
max_height = 9.0
if (bottom_in + num_datasets * title_in + total_height * scale > max_height) {
  scale = (max_height - bottom_in - num_datasets * title_in) / total_height
}
height = bottom_in + num_datasets * title_in + total_height * scale
load style
set datafile separator "\t"

set multiplot
unset border
unset tics
unset key
unset grid
unset colorbox
set label 1 "Top row: evaluation images; below: reconstructions (decoder mean) by the seed-0 model" \
  at screen 0.005, footnote_y left font small_font tc rgb "#444444"
packed(v, shift) = int(v) / shift % 256
top = height
do for [d=0:num_datasets-1] {
  panel_in = title_in + grid_height[d + 1] * scale
  set lmargin at screen 0
  set rmargin at screen (label_in + grid_width[d + 1] * scale) / width
  set tmargin at screen top / height
  set bmargin at screen (top - panel_in) / height
  top = top - panel_in
  # Pixel coordinates; the label column and the title row lie inside the plot's ranges.
  set xrange [-label_in / scale - 0.5 : grid_width[d + 1] - 0.5]
  set yrange [grid_height[d + 1] - 0.5 : -0.5 - title_in / scale]
  set label 2 titles[d + 1] at 0, -0.55 * title_in / scale left font title_font
  plot fig7 index d matrix using 1:2:(packed($3, 65536)):(packed($3, 256)):(packed($3, 1)) \
         with rgbimage, \
       fig7 index text_block using ((int($1) == d && int($2) == 0) ? -0.08 / scale : NaN):4:5 \
         with labels right font body_font
  unset label 1
  unset label 99
}
unset multiplot
