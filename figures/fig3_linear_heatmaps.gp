# Figure 3: the lambda-beta-VAE in the linear-Gaussian model, (n, m, s) = (100, 10, 5): mean
# reconstruction error, SAP and I_m of the fixed-point solver over the (beta, lambda) grid, with
# the analytic collapse boundary lambda = (beta - 1) / (2 mu_max) overlaid. The axes are
# categorical (lambda = 0 has no place on a log axis): the boundary is drawn between the cells
# predicted collapsed (below) and informative (above). Inputs: heat (fig3_fixed_point.dat),
# boundary (fig3_boundary.dat), both from pipeline/linear/tables.h; columns read by name
# (figures/columns.gp; `columnheaders` skips the header line).
load style
set datafile columnheaders
call "figures/require_columns.gp" heat "beta_index lambda_index beta lambda not_attained max_iterations max_distance_bound reconstruction_error_mean sap_mean i_m_mean"
call "figures/require_columns.gp" boundary "x y"
h = header(heat)
hb = header(boundary)
field(name) = column(col(h, name))
beta_index = col(h, "beta_index")
lambda_index = col(h, "lambda_index")

# The corner stamp names the config the tables came from (their first comment line): the
# linear study runs at paper scale in every tier.
config_line = system(sprintf("sed -n '1{s/^# .*; config /config /;s/sigma2/σ^2/;p}' '%s'", heat))
set label 99 config_line at screen 0.995, 0.028 right front font small_font tc rgb "#666666"

stats heat using beta_index nooutput
beta_cells = int(STATS_max) + 1
stats heat using lambda_index nooutput
lambda_cells = int(STATS_max) + 1

set multiplot
# The legend's numbers come from the table: runs without a minimum, runs at the cap, and the
# largest estimated distance bound of a converged run (how close every converged run is to its
# fixed point).
# Before the ranges are set: one-column stats keep only values inside the x range.
stats heat using col(h, "not_attained") nooutput
not_attained_runs = int(STATS_sum)
stats heat using col(h, "max_iterations") nooutput
capped_runs = int(STATS_sum)
stats heat using col(h, "max_distance_bound") nooutput
reached_tolerance = STATS_max
set xrange [-0.5:beta_cells - 0.5]
set yrange [-0.5:lambda_cells - 0.5]
set xlabel "β" offset 0, 0.6
set ylabel "λ" offset 2.2, 0 norotate
set tics scale 0 font small_font
set cbtics font small_font scale 0.4 offset -0.6, 0
unset grid
set key off
set border lw 0.8 front
set bmargin at screen 0.3
set tmargin at screen 0.87

# Where panel i (0, 1, 2) sits: plot area, then its colour box.
panel_left(i) = 0.055 + i * 0.33
panel_width = 0.225
place(i) = sprintf("set lmargin at screen %f; set rmargin at screen %f; set colorbox user origin screen %f, 0.3 size screen 0.011, 0.57", \
  panel_left(i), panel_left(i) + panel_width, panel_left(i) + panel_width + 0.01)

cell_font = (term eq "png") ? ",12.5" : ",5"
# pdfcairo draws points about twice as large as pngcairo relative to the text.
point_scale = (term eq "png") ? 1.0 : 0.45
# Cell labels: dark on the bright end of the palette, white on the dark end.
text_colour(fraction) = fraction > 0.62 ? 0x222222 : 0xffffff
linear_fraction(v, low, high) = (v - low) / (high - low)
log_fraction(v, low, high) = log(v / low) / log(high / low)

# A small dot in a cell's corner: some of its runs did not converge (no minimum to reach, or the
# iteration cap).
capped(i) = field("not_attained") + field("max_iterations") > 0 ? column(i) : NaN


# panel(column, label format, palette fraction of the column's value).
panel(name, format, fraction) = \
  sprintf("plot heat using beta_index:lambda_index:(field('%s')) with image, ", name) . \
  "heat using beta_index:(NaN):xtic(sprintf('%g', field('beta'))), " . \
  "heat using (NaN):lambda_index:ytic(sprintf('%g', field('lambda'))), " . \
  sprintf("heat using beta_index:lambda_index:(sprintf('%s', field('%s'))):(text_colour(%s)) with labels tc rgb variable font cell_font, ", format, name, fraction) . \
  "heat using (capped(beta_index) + 0.36):(capped(lambda_index) + 0.3) with points pt 7 ps " . sprintf("%g", 0.35 * point_scale) . " lc rgb '#ff3b30', " . \
  "boundary using (column(col(hb, 'x'))):(column(col(hb, 'y'))) with lines lw 4 lc rgb '#ffffff', " . \
  "boundary using (column(col(hb, 'x'))):(column(col(hb, 'y'))) with lines lw 1.8 lc rgb '#d7191c' dt (5, 3)"

eval place(0)
set title "reconstruction error" font title_font
set logscale cb
set cbrange [0.04:4]
set cbtics (0.05, 0.1, 0.2, 0.5, 1, 2)
eval panel("reconstruction_error_mean", "%.2g", "log_fraction(field('reconstruction_error_mean'), 0.04, 4)")
unset label 99

eval place(1)
set title "SAP" font title_font
unset logscale cb
set cbrange [0:0.2]
set cbtics 0.05
eval panel("sap_mean", "%.2f", "linear_fraction(field('sap_mean'), 0, 0.2)")

eval place(2)
set title "I_m (nats)" font title_font
set cbrange [0:2]
set cbtics 0.5
set arrow 301 from screen 0.07, 0.135 to screen 0.11, 0.135 nohead lw 4 lc rgb "#ffffff" front
set arrow 302 from screen 0.07, 0.135 to screen 0.11, 0.135 nohead lw 1.8 lc rgb "#d7191c" dt (5, 3) front
set label 301 "analytic collapse boundary λ = (β − 1) / (2 μ_{max}), μ_{max} = top eigenvalue of Σ_Y: cells below it are predicted collapsed" \
  at screen 0.12, 0.135 left font small_font
set label 302 "" at screen 0.09, 0.08 point pt 7 ps 0.45 * point_scale lc rgb "#ff3b30"
set label 303 sprintf("no optimum at β = 1, λ > 0 (Σ_W → 0; %d runs stopped at the cap)%s; all other runs converged (est. distance ≤ %.0e)", \
  not_attained_runs, capped_runs > 0 ? sprintf("; %d other runs stopped at the cap", capped_runs) : "", \
  reached_tolerance) at screen 0.12, 0.08 left font small_font
eval panel("i_m_mean", "%.2f", "linear_fraction(field('i_m_mean'), 0, 2)")
unset multiplot
