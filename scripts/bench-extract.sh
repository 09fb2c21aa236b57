#!/usr/bin/env bash
# Benchmarks Ferry's extract step (tests/bench/bench_extract: the step on its own QThreadPool, as the
# application runs it) against bsdtar -xf (Debian package libarchive-tools) on the same tar.gz.
#
# The archive (about 1 GiB: a few big random files and many small text files) is built once and
# cached in ${TMPDIR:-/tmp}/ferry-bench/extract. Tools alternate A B A B; each run extracts into a fresh
# folder on disk and is verified (file count, total bytes, SHA-256 of a sample of files) so a broken
# run can never look fast. Outputs are kept until the script exits: on ext4, creating files right
# after deleting thousands is slow for ~30 s, which would penalise whichever tool ran next.
#
# Progress goes to stderr; the Markdown report goes to stdout:
#   scripts/bench-extract.sh --build build/release --rounds 3 > bench-extract.md

set -euo pipefail
export LC_ALL=C

usage() {
    cat <<'EOF'
Usage: scripts/bench-extract.sh [--build DIR] [--rounds N] [--big-count N] [--big-size MiB]
                                [--small-count N] [--quick]

  --build DIR        build folder holding bench_extract (searched in DIR/tests and DIR;
                     default: <repo>/build/release)
  --rounds N         rounds, Ferry and bsdtar alternating within each (default 3)
  --big-count N      number of big random files (default 4)
  --big-size MiB     size of each big file (default 192)
  --small-count N    number of small text files, ~12 KiB each, in 100 folders (default 20000)
  --quick            smoke test: 2 x 32 MiB, 2000 small files, 1 round (explicit options still win)
EOF
}


script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bench_name="bench-extract"
# shellcheck source=scripts/bench-common.sh
source "$script_dir/bench-common.sh"
command_line=$(quote_command "$0" "$@")
build_dir=$(cd "$script_dir/.." && pwd)/build/release
rounds="" big_count="" big_mib="" small_count="" quick=0

while (($#)); do
    case $1 in
        --build) (($# >= 2)) || die "--build needs a folder"; build_dir=$2; shift 2 ;;
        --rounds) need_count "$@"; rounds=$2; shift 2 ;;
        --big-count) need_count "$@"; big_count=$2; shift 2 ;;
        --big-size) need_count "$@"; big_mib=$2; shift 2 ;;
        --small-count) need_count "$@"; small_count=$2; shift 2 ;;
        --quick) quick=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown option: $1" ;;
    esac
done
if ((quick)); then
    : "${rounds:=1}" "${big_count:=2}" "${big_mib:=32}" "${small_count:=2000}"
else
    : "${rounds:=3}" "${big_count:=4}" "${big_mib:=192}" "${small_count:=20000}"
fi

# ---------------------------------------------------------------------------------------------
# Tools

bench=$(find_bench_program bench_extract)
command -v bsdtar >/dev/null || die "bsdtar is missing: apt-get install libarchive-tools"
if ! command -v tar >/dev/null || ! command -v gzip >/dev/null; then
    die "GNU tar and gzip are needed to build the archive"
fi
time_bin=/usr/bin/time
if ! [[ -x $time_bin ]] || ! "$time_bin" -f '%M' true >/dev/null 2>&1; then
    die "GNU time is missing at /usr/bin/time: apt-get install time"
fi

# ---------------------------------------------------------------------------------------------
# Work folder, lock, cleanup

work=${TMPDIR:-/tmp}/ferry-bench/extract
out=$work/out
logs=$work/logs
mkdir -p "$work" "$logs"
exec 9>"$work/.lock"
if command -v flock >/dev/null && ! flock -n 9; then
    die "another extract benchmark is using $work"
