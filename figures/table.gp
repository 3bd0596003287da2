# A table rendered from a TSV: Table 1 (architecture) and Table 2 (hyperparameters).
# Inputs besides style's: `table` (the TSV), `caption` (enhanced text), `columns` (the x of each
# column as a fraction of the width, one word per column) and `align` (l or r per column).
# The TSV's first line holds the column headers (bold), every further line a row; "-" is an
# empty cell. A row whose first cell is not empty starts a group: that cell is bold, with a thin
# rule above the row. Cells are gnuplot enhanced text.
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
ncols = words(columns)
# The header row is the table's contract with its layout: one cell per entry of `columns`.
header_cells = int(system(sprintf("head -n 1 '%s' | awk -F'\t' '{ print NF }'", table)))
if (header_cells != ncols) {
  exit error sprintf("%s: its header row has %d columns, the layout (columns) %d", table, \
                     header_cells, ncols)
}
set xrange [0:1]
set yrange [-(rows + 1.3):1.9]
row(i) = -(i + 1)  # data row i (from 0) sits below the header row at 0
x(c) = real(word(columns, c))
left(c) = word(align, c) eq "l"
blank(s) = (s eq "-") ? "" : s
bold(s) = (s eq "") ? "" : sprintf("{/:Bold %s}", s)
cell(c) = (c == 1) ? bold(blank(strcol(1))) : blank(strcol(c))

set label 1 caption at x(1), 1.2 left font title_font
set arrow 1 from 0, 0.55 to 1, 0.55 nohead lw 1.2 lc rgb "#222222"
set arrow 2 from 0, row(rows - 1) - 0.5 to 1, row(rows - 1) - 0.5 nohead lw 1.2 lc rgb "#222222"

# The header row as labels (gnuplot 5.4 crashes on a `with labels` plot whose only point is
# skipped, so not as plots).
do for [c=1:ncols] {
  stats table every ::0::0 using (header = strcol(c), 0) nooutput
  if (left(c)) {
    set label 10 + c bold(blank(header)) at x(c), 0 left font body_font
  } else {
    set label 10 + c bold(blank(header)) at x(c), 0 right font body_font
  }
}

plot table every ::1 using (0):(row($0) + 0.5):(strcol(1) ne "-" ? 1 : NaN):(0) \
         with vectors nohead lw 0.6 lc rgb "#555555", \
     for [c=1:ncols] "" every ::1 using (left(c) ? x(c) : NaN):(row($0)):(cell(c)) \
         with labels left font body_font, \
     for [c=1:ncols] "" every ::1 using (left(c) ? NaN : x(c)):(row($0)):(cell(c)) \
         with labels right font body_font
