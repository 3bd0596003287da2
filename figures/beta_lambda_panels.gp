# Shared by Figures 5 and 6: heat-maps over the (beta, lambda) grid, a row of panels per dataset.
# Inputs: num_datasets, num_betas, num_lambdas, panel_columns (besides figure()'s). Sets the
# canvas height, loads style and panels.gp, starts the multiplot and sets the common axes:
# categorical beta (x) and lambda (y) indices, whose labels come from xtic()/ytic() in the data.
# Rows of cells 0.22 in tall, panels at least 0.9 in (room for the dataset's name beside them).
panel_in = (0.22 * num_lambdas > 0.9) ? 0.22 * num_lambdas : 0.9
height = 0.9 + num_datasets * panel_in + (num_datasets - 1) * 0.45
load style
set datafile separator "\t"
panel_left = 0.65
panel_right = 0.55
panel_top = 0.4
panel_bottom = 0.5
panel_rows = num_datasets
panel_gap_x = 0.9
panel_gap_y = 0.45
load "figures/panels.gp"

set multiplot
set tics font small_font
set cbtics font small_font
set tics scale 0
set xlabel "β" font body_font offset 0, 0.9
set ylabel "λ" font body_font offset 1.5, 0
set xrange [-0.5:num_betas - 0.5]
set yrange [-0.5:num_lambdas - 0.5]
unset key
unset grid
# Cell values without the leading zero (".042"); three decimals where a cell is at least
# 0.22 in wide, else two (the paper's eight betas). Values of 1 and above keep theirs. The
# exact numbers are in the TSVs and Markdown tables.
narrow_cells = (cell_width / num_betas < 0.22)
cell_decimals = narrow_cells ? 2 : 3
cell_font = narrow_cells ? ((term eq "png") ? ",11" : ",4") : ((term eq "png") ? ",13" : ",4.5")
if (narrow_cells) { set xtics rotate by 45 right offset 0.3, 0.2 }
fixed(v) = sprintf(sprintf("%%.%df", (v >= 1 && narrow_cells) ? 1 : cell_decimals), v)
short(v) = (fixed(v)[1:2] eq "0.") ? fixed(v)[2:] : fixed(v)
