#!/usr/bin/env bash
# //pipeline/train:train_conv_vae -> //pipeline/evaluate:evaluate_model -> //pipeline/aggregate:aggregate_results end to end on a tiny config:
# every output appears, evaluation is deterministic, and bad inputs fail with clear messages.
set -euo pipefail
train="$1"
evaluate="$2"
aggregate="$3"
config="$4"
data="$5"
out="${TEST_TMPDIR}/deep"
mkdir -p "$out"
fail() { echo "FAIL: $*"; exit 1; }
# Runs a command that must fail, and checks that its stderr says $1.
expect_error() {
  local message="$1"; shift
  if "$@" 2> "$out/err.txt"; then fail "accepted: $*"; fi
  grep -qF -- "$message" "$out/err.txt" || { cat "$out/err.txt"; fail "no '$message' in the error"; }
}
common=(--config="$config" --dataset=BUILTIN_SPRITES --data="$data")

"$train" "${common[@]}" --phase=1 --beta=1,4 --seed=0,1 --chunk=0 --output="$out/p1.ckpt" 2>/dev/null
"$train" "${common[@]}" --phase=2 --beta=1,4 --lambda=0,16 --seed=0,1 --chunk=0 \
  --input="$out/p1.ckpt" --output="$out/p2.ckpt" 2>/dev/null

results=()
for beta in 1 4; do for lambda in 0 16; do for seed in 0 1; do
  name="b${beta}_l${lambda}_s${seed}"
  "$evaluate" "${common[@]}" --checkpoint="$out/p2.ckpt" --beta=$beta --lambda=$lambda \
    --seed=$seed --out="$out/$name.pbtxt" --reconstructions="$out/$name.dat" 2> "$out/$name.log"
  results+=("$out/$name.pbtxt")
done; done; done
grep -q "MIG" "$out/b1_l0_s0.log" || { cat "$out/b1_l0_s0.log"; fail "no progress/summary on stderr"; }
grep -q 'config_sha256: "[0-9a-f]\{64\}"' "$out/b4_l16_s1.pbtxt" || fail "provenance missing"
grep -q 'device_class: "cpu"' "$out/b4_l16_s1.pbtxt" || fail "environment fingerprint missing"
if grep -q -e wall_seconds -e config_name "$out/b4_l16_s1.pbtxt"; then
  fail "a wall time or tier name in a result: equal results would differ in bytes"
fi
grep -q "steps: 4" "$out/b4_l16_s1.pbtxt" || fail "steps is not 2 + 2"

# Deterministic: a second evaluation gives the same bytes. (With another thread count, LibTorch's
# convolutions may differ in the last float32 bits, so the thread count is on the command line of
# every study action.)
"$evaluate" "${common[@]}" --checkpoint="$out/p2.ckpt" --beta=4 --lambda=16 --seed=1 \
  --out="$out/again.pbtxt" --reconstructions="$out/again.dat" 2>/dev/null
cmp "$out/b4_l16_s1.pbtxt" "$out/again.pbtxt" || fail "evaluation not deterministic"
cmp "$out/b4_l16_s1.dat" "$out/again.dat" || fail "reconstructions not deterministic"

reconstructions="$out/b1_l0_s0.dat,$out/b4_l16_s0.dat"
"$aggregate" --config="$config" --out_dir="$out/agg" --reconstructions="$reconstructions" \
  "${results[@]}" 2>/dev/null
for f in fig4.tsv fig4_numbers.md fig5.tsv fig6.tsv fig6_selected.tsv selection.md fig7.dat \
         fig8.tsv table2.md table2.tsv environment.txt; do
  [[ -s "$out/agg/$f" ]] || fail "aggregate wrote no $f"
done
grep -q "^LibTorch .* · cpu " "$out/agg/environment.txt" || fail "environment.txt: no fingerprint"
# Figure 4: two betas at lambda = 0, each over 2 seeds.
[[ $(grep -vc '^#' "$out/agg/fig4.tsv") == 2 ]] || { cat "$out/agg/fig4.tsv"; fail "fig4.tsv rows"; }
awk -F'\t' '!/^#/ && $4 != 2 { exit 1 }' "$out/agg/fig4.tsv" || fail "fig4.tsv: n is not 2"
grep -q "(n = 2)" "$out/agg/fig4_numbers.md" || fail "fig4_numbers.md lacks n"
[[ $(grep -c '^| Built-in sprites |' "$out/agg/selection.md") == 3 ]] || fail "selection.md rows"
if grep -qiw -e nan -e inf "$out/agg/fig4.tsv" "$out/agg/fig5.tsv" "$out/agg/fig6.tsv"; then
  fail "NaN or Inf in a table"
fi

# Bad inputs.
expect_error "missing among the 7 files" \
  "$aggregate" --config="$config" --out_dir="$out/bad" --reconstructions="$reconstructions" "${results[@]:1}"
expect_error "duplicate result for dataset=BUILTIN_SPRITES beta=1 lambda=0 seed=0" \
  "$aggregate" --config="$config" --out_dir="$out/bad" --reconstructions="$reconstructions" \
  "${results[@]}" "${results[0]}"
expect_error "position 0 of --reconstructions" \
  "$aggregate" --config="$config" --out_dir="$out/bad" \
  --reconstructions="$out/b4_l16_s0.dat,$out/b1_l0_s0.dat" "${results[@]}"
expect_error "holds no member beta=8 lambda=0 seed=0" \
  "$evaluate" "${common[@]}" --checkpoint="$out/p2.ckpt" --beta=8 --lambda=0 --seed=0 \
  --out="$out/x.pbtxt" --reconstructions="$out/x.dat"
echo "not a checkpoint" > "$out/junk.ckpt"
expect_error "$out/junk.ckpt" \
  "$evaluate" "${common[@]}" --checkpoint="$out/junk.ckpt" --beta=1 --lambda=0 --seed=0 \
  --out="$out/x.pbtxt" --reconstructions="$out/x.dat"
expect_error "--reconstructions is required" \
  "$evaluate" "${common[@]}" --checkpoint="$out/p2.ckpt" --beta=1 --lambda=0 --seed=0 --out="$out/x.pbtxt"
[[ ! -e "$out/bad" && ! -e "$out/x.pbtxt" ]] || fail "a failed run wrote output"
echo "PASS"
