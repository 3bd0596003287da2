# Figure 6: the augmented Tchebycheff score S (Section 6) on the (beta, lambda) grid for each
# preference profile w1 (columns) and dataset (rows); the selected cell (the minimiser) is
# outlined in red. Data: fig6.tsv, one block per (dataset, profile), columns 3 profile index,
# 4/5 w1/w2, 6/7 beta/lambda index, 8/9 beta/lambda, 14 S; `selected` (fig6_selected.tsv),
# one row per (dataset, profile): columns 1 dataset index, 3 profile index, 6/7 beta/lambda index.
datasets_file = fig6
load "figures/datasets.gp"
stats fig6 using 3 nooutput
num_profiles = int(STATS_max) + 1
stats fig6 index 0 using 6:7 nooutput
num_betas = int(STATS_max_x) + 1
num_lambdas = int(STATS_max_y) + 1
array profile_titles[num_profiles]
do for [p=0:num_profiles-1] {
  stats fig6 index p every ::0::0 using (w1 = $4, w2 = $5, 0) nooutput
  profile_titles[p + 1] = sprintf("w_1 = %g, w_2 = %g", w1, w2)
}

panel_columns = num_profiles
load "figures/beta_lambda_panels.gp"
# Every panel on one colour scale: S lies in [0, 1 + rho].
set cbrange [0:1]
set cbtics 0.25
set label 1 "Red: the selected (β, λ), minimising S; f_1 = mean BCE, f_2 = 1 − mean MIG" \
  at screen 0.005, footnote_y left font small_font tc rgb "#444444"
do for [d=0:num_datasets-1] {
  do for [p=0:num_profiles-1] {
    eval place(d, p)
    block = d * num_profiles + p
    eval colorbox_at(d, p)
    set title (d == 0 ? profile_titles[p + 1] : "") font body_font offset 0, -0.4
    if (p == 0) { eval row_label(d, dataset_names[d + 1]) }
    plot fig6 index block using 6:7:14:xtic(8):ytic(9) with image, \
         "" index block using 6:7:(short($14)):($14 < 0.5 ? 0xffffff : 0) \
           with labels tc rgb variable font cell_font, \
         selected using (($1 == d && $3 == p) ? $6 : NaN):7:(0.45):(0.45) \
           with boxxyerror fs empty lc rgb "#E00000" lw 2.5
    unset label 1
    unset label 3
    unset label 99
  }
}
unset multiplot
