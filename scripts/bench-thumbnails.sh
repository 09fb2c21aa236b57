#!/usr/bin/env bash
# Benchmarks Ferry's thumbnail step against vipsthumbnail and ImageMagick on the same photos.
#
# Ferry runs the step over the folder on a 2-thread pool (tests/bench_thumbnails, the way the app
# runs it); each peer runs as two processes in parallel (xargs -P2): vipsthumbnail over the two halves
# of the files, ImageMagick's convert once per file. The peers run at the same priority as Ferry's
# workers (nice 10, SCHED_BATCH). Tools alternate A B C A B C for --rounds rounds;
# the table reports medians. Every run is verified (file count, each thumbnail decodes fully, longest
# side == --size) so a broken run can never look fast.
#
# Progress goes to stderr; the Markdown report goes to stdout:
#   scripts/bench-thumbnails.sh --rounds 3 > bench.md

set -euo pipefail
export LC_ALL=C

usage() {
    cat <<'EOF'
Usage: scripts/bench-thumbnails.sh [--build DIR] [--rounds N] [--count N] [--size PX] [--quick]

  --build DIR   build folder holding tests/bench_thumbnails (default: <repo>/build/release)
  --rounds N    rounds, tools alternating within each (default 3)
  --count N     number of 4000 x 3000 JPEG photos (default 200)
  --size PX     longest side of the thumbnails (default 256)
  --quick       smoke test: 40 photos, 1 round (explicit options still win)

Photos are made once by bench_thumbnails --generate and cached in ${TMPDIR:-/tmp}/ferry-bench/photos.
Needs: vipsthumbnail (Debian package libvips-tools), ImageMagick at /usr/bin/convert (imagemagick),
GNU time at /usr/bin/time (time).
EOF
}


script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bench_name="bench-thumbnails"
# shellcheck source=scripts/bench-common.sh
source "$script_dir/bench-common.sh"
command_line=$(quote_command "$0" "$@")

build_dir=$(cd "$script_dir/.." && pwd)/build/release
rounds=""
count=""
size=256
quick=0
threads=2
quality=85
width=4000
height=3000


while (($#)); do
    case $1 in
        --build) (($# >= 2)) || die "--build needs a folder"; build_dir=$2; shift 2 ;;
        --rounds) need_count "$@"; rounds=$2; shift 2 ;;
        --count) need_count "$@"; count=$2; shift 2 ;;
        --size) need_count "$@"; size=$2; shift 2 ;;
        --quick) quick=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown option: $1" ;;
    esac
done
if ((quick)); then
    : "${rounds:=1}" "${count:=40}"
else
    : "${rounds:=3}" "${count:=200}"
fi
((count >= 2)) || die "--count must be at least 2 (the peers run as two processes)"

# ---------------------------------------------------------------------------------------------
# Tools

bench_bin=$(find_bench_program bench_thumbnails)
vips_bin=$(command -v vipsthumbnail || true)
[[ -n $vips_bin ]] || die "vipsthumbnail is not installed (apt-get install libvips-tools)"
# /usr/local/bin/convert may be a stand-in on some machines: use Debian's and make sure it is ImageMagick.
convert_bin=/usr/bin/convert
"$convert_bin" -version 2>/dev/null | grep -q ImageMagick \
    || die "$convert_bin is not ImageMagick (apt-get install imagemagick)"
time_bin=/usr/bin/time
if ! [[ -x $time_bin ]] || ! "$time_bin" -f '%M' true >/dev/null 2>&1; then
    die "GNU time is missing at /usr/bin/time (apt-get install time)"
fi

# ---------------------------------------------------------------------------------------------
# Work folder, lock, photos

work=${TMPDIR:-/tmp}/ferry-bench
photos=$work/photos
set_dir=$work/thumbs-set-$count
out=$work/thumbs-out
logs=$work/logs
mkdir -p "$photos" "$logs"

exec 9>"$work/.thumbs.lock"
if command -v flock >/dev/null && ! flock -n 9; then
    die "another thumbnail benchmark is already using $work"
