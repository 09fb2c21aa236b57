#!/usr/bin/env bash
# Times Ferry's scheduler (core/engine/TaskEngine) with tests/bench/bench_scheduler and prints a
# Markdown table against the goals. It builds nothing: point --build at a build folder that has it.
#
#   scripts/bench-scheduler.sh --build build/release [--tasks 10000] [--runs 5]
#
# No peer program schedules task graphs, so the table shows Ferry's numbers against the goals.
# bench_scheduler checks every run (all tasks Succeeded, the cancelled hash ended Cancelled) and
# exits non-zero otherwise, so a broken scheduler cannot look fast.

set -euo pipefail
export LC_ALL=C

usage() {
    cat <<'USAGE'
Usage: scripts/bench-scheduler.sh [--build DIR] [--tasks N] [--runs N] [--dir DIR]

  --build DIR    build folder holding bench_scheduler (default: <repo>/build/release)
  --tasks N      no-op tasks per run (default 10000)
  --runs N       timed runs per measure, medians reported (default 5)
  --dir DIR      where the store and the sparse 10 GiB file go (default: $TMPDIR or /tmp)
USAGE
}

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bench_name="bench-scheduler"
# shellcheck source=scripts/bench-common.sh
source "$script_dir/bench-common.sh"
command_line=$(quote_command "$0" "$@")

build_dir=$(cd "$script_dir/.." && pwd)/build/release
tasks=10000
runs=5
dir=${TMPDIR:-/tmp}

while (($#)); do
    case $1 in
        --build) (($# >= 2)) || die "--build needs a folder"; build_dir=$2; shift 2 ;;
        --tasks) need_count "$@"; tasks=$2; shift 2 ;;
        --runs) need_count "$@"; runs=$2; shift 2 ;;
        --dir) (($# >= 2)) || die "--dir needs a folder"; dir=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown option: $1" ;;
    esac
done

bench=$(find_bench_program bench_scheduler)
bench_command=("$bench" --tasks "$tasks" --runs "$runs" --dir "$dir")
echo "running: ${bench_command[*]}" >&2
output=$("${bench_command[@]}") || die "bench_scheduler failed (see above); no numbers reported"
grep -qx 'verified yes' <<<"$output" || die "bench_scheduler did not verify its results"

field() { awk -v name="$1" -v col="$2" '$1 == name { print $col }' <<<"$output"; }
verdict() { awk -v v="$1" -v goal="$2" 'BEGIN { print (v + 0 < goal + 0) ? "yes" : "**no**" }'; }
goal=$(awk -v n="$tasks" 'BEGIN { printf "%d", 1000 * n / 10000 }')
row() { # label name goal
    local median min max
    median=$(field "$2" 2); min=$(field "$2" 3); max=$(field "$2" 4)
    [[ -n $median ]] || die "bench_scheduler printed no $2"
    printf '| %s | %s | %s | %s | < %s | %s |\n' "$1" "$median" "$min" "$max" "$3" "$(verdict "$median" "$3")"
}

echo "### Scheduler: $tasks no-op tasks until idle, $runs runs, medians"
echo
echo "| measure (ms) | median | min | max | goal | met |"
echo "|---|---:|---:|---:|---:|:-:|"
row "$tasks no-op tasks, one batch, in memory" noop_batch_ms "$goal"
row "$tasks no-op tasks, one add() each, in memory" noop_single_adds_ms "$goal"
row "$tasks no-op tasks, one batch, with the SQLite store" noop_batch_store_ms "$goal"
row "open the store holding those $tasks finished tasks (engine ready)" open_store_ms 200
row "cancel of a running SHA-256 of a 10 GiB file, until Cancelled" cancel_hash_ms 100
echo
echo "Every task of every run was checked to have Succeeded; every cancelled hash to have ended Cancelled."
echo
echo "Command: \`$command_line\` (ran \`${bench_command[*]}\`)"
