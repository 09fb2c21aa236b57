#!/usr/bin/env bash
# Builds Ferry's libFuzzer targets with clang (AddressSanitizer + UBSan) and runs each for a while,
# starting from the seeds in tests/fuzz/corpus, as many at once as there are cores. A crash, a leak, a
# UBSan finding or a timeout fails the run and leaves its input in build/fuzz/findings.
#   scripts/fuzz.sh [SECONDS per target, default 60]
# scripts/dev.sh test runs it with 30 s. FERRY_FUZZ_BUILD_DIR overrides build/fuzz.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-60}"
build="${FERRY_FUZZ_BUILD_DIR:-$here/build/fuzz}"
targets=(fuzz_contentdisposition fuzz_filenames fuzz_contentrange fuzz_checksumfile fuzz_urllist)

"$here/scripts/dev.sh" deps   # clang and libclang-rt-14-dev are in its list

CC=clang CXX=clang++ cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" -DFERRY_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build" --parallel "$(nproc)" --target "${targets[@]}"

# A leak is a finding; UBSan stops at the first one (recovery is compiled out as well).
export ASAN_OPTIONS="detect_leaks=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"

# fuzz TARGET: one run of SECONDS from the seeds plus what earlier runs here found interesting.
fuzz() {
  local t="$1" corpus="$build/corpus/${1#fuzz_}"
  mkdir -p "$corpus"
  cp -n "$here/tests/fuzz/corpus/${t#fuzz_}"/* "$corpus"/ 2>/dev/null || true
  local rc=0
  rm -f "$build/$t.status"
  "$build/tests/fuzz/$t" -max_total_time="$seconds" -timeout=10 -artifact_prefix="$build/findings/$t-" \
    -print_final_stats=1 "$corpus" >"$build/$t.log" 2>&1 || rc=$?
  echo "$rc" >"$build/$t.status"
}

mkdir -p "$build/findings"
echo "Fuzzing ${targets[*]} for ${seconds}s each, $(nproc) at a time"
for t in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do wait -n || true; done
  fuzz "$t" &
done
wait

status=0
for t in "${targets[@]}"; do
  if [ "$(cat "$build/$t.status" 2>/dev/null)" = 0 ]; then
    runs="$(grep -Eo 'stat::number_of_executed_units: [0-9]+' "$build/$t.log" | grep -Eo '[0-9]+$' || echo '?')"
    echo "fuzz: ok $t ($runs inputs in ${seconds}s)"
  else
    echo "fuzz: FAILED $t: a finding, see $build/$t.log and $build/findings/"
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$build/$t.log" | head -5 || true
    status=1
  fi
done
exit $status
