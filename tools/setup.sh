#!/usr/bin/env bash
# Installs the Debian 12 packages the project builds with (see third_party/system/debian.bzl).
# Safe to re-run: apt-get skips what is installed.
set -euo pipefail
cd "$(dirname "$0")/.."

# The library packages are listed once, in debian.bzl; the build checks the same table.
mapfile -t packages < <(sed -n 's/^    "\([a-z0-9.+-]*\)": "\/.*/\1/p' third_party/system/debian.bzl)
packages+=(
  bazel-bootstrap       # Bazel 4.2.3
  clang                 # the C++ compiler (.bazelrc: 1.5x faster builds than GCC)
  libopenblas0-pthread  # a fast BLAS for LibTorch and Eigen's callers (optional but 5-10x)
  nginx-light           # loopback HTTP: the remote-cache demo, //pipeline/data:datasets_download_test
  chromium              # headless, for the report's browser test (tests/report_browser_test)
  slurm-wlm munge       # Slurm 22.05: the scale-out (tools/slurm) and its end-to-end test
  curl jq               # datasets_download_test and the Slurm launcher's cache check; execution logs
  poppler-utils         # pdfinfo, pdfimages: the report browser test's checks of the printed report
)

sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${packages[@]}"
