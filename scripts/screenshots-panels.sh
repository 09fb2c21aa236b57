#!/bin/sh
# The README's screenshots of the live docks (throughput graph, task details with a segment map),
# taken of the real window under Xvfb while downloads and hashing run against a loopback server.
# Usage: scripts/screenshots-panels.sh [build dir]   (default build/dev; needs xvfb-run)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build/dev}
ninja -C "$build" shot_panels
export HOME="$(mktemp -d)"  # a private QSettings: no saved window layout
trap 'rm -rf "$HOME"' EXIT
export XDG_CONFIG_HOME="$HOME/config" XDG_DATA_HOME="$HOME/data" no_proxy='*' NO_PROXY='*'
xvfb-run -a -s "-screen 0 1600x1000x24" env QT_QPA_PLATFORM=xcb "$build/tests/screenshots/shot_panels" docs
