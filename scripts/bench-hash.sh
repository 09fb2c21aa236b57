#!/usr/bin/env bash
# Benchmarks Ferry's hash step (core/steps/hashstep.h, run through tests/bench/bench_hashstep.cpp on a
# QtConcurrent pool of its own, as the application runs it) against `openssl dgst -sha256`, and two
# files hashed in parallel by Ferry against one.
#
# Both sides hash from the page cache: every run is preceded by `cat FILE > /dev/null`, for Ferry and
# for the peer alike (no cache drop anywhere). Runs alternate A B A B; the table reports medians. Every
# run's digest is checked against the first openssl digest, so a broken run can never look fast.
#
# Progress goes to stderr; the Markdown report goes to stdout:
#   scripts/bench-hash.sh --build /path/to/build > bench-hash.md

set -euo pipefail
export LC_ALL=C

usage() {
    cat <<'EOF2'
Usage: scripts/bench-hash.sh [--build DIR] [--rounds N] [--size MiB]

  --build DIR    build folder holding bench_hashstep (DIR/tests/bench_hashstep, or
                 DIR/bench_hashstep; default: <repo>/build/release)
  --rounds N     rounds per case (default 3)
  --size MiB     size of each test file (default 2048)

Cases: (a) one file: Ferry's hash step vs openssl dgst -sha256;
       (b) two different files at once: Ferry, two steps on a 2-thread pool, vs one file alone
           (goal: >= 1.8x the throughput); two openssl processes are shown for reference.
Data is cached in ${TMPDIR:-/tmp}/ferry-bench/hash between runs.
EOF2
}


script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bench_name="bench-hash"
# shellcheck source=scripts/bench-common.sh
source "$script_dir/bench-common.sh"
command_line=$(quote_command "$0" "$@")
build_dir=$(cd "$script_dir/.." && pwd)/build/release
rounds=3
size_mib=2048

