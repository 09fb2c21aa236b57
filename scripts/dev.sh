#!/usr/bin/env bash
# Ferry's one entry point for developers and CI, on Debian 12.
#   scripts/dev.sh run           install what is missing, build, launch Ferry
#   scripts/dev.sh test          install what is missing, then everything CI checks: every test in the
#                                normal build, again under AddressSanitizer + UBSan, the unit and
#                                integration tests under ThreadSanitizer, and each fuzzer for a while
#   scripts/dev.sh test --quick  only the normal build and its tests
#   scripts/dev.sh build         install what is missing, build
#   scripts/dev.sh deps          only install what is missing
# Installs with apt as root, or through sudo. Build folders: build/release, build/asan, build/tsan,
# build/fuzz (FERRY_BUILD_DIR, FERRY_ASAN_BUILD_DIR, FERRY_TSAN_BUILD_DIR, FERRY_FUZZ_BUILD_DIR override).
# FERRY_FUZZ_SECONDS sets the time per fuzzer (default 30).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${FERRY_BUILD_DIR:-$here/build/release}"
asan_dir="${FERRY_ASAN_BUILD_DIR:-$here/build/asan}"
tsan_dir="${FERRY_TSAN_BUILD_DIR:-$here/build/tsan}"
fuzz_seconds="${FERRY_FUZZ_SECONDS:-30}"
jobs="$(nproc)"

