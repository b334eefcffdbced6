#!/usr/bin/env bash
# Regenerates the pictures in docs/img/ (shown in README) with the tinynn command itself:
# the sigmoid lesson's plot, XOR's loss curve and decision boundary, the moons run's loss curve
# and decision boundary, the spirals run's decision boundary, and the autograd graph of N02.
# Usage, from anywhere, after a build:
#   scripts/docs_images.sh [path/to/tinynn]     (default: build/apps/tinynn)
set -euo pipefail
cd "$(dirname "$0")/.."
tinynn="$(realpath "${1:-build/apps/tinynn}")"
[ -x "$tinynn" ] || { echo "docs_images.sh: no tinynn at $tinynn (build first, or pass its path)" >&2; exit 2; }
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

"$tinynn" sigmoid --out docs/img/sigmoid.svg >/dev/null
"$tinynn" train apps/configs/xor.json --quiet --out "$scratch/xor.model.json" \
  --set report.loss_plot=docs/img/xor_loss.svg >/dev/null
"$tinynn" boundary "$scratch/xor.model.json" datasets/xor.csv --out docs/img/xor_boundary.svg >/dev/null
"$tinynn" train apps/configs/moons.json --quiet --out "$scratch/moons.model.json" \
  --set report.loss_plot=docs/img/moons_loss.svg --set report.boundary_plot=docs/img/moons_boundary.svg >/dev/null
"$tinynn" train apps/configs/spirals.json --quiet --out "$scratch/spirals.model.json" \
  --set report.loss_plot="$scratch/spirals_loss.svg" --set report.boundary_plot=docs/img/spirals_boundary.svg >/dev/null
# The autograd graph of reference case N02's 2-3-1 network (needs Graphviz's dot).
"$tinynn" graph tests/data/explain/xor_231.json --weights tests/data/explain/n02.model.json \
  --out docs/img/xor_231_graph.svg >/dev/null
ls -l docs/img/