fi
# shellcheck disable=SC2317  # invoked by the trap
cleanup() { rm -rf "$out"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
rm -rf "$out"
mkdir -p "$out"

# ---------------------------------------------------------------------------------------------
# The archive, cached while its parameters match

name=mixed-${big_count}x${big_mib}M-${small_count}
archive=$work/$name.tar.gz
manifest=$work/$name.manifest  # line 1: file count and bytes; then "sha256  relative/path"
if ! [[ -s $archive && -s $manifest && $manifest -nt $archive ]]; then
    src=$work/src-$name
    rm -rf "$src" "$archive" "$manifest"
    note "building $archive ($big_count x $big_mib MiB random + $small_count small text files)..."
    mkdir -p "$src/big"
    for ((i = 0; i < big_count; i++)); do
        head -c $((big_mib * 1024 * 1024)) /dev/urandom >"$src/big/blob-$i.bin"
    done
    per_folder=$(((small_count + 99) / 100))
    made=0
    for ((d = 0; made < small_count; d++)); do
        n=$((small_count - made < per_folder ? small_count - made : per_folder))
        mkdir -p "$src/text/part-$d"
        # base64 of random bytes: text that gzip squeezes by about a quarter, like source code.
        head -c $((n * 9 * 1024)) /dev/urandom | base64 -w 76 |
            split -b 12288 -a 5 -d --additional-suffix=.txt - "$src/text/part-$d/note-"
        made=$((made + $(find "$src/text/part-$d" -type f | wc -l)))
    done
    count=$(find "$src" -type f | wc -l)
    bytes=$(find "$src" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
    {
        echo "$count $bytes"
        (cd "$src" && { find big -type f; find text -type f | sort | awk 'NR % 997 == 1'; } |
            sort | xargs sha256sum)
    } >"$manifest.tmp"
    tar -C "$src" --sort=name -cf - . | gzip -6 >"$archive.tmp"
    mv "$archive.tmp" "$archive"
    mv "$manifest.tmp" "$manifest"
    mv "$src" "$out/"  # deleted at exit with the outputs, not before the first run
fi
read -r want_count want_bytes <"$manifest"
archive_bytes=$(stat -c %s "$archive")
note "archive: $archive ($archive_bytes bytes; $want_count files, $want_bytes bytes unpacked)"

# ---------------------------------------------------------------------------------------------
# Runs

# Checks the extracted tree at $1: file count, total bytes, sampled hashes.
verify() {
    local root=$1 count bytes
    count=$(find "$root" -type f | wc -l)
    bytes=$(find "$root" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
    [[ $count == "$want_count" ]] || die "$root: $count files, expected $want_count"
    [[ $bytes == "$want_bytes" ]] || die "$root: $bytes bytes, expected $want_bytes"
    (cd "$root" && tail -n +2 "$manifest" | sha256sum --quiet -c -) || die "$root: sampled hashes differ"
}

settle() {
    sync
    # Drop the written pages where allowed, keep the archive warm for both tools alike.
    { echo 1 >/proc/sys/vm/drop_caches; } 2>/dev/null || true
    cat "$archive" >/dev/null
}

declare -A seconds=() cpu=() rss=()
run_one() {
    local tool=$1 round=$2 dir=$out/$1-$2 log=$logs/$1-$2.log root
    mkdir -p "$dir"
    settle
    case $tool in
        ferry) "$time_bin" -f '%e %U %S %M' -o "$log.time" "$bench" "$archive" "$dir" >"$log" 2>&1 ||
                   die "ferry failed: $(cat "$log")"
               root=$(awk '{print $5}' "$log") ;;
        bsdtar) "$time_bin" -f '%e %U %S %M' -o "$log.time" bsdtar -xf "$archive" -C "$dir" >"$log" 2>&1 ||
                   die "bsdtar failed: $(cat "$log")"
                root=$dir ;;
    esac
    verify "$root"
    local e u s m
    read -r e u s m <"$log.time"
    seconds[$tool]+="$e "
    cpu[$tool]+="$(awk -v u="$u" -v s="$s" 'BEGIN {printf "%.2f", u + s}') "
    rss[$tool]+="$m "
    note "round $round: $tool ${e}s (cpu $u+$s s, max RSS $m KiB), verified"
}

for ((round = 1; round <= rounds; round++)); do
    if ((round % 2)); then order=(ferry bsdtar); else order=(bsdtar ferry); fi
    for tool in "${order[@]}"; do run_one "$tool" "$round"; done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

f_med=$(median <<<"${seconds[ferry]}")
b_med=$(median <<<"${seconds[bsdtar]}")
ratio=$(awk -v f="$f_med" -v b="$b_med" 'BEGIN {printf "%.2f", f / b}')
verdict=$(awk -v r="$ratio" 'BEGIN {print (r <= 1.1) ? "meets" : "misses"}')
mb() { awk -v b="$want_bytes" -v s="$1" 'BEGIN {printf "%.0f", b / 1e6 / s}'; }

cat <<EOF
## Archive extraction: Ferry vs bsdtar

\`$command_line\`

Archive: $name.tar.gz, $((archive_bytes / 1048576)) MiB gzip, $want_count files, $((want_bytes / 1048576)) MiB unpacked
($big_count random files of $big_mib MiB, $small_count text files of 12 KiB in 100 folders). $rounds rounds, alternating,
each into a fresh folder on $(df -PT "$work" | awk 'NR == 2 {print $2}'), verified (count, bytes, $(($(wc -l <"$manifest") - 1)) sampled SHA-256).
Commands: \`bench_extract ARCHIVE DIR\` (Ferry's step on a QThreadPool) and \`bsdtar -xf ARCHIVE -C DIR\` ($(bsdtar --version | cut -d' ' -f1-4)).

| tool | median s | runs (s) | CPU s (user+sys) | max RSS KiB | MB/s unpacked |
|---|---|---|---|---|---|
| Ferry extract step | $f_med | ${seconds[ferry]% } | ${cpu[ferry]% } | ${rss[ferry]% } | $(mb "$f_med") |
| bsdtar -xf | $b_med | ${seconds[bsdtar]% } | ${cpu[bsdtar]% } | ${rss[bsdtar]% } | $(mb "$b_med") |

Ferry / bsdtar = **$ratio** (goal ≤ 1.10: $verdict).
EOF