packages=(
  build-essential cmake ninja-build pkg-config git
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
  libqt6sql6-sqlite libqt6svg6 qt6-image-formats-plugins
  libssl-dev zlib1g-dev libarchive-dev
  # sanitizer runtimes for GCC (build-essential brings them through gcc-12; named so nothing is assumed)
  libasan8 libubsan1 libtsan2
  # the fuzzers: clang with libFuzzer and its sanitizer runtimes
  clang libclang-rt-14-dev
  # tests and benchmarks: a real web server, the peers we measure against, GNU time, a virtual display
  nginx-light openssl curl aria2 time xvfb libarchive-tools libvips-tools imagemagick
  # the desktop files' validators; scripts/screenshots.sh drives the real window under Xvfb
  desktop-file-utils appstream xdotool xclip x11-utils dbus-daemon
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

# configure DIR [cmake options...]
configure() {
  local dir="$1"; shift
  cmake -S "$here" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFERRY_WERROR=ON "$@" >/dev/null
}

# Sanitizer builds: -O1 (the sanitizers' advice) and -g1 (line tables, enough for every stack trace)
# compile in about half the time of RelWithDebInfo's -O2 -g on this 2-core machine.
sanitizer_flags=(-DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG")

build() {
  configure "$build_dir"
  cmake --build "$build_dir" --parallel "$jobs"
}

# The test programs ctest would run with these ctest arguments (e.g. -L unit), and ferry-cli which the
# CLI tests start: a sanitizer build compiles these only, not the app or the benchmark programs.
test_targets() {
  local dir="$1"; shift
  (cd "$dir" && ctest -N "$@" | awk '/Test +#[0-9]+:/ { print $3 }')
  echo ferry-cli
}

# --- Sanitizer settings. Each option is here so a finding fails the run with a usable report.
# AddressSanitizer: leaks are findings; static initialisation order is checked too. The exit code of a
# process with a finding is non-zero, which fails its test.
asan_env() {
  export ASAN_OPTIONS="detect_leaks=1:check_initialization_order=1:strict_init_order=1:detect_stack_use_after_return=1"
  export LSAN_OPTIONS="suppressions=$here/tests/sanitizers/lsan.supp:print_suppressions=0"
  # Recovery is compiled out (-fno-sanitize-recover=undefined); halt_on_error says the same for runtimes
  # that are asked anyway, and the stack trace says where.
  export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
}

# ThreadSanitizer with Debian's Qt, which is not instrumented:
# - ignore_noninstrumented_modules: memory accesses that Qt's own code makes through intercepted calls
#   (memcpy, malloc, free inside libQt6*) are not checked; TSan cannot see the locks Qt takes around
#   them, so every one of those reports was a false positive. Our code's accesses are all checked.
# - die_after_fork=0: QProcess forks from a multi-threaded process and the child only execs.
# - exitcode (66 by default) fails the test when anything was reported.
tsan_env() {
  export TSAN_OPTIONS="ignore_noninstrumented_modules=1:die_after_fork=0:second_deadlock_stack=1:suppressions=$here/tests/sanitizers/tsan.supp"
}

# Tests not run under ThreadSanitizer. Each one hands work between threads only through Qt machinery
# whose synchronisation happens inside the uninstrumented Qt library, so TSan sees no happens-before and
# reports our code, which Qt orders correctly; tests/sanitizers/README.md lists the reports.
tsan_skip=(
  tst_hashstep         # QtConcurrent::run hands the task and its parameters over under Qt's own lock
  tst_verifystep       # same
  tst_thumbnailstep    # same, and the per-image results are ordered by a QSemaphore
  tst_download         # queued hand-offs between the engine and its disk and hashing pool threads
  tst_taskengine       # the engine of tst_download plus the step pool
  tst_enginecrash      # same engine (reported: download.cpp:469 against the checkpoint on the disk pool)
  tst_unknownlength    # the engine of tst_download (its completeness probe and the disk pool)
  tst_errormessages    # same
  tst_categoryrouting  # the engine of tst_taskengine with its store (downloads sorted into category folders)
  tst_storeload        # the engine of tst_taskengine with its store, and EngineHost's thread (a stored download resumes)
  tst_clisteps         # ferry-cli --thumbnail: the thumbnail step's QSemaphore, as in tst_thumbnailstep
  tst_clicrash         # 20 ferry-cli lives, each with the download engine of tst_download; TSan would slow them 5-15x
  tst_threadpriority   # QThreadPool::start hands the pool case's jobs (and the locals they read) over under Qt's lock
)

# --- Phases. Each runs, is timed and counted; the summary at the end names the ones that failed.
phase_names=()
phase_times=()
phase_results=()
tests_passed=0
tests_failed=0

# count_ctest LOG: add ctest's "N tests failed out of M" to the totals.
count_ctest() {
  local line total failed
  line="$(grep -E "tests passed, [0-9]+ tests? failed out of [0-9]+" "$1" | tail -1 || true)"
  if [ -z "$line" ]; then
    tests_failed=$((tests_failed + 1))   # the phase failed before its tests ran
    return
  fi
  failed="$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")"
  total="$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\2/' <<<"$line")"
  tests_passed=$((tests_passed + total - failed))
  tests_failed=$((tests_failed + failed))
}

# run_phase NAME FUNCTION: runs FUNCTION with its output also in build/logs/NAME.log.
run_phase() {
  local name="$1" fn="$2" start status
  local log="$here/build/logs/$name.log"
  mkdir -p "$here/build/logs"
  echo
  echo "=== $name"
  start=$SECONDS
  set +e
  ( set -e; "$fn" ) 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  set -e
  phase_names+=("$name")
  phase_times+=($((SECONDS - start)))
  if [ "$status" -eq 0 ]; then phase_results+=(ok); else phase_results+=(FAILED); fi
  if [ "$name" = fuzz ]; then
    tests_passed=$((tests_passed + $(grep -c '^fuzz: ok ' "$log" || true)))
    tests_failed=$((tests_failed + $(grep -c '^fuzz: FAILED ' "$log" || true)))
    [ "$status" -eq 0 ] || grep -q '^fuzz: FAILED ' "$log" || tests_failed=$((tests_failed + 1))
  else
    count_ctest "$log"
  fi
}

phase_release() {
  build
  cd "$build_dir"
  ctest --output-on-failure --parallel "$jobs" --timeout 600
}

phase_asan() {
  configure "$asan_dir" -DFERRY_SANITIZE=address,undefined "${sanitizer_flags[@]}"
  # shellcheck disable=SC2046
  cmake --build "$asan_dir" --parallel "$jobs" --target $(test_targets "$asan_dir")
  asan_env
  cd "$asan_dir"
  ctest --output-on-failure --parallel "$jobs" --timeout 900
}

phase_tsan() {
  configure "$tsan_dir" -DFERRY_SANITIZE=thread "${sanitizer_flags[@]}"
  local skip
  skip="^($(IFS='|'; echo "${tsan_skip[*]}"))\$"
  # shellcheck disable=SC2046
  cmake --build "$tsan_dir" --parallel "$jobs" --target $(test_targets "$tsan_dir" -L 'unit|integration' -E "$skip")
  tsan_env
  cd "$tsan_dir"
  echo "Not run under ThreadSanitizer (see scripts/dev.sh): ${tsan_skip[*]}"
  ctest --output-on-failure --parallel "$jobs" --timeout 900 -L 'unit|integration' -E "$skip"
}

phase_fuzz() {
  "$here/scripts/fuzz.sh" "$fuzz_seconds"
}

summary() {
  echo
  echo "=== scripts/dev.sh test: time per phase (2 cores: $(nproc) here)"
  local i total=0
  for i in "${!phase_names[@]}"; do
    printf '  %-8s %-7s %4d min %02d s\n' "${phase_names[$i]}" "${phase_results[$i]}" \
      $((phase_times[i] / 60)) $((phase_times[i] % 60))
    total=$((total + phase_times[i]))
  done
  printf '  %-16s %4d min %02d s\n' total $((total / 60)) $((total % 60))
  # One closing line that counts test programs (and fuzz targets) over all phases.
  echo "dev.sh: $tests_passed passed, $tests_failed failed"
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
    install_deps
    case "${2:-}" in
      --quick) phases=(release) ;;
      "") phases=(release asan tsan fuzz) ;;
      *) echo "scripts/dev.sh test [--quick]" >&2; exit 2 ;;
    esac
    for p in "${phases[@]}"; do run_phase "$p" "phase_$p"; done
    summary
    for r in "${phase_results[@]}"; do [ "$r" = ok ] || exit 1; done
    ;;
  *)
    sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
