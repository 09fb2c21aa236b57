#!/usr/bin/env bash
# Benchmarks ferry-cli against curl and aria2c on a local nginx (127.0.0.1, sendfile on).
#
# Every run writes to disk, is verified afterwards (SHA-256 of every file) so a broken download can
# never look fast, and is separated from the next by a sync (plus a page-cache drop where allowed).
# Tools alternate A B A B within each case and the table reports medians.
#
# Progress goes to stderr; the Markdown report goes to stdout:
#   scripts/bench-download.sh --rounds 5 > bench.md

set -euo pipefail
export LC_ALL=C

usage() {
    cat <<'EOF'
Usage: scripts/bench-download.sh [--build DIR] [--rounds N] [--big-size MiB] [--small-count N] [--quick]

  --build DIR        build folder holding app/ferry-cli (default: <repo>/build/release)
  --rounds N         rounds per case, tools alternate within each round (default 3)
  --big-size MiB     size of the big file (default 2048)
  --small-count N    number of 64 KiB files (default 1000)
  --quick            smoke test: 256 MiB, 200 files, 1 round (explicit options still win)

Cases: (a) big file, 1 connection: ferry-cli vs curl; (b) the same with ferry-cli --sha256 vs curl
(and curl followed by sha256sum); (c) big file, 8 connections: ferry-cli -x 8 vs aria2c -x8;
(d) many small files, 16 at a time: ferry-cli -j 16 vs curl -Z vs aria2c -j16.
Data is cached in ${TMPDIR:-/tmp}/ferry-bench/data between runs.
EOF
}


script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bench_name="bench-download"
# shellcheck source=scripts/bench-common.sh
source "$script_dir/bench-common.sh"
command_line=$(quote_command "$0" "$@")

build_dir=$(cd "$script_dir/.." && pwd)/build/release
rounds=""
big_mib=""
small_count=""
quick=0
small_kib=64


while (($#)); do
    case $1 in
        --build) (($# >= 2)) || die "--build needs a folder"; build_dir=$2; shift 2 ;;
        --rounds) need_count "$@"; rounds=$2; shift 2 ;;
        --big-size) need_count "$@"; big_mib=$2; shift 2 ;;
        --small-count) need_count "$@"; small_count=$2; shift 2 ;;
        --quick) quick=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown option: $1" ;;
    esac
done
if ((quick)); then
    : "${rounds:=1}" "${big_mib:=256}" "${small_count:=200}"
else
    : "${rounds:=3}" "${big_mib:=2048}" "${small_count:=1000}"
fi

# ---------------------------------------------------------------------------------------------
# Tools

nginx_bin=$(command -v nginx || true)
[[ -z $nginx_bin && -x /usr/sbin/nginx ]] && nginx_bin=/usr/sbin/nginx
[[ -n $nginx_bin ]] || die "nginx is not installed (apt-get install nginx-light or nginx)"

# GNU time gives CPU seconds and peak RSS; bash's builtin 'time' has no RSS.
time_bin=/usr/bin/time
if ! [[ -x $time_bin ]] || ! "$time_bin" -f '%M' true >/dev/null 2>&1; then
    die "GNU time is missing at /usr/bin/time: install the Debian package 'time' (apt-get install time)"
fi

if command -v openssl >/dev/null; then
    # OpenSSL uses the CPU's SHA extensions, several times faster than coreutils here.
    sha256_of() { openssl dgst -sha256 -r "$1" | cut -d' ' -f1; }
else
    sha256_of() { sha256sum "$1" | cut -d' ' -f1; }
fi

ferry_bin=$build_dir/app/ferry-cli
have_ferry=0; have_curl=0; have_aria2=0
[[ -x $ferry_bin ]] && have_ferry=1
command -v curl >/dev/null && have_curl=1
command -v aria2c >/dev/null && have_aria2=1
((have_ferry)) || note "note: ferry-cli not found at $ferry_bin: skipping ferry rows (build it, or pass --build DIR)"
((have_curl)) || note "note: curl not found: skipping curl rows"
((have_aria2)) || note "note: aria2c not found: skipping aria2c rows"

# ---------------------------------------------------------------------------------------------
# Work folder, lock and cleanup

