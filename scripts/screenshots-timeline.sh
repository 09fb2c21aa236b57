#!/usr/bin/env bash
# Takes docs/screenshot-timeline.png: the real ferry under Xvfb with work running. A local nginx
# serves three files at a throttled rate per connection (so each download's requests show on its
# connection lanes) and an archive that is then extracted (a worker lane); the add dialog is driven
# with xdotool like a user would. Needs Xvfb, xdotool, ImageMagick's import, nginx and tar.
#
#   scripts/screenshots-timeline.sh [--build DIR] [--out FILE]
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
build=$here/build/dev
out=$here/docs/screenshot-timeline.png
while (($#)); do
    case $1 in
    --build) build=$(cd "$2" && pwd); shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "usage: $0 [--build DIR] [--out FILE]" >&2; exit 2 ;;
    esac
done
ferry=$build/app/ferry
[[ -x $ferry ]] || { echo "$ferry not found: build the ferry target" >&2; exit 2; }
for tool in Xvfb xdotool import tar; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 2; }
done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
[[ -x $nginx_bin ]] || { echo "nginx is not installed" >&2; exit 2; }

work=$(mktemp -d)
pids=()
cleanup() {
    local pid
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

# What to download: three files of random bytes, and an archive of many small files.
mkdir -p "$work/www" "$work/tree" "$work/downloads"
for name in ubuntu-mirror.iso dataset-2024.bin photos-backup.img; do
    head -c $((32 * 1024 * 1024)) /dev/urandom >"$work/www/$name"
done
for i in $(seq 1 40); do head -c $((64 * 1024)) /dev/urandom >"$work/tree/part-$i.dat"; done
tar -C "$work" -czf "$work/www/source-tree.tar.gz" tree

# nginx on a free loopback port, 600 KB/s per connection.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=$((20000 + RANDOM % 40000))
while port_in_use "$port"; do port=$((20000 + RANDOM % 40000)); done
user_line=""
((EUID == 0)) && user_line="user root root;"
cat >"$work/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
$user_line
pid "$work/nginx.pid";
error_log "$work/error.log" warn;
events { worker_connections 256; }
http {
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path "$work/client_body";
    proxy_temp_path "$work/proxy";
    fastcgi_temp_path "$work/fastcgi";
    uwsgi_temp_path "$work/uwsgi";
    scgi_temp_path "$work/scgi";
    server {
        listen 127.0.0.1:$port;
        root "$work/www";
        location / { limit_rate 600k; }
    }
}
CONF
"$nginx_bin" -p "$work/" -c "$work/nginx.conf" -e "$work/error.log" >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 50); do port_in_use "$port" && break; sleep 0.1; done
port_in_use "$port" || { cat "$work/error.log" >&2; echo "nginx did not start" >&2; exit 1; }

# A display of our own, and a ferry with its own settings: four connections per download.
display=:$((50 + RANDOM % 400))
Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
export DISPLAY=$display
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done
export HOME=$work/home XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_CACHE_HOME=$work/cache
export XDG_RUNTIME_DIR=$work/runtime QT_QPA_PLATFORM=xcb
mkdir -p "$HOME" "$XDG_CONFIG_HOME/Ferry" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
cat >"$XDG_CONFIG_HOME/Ferry/Ferry.conf" <<CONF
[preferences]
connectionsPerDownload=4
maxConcurrentDownloads=4
[mainWindow]
geometry=@ByteArray()
CONF
"$ferry" --dir "$work/downloads" >"$work/ferry.log" 2>&1 &
pids+=($!)
window=$(xdotool search --sync --onlyvisible --name '^Ferry$' | head -1)
xdotool windowsize "$window" 1400 900
xdotool windowmove "$window" 0 0
sleep 1

# Through the add dialog: the archive with "Extract archive", then the three files.
add() {
    xdotool windowfocus "$window" key ctrl+n
    xdotool search --sync --onlyvisible --name 'Add URLs' >/dev/null
    sleep 0.5
    xdotool type --delay 2 "$1"
    shift
    local key
    for key in "$@"; do xdotool key "$key"; sleep 0.2; done
    xdotool key alt+a
    sleep 0.5
}
base=http://127.0.0.1:$port
add "$base/source-tree.tar.gz" alt+x
for name in ubuntu-mirror.iso dataset-2024.bin photos-backup.img; do add "$base/$name"; done
add "$base/missing-file.iso"  # a 404: a failed bar
# Far enough for several requests per connection and the archive's extraction, not so far that
# everything is done.
sleep 6
# Focus the timeline (a click in its lane names, near the window's bottom) and fit the whole session.
xdotool mousemove 60 840 click 1
sleep 0.3
xdotool key 0
sleep 0.5
import -window root "$out"
echo "wrote $out"
