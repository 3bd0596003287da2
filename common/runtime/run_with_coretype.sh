#!/usr/bin/env bash
# Runs the test binary $1 with OPENBLAS_CORETYPE=Haswell, which OpenBLAS reads when it loads.
set -euo pipefail
OPENBLAS_CORETYPE=Haswell exec "$1" --gtest_filter='EnvironmentTest.BlasKernel*'
