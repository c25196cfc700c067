#!/usr/bin/env bash
# The one way to get from a fresh Debian 12 machine to a working callbridge:
# installs the Debian packages that are missing, configures and builds with a
# CMake preset, then runs the job asked for.
#
#   tools/setup.sh demo    build, then show the main job against the bundled vendor mock
#   tools/setup.sh test    build, then run every test suite
#   tools/setup.sh asan    build with AddressSanitizer + UBSan, then run every test suite
#   tools/setup.sh bench   build optimised, then run the benchmarks in bench/
#   tools/setup.sh build   build only (preset dev)
set -euo pipefail

job=${1:-build}
cd "$(dirname "$0")/.."

packages=(
  g++ cmake make pkg-config ca-certificates tzdata
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libssl-dev doctest-dev libcli11-dev libhowardhinnant-date-dev
  libsqlite3-dev libpq-dev postgresql-15 zlib1g-dev
)
# The listing benchmark compares the command with curl --parallel.
[ "$job" = bench ] && packages+=(curl)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  "${as_root[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi

case "$job" in
  asan) preset=asan ;;
  bench) preset=release ;;
  demo | test | build) preset=dev ;;
  *) echo "usage: tools/setup.sh demo|test|asan|bench|build" >&2; exit 2 ;;
esac

cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"

case "$job" in
  demo) exec "build/$preset/tools/callbridge" demo ;;
  test | asan) exec ctest --preset "$preset" ;;
  bench) exec bench/run.sh "build/$preset" ;;
  build) ;;
esac
