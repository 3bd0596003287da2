# Beside Figure 2: AdamW against optimizer steps in the linear-Gaussian beta-VAE (lambda = 0).
# (a) SAP, (b) the objective's relative gap to the converged fixed point, means over the runs.
# Solid: the sweep's budget (every beta >= 1 of Figure 2); dashed: the budget check's longer
# budget (its betas, its first trials; each run has its own cosine schedule). Grey lines: in (a)
# fig2_collapse's "about zero" (5 % of the beta = 1 mean at the end of each budget), in (b) the
# declared convergence gap 1e-3 (paper/claims/rules.h). Input: steps (fig2_adamw_steps.dat,
# pipeline/linear/tables.h), columns read by name.
load style
set datafile columnheaders
call "figures/require_columns.gp" steps "budget beta step count sap_mean i_m_mean gap_count gap_mean"
h = header(steps)
field(name) = column(col(h, name))

rows = int(system(sprintf("grep -vc '^#' '%s' || true", steps))) - 1
if (rows <= 0) {
  set multiplot
  set label 1 "No AdamW trajectories in this build (adamw.record_every unset, or AdamW not run)." \
    at screen 0.5, 0.5 center font title_font
  plot [0:1][0:1] NaN notitle
  unset multiplot
  exit
}

stats steps using (field("budget")) nooutput
short = STATS_min
long = STATS_max
# fig2_collapse's line at the end of each budget: 5 % of beta = 1's mean SAP there.
stats steps using ((field("budget") == short && field("beta") == 1 && field("step") == short) ? field("sap_mean") : NaN) nooutput
line_short = 0.05 * STATS_max
if (long > short) {
  stats steps using ((field("budget") == long && field("beta") == 1 && field("step") == long) ? field("sap_mean") : NaN) nooutput
  line_long = 0.05 * STATS_max
}

# The betas >= 1 of the table, ascending, one colour each.
betas = system(sprintf("awk '!/^#/ && $1 != \"budget\" && $2 >= 1 { print $2 }' '%s' | sort -gu | tr '\\n' ' '", steps))
colours = "#000000 #0072B2 #D55E00 #009E73 #CC79A7 #E69F00 #56B4E9 #882255"
colour(i) = word(colours, (i - 1) % words(colours) + 1)
beta_of(i) = word(betas, i) + 0
pick(budget, beta, name) = (field("budget") == budget && field("beta") == beta) ? field(name) : NaN

set multiplot layout 1, 2 margins 0.08, 0.98, 0.36, 0.89 spacing 0.09, 0
set logscale xy
set format y "10^{%T}"
set xrange [*:long * 1.15]
set xlabel "AdamW steps" offset 0, 0.5
set ytics nomirror
set xtics nomirror
set key off

set title "(a) SAP" font title_font
set arrow 1 from graph 0, first line_short to graph 1, first line_short nohead lw 0.9 lc rgb "#888888" back
if (long > short) {
  set arrow 2 from graph 0, first line_long to graph 1, first line_long nohead dt (5, 4) lw 0.9 lc rgb "#888888" back
}
plot for [i=1:words(betas)] steps using (field("step")):(pick(short, beta_of(i), "sap_mean")) \
       with lines lw 1.3 lc rgb colour(i), \
     for [i=1:words(betas)] steps using (field("step")):(pick(long, beta_of(i), "sap_mean")) \
       with lines dt (6, 4) lw 1.3 lc rgb colour(i)
unset arrow 1
unset arrow 2

set title "(b) relative objective gap" font title_font
set arrow 3 from graph 0, first 1e-3 to graph 1, first 1e-3 nohead dt (2, 3) lw 0.9 lc rgb "#888888" back
stats steps using ((field("budget") == short) ? field("count") : NaN) nooutput
trials_short = STATS_max
stats steps using ((field("budget") == long) ? field("count") : NaN) nooutput
trials_long = STATS_max
set label 5 sprintf("solid: %g-step runs (%d trials); dashed: %g-step runs (the budget check, %d trials); means over the runs", \
                    short, trials_short, long, trials_long) at screen 0.5, 0.085 center font small_font tc rgb "#555555"
set label 6 "grey: (a) the claim's line, 5 % of β = 1's SAP at the end of each budget; (b) the declared convergence gap, 10^{-3}" \
  at screen 0.5, 0.03 center font small_font tc rgb "#555555"
# One key for both panels, in one row below them (gnuplot's own key wraps to a panel's width).
key_step = 0.9 / words(betas)
do for [i=1:words(betas)] {
  x = 0.06 + (i - 1) * key_step
  set arrow 100 + i from screen x, 0.155 to screen x + 0.03, 0.155 nohead lw 1.3 lc rgb colour(i) front
  set label 100 + i sprintf("β = %g", beta_of(i)) at screen x + 0.037, 0.155 left font small_font
}
plot for [i=1:words(betas)] steps using (field("step")):(pick(short, beta_of(i), "gap_mean")) \
       with lines lw 1.3 lc rgb colour(i), \
     for [i=1:words(betas)] steps using (field("step")):(pick(long, beta_of(i), "gap_mean")) \
       with lines dt (6, 4) lw 1.3 lc rgb colour(i)
unset multiplot