work=${TMPDIR:-/tmp}/ferry-bench
data=$work/data
run=$work/nginx
out=$work/out
# Outputs of the many-small-files case are kept here until the end: on ext4 without a journal, creating
# files right after deleting thousands scans past every "recently deleted" inode (for 30 s), which
# slows whichever tool runs next and buries the difference we measure.
trash=$work/trash
logs=$work/logs
lists=$work/lists
mkdir -p "$data" "$logs" "$lists"

exec 9>"$work/.lock"
if command -v flock >/dev/null && ! flock -n 9; then
    die "another benchmark is already using $work"
fi

nginx_pid=""
# shellcheck disable=SC2317  # invoked by the trap
cleanup() {
    if [[ -n $nginx_pid ]] && kill -0 "$nginx_pid" 2>/dev/null; then
        kill "$nginx_pid" 2>/dev/null || true
        wait "$nginx_pid" 2>/dev/null || true
    fi
    rm -rf "$out" "$trash"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------
# Data (cached between runs when the size matches)

big_name=big-${big_mib}M.bin
big_file=$data/$big_name
big_bytes=$((big_mib * 1024 * 1024))
file_size() { stat -c %s "$1" 2>/dev/null || echo -1; }

if [[ $(file_size "$big_file") != "$big_bytes" ]]; then
    note "creating $big_file ($big_mib MiB of random data)..."
    head -c "$big_bytes" /dev/urandom >"$big_file.tmp"
    mv "$big_file.tmp" "$big_file"
    rm -f "$big_file.sha256"
fi
if ! [[ -s $big_file.sha256 && $big_file.sha256 -nt $big_file ]]; then
    note "hashing $big_file..."
    sha256_of "$big_file" >"$big_file.sha256"
fi
big_sha256=$(<"$big_file.sha256")

small_name=small-${small_count}x${small_kib}K
small_dir=$data/$small_name
small_bytes=$((small_kib * 1024))
small_manifest=$data/$small_name.sha256
count_small() { find "$small_dir" -maxdepth 1 -type f -name 's*.bin' -size "${small_bytes}c" 2>/dev/null | wc -l; }

if [[ $(count_small) != "$small_count" || ! -s $small_manifest ]]; then
    note "creating $small_count files of $small_kib KiB in $small_dir..."
    rm -rf "$small_dir"
    mkdir -p "$small_dir"
    head -c $((small_count * small_bytes)) /dev/urandom |
        split -b "$small_bytes" -a 6 -d --additional-suffix=.bin - "$small_dir/s"
    (cd "$small_dir" && find . -maxdepth 1 -type f -name 's*.bin' -printf '%f\0' | sort -z |
        xargs -0 sha256sum) >"$small_manifest.tmp"
    mv "$small_manifest.tmp" "$small_manifest"
fi

# ---------------------------------------------------------------------------------------------
# nginx on 127.0.0.1, with everything it writes inside $run

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

write_nginx_conf() {
    local port=$1 user_line=""
    # As root nginx would switch to "nobody"; as anyone else the directive is an error.
    ((EUID == 0)) && user_line="user root root;"
    cat >"$run/nginx.conf" <<EOF
daemon off;
master_process off;
worker_processes 1;
$user_line
pid "$run/nginx.pid";
error_log "$run/error.log" warn;
events { worker_connections 1024; }
http {
    default_type application/octet-stream;
    access_log "$run/access.log";
    client_body_temp_path "$run/client_body";
    proxy_temp_path "$run/proxy";
    fastcgi_temp_path "$run/fastcgi";
    uwsgi_temp_path "$run/uwsgi";
    scgi_temp_path "$run/scgi";
    sendfile on;
    tcp_nopush on;
    etag on;
    server {
        listen 127.0.0.1:$port;
        server_name localhost;
        root "$data";
        location / { }
    }
}
EOF
}

start_nginx() {
    local port i
    rm -rf "$run"
    mkdir -p "$run"
    for _ in 1 2 3 4 5; do
        port=$((20000 + RANDOM % 40000))
        port_in_use "$port" && continue
        write_nginx_conf "$port"
        rm -f "$run/nginx.pid" "$run/error.log"
        "$nginx_bin" -p "$run/" -c "$run/nginx.conf" -e "$run/error.log" >"$run/stdout.log" 2>&1 9>&- &
        nginx_pid=$!
        # nginx writes its pid file only once it has bound the port, so this proves the port is ours.
        for ((i = 0; i < 100; i++)); do
            kill -0 "$nginx_pid" 2>/dev/null || break
            if [[ $(cat "$run/nginx.pid" 2>/dev/null) == "$nginx_pid" ]] && port_in_use "$port"; then
                nginx_port=$port
                return 0
            fi
            sleep 0.05
        done
        kill "$nginx_pid" 2>/dev/null || true
        wait "$nginx_pid" 2>/dev/null || true
        nginx_pid=""
        grep -q 'Address already in use' "$run/error.log" "$run/stdout.log" 2>/dev/null && continue
        cat "$run/error.log" "$run/stdout.log" >&2 2>/dev/null || true
        die "nginx did not start"
    done
    die "nginx could not find a free port"
}

start_nginx
base_url=http://127.0.0.1:$nginx_port
big_url=$base_url/$big_name
note "nginx $("$nginx_bin" -v 2>&1 | sed 's/.*\///') serving $data on $base_url (pid $nginx_pid)"

# Lists for the many-files case; every tool writes into the same $out.
urls_file=$lists/urls-$small_name.txt
curl_config=$lists/curl-$small_name.cfg
cut -d' ' -f3 "$small_manifest" | sed 's#^\./##' | sed "s#^#$base_url/$small_name/#" >"$urls_file"
while read -r url; do
    printf 'url = "%s"\noutput = "%s/%s"\n' "$url" "$out" "${url##*/}"
done <"$urls_file" >"$curl_config"

# ---------------------------------------------------------------------------------------------
# Measuring

can_drop_caches=0
if (sync && echo 3 >/proc/sys/vm/drop_caches) 2>/dev/null; then
    can_drop_caches=1
else
    note "note: cannot drop the page cache here; only syncing between runs"
fi

# The clients' executables and shared libraries, re-read after each page-cache drop so that loading
# Qt from disk is not charged to ferry-cli (nor libcurl to curl).
program_files=()
for program in "$ferry_bin" curl aria2c sha256sum bash; do
    path=$(command -v "$program" 2>/dev/null) || continue
    program_files+=("$path")
    while read -r lib; do program_files+=("$lib"); done < <(ldd "$path" 2>/dev/null | awk '$3 ~ /^\// { print $3 }')
done

# Puts one run's writeback behind us before the next starts, and keeps the served files and the
# clients cached so every tool starts warm against the same warm server.
settle() {
    sync
    if ((can_drop_caches)); then
        echo 3 >/proc/sys/vm/drop_caches 2>/dev/null || true
        case $1 in
            d) cat "$small_dir"/*.bin >/dev/null ;;
            *) cat "$big_file" >/dev/null ;;
        esac
        cat "${program_files[@]}" >/dev/null 2>&1 || true
    fi
}

# Fills cmd=() for a case and tool.
command_for() {
    local case=$1 tool=$2
    case $case:$tool in
        a:ferry-cli) cmd=("$ferry_bin" -d "$out" "$big_url") ;;
        b:ferry-cli) cmd=("$ferry_bin" --sha256 "$big_sha256" -d "$out" "$big_url") ;;
        c:ferry-cli) cmd=("$ferry_bin" -x 8 -d "$out" "$big_url") ;;
        d:ferry-cli) cmd=("$ferry_bin" -j 16 -i "$urls_file" -d "$out") ;;
        [ab]:curl) cmd=(curl -q -fsS -o "$out/$big_name" "$big_url") ;;
        b:"curl; sha256sum")
            # shellcheck disable=SC2016  # expanded by the inner bash
            cmd=(bash -c 'curl -q -fsS -o "$1" "$2" && sha256sum "$1"' _ "$out/$big_name" "$big_url") ;;
        d:curl) cmd=(curl -q -fsS --parallel --parallel-max 16 -K "$curl_config") ;;
        c:aria2c) cmd=(aria2c --no-conf --summary-interval=0 --console-log-level=warn
                       -x8 -s8 -k1M --file-allocation=falloc -d "$out" "$big_url") ;;
        d:aria2c) cmd=(aria2c --no-conf --summary-interval=0 --console-log-level=warn
                       -j16 -i "$urls_file" -d "$out") ;;
        *) die "internal: no command for $case:$tool" ;;
    esac
}

# Prints why the output in $out is wrong, or nothing when it is right.
verify_output() {
    local case=$1 files
    if [[ $case == d ]]; then
        files=$(find "$out" -type f | wc -l)
        [[ $files == "$small_count" ]] || { echo "$files files in the output, expected $small_count"; return; }
        local report
        if ! report=$(cd "$out" && sha256sum --quiet --strict -c "$small_manifest" 2>&1); then
            echo "$(grep -c ': FAILED' <<<"$report") of $small_count files differ; first: $(head -n 1 <<<"$report")"
        fi
        return 0
    fi
    mapfile -t files < <(find "$out" -type f)
    if ((${#files[@]} != 1)); then
        echo "${#files[@]} files in the output, expected 1: ${files[*]:0:3}"
    elif [[ ${files[0]} != "$out/$big_name" ]]; then
        echo "saved as ${files[0]##*/}, expected $big_name"
    elif [[ $(file_size "${files[0]}") != "$big_bytes" ]]; then
        echo "size $(file_size "${files[0]}"), expected $big_bytes"
    elif [[ $(sha256_of "${files[0]}") != "$big_sha256" ]]; then
        echo "SHA-256 mismatch"
    fi
}

