#!/usr/bin/env bash
# Quick-start command 1: install what is missing, build, and run the demo: an XOR network,
# then logistic regression on the breast-cancer data. Exits non-zero if either misses its goal.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"

echo
echo "=== 1. XOR: a 2-4-1 sigmoid network learns the truth table ==="
build/apps/xor
echo
echo "=== 2. Logistic regression: one sigmoid unit on real medical data ==="
build/apps/logistic_regression
