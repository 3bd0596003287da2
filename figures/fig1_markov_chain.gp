# Figure 1: the linear-Gaussian VAE as the Markov chain V -> Y -> X -> Y-hat (Section 3.1).
load style
unset border
unset tics
unset key
unset grid
set xrange [-0.35:10.55]
set yrange [0.45:2.85]
set size ratio -1
set lmargin 0
set rmargin 0
set tmargin 0
set bmargin 0

node_r = 0.55
node_y = 1.6
xs = "1.0 3.8 6.6 9.2"
names = "V Y X Ŷ"
dims = "'factors ∈ ℝ^s' 'observations ∈ ℝ^n' 'latents ∈ ℝ^m' 'reconstruction ∈ ℝ^n'"
fills = "#e8f0fb #fbeee6 #e6f4ef #f6e9f1"
do for [i=1:4] {
  x = real(word(xs, i))
  set object i circle at x, node_y size node_r fc rgb word(fills, i) fs solid 1.0 border lc rgb "#333333" lw 1.2 front
  set label 10+i sprintf("{/:Bold %s}", word(names, i)) at x, node_y center front font title_font
  set label 20+i word(dims, i) at x, node_y - node_r - 0.28 center front font small_font
}

# Arrows between the nodes, each labelled with the map it stands for.
# (In enhanced text "~" overprints, so the distribution sign is U+223C.)
edge_text1 = "mixing  Γ\nnoise  Z̃ ∼ N(0, σ^2 I_n)"
edge_text2 = "encoder  q_φ(x|y)\ngain B,  noise Σ_W"
edge_text3 = "decoder  p_θ(y|x)\ngain A,  noise Σ_Z"
do for [i=1:3] {
  x0 = real(word(xs, i)) + node_r + 0.05
  x1 = real(word(xs, i+1)) - node_r - 0.05
  set arrow i from x0, node_y to x1, node_y head filled size 0.18,22 lw 2 lc rgb "#333333" front
}
set label 31 edge_text1 at (1.0+3.8)/2, node_y + 0.5 center font small_font
set label 32 edge_text2 at (3.8+6.6)/2, node_y + 0.5 center font small_font
set label 33 edge_text3 at (6.6+9.2)/2, node_y + 0.5 center font small_font
set label 34 "Y = ΓV + Z̃" at (1.0+3.8)/2, node_y - 0.34 center font small_font
set label 35 "X = BY + W" at (3.8+6.6)/2, node_y - 0.34 center font small_font
set label 36 "Ŷ = AX + Z" at (6.6+9.2)/2, node_y - 0.34 center font small_font
set label 37 "V ∼ N(0, Σ_V),  Σ_V diagonal" at 1.0, node_y + node_r + 0.3 center font small_font
set label 38 "prior  p(x) = N(0, I_m)" at 6.6, node_y + node_r + 0.3 center font small_font

plot NaN notitle
