#!/bin/bash
# Takes docs/screenshot-up42.png: a window of 1280 × 800 on the sandbox inside the app, tasking
# through UP42: Pléiades Tasking: Display chosen for an AOI over Toulouse, its form filled with
# the schema's defaults, the credit estimate, and the confirmation. Needs Xvfb, at-spi2-core,
# python3-pyatspi and ImageMagick; run from the repository:
#   dbus-run-session -- docs/atspi/up42.sh [follow] [OUT.png]
# With `follow`, docs/screenshot-up42-follow.png: the order placed, the sandbox's clock moved past
# its feasibility study's upload, and the order opened under Quotations with the study's options.
set -e
MODE=
if [ "$1" = follow ]; then MODE=follow; shift; fi
OUT=${1:-docs/screenshot-up42${MODE:+-$MODE}.png}
SATTASK=${SATTASK:-target/release/sattask}
Xvfb :96 -screen 0 1280x800x24 > /dev/null 2>&1 &
XVFB=$!
/usr/libexec/at-spi-bus-launcher --launch-immediately &
sleep 2
dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus org.freedesktop.DBus.Properties.Set string:org.a11y.Status string:IsEnabled variant:boolean:true > /dev/null
export DISPLAY=:96 SATTASK_DATA_DIR=$(mktemp -d) XDG_CACHE_HOME=$(mktemp -d)
AOI="$SATTASK_DATA_DIR/toulouse.geojson"
echo '{"type":"Feature","properties":{"name":"Toulouse"},"geometry":{"type":"Polygon","coordinates":[[[1.3763809,43.5453131],[1.5095901,43.5453131],[1.5095901,43.6561983],[1.3763809,43.6561983],[1.3763809,43.5453131]]]}}' > "$AOI"
$SATTASK --open "$AOI" > /tmp/sattask-up42.log 2>&1 &
APP=$!
sleep 15
(cd docs/atspi && timeout 240 /usr/bin/python3 up42.py $MODE)
import -window root "$OUT"
kill $APP $XVFB 2>/dev/null || true
