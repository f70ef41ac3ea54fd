#!/usr/bin/env python3
"""Drives sattask through AT-SPI to the comparison views: Compare offers and wait for every
answer; with `attempts`, then open Pléiades OneDay and choose an attempt. See compare.sh (which
then takes the picture)."""
import sys, time
from order import find, press

press(lambda s: s == "Compare offers", "Compare offers")
def text(n):
    """A label's text: egui gives it as the node's value, which AT-SPI shows as its text."""
    try:
        return n.queryText().getText(0, -1)
    except Exception:
        return n.name or ""
answered = find(lambda n: "6 of 6 answered" in (n.name or "") or text(n) == "6 of 6 answered", 90)
print("comparison:", "6 of 6 answered" if answered else "not all answered in 90 s")
if sys.argv[1:] != ["attempts"]:
    time.sleep(2)
    sys.exit(0)
press(lambda s: s == "Open Pléiades OneDay", "Open Pléiades OneDay")
row = find(lambda n: "order within" in (n.name or "") and "covers" in (n.name or ""), 60)
if row is None:
    print("NOT FOUND: an attempt row"); sys.exit(1)
print("attempt row:", row.name)
row.queryAction().doAction(0)
time.sleep(3)
