# Figure 8 (Appendix B): mutual information I(z_i; v_j) in nats between each latent (rows) and
# each generative factor (columns) for the seed-0 model, at each MI-heatmap setting (columns of
# panels) per dataset (rows of panels). Data: fig8.tsv, one block per (dataset, setting);
# columns read by name: setting_index, beta, lambda, latent, factor_index, factor, mi_nats.
datasets_file = fig8
load "figures/datasets.gp"
call "figures/require_columns.gp" fig8 "setting_index beta lambda latent factor_index factor mi_nats"
h = header(fig8)
latent = col(h, "latent")
factor_index = col(h, "factor_index")
mi_nats = col(h, "mi_nats")
stats fig8 using col(h, "setting_index") nooutput
num_settings = int(STATS_max) + 1
stats fig8 index 0 using latent nooutput
num_latents = int(STATS_max) + 1
array num_factors[num_datasets]
do for [d=0:num_datasets-1] {
  stats fig8 index d * num_settings using factor_index nooutput
  num_factors[d + 1] = int(STATS_max) + 1
}
# Rows of 0.16 in per latent, less where the panels would not fit on a page (9 in).
# (Margins: 0.4 in on top, 0.8 below, 0.75 between rows of panels; see below.)
latent_in = (9.0 - 0.45 - num_datasets * 0.75) / (num_datasets * num_latents)
latent_in = (latent_in < 0.16) ? latent_in : 0.16
height = 0.45 + num_datasets * (0.75 + latent_in * num_latents)
load style
set datafile separator "\t"

array setting_titles[num_settings]
do for [s=0:num_settings-1] {
  stats fig8 index s every ::0::0 using (b = column(col(h, "beta")), l = column(col(h, "lambda")), 0) \
    nooutput
  setting_titles[s + 1] = sprintf("β = %g, λ = %g", b, l)
}
# One colour scale per dataset (its largest MI), shared by its settings.
array mi_max[num_datasets]
do for [d=0:num_datasets-1] {
  mi_max[d + 1] = 0
  do for [s=0:num_settings-1] {
    stats fig8 index d * num_settings + s using mi_nats nooutput
    mi_max[d + 1] = (STATS_max > mi_max[d + 1]) ? STATS_max : mi_max[d + 1]
  }
}

panel_left = 0.75
panel_right = 0.75
panel_top = 0.4
panel_bottom = 0.8  # factor names, rotated
panel_rows = num_datasets
panel_columns = num_settings
panel_gap_x = 1.1
panel_gap_y = 0.75
load "figures/panels.gp"

set multiplot
set tics font small_font
set cbtics font small_font
set xtics rotate by 30 right offset 0.6, 0 noenhanced  # factor names hold underscores
set ylabel "latent z_i" font body_font offset 0.3, 0
set yrange [num_latents - 0.5:-0.5]
set tics scale 0
unset key
unset grid
set label 1 "Seed 0; I(z_i; v_j) in nats on the fit images (20-bin histograms of the encoder means)" \
  at screen 0.005, footnote_y left font small_font tc rgb "#444444"
do for [d=0:num_datasets-1] {
  do for [s=0:num_settings-1] {
    eval place(d, s)
    set xrange [-0.5:num_factors[d + 1] - 0.5]
    set cbrange [0:(mi_max[d + 1] > 0 ? mi_max[d + 1] : 1)]
    set cbtics nice_step(0, mi_max[d + 1])
    eval colorbox_at(d, s)
    set cblabel (s == num_settings - 1 ? "nats" : "") font small_font offset -0.5, 0
    set title (d == 0 ? setting_titles[s + 1] : "") font body_font offset 0, -0.4
    if (s == 0) { eval row_label(d, dataset_names[d + 1]) }
    plot fig8 index d * num_settings + s using factor_index:latent:mi_nats \
           :xtic(strcol(col(h, "factor"))):ytic(strcol(latent)) with image
    unset label 1
    unset label 3
    unset label 99
  }
}
unset multiplot
