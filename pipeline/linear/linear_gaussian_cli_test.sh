#!/usr/bin/env bash
# The linear_gaussian tool end to end on a tiny config: the study writes its results and
# tables; one problem saved by the study reruns through --problem; bad input fails with a message
# naming the problem.
set -euo pipefail
tool="$1"
dir="$TEST_TMPDIR"
cp "$2" "$dir/tiny.pbtxt"  # pipeline/testdata/tiny.linear.pbtxt
"$tool" --config="$dir/tiny.pbtxt" --out="$dir/study" --threads=2 --write_problems 2> "$dir/stderr.txt" || \
  { echo "FAIL: the study failed:"; cat "$dir/stderr.txt"; exit 1; }
for file in results.pbtxt fig2_fixed_point.dat fig2_adamw.dat fig2_adamw_steps.dat fig3_fixed_point.dat \
  fig3_boundary.dat; do
  [[ -s "$dir/study/$file" ]] || { echo "FAIL: $file missing"; exit 1; }
done
grep -q "linear study" "$dir/stderr.txt" || { echo "FAIL: no progress on stderr"; exit 1; }
grep -q 'config_sha256: "[0-9a-f]\{64\}"' "$dir/study/results.pbtxt" || { echo "FAIL: no provenance"; exit 1; }
# The environment fingerprint every result carries (common/runtime/environment.h).
for field in libtorch_version device_class cpu_capability compiler; do
  grep -q "^    $field: \"..*\"" "$dir/study/results.pbtxt" || \
    { echo "FAIL: no environment $field in the provenance"; exit 1; }
done
if grep -qi "nan" "$dir"/study/*.dat; then echo "FAIL: nan in a table"; exit 1; fi

# Rerun trial 1's problem alone; it reproduces the study's run of that trial.
"$tool" --config="$dir/tiny.pbtxt" --problem="$dir/study/problems/trial_1.pbtxt" --beta=2 --lambda=1 \
  --trial=1 --out="$dir/single" > "$dir/single.txt"
grep -q "CONVERGED" "$dir/single.txt" || { echo "FAIL: single run"; cat "$dir/single.txt"; exit 1; }
grep -q "sigma_z {" "$dir/single/run.pbtxt" || { echo "FAIL: no final state"; exit 1; }
# The same metrics line as the study's run at (beta, lambda, trial) = (2, 1, 1).
study_metrics=$(awk 'BEGIN{RS="\n}\n"} /solver: "fixed_point"/ && /\n  beta: 2\n/ && /\n  lambda: 1\n/ && /\n  trial: 1\n/' \
  "$dir/study/results.pbtxt" | grep -A2 "^  metrics {" | grep reconstruction_error | tr -d ' ')
single_metrics=$(grep -A2 "^metrics {" "$dir/single/run.pbtxt" | grep reconstruction_error | tr -d ' ')
[[ -n "$study_metrics" && "$study_metrics" == "$single_metrics" ]] || \
  { echo "FAIL: rerun differs: '$study_metrics' vs '$single_metrics'"; exit 1; }

echo "n: 3" > "$dir/bad.pbtxt"
if "$tool" --config="$dir/tiny.pbtxt" --problem="$dir/bad.pbtxt" --beta=2 --out="$dir/bad" 2> "$dir/bad.txt"; then
  echo "FAIL: a bad problem was accepted"; exit 1
fi
grep -q "bad.pbtxt" "$dir/bad.txt" || { echo "FAIL: error does not name the file"; cat "$dir/bad.txt"; exit 1; }
echo "ok"
