#!/usr/bin/env bash
# //pipeline:score end to end on tiny hand-made .npy files (NumPy's format written by printf):
# codes z0 = the factor, z1 unrelated to it, so MIG = 1 and continuous SAP = 1 exactly.
set -euo pipefail
score="$(pwd)/$1"
work="$TEST_TMPDIR/work"
mkdir -p "$work"

# npy <file> <descr> <shape> <data bytes as printf escapes>: a version 1.0 .npy file.
npy() {
  local dict="{'descr': '$2', 'fortran_order': False, 'shape': $3, }"
  local total=$(( (10 + ${#dict} + 1 + 63) / 64 * 64 ))
  local length=$(( total - 10 ))
  printf '\x93NUMPY\x01\x00' > "$1"
  printf "\\x$(printf %02x $((length % 256)))\\x$(printf %02x $((length / 256)))" >> "$1"
  printf '%s%*s\n' "$dict" $(( length - ${#dict} - 1 )) '' >> "$1"
  printf "$4" >> "$1"
}
zero='\x00\x00\x00\x00' one='\x00\x00\x80\x3f' two='\x00\x00\x00\x40'
# Rows (z0, z1): (0,0) (1,0) (0,1) (1,1) (0,2) (1,2); factor 0 1 0 1 0 1 (uint8).
npy "$work/codes.npy" '<f4' '(6, 2)' "$zero$zero$one$zero$zero$one$one$one$zero$two$one$two"
npy "$work/factors.npy" '|u1' '(6, 1)' '\x00\x01\x00\x01\x00\x01'
npy "$work/bad_factors.npy" '|u1' '(5, 1)' '\x00\x01\x00\x01\x00'

# Relative paths resolve where `bazel run` was started (BUILD_WORKING_DIRECTORY).
out=$(cd / && BUILD_WORKING_DIRECTORY="$work" "$score" --codes=codes.npy --factors=factors.npy \
  --sap=continuous --out=scores.pbtxt)
echo "$out"
grep -q "MIG      1.000000" <<< "$out" || { echo "FAIL: MIG is not 1"; exit 1; }
grep -q "SAP      1.000000" <<< "$out" || { echo "FAIL: SAP is not 1"; exit 1; }
grep -q "^mig: 1$" "$work/scores.pbtxt" ||
  { echo "FAIL: scores.pbtxt"; cat "$work/scores.pbtxt"; exit 1; }
grep -q "^sap_mode: CONTINUOUS$" "$work/scores.pbtxt" || { echo "FAIL: sap_mode"; exit 1; }

# Bad input: exit code 1 and a message naming both files.
if err=$(BUILD_WORKING_DIRECTORY="$work" "$score" --codes=codes.npy \
    --factors=bad_factors.npy 2>&1); then
  echo "FAIL: mismatched rows accepted"; exit 1
fi
echo "$err"
grep -q "^score: codes.npy has 6 samples but bad_factors.npy has 5" <<< "$err" ||
  { echo "FAIL: unexpected message"; exit 1; }
if err=$("$score" --codes="$work/codes.npy" --factors="$work/factors.npy" --sap=both 2>&1); then
  echo "FAIL: --sap=both accepted"; exit 1
fi
grep -q "sap must be discrete or continuous" <<< "$err" || { echo "FAIL: $err"; exit 1; }
echo PASS