fi
cleanup() { rm -rf "$out" "$set_dir"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The generator's parameters; photos made with others are thrown away.
stamp="bench_thumbnails --generate ${width}x${height} q90 v1"
if [[ $(cat "$photos/.stamp" 2>/dev/null || true) != "$stamp" ]]; then
    rm -rf "$photos"
    mkdir -p "$photos"
    echo "$stamp" >"$photos/.stamp"
fi
have=$(find "$photos" -maxdepth 1 -name 'photo-*.jpg' | wc -l)
if ((have < count)); then
    note "making $((count - have)) photos of ${width} x ${height} in $photos (once)..."
    "$bench_bin" --generate "$photos" --count "$count" --width "$width" --height "$height" \
        || die "could not make the photos"
fi

# The first `count` photos, as symlinks in a folder of their own: Ferry takes a folder.
rm -rf "$set_dir"
mkdir -p "$set_dir"
mapfile -t files < <(find "$photos" -maxdepth 1 -name 'photo-*.jpg' | sort | head -n "$count")
((${#files[@]} == count)) || die "only ${#files[@]} photos in $photos"
for f in "${files[@]}"; do ln -s "$f" "$set_dir/${f##*/}"; done
input_mb=$(du -Lcb "${files[@]}" | awk 'END { printf "%.0f", $1 / 1e6 }')
# Warm the page cache so every tool reads from memory.
cat "${files[@]}" >/dev/null

# ---------------------------------------------------------------------------------------------
# Runs

half=$(((count + 1) / 2))
# Ferry's workers run at nice 10 under SCHED_BATCH (core/util/threadpriority, as in the app); the
# peers get the same, so a background task on the machine costs every tool alike.
# FERRY_NO_WORKER_PRIORITY=1 turns it off for all of them.
lowered="nice -n 10 chrt --batch 0"
if [[ ${FERRY_NO_WORKER_PRIORITY:-0} != 0 ]]; then lowered=""; fi
declare -A commands
commands[ferry]="$bench_bin --threads $threads --size $size --quality $quality --out $out $set_dir"
commands[vipsthumbnail]="printf '%s\\n' $set_dir/*.jpg | $lowered xargs -d '\\n' -P2 -n $half $vips_bin -s $size -o '$out/%s.jpg[Q=$quality]'"
commands[convert]="printf '%s\\n' $set_dir/*.jpg | $lowered xargs -d '\\n' -P2 -n1 sh -c '$convert_bin \"\$1\" -thumbnail ${size}x$size -quality $quality \"$out/\${1##*/}\"' sh"
tools=(ferry vipsthumbnail convert)

declare -A walls cpus rsss failed

measure() {
    local tool=$1 round=$2 status=0 t0 t1 usage problem wall cpu rss
    local log=$logs/thumbs-$tool-$round.log times=$logs/thumbs-time.txt
    [[ -n ${failed[$tool]:-} ]] && return 0
    rm -rf "$out"
    mkdir -p "$out"
    sync
    echo "${commands[$tool]}" >"$log"
    rm -f "$times"
    t0=$(date +%s%N)
    "$time_bin" -f '%e %U %S %M' -o "$times" bash -c "${commands[$tool]}" >>"$log" 2>&1 || status=$?
    t1=$(date +%s%N)
    usage=$(tail -n 1 "$times" 2>/dev/null || true)
    if ((status != 0)); then
        problem="exit status $status"
    else
        problem=$("$bench_bin" --verify "$out" --count "$count" --size "$size" | head -n 3 | paste -sd ';' -) || true
    fi
    rm -rf "$out"
    if [[ -n $problem ]]; then
        failed[$tool]="round $round: $problem (log: $log)"
        note "  round $round $tool: FAILED: $problem"
        tail -n 5 "$log" | sed 's/^/      /' >&2
        return 0
    fi
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    read -r cpu rss < <(awk '{ printf "%.2f %.1f\n", $2 + $3, $4 / 1024 }' <<<"$usage")
    walls[$tool]+="$wall "
    cpus[$tool]+="$cpu "
    rsss[$tool]+="$rss "
    note "  round $round $tool: $wall s wall, $cpu s CPU, $rss MiB peak RSS, $count thumbnails verified"
}

median() {
    tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g |
        awk '{ v[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2];
              else printf "%.4f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

note "$count photos ($input_mb MB), thumbnails of ${size} px, $rounds round(s)"
for ((round = 1; round <= rounds; round++)); do
    for tool in "${tools[@]}"; do
        measure "$tool" "$round"
    done
done

# ---------------------------------------------------------------------------------------------
# Report

declare -A m_rate m_wall m_cpu m_rss
for tool in "${tools[@]}"; do
    [[ -n ${walls[$tool]:-} && -z ${failed[$tool]:-} ]] || continue
    m_wall[$tool]=$(median "${walls[$tool]}")
    m_cpu[$tool]=$(median "${cpus[$tool]}")
    m_rss[$tool]=$(median "${rsss[$tool]}")
    m_rate[$tool]=$(awk -v n="$count" -v w="${m_wall[$tool]}" 'BEGIN { printf "%.1f", n / w }')
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "–"; else printf "%.2f×", a / b }'; }
goal() { awk -v r="$1" -v g="$2" 'BEGIN { if (r == "") print "–"; else print (r + 0 >= g ? "met" : "**not met**") }'; }

declare -A label
label[ferry]="Ferry, thumbnail step, 2-thread pool"
label[vipsthumbnail]="vipsthumbnail, 2 processes"
label[convert]="ImageMagick convert, 2 processes"

echo "# Ferry thumbnail benchmark"
echo
echo "Command: \`$command_line\`"
echo
echo "- $(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -sr), $(nproc) CPUs, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- $count JPEG photos of $width × $height (q90, $input_mb MB, in the page cache) → thumbnails with a longest side of $size px, JPEG q$quality"
echo "- $(vipsthumbnail --vips-version 2>/dev/null | head -n 1); $("$convert_bin" -version | head -n 1 | cut -d' ' -f2-3); Qt $(pkg-config --modversion Qt6Gui 2>/dev/null || echo 6)"
echo "- $rounds round(s), tools alternating; medians; every run verified ($count files, each decodes, longest side $size)"
echo "- CPU = user + system seconds of the whole process tree; RSS = the largest single process"
echo "- priority: ${lowered:-none (FERRY_NO_WORKER_PRIORITY=1)} for the peers; Ferry's worker threads lower themselves alike"
echo
echo "| tool | median images/s | wall s | CPU s | CPU ms/image | peak RSS MiB |"
echo "|---|---:|---:|---:|---:|---:|"
for tool in "${tools[@]}"; do
    if [[ -n ${failed[$tool]:-} ]]; then
        echo "| ${label[$tool]} | **FAILED** ${failed[$tool]} | | | | |"
    else
        printf '| %s | %s | %.2f | %s | %.0f | %s |\n' "${label[$tool]}" "${m_rate[$tool]}" "${m_wall[$tool]}" \
            "${m_cpu[$tool]}" "$(awk -v c="${m_cpu[$tool]}" -v n="$count" 'BEGIN { print c * 1000 / n }')" "${m_rss[$tool]}"
    fi
done
echo
echo "| Ferry vs | speed (images/s) | goal | CPU per image |"
echo "|---|---:|---|---:|"
for peer in vipsthumbnail:1.5 convert:3; do
    tool=${peer%%:*} target=${peer##*:}
    [[ -n ${m_rate[ferry]:-} && -n ${m_rate[$tool]:-} ]] || { echo "| ${label[$tool]} | – | ≥ ${target}× | – |"; continue; }
    r=$(awk -v a="${m_rate[ferry]}" -v b="${m_rate[$tool]}" 'BEGIN { printf "%.3f", a / b }')
    echo "| ${label[$tool]} | $(ratio "${m_rate[ferry]}" "${m_rate[$tool]}") | ≥ ${target}×: $(goal "$r" "$target") |" \
         "$(ratio "${m_cpu[ferry]}" "${m_cpu[$tool]}") |"
done
echo
echo "Commands (\$out is emptied before each run):"
echo
for tool in "${tools[@]}"; do
    echo "- ${label[$tool]}: \`${commands[$tool]}\`"
done
echo
echo "Speed above 1× means Ferry is faster; CPU per image below 1× means it works less. Logs: \`$logs/thumbs-*\`."
((${#walls[@]} == ${#tools[@]}))  # every tool measured: nothing failed