declare -A walls cpus rsss failed
any_failure=0

measure() {
    local case=$1 tool=$2 round=$3 status=0 t0 t1 usage problem
    local log=$logs/$case-${tool//[^a-z0-9]/_}-$round.log times=$logs/time.txt
    [[ -n ${failed[$case:$tool]:-} ]] && return 0
    command_for "$case" "$tool"
    rm -rf "$out"
    mkdir -p "$out"
    settle "$case"
    { printf '%q ' "${cmd[@]}"; echo; } >"$log"
    rm -f "$times"
    t0=$(date +%s%N)
    "$time_bin" -f '%e %U %S %M' -o "$times" "${cmd[@]}" >>"$log" 2>&1 || status=$?
    t1=$(date +%s%N)
    usage=$(tail -n 1 "$times" 2>/dev/null || true)

    if ((status != 0)); then
        problem="exit status $status"
    else
        problem=$(verify_output "$case")
    fi
    if [[ $case == d ]]; then
        mkdir -p "$trash"
        mv "$out" "$trash/$tool-$round-$RANDOM"
    else
        rm -rf "$out"
    fi
    if [[ -n $problem ]]; then
        failed[$case:$tool]="round $round: $problem (log: $log)"
        any_failure=1
        note "  [$case] round $round $tool: FAILED: $problem; last lines of $log:"
        tail -n 5 "$log" | sed 's/^/      /' >&2
        return 0
    fi
    local wall cpu rss
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
    read -r cpu rss < <(awk '{ printf "%.2f %.1f\n", $2 + $3, $4 / 1024 }' <<<"$usage")
    walls[$case:$tool]+="$wall "
    cpus[$case:$tool]+="$cpu "
    rsss[$case:$tool]+="$rss "
    note "  [$case] round $round $tool: $wall s wall, $cpu s CPU, $rss MiB peak RSS, verified"
    return 0
}

median() {
    tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g |
        awk '{ v[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2];
              else printf "%.4f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

declare -A case_title case_tools
case_title[a]="1 × $big_mib MiB, 1 connection"
case_title[b]="1 × $big_mib MiB, 1 connection, SHA-256"
case_title[c]="1 × $big_mib MiB, 8 connections"
case_title[d]="$small_count × $small_kib KiB, 16 at a time"
case_tools[a]="ferry-cli|curl"
case_tools[b]="ferry-cli|curl|curl; sha256sum"
case_tools[c]="ferry-cli|aria2c"
case_tools[d]="ferry-cli|curl|aria2c"

tool_available() {
    case $1 in
        ferry-cli) ((have_ferry)) ;;
        curl|"curl; sha256sum") ((have_curl)) ;;
        aria2c) ((have_aria2)) ;;
    esac
}

