#!/usr/bin/env bash
# //pipeline/train:train_conv_vae end to end on the smoke config: two chained chunks log exactly what one
# straight run logs, a phase-2 action continues from phase 1, and bad flags fail with a message.
set -euo pipefail
train="$1"
config="$2"
out="${TEST_TMPDIR}/cli"
mkdir -p "$out"
common=(--config="$config" --dataset=synthetic_squares_1ch --synthetic_images=300 --beta=4 --seed=1
        --log_every=2 --threads=1)

"$train" "${common[@]}" --phase=1 --start_step=0 --end_step=4 --output="$out/straight.ckpt" \
  --log="$out/straight.tsv" 2> "$out/stderr.txt"
grep -q "device cpu" "$out/stderr.txt" || { echo "FAIL: device not reported"; cat "$out/stderr.txt"; exit 1; }
"$train" "${common[@]}" --phase=1 --start_step=0 --end_step=2 --output="$out/c0.ckpt" --log="$out/c0.tsv" 2>/dev/null
"$train" "${common[@]}" --phase=1 --start_step=2 --end_step=4 --input="$out/c0.ckpt" \
  --output="$out/c1.ckpt" --log="$out/c1.tsv" 2>/dev/null
if ! diff <(cat "$out/c0.tsv" <(tail -n +2 "$out/c1.tsv")) "$out/straight.tsv"; then
  echo "FAIL: chained chunks logged other losses than the straight run"; exit 1
fi

# Phase 2 needs phase 1's final checkpoint (step beta_vae_steps of the config), not step 4.
phase1_steps=$(sed -n 's/^ *beta_vae_steps: *\([0-9]*\).*/\1/p' "$config")
if "$train" "${common[@]}" --phase=2 --lambda=16 --chunk=0 --input="$out/straight.ckpt" \
     --output="$out/p2.ckpt" 2> "$out/err.txt"; then
  echo "FAIL: phase 2 accepted a non-final phase-1 checkpoint"; exit 1
fi
grep -q "phase 2 starts from phase 1's final checkpoint (step $phase1_steps)" "$out/err.txt" || { cat "$out/err.txt"; exit 1; }

if "$train" "${common[@]}" --phase=1 --lambda=8 --end_step=2 --output="$out/x.ckpt" 2> "$out/err.txt"; then
  echo "FAIL: phase 1 accepted lambda = 8"; exit 1
fi
grep -q "lambda must be 0" "$out/err.txt" || { cat "$out/err.txt"; exit 1; }
echo "PASS"
