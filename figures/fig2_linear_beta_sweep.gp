# Figure 2: the beta-VAE (lambda = 0) in the linear-Gaussian model, (n, m, s) = (100, 10, 5):
# reconstruction error, SAP and I_m against beta for the fixed-point iteration and AdamW, mean
# +- one standard deviation over the trials. Inputs: fixed_point, adamw (pipeline/linear/tables.h),
# columns read by name (figures/columns.gp; `columnheaders` skips the header line).
load style
set datafile columnheaders
metric_names = "reconstruction_error sap i_m"
required = "beta diverged max_distance_bound"
do for [k=1:words(metric_names)] {
  required = required . sprintf(" %s_mean %s_std", word(metric_names, k), word(metric_names, k))
}
call "figures/require_columns.gp" fixed_point required
call "figures/require_columns.gp" adamw required
hf = header(fixed_point)
ha = header(adamw)

# The corner stamp names the config the tables came from (their first comment line): the
# linear study runs at paper scale in every tier.
config_line = system(sprintf("sed -n '1{s/^# .*; config /config /;s/sigma2/σ^2/;p}' '%s'", fixed_point))
set label 99 config_line at screen 0.995, 0.028 right front font small_font tc rgb "#666666"

# pdfcairo draws points about twice as large as pngcairo relative to the text.
point_scale = (term eq "png") ? 1.0 : 0.45

# AdamW's table has no rows when the solver is not built in: the key says so.
adamw_rows = int(system(sprintf("grep -vc '^#' '%s'", adamw))) - 1
adamw_title = adamw_rows > 0 ? "AdamW, mean ± s.d. over the trials (band)" : "AdamW: not run in this build"

set multiplot layout 1, 3 margins 0.07, 0.99, 0.36, 0.88 spacing 0.075, 0
set logscale x 2
set xrange [0.2:40]
set xtics ("¼" 0.25, "½" 0.5, "1" 1, "2" 2, "4" 4, "8" 8, "16" 16, "32" 32) nomirror
set ytics nomirror
set xlabel "β" offset 0, 0.4
set arrow 1 from 1, graph 0 to 1, graph 1 nohead dt (4, 4) lw 0.8 lc rgb "#888888" back
set key off

# How close every converged fixed-point run is to its fixed point, from the table (its largest
# estimated distance bound, pipeline/linear/tables.h).
stats fixed_point using col(hf, "max_distance_bound") nooutput
reached_tolerance = STATS_max

# Of table header h: the value of column `name`, and a metric's mean and mean -+ std.
field(h, name) = column(col(h, name))
mean(h, name) = field(h, name . "_mean")
low(h, name) = field(h, name . "_mean") - field(h, name . "_std")
high(h, name) = field(h, name . "_mean") + field(h, name . "_std")
# Cells where runs diverged (Sigma_W -> 0 for beta < 1): an open ring on top.
diverged(h, name) = field(h, "diverged") > 0 ? mean(h, name) : NaN
ring = sprintf("pt 6 ps %g lw 1.4 lc rgb '#222222'", 1.9 * point_scale)
dot = sprintf("ps %g", 0.8 * point_scale)

panel(name) = \
  sprintf("plot fixed_point using (field(hf, 'beta')):(low(hf, '%s')):(high(hf, '%s')) with filledcurves fs transparent solid 0.22 noborder lc 1, ", name, name) . \
  sprintf("adamw using (field(ha, 'beta')):(low(ha, '%s')):(high(ha, '%s')) with filledcurves fs transparent solid 0.22 noborder lc 2, ", name, name) . \
  sprintf("fixed_point using (field(hf, 'beta')):(mean(hf, '%s')) with linespoints lt 1 lw 1.2 %s, ", name, dot) . \
  sprintf("adamw using (field(ha, 'beta')):(mean(ha, '%s')) with linespoints lt 2 lw 1.2 %s, ", name, dot) . \
  sprintf("fixed_point using (field(hf, 'beta')):(diverged(hf, '%s')) with points %s, ", name, ring) . \
  sprintf("adamw using (field(ha, 'beta')):(diverged(ha, '%s')) with points %s", name, ring)

set title "reconstruction error" font title_font
set yrange [0:*]
eval panel("reconstruction_error")
unset label 99

set title "SAP" font title_font
eval panel("sap")

# The figure's key, below the panels, drawn with the last panel (one key for all three).
# entry(i, x, y, text): the sample at screen (x, y), then the text.
entry(i, x, y, text) = sprintf("set label %d '%s' at screen %f, %f left font small_font", 300 + i, text, x + 0.04, y)
set arrow 201 from screen 0.08, 0.14 to screen 0.11, 0.14 nohead lw 1.2 lc rgb "#0072B2"
set label 201 "" at screen 0.095, 0.14 point pt 7 ps 0.8 * point_scale lc rgb "#0072B2"
eval entry(1, 0.08, 0.14, sprintf("fixed point, mean ± s.d.; converged, est. distance ≤ %.0e", reached_tolerance))
set arrow 202 from screen 0.57, 0.14 to screen 0.60, 0.14 nohead lw 1.2 lc rgb "#D55E00"
set label 202 "" at screen 0.585, 0.14 point pt 5 ps 0.8 * point_scale lc rgb "#D55E00"
eval entry(2, 0.57, 0.14, adamw_title)
set label 203 "" at screen 0.095, 0.085 point pt 6 ps 1.9 * point_scale lw 1.4 lc rgb "#222222"
eval entry(3, 0.08, 0.085, "diverged: Σ_W → 0 (β < 1); last finite state shown")
set arrow 204 from screen 0.57, 0.085 to screen 0.60, 0.085 nohead dt (4, 4) lw 0.8 lc rgb "#888888"
eval entry(4, 0.57, 0.085, "β = 1: collapse for β > 1 (Theorem 3.2)")

set title "I_m (nats)" font title_font
eval panel("i_m")
unset multiplot
