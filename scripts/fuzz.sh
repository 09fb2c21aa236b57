#!/usr/bin/env bash
# Builds Ferry's libFuzzer targets with clang (AddressSanitizer + UBSan) and runs each for a while,
# starting from the seeds in tests/fuzz/corpus. A crash leaves its input in build/fuzz/findings.
#   scripts/fuzz.sh [SECONDS per target, default 60]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-60}"
build="$here/build/fuzz"
targets=(fuzz_contentdisposition fuzz_filenames fuzz_contentrange fuzz_checksumfile)

"$here/scripts/dev.sh" deps
for p in clang libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ -n "${missing[*]:-}" ]; then
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq "${missing[@]}"; else sudo apt-get install -y -qq "${missing[@]}"; fi
fi

CC=clang CXX=clang++ cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DFERRY_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build" --target "${targets[@]}"

mkdir -p "$build/findings"
status=0
for t in "${targets[@]}"; do
  corpus="$build/corpus/${t#fuzz_}"
  mkdir -p "$corpus"
  cp -n "$here/tests/fuzz/corpus/${t#fuzz_}"/* "$corpus"/ 2>/dev/null || true
  echo "== $t for ${seconds}s"
  if ! "$build/tests/fuzz/$t" -max_total_time="$seconds" -artifact_prefix="$build/findings/$t-" \
       -print_final_stats=1 "$corpus" 2>"$build/$t.log"; then
    echo "$t: FOUND A CRASH, see $build/$t.log and $build/findings/"
    status=1
  fi
  grep -E "stat::number_of_executed_units|Done [0-9]+ runs" "$build/$t.log" | tail -2
done
exit $status
