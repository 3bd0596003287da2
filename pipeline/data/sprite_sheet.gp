# The built-in sprites (the default tier's dataset), read back through the loader.
# Rows 1-3: square, ellipse, heart at the largest scale, centred, orientations 0 .. 9 (of 2π/10).
# Row 4: the heart at scales 0.5 .. 1, then the ellipse at the four corner positions.
load style
unset border
unset tics
unset key
unset grid
unset colorbox
set lmargin 0
set rmargin 0
set tmargin 0
set bmargin 0
set size ratio -1
set yrange [*:*] reverse
set autoscale fix
set palette gray
set cbrange [0:1]
plot sheet matrix with image notitle
