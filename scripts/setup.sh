#!/usr/bin/env bash
# Installs, from Debian's packages, only what tinynn needs and this machine lacks.
# Needs no root when nothing is missing. Usage: scripts/setup.sh [--test] [--fashion-mnist]
#   --test           also what the test suite needs: Debian's chromium (and a font), with
#                    which a test renders every kind of plot to PNG, and graphviz, whose dot
#                    renders tinynn graph's pictures. Only for the tests: tinynn writes its
#                    SVG plots itself and never needs a browser, and tinynn graph writes DOT
#                    text without Graphviz (only .svg/.png output needs dot).
#   --fashion-mnist  also the Fashion-MNIST data set, Debian's dataset-fashion-mnist (a 30 MB
#                    download): gzipped IDX files in /usr/share/datasets/fashion-mnist/.
set -euo pipefail

packages=(cmake make g++ pkg-config
          libxtensor-dev libxtensor-blas-dev libxsimd-dev
          libopenblas-dev   # must be named: otherwise the slow reference BLAS stays
          nlohmann-json3-dev catch2
          zlib1g-dev)       # reads the gzipped IDX files (MNIST, Fashion-MNIST)

for arg in "$@"; do
  case "$arg" in
    --test) packages+=(chromium fonts-dejavu-core graphviz) ;;
    --fashion-mnist) packages+=(dataset-fashion-mnist) ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup.sh: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

is_installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "setup.sh: this is not a Debian system (no dpkg-query). Install by hand: ${packages[*]}" >&2
  exit 1
fi

missing=()
for p in "${packages[@]}"; do
  is_installed "$p" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} requested Debian packages are installed."
  exit 0
fi

echo "setup: installing missing Debian packages: ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo)
  else
    echo "setup.sh: missing packages (${missing[*]}) and not root, and sudo is not available." >&2
    echo "          Run as root: apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
if ! "${sudo_cmd[@]}" apt-get update -qq; then
  echo "setup.sh: 'apt-get update' failed; check the network and /etc/apt/sources.list*." >&2
  exit 1
fi
if ! "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/tinynn-setup.log 2>&1; then
  tail -n 20 /tmp/tinynn-setup.log >&2
  echo "setup.sh: 'apt-get install ${missing[*]}' failed (log above, full log in /tmp/tinynn-setup.log)." >&2
  exit 1
fi

still=()
for p in "${missing[@]}"; do is_installed "$p" || still+=("$p"); done
if [ ${#still[@]} -ne 0 ]; then
  echo "setup.sh: still missing after install: ${still[*]}" >&2
  exit 1
fi
echo "setup: installed ${missing[*]}"
