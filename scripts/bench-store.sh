#!/usr/bin/env bash
# Times Ferry's task store (core/store/TaskStore) with tests/bench/bench_store and prints a Markdown
# table against the goals. It builds nothing: point --build at a build folder that has bench_store.
#
#   scripts/bench-store.sh --build build/release [--tasks 10000] [--runs 5] [--changed 100]
#
# There is no peer program to compare with: the table shows Ferry's numbers against the goal.
# bench_store verifies every load and save (count, field checksum, values after a reopen) and exits
# non-zero when one is wrong, so a broken store cannot look fast.

set -euo pipefail
export LC_ALL=C

usage() {
    cat <<'USAGE'
Usage: scripts/bench-store.sh [--build DIR] [--tasks N] [--runs N] [--changed N] [--dir DIR]

  --build DIR    build folder holding bench_store (searched in DIR/tests and DIR;
                 default: <repo>/build/release)
  --tasks N      tasks in the queue (default 10000)
  --runs N       timed runs per measure, medians reported (default 5)
  --changed N    tasks per saveProgress call (default 100)
  --dir DIR      where the temporary database goes (default: $TMPDIR or /tmp)
USAGE
}


script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bench_name="bench-store"
# shellcheck source=scripts/bench-common.sh
source "$script_dir/bench-common.sh"
command_line=$(quote_command "$0" "$@")

build_dir=$(cd "$script_dir/.." && pwd)/build/release
tasks=10000
runs=5
changed=100
dir=${TMPDIR:-/tmp}


while (($#)); do
    case $1 in
        --build) (($# >= 2)) || die "--build needs a folder"; build_dir=$2; shift 2 ;;
        --tasks) need_count "$@"; tasks=$2; shift 2 ;;
        --runs) need_count "$@"; runs=$2; shift 2 ;;
        --changed) need_count "$@"; changed=$2; shift 2 ;;
        --dir) (($# >= 2)) || die "--dir needs a folder"; dir=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown option: $1" ;;
    esac
done

bench=$(find_bench_program bench_store)

bench_command=("$bench" --tasks "$tasks" --runs "$runs" --changed "$changed" --dir "$dir")
echo "running: ${bench_command[*]}" >&2
output=$("${bench_command[@]}") || die "bench_store failed (see above); no numbers reported"
grep -qx 'verified yes' <<<"$output" || die "bench_store did not verify its results"

# "name median min max" -> the field asked for.
field() { awk -v name="$1" -v col="$2" '$1 == name { print $col }' <<<"$output"; }
verdict() { awk -v v="$1" -v goal="$2" 'BEGIN { print (v + 0 < goal + 0) ? "yes" : "**no**" }'; }

load_goal=$(awk -v n="$tasks" 'BEGIN { printf "%d", 200 * n / 10000 }')
row() { # label name goal
    local median min max
    median=$(field "$2" 2); min=$(field "$2" 3); max=$(field "$2" 4)
    [[ -n $median ]] || die "bench_store printed no $2"
    if [[ -n $3 ]]; then
        printf '| %s | %s | %s | %s | < %s | %s |\n' "$1" "$median" "$min" "$max" "$3" "$(verdict "$median" "$3")"
    else
        printf '| %s | %s | %s | %s | – | – |\n' "$1" "$median" "$min" "$max"
    fi
}

db_mib=$(awk -v b="$(field db_bytes 2)" 'BEGIN { printf "%.1f", b / 1048576 }')
echo "### Task store: $tasks tasks (${db_mib} MiB database), $runs runs, medians"
echo
echo "| measure (ms) | median | min | max | goal | met |"
echo "|---|---:|---:|---:|---:|:-:|"
row "open + loadAll, reopened each run (page cache warm)" open_load_ms "$load_goal"
row "&nbsp;&nbsp;of which open (incl. quick_check)" open_ms ""
row "&nbsp;&nbsp;of which loadAll" load_ms ""
row "open + loadAll, page cache dropped each run" cold_open_load_ms ""
row "saveProgress of $changed changed tasks (one transaction)" save_progress_ms ""
echo
echo "Insert of all $tasks tasks (one transaction, not a goal): $(field insert_ms 2) ms. The goal scales"
echo "with --tasks (200 ms per 10,000). Every run was verified."
echo
echo "Command: \`$command_line\` (ran \`${bench_command[*]}\`)"