while (($#)); do
    case $1 in
        --build) (($# >= 2)) || die "--build needs a folder"; build_dir=$2; shift 2 ;;
        --rounds) need_count "$@"; rounds=$2; shift 2 ;;
        --size) need_count "$@"; size_mib=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown option: $1" ;;
    esac
done

bench=$(find_bench_program bench_hashstep)
command -v openssl >/dev/null || die "openssl is not installed (apt-get install openssl)"

work=${TMPDIR:-/tmp}/ferry-bench/hash
mkdir -p "$work"
exec 9>"$work/.lock"
if command -v flock >/dev/null && ! flock -n 9; then
    die "another hash benchmark is using $work"
fi
# shellcheck disable=SC2317  # invoked by the trap
cleanup() { rm -f "$work"/*.out "$work"/*.time; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------
# Data: two different files of pseudo-random bytes (AES-CTR over zeros: fast and reproducible).

bytes=$((size_mib * 1024 * 1024))
make_file() {  # path key
    local path=$1 key=$2
    if [[ -f $path && $(stat -c %s "$path") == "$bytes" ]]; then return; fi
    note "making $path ($size_mib MiB)..."
    head -c "$bytes" /dev/zero |
        openssl enc -aes-128-ctr -nosalt -K "$key" -iv 00000000000000000000000000000000 >"$path.tmp"
    mv "$path.tmp" "$path"
}
file_a=$work/a-${size_mib}M.bin
file_b=$work/b-${size_mib}M.bin
make_file "$file_a" 000102030405060708090a0b0c0d0e0f
make_file "$file_b" f0e0d0c0b0a090807060504030201000

digest_of() { awk '{print $NF}' | tr -d '\n'; }  # last field: works for openssl's "SHA2-256(f)= hex"
want_a=$(openssl dgst -sha256 "$file_a" | digest_of)
want_b=$(openssl dgst -sha256 "$file_b" | digest_of)
[[ $want_a != "$want_b" ]] || die "the two test files are the same"

# ---------------------------------------------------------------------------------------------
# Runs. Each run: pre-read its files into the page cache, then time the command alone.

declare -A seconds=() cpu=()
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", b - a}'; }
warm() { cat "$@" >/dev/null; }

# GNU time adds the CPU seconds (user + sys), which tell hashing work from waiting for a busy core.
time_bin=/usr/bin/time
[[ -x $time_bin ]] && "$time_bin" -f '%U' true >/dev/null 2>&1 || time_bin=""
[[ -n $time_bin ]] || note "GNU time is missing (apt-get install time): no CPU column"

# timed NAME COMMAND...: runs the command once with its stdout in $work/NAME.out and records its times.
timed() {
    local name=$1; shift
    local t0 t1 cpu_s=""
    t0=$(now)
    if [[ -n $time_bin ]]; then
        "$time_bin" -f '%U %S' -o "$work/$name.time" "$@" >"$work/$name.out"
        cpu_s=$(awk '{printf "%.2f", $1 + $2}' "$work/$name.time")
    else
        "$@" >"$work/$name.out"
    fi
    t1=$(now)
    seconds[$name]+="$(elapsed "$t0" "$t1") "
    cpu[$name]+="${cpu_s:-n/a} "
    note "  $name: $(elapsed "$t0" "$t1") s (CPU ${cpu_s:-n/a} s)"
}

# expect NAME DIGEST...: the run's output holds each digest exactly once.
expect() {
    local name=$1; shift
    local digest
    for digest in "$@"; do
        [[ $(grep -c -- "$digest" "$work/$name.out" || true) == 1 ]] ||
            die "$name printed a wrong digest (expected $digest): $(cat "$work/$name.out")"
    done
}

openssl_two() {  # two openssl processes at once, one output after the other
    openssl dgst -sha256 "$file_a" >"$work/openssl-a.out" &
    openssl dgst -sha256 "$file_b"
    wait $!
    cat "$work/openssl-a.out"
}

run_ferry_one() { warm "$file_a"; timed ferry-one "$bench" --threads 1 "$file_a"; expect ferry-one "$want_a"; }
run_openssl_one() { warm "$file_a"; timed openssl-one openssl dgst -sha256 "$file_a"; expect openssl-one "$want_a"; }
run_ferry_two() {
    warm "$file_a" "$file_b"
    timed ferry-two "$bench" --threads 2 "$file_a" "$file_b"
    expect ferry-two "$want_a" "$want_b"
}
run_openssl_two() {
    warm "$file_a" "$file_b"
    export -f openssl_two; export file_a file_b work
    timed openssl-two bash -c openssl_two
    expect openssl-two "$want_a" "$want_b"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((r = 1; r <= rounds; r++)); do
    note "round $r/$rounds"
    # Alternate the order each round so neither side always runs first.
    if ((r % 2)); then
        run_ferry_one; run_openssl_one; run_ferry_two; run_openssl_two
    else
        run_openssl_one; run_ferry_one; run_openssl_two; run_ferry_two
    fi
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------------------------------------
# Report

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
declare -A med=()
for key in ferry-one openssl-one ferry-two openssl-two; do med[$key]=$(median <<<"${seconds[$key]}"); done
rate() { awk -v b="$1" -v s="$2" 'BEGIN {printf "%.0f", b / 1e6 / s}'; }  # MB/s
ratio() { awk -v x="$1" -v y="$2" 'BEGIN {printf "%.2f", x / y}'; }

one_vs_openssl=$(ratio "${med[openssl-one]}" "${med[ferry-one]}")      # > 1: Ferry faster
ferry_speedup=$(ratio "$(awk -v t="${med[ferry-one]}" 'BEGIN {print 2 * t}')" "${med[ferry-two]}")
openssl_speedup=$(ratio "$(awk -v t="${med[openssl-one]}" 'BEGIN {print 2 * t}')" "${med[openssl-two]}")
cpu_model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
sha_ni=$(grep -qm1 -w sha_ni /proc/cpuinfo && echo yes || echo no)

cat <<EOF2
## Hashing: Ferry's hash step vs openssl dgst -sha256

Command: \`$command_line\`
Files: two different ${size_mib} MiB files in \`$work\`, **hashed from the page cache** (each run is preceded by
\`cat FILE > /dev/null\`, for every tool; no cache drop). SHA-256. $rounds rounds, alternating, medians.
Ferry: \`$(basename "$bench")\` runs \`Ferry::hashStep\` via \`QtConcurrent::run\` on its own QThreadPool.
Machine: $(nproc) cores, $cpu_model (SHA extensions: $sha_ni); load average before $load_before, after $load_after.
Every run's digest was checked against \`openssl dgst\`'s.

| case | tool | median s | runs (s) | CPU s (user+sys) | MB/s | ratio |
|---|---|---|---|---|---|---|
| one file | Ferry hash step | ${med[ferry-one]} | ${seconds[ferry-one]% } | ${cpu[ferry-one]% } | $(rate "$bytes" "${med[ferry-one]}") | **${one_vs_openssl} x openssl** (goal >= 1.0) |
| one file | openssl dgst -sha256 | ${med[openssl-one]} | ${seconds[openssl-one]% } | ${cpu[openssl-one]% } | $(rate "$bytes" "${med[openssl-one]}") | 1.00 |
| two files at once | Ferry, 2 steps on a 2-thread pool | ${med[ferry-two]} | ${seconds[ferry-two]% } | ${cpu[ferry-two]% } | $(rate $((2 * bytes)) "${med[ferry-two]}") | **${ferry_speedup} x one file** (goal >= 1.8) |
| two files at once | 2 x openssl dgst (reference) | ${med[openssl-two]} | ${seconds[openssl-two]% } | ${cpu[openssl-two]% } | $(rate $((2 * bytes)) "${med[openssl-two]}") | ${openssl_speedup} x one openssl |

Ratios: "x openssl" is openssl's median time over Ferry's; "x one file" is the throughput of two files
at once over one file alone (2 x t_one / t_two). Wall time near the CPU time means the hash had its
cores; two files at once can only reach 2x when both cores are free (see the load average above).
EOF2
