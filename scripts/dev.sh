#!/usr/bin/env bash
# Ferry's one entry point for developers and CI, on Debian 12.
#   scripts/dev.sh run     install what is missing, build, launch Ferry
#   scripts/dev.sh test    install what is missing, build, run every test
#   scripts/dev.sh build   install what is missing, build
#   scripts/dev.sh deps    only install what is missing
# Installs with apt as root, or through sudo.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${FERRY_BUILD_DIR:-$here/build/release}"

packages=(
  build-essential cmake ninja-build pkg-config git
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  libqt6sql6-sqlite libqt6svg6 qt6-image-formats-plugins
  libssl-dev zlib1g-dev libarchive-dev
  # tests and benchmarks: a real web server, the peers we measure against, GNU time, a virtual display
  nginx-light openssl curl aria2 time xvfb libarchive-tools libvips-tools imagemagick
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_deps() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

build() {
  cmake -S "$here" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFERRY_WERROR=ON
  cmake --build "$build_dir" --parallel "$(nproc)"
}

case "${1:-}" in
  deps) install_deps ;;
  build) install_deps; build ;;
  run)
    install_deps; build
    shift
    exec "$build_dir/app/ferry" "$@"
    ;;
  test)
    install_deps; build
    cd "$build_dir"
    exec ctest --output-on-failure --parallel "$(nproc)" --timeout 600
    ;;
  *)
    sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
