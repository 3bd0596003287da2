# Shared look of every figure: terminal, font, colours. Scripts `load style` first.
# Inputs: term ("png" | "pdf"), out, width, height (inches), stamp (config in force or "").
if (term eq "png") {
  set terminal pngcairo enhanced size width*200, height*200 font "DejaVu Sans,22" linewidth 2.4
} else {
  set terminal pdfcairo enhanced size width*1in, height*1in font "DejaVu Sans,8" linewidth 0.9
}
set output out
set encoding utf8
set datafile separator whitespace
set datafile missing "nan"

# A colour-blind-safe palette (Okabe-Ito) for series; viridis-like for heat-maps.
set linetype 1 lc rgb "#0072B2" pt 7 ps 0.8
set linetype 2 lc rgb "#D55E00" pt 5 ps 0.8
set linetype 3 lc rgb "#009E73" pt 9 ps 0.9
set linetype 4 lc rgb "#CC79A7" pt 11 ps 0.9
set linetype 5 lc rgb "#E69F00" pt 13 ps 0.9
set linetype 6 lc rgb "#56B4E9" pt 3 ps 0.9
set linetype cycle 6
set palette defined (0 "#440154", 0.25 "#3b528b", 0.5 "#21918c", 0.75 "#5ec962", 1 "#fde725")
set border lw 0.8
set grid lc rgb "#dddddd" lw 0.5
set key noopaque

# Font sizes relative to the terminal's base size.
small_font = (term eq "png") ? ",15" : ",5.5"
body_font = (term eq "png") ? ",17" : ",6.5"
title_font = (term eq "png") ? ",24" : ",9"

# The config stamp, bottom right of the canvas, 0.06 in above its edge (clear of descenders on
# short canvases too). In a multiplot, `unset label 99` after the first panel so that it is
# drawn once. Footnotes go bottom left, at the same height.
footnote_y = 0.06 / height
if (strlen(stamp) > 0) {
  set label 99 stamp at screen 0.995, footnote_y right front font small_font tc rgb "#666666"
}

# Columns by name: header(file), col(h, name) (figures/columns.gp).
load "figures/columns.gp"