for case in a b c d; do
    note "case ($case) ${case_title[$case]}"
    IFS='|' read -r -a tools <<<"${case_tools[$case]}"
    for ((round = 1; round <= rounds; round++)); do
        for tool in "${tools[@]}"; do
            tool_available "$tool" && measure "$case" "$tool" "$round"
        done
    done
done

# ---------------------------------------------------------------------------------------------
# Report

# Median rate as a number: MB/s (10^6 bytes) for the big file, files/s for the small files.
rate_of() {
    local case=$1 wall=$2
    if [[ $case == d ]]; then
        awk -v n="$small_count" -v w="$wall" 'BEGIN { printf "%.1f", n / w }'
    else
        awk -v b="$big_bytes" -v w="$wall" 'BEGIN { printf "%.1f", b / w / 1e6 }'
    fi
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "–"; else printf "%.2f×", a / b }'; }

declare -A m_rate m_wall m_cpu m_rss
for case in a b c d; do
    IFS='|' read -r -a tools <<<"${case_tools[$case]}"
    for tool in "${tools[@]}"; do
        key=$case:$tool
        [[ -n ${walls[$key]:-} && -z ${failed[$key]:-} ]] || continue
        m_wall[$key]=$(median "${walls[$key]}")
        m_cpu[$key]=$(median "${cpus[$key]}")
        m_rss[$key]=$(median "${rsss[$key]}")
        m_rate[$key]=$(rate_of "$case" "${m_wall[$key]}")
    done
