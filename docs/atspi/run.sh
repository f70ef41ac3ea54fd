#!/bin/bash
# Places an order in the sandbox inside the app through the accessibility tree alone (AT-SPI),
# as a screen reader or a test robot would. Needs Xvfb (or a display), at-spi2-core and
# python3-pyatspi; run from the repository: dbus-run-session -- docs/atspi/run.sh
/usr/libexec/at-spi-bus-launcher --launch-immediately &
sleep 2
dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus org.freedesktop.DBus.Properties.Set string:org.a11y.Status string:IsEnabled variant:boolean:true > /dev/null
/usr/bin/python3 -c "import pyatspi; pyatspi.Registry.getDesktop(0)"
export DISPLAY=${DISPLAY:-:99} SATTASK_DATA_DIR=$(mktemp -d)
${SATTASK:-target/release/sattask} --open tests/fixtures/rules/valid.geojson > /tmp/sattask-a11y.log 2>&1 &
sleep 12
timeout 120 /usr/bin/python3 docs/atspi/order.py
kill %2 2>/dev/null
