# Shared by the deep-study figures: a grid of panels in a multiplot, placed in screen fractions
# from sizes in inches (gnuplot's automatic margins do not line up across panels).
# Inputs: width, height (inches); panel_left, panel_right, panel_top, panel_bottom (inches of
# canvas kept free around the grid); panel_rows, panel_columns; panel_gap_x, panel_gap_y
# (inches between panels). Call `eval place(row, column)` (from 0) before each panel's plot.
cell_width = (width - panel_left - panel_right - (panel_columns - 1) * panel_gap_x) / panel_columns
cell_height = (height - panel_top - panel_bottom - (panel_rows - 1) * panel_gap_y) / panel_rows
panel_x0(c) = (panel_left + c * (cell_width + panel_gap_x)) / width
panel_x1(c) = (panel_left + c * (cell_width + panel_gap_x) + cell_width) / width
panel_y1(r) = 1 - (panel_top + r * (cell_height + panel_gap_y)) / height
panel_y0(r) = 1 - (panel_top + r * (cell_height + panel_gap_y) + cell_height) / height
place(r, c) = sprintf("set lmargin at screen %.5f; set rmargin at screen %.5f; " . \
                      "set tmargin at screen %.5f; set bmargin at screen %.5f", \
                      panel_x0(c), panel_x1(c), panel_y1(r), panel_y0(r))

# A tick step giving about three to five ticks over [lo, hi]: 1, 2 or 5 times a power of ten.
nice_step(lo, hi) = (hi <= lo) ? 1 : \
  (10 ** floor(log10((hi - lo) / 4)) * \
   (((hi - lo) / 10 ** floor(log10((hi - lo) / 4)) <= 8) ? 2 : \
    ((hi - lo) / 10 ** floor(log10((hi - lo) / 4)) <= 20) ? 5 : 10))

# A colour box just right of panel (r, c), as tall as the panel.
colorbox_at(r, c) = sprintf("set colorbox user origin %.5f, %.5f size %.5f, %.5f", \
                            panel_x1(c) + 0.06 / width, panel_y0(r), 0.1 / width, \
                            panel_y1(r) - panel_y0(r))
# A row's name (e.g. its dataset), rotated, in the left margin beside row r: label 3.
row_label(r, text) = sprintf("set label 3 '%s' at screen %.5f, %.5f center rotate by 90 font body_font", \
                             text, 0.12 / width, (panel_y0(r) + panel_y1(r)) / 2)