done

echo "# Ferry download benchmark"
echo
echo "Command: \`$command_line\`"
echo
echo "- $(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -sr), $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.0f GiB RAM", $2 / 1048576 }' /proc/meminfo)"
echo "- server: nginx $("$nginx_bin" -v 2>&1 | sed 's/.*\///') on 127.0.0.1, sendfile on, 1 worker; data in \`$data\`"
echo "- tools: ferry-cli $( ((have_ferry)) && echo "\`$ferry_bin\`" || echo "not built (rows skipped)"); $( ((have_curl)) && curl --version | head -n 1 | cut -d' ' -f1-2); $( ((have_aria2)) && aria2c --version | head -n 1 | sed 's/ version//')"
echo "- $rounds round(s) per case, tools alternating; medians; every output verified by SHA-256;" \
     "$( ((can_drop_caches)) && echo "sync and page-cache drop between runs" || echo "sync between runs (page-cache drop not permitted)")"
echo "- MB = 10^6 bytes; CPU = user + system seconds of the client; RSS = the client's peak resident memory"
echo
echo "| case | tool | median rate | wall s | CPU s | peak RSS MiB |"
echo "|---|---|---:|---:|---:|---:|"
for case in a b c d; do
    unit="MB/s"; [[ $case == d ]] && unit="files/s"
    IFS='|' read -r -a tools <<<"${case_tools[$case]}"
    for tool in "${tools[@]}"; do
        key=$case:$tool
        if ! tool_available "$tool"; then
            echo "| ${case_title[$case]} | $tool | skipped (not installed) | | | |"
        elif [[ -n ${failed[$key]:-} ]]; then
            echo "| ${case_title[$case]} | $tool | **FAILED** ${failed[$key]} | | | |"
        else
            printf '| %s | %s | %s %s | %.2f | %s | %s |\n' "${case_title[$case]}" "$tool" \
                "${m_rate[$key]}" "$unit" "${m_wall[$key]}" "${m_cpu[$key]}" "${m_rss[$key]}"
        fi
    done
    for other in "${tools[@]:1}"; do
        f=$case:ferry-cli o=$case:$other
        [[ -n ${m_wall[$f]:-} && -n ${m_wall[$o]:-} ]] || continue
        echo "| ${case_title[$case]} | *ferry/$other* | $(ratio "${m_rate[$f]}" "${m_rate[$o]}") |" \
             "$(ratio "${m_wall[$f]}" "${m_wall[$o]}") | $(ratio "${m_cpu[$f]}" "${m_cpu[$o]}") |" \
             "$(ratio "${m_rss[$f]}" "${m_rss[$o]}") |"
    done
done
echo
echo "Ratios: rate above 1× means ferry-cli is faster; wall, CPU and RSS below 1× mean it uses less."
echo "Logs of every run: \`$logs\`."

exit "$any_failure"
