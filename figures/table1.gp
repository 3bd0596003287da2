# Table 1: the conv VAE's layers as built from the config in force (architecture_table's TSV:
# part, layer, output shape, parameters for C = 1 and C = 3; "-" marks an empty cell).
load style
set datafile separator "\t"
unset border
unset tics
unset key
unset grid
set lmargin 0
set rmargin 0
set tmargin 0
set bmargin 0

stats table every ::1 using 0 nooutput
rows = STATS_records
set xrange [0:1]
set yrange [-(rows + 1.3):1.9]
row(i) = -(i + 1)  # data row i (from 0) sits below the header row at 0

body_font = (term eq "png") ? ",17" : ",6.5"
x_part = 0.01
x_layer = 0.11
x_shape = 0.45
x_c1 = 0.80
x_c3 = 0.985
set label 1 "{/:Bold Table 1.} VAE architecture used in the nonlinear experiments (Section 5.2)" at x_part, 1.2 left font title_font
set label 2 "{/:Bold Layer}" at x_layer, 0 left font body_font
set label 3 "{/:Bold Output (H×W×ch.)}" at x_shape, 0 left font body_font
set label 4 "{/:Bold Params, C = 1}" at x_c1, 0 right font body_font
set label 5 "{/:Bold Params, C = 3}" at x_c3, 0 right font body_font
set arrow 1 from 0, 0.55 to 1, 0.55 nohead lw 1.2 lc rgb "#222222"
set arrow 2 from 0, row(rows - 1) - 0.5 to 1, row(rows - 1) - 0.5 nohead lw 1.2 lc rgb "#222222"

blank(s) = (s eq "-") ? "" : s
# A rule above every block (Encoder, Decoder, Total).
plot table every ::1 using (0):(row($0) + 0.5):(strcol(1) ne "-" ? 1 : NaN):(0) \
         with vectors nohead lw 0.6 lc rgb "#555555", \
     "" every ::1 using (x_part):(row($0)):(sprintf("{/:Bold %s}", blank(strcol(1)))) with labels left font body_font, \
     "" every ::1 using (x_layer):(row($0)):(blank(strcol(2))) with labels left font body_font, \
     "" every ::1 using (x_shape):(row($0)):(blank(strcol(3))) with labels left font body_font, \
     "" every ::1 using (x_c1):(row($0)):(blank(strcol(4))) with labels right font body_font, \
     "" every ::1 using (x_c3):(row($0)):(blank(strcol(5))) with labels right font body_font
