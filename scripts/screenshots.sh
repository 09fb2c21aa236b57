#!/usr/bin/env bash
# Takes the README's screenshots of the real ferry window under Xvfb (a real X server, not the
# offscreen platform): downloads from a throttled loopback nginx, some running, one finished, one
# failed (404), then the add dialog, then the same queue with `ferry --dark`.
#   scripts/screenshots.sh [BUILD_DIR]     (default build/release; writes docs/screenshot-*.png)
# Needs xvfb, nginx-light, xdotool, xclip, x11-utils and imagemagick (scripts/dev.sh deps installs them).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$here/build/release}"
ferry="$build/app/ferry"
[ -x "$ferry" ] || { echo "no $ferry: build first (scripts/dev.sh build)" >&2; exit 1; }
out="$here/docs"
work="$(mktemp -d /tmp/ferry-shots.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# --- The files: large ones are sparse (no disk used on the server side), served at a few hundred KiB/s.
chmod 755 "$work"   # nginx's workers run as nobody when started as root
mkdir -p "$work/www/slow" "$work/www/fast" "$work/dl" "$work/home" "$work/runtime"
chmod 700 "$work/runtime"
truncate -s 5900M "$work/www/slow/ubuntu-24.04.1-desktop-amd64.iso"
truncate -s 631M "$work/www/slow/debian-12.8.0-amd64-netinst.iso"
truncate -s 180M "$work/www/slow/holiday-photos-2024.tar.gz"
truncate -s 2100M "$work/www/slow/Fedora-Workstation-Live-x86_64-41.iso"
head -c 412000 /dev/urandom > "$work/www/fast/release-notes.pdf"

port=$(( 20000 + RANDOM % 20000 ))
cat > "$work/nginx.conf" <<CONF
daemon on;
pid "$work/nginx.pid";
error_log "$work/nginx-error.log";
events {}
http {
  access_log off;
  client_body_temp_path "$work/tmp";
  proxy_temp_path "$work/tmp";
  fastcgi_temp_path "$work/tmp";
  uwsgi_temp_path "$work/tmp";
  scgi_temp_path "$work/tmp";
  server {
    listen 127.0.0.1:$port;
    root "$work/www";
    location /slow/ { limit_rate 900k; }
  }
}
CONF
mkdir -p "$work/tmp"
nginx -c "$work/nginx.conf" -p "$work"

# --- A real X server, no window manager: the window's own pixels.
display=":$(( 90 + RANDOM % 100 ))"
Xvfb "$display" -screen 0 1280x720x24 -nolisten tcp -ardelay 60000 &   # no key autorepeat
pids+=($!)
export DISPLAY="$display"
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done

# A private home: no settings, queue or theme of the developer's.
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/config" XDG_DATA_HOME="$work/home/data"
export XDG_CACHE_HOME="$work/home/cache" XDG_RUNTIME_DIR="$work/runtime"
export QT_QPA_PLATFORM=xcb LANG=C.UTF-8 no_proxy='*'

# Where the add dialog's "Extract archive" and "Thumbnails" boxes are (from the top of the dialog).
steps_y="${FERRY_SHOT_STEPS_Y:-441 494}"

url() { echo "http://127.0.0.1:$port/$1"; }

window_id() {  # the first visible window whose title is $1
  xdotool search --sync --onlyvisible --name "^$1\$" | head -1
}

shot() {  # shot WINDOW_ID FILE
  import -window "$1" "$2"
  echo "wrote $2"
}

start_ferry() {  # start_ferry [ferry options...]
  "$ferry" --dir "$work/dl" "$@" >>"$work/ferry.log" 2>&1 &
  pids+=($!)
  ferry_pid=$!
}

stop_ferry() {
  kill "$ferry_pid"
  wait "$ferry_pid" 2>/dev/null || true
}

# --- 1. The queue: three downloads running, one done, one failed, one waiting for a slot (the
# default allows three at a time).
start_ferry \
  "$(url slow/ubuntu-24.04.1-desktop-amd64.iso)" \
  "$(url slow/debian-12.8.0-amd64-netinst.iso)" \
  "$(url fast/release-notes.pdf)" \
  "$(url fast/old-build.zip)" \
  "$(url slow/holiday-photos-2024.tar.gz)" \
  "$(url slow/Fedora-Workstation-Live-x86_64-41.iso)"
main=$(window_id Ferry)
sleep 8   # let speeds and ETAs settle (a screenshot, not a test)
xdotool mousemove --window "$main" 600 204 click 1   # select a running download
sleep 1
shot "$main" "$out/screenshot-queue.png"

# --- 2. The add dialog, prefilled from the clipboard with Ctrl+V (typed keys do not reach a dialog
# under a bare X server; the shortcut and mouse clicks do), with two steps ticked.
printf 'https://example.org/photos/holiday-2024.tar.gz\nhttps://example.org/photos/beach.jpg\nexample.org/no-scheme.iso\n' \
  | xclip -selection clipboard 2>/dev/null
xdotool key --window "$main" ctrl+v
dialog=$(window_id "Add URLs")
sleep 1
for y in $steps_y; do xdotool mousemove --window "$dialog" 30 "$y" click 1; done
xdotool mousemove 1270 710   # the pointer out of the picture
sleep 1
shot "$dialog" "$out/screenshot-add.png"
stop_ferry

# --- 3. The same queue (it survives restarts) with the dark palette.
start_ferry --dark
main=$(window_id Ferry)
sleep 6
shot "$main" "$out/screenshot-dark.png"
stop_ferry
