#!/bin/bash
# Takes docs/screenshot-compare.png: a window of 1280 × 800 on the sandbox inside the app, every
# offer compared (each offer's first attempt in its row's colour), and an earlier SPOT OneDay
# export opened as a comparison overlay; with `attempts`, docs/screenshot-attempts.png: Pléiades
# OneDay opened from the table and an attempt chosen. Needs Xvfb, at-spi2-core, python3-pyatspi
# and ImageMagick; run from the repository:
#   dbus-run-session -- docs/atspi/compare.sh [attempts] [OUT.png]
set -e
MODE=compare
if [ "$1" = attempts ]; then MODE=attempts; shift; fi
OUT=${1:-docs/screenshot-$MODE.png}
SATTASK=${SATTASK:-target/release/sattask}
Xvfb :97 -screen 0 1280x800x24 > /dev/null 2>&1 &
XVFB=$!
/usr/libexec/at-spi-bus-launcher --launch-immediately &
sleep 2
dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus org.freedesktop.DBus.Properties.Set string:org.a11y.Status string:IsEnabled variant:boolean:true > /dev/null
export DISPLAY=:97 SATTASK_DATA_DIR=$(mktemp -d)
AOI="$SATTASK_DATA_DIR/toulouse.geojson"
echo '{"type":"Feature","properties":{"name":"Toulouse"},"geometry":{"type":"Polygon","coordinates":[[[1.3763809,43.5453131],[1.5095901,43.5453131],[1.5095901,43.6561983],[1.3763809,43.6561983],[1.3763809,43.5453131]]]}}' > "$AOI"
# An earlier comparison, exported: SPOT OneDay's attempts from a sandbox of its own.
$SATTASK sandbox --addr 127.0.0.1:8797 > /dev/null 2>&1 &
SANDBOX=$!
sleep 3
$SATTASK api --base-url http://127.0.0.1:8797 attempts --aoi "$AOI" --contract CTR24000001 \
  --mission SPOT --offer ONEDAY --start "$(date -u -d tomorrow +%F)" \
  --export "$SATTASK_DATA_DIR/spot-oneday.geojson" > /dev/null
kill $SANDBOX
$SATTASK --open "$AOI" --open "$SATTASK_DATA_DIR/spot-oneday.geojson" > /tmp/sattask-compare.log 2>&1 &
APP=$!
sleep 15
(cd docs/atspi && timeout 180 /usr/bin/python3 compare.py $MODE)
import -window root "$OUT"
kill $APP $XVFB 2>/dev/null || true
