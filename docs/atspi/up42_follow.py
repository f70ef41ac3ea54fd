#!/usr/bin/env python3
"""Drives sattask through AT-SPI from a UP42 order to its feasibility study: places the order
(as up42.py, then Confirm UP42 order), moves the sandbox's clock past the study's upload (its
control API, at the address the Task tab names), then Quotations, Refresh orders, Show on map,
and waits for the study's options. Run by up42.sh follow (which then takes the picture)."""
import json, re, subprocess, sys, time, urllib.request
from order import find, press
from up42 import text

def follow():
    """From the confirmation to the study's options on screen."""
    press(lambda s: s == "Confirm UP42 order", "Confirm UP42 order")
    placed = find(lambda n: "UP42 order" in text(n) and "placed" in text(n).lower(), 60)
    print("placed:", placed and text(placed))
    where = find(lambda n: "sandbox inside this app (http://" in text(n), 10)
    url = re.search(r"\((http://[^)]+)\)", text(where)).group(1)
    request = urllib.request.Request(url + "/sandbox/clock/advance", method="POST",
                                     data=json.dumps({"seconds": 3700}).encode(),
                                     headers={"Content-Type": "application/json"})
    print("clock:", urllib.request.urlopen(request).status)
    press(lambda s: s == "Quotations", "Quotations")
    press(lambda s: s == "Refresh orders", "Refresh orders")
    time.sleep(3)
    press(lambda s: s == "Show on map", "Show on map")
    option = find(lambda n: (n.name or "") == "Choose this option", 60)
    print("study options:", "shown" if option else "NOT FOUND")
    time.sleep(3)
