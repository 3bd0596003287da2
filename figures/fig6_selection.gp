# Figure 6: the augmented Tchebycheff score S (Section 6) on the (beta, lambda) grid for each
# preference profile w1 (columns) and dataset (rows); the selected cell (the minimiser) is
# outlined in red. Data: fig6.tsv, one block per (dataset, profile), and `selected`
# (fig6_selected.tsv), one row per (dataset, profile); columns read by name.
datasets_file = fig6
load "figures/datasets.gp"
call "figures/require_columns.gp" fig6 "profile_index w1 w2 beta_index lambda_index beta lambda score"
call "figures/require_columns.gp" selected "dataset_index profile_index beta_index lambda_index"
h = header(fig6)
hs = header(selected)
beta_index = col(h, "beta_index")
lambda_index = col(h, "lambda_index")
score = col(h, "score")
stats fig6 using col(h, "profile_index") nooutput
num_profiles = int(STATS_max) + 1
stats fig6 index 0 using beta_index:lambda_index nooutput
num_betas = int(STATS_max_x) + 1
num_lambdas = int(STATS_max_y) + 1
array profile_titles[num_profiles]
do for [p=0:num_profiles-1] {
  stats fig6 index p every ::0::0 using (w1 = column(col(h, "w1")), w2 = column(col(h, "w2")), 0) \
    nooutput
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
    plot fig6 index block using beta_index:lambda_index:score:xtic(strcol(col(h, "beta"))) \
           :ytic(strcol(col(h, "lambda"))) with image, \
         "" index block using beta_index:lambda_index:(short(column(score))) \
           :(column(score) < 0.5 ? 0xffffff : 0) with labels tc rgb variable font cell_font, \
         selected using ((column(col(hs, "dataset_index")) == d && \
                          column(col(hs, "profile_index")) == p) ? \
                         column(col(hs, "beta_index")) : NaN):col(hs, "lambda_index"):(0.45):(0.45) \
           with boxxyerror fs empty lc rgb "#E00000" lw 2.5
    unset label 1
    unset label 3
    unset label 99
  }
}
unset multiplot
