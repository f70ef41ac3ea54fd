#!/usr/bin/env python3
"""Drives sattask through AT-SPI to a UP42 order's confirmation: Task through UP42, choose
Pléiades Tasking: Display, wait for the credit estimate, Order through UP42…; with `follow`, then
on to the order's feasibility study (up42_follow.py). See up42.sh (which then takes the picture)."""
import sys, time
from order import find, press

def text(n):
    """A label's text: egui gives it as the node's value, which AT-SPI shows as its text."""
    try:
        return n.queryText().getText(0, -1)
    except Exception:
        return n.name or ""

def to_confirmation():
    """Task through UP42, the product, the estimate, Order through UP42…"""
    press(lambda s: s == "Task through UP42", "Task through UP42")
    press(lambda s: s == "Pléiades Tasking: Display", "Pléiades Tasking: Display")
    estimate = find(lambda n: "credits" in text(n) and "EUR" in text(n), 60)
    print("estimate:", estimate and text(estimate))
    if estimate is None:
        sys.exit(1)
    press(lambda s: s == "Order through UP42…", "Order through UP42…")
    confirm = find(lambda n: (n.name or "") == "Confirm UP42 order", 30)
    print("confirmation:", "shown" if confirm else "NOT FOUND")

if __name__ == "__main__":
    to_confirmation()
    if sys.argv[1:] == ["follow"]:
        import up42_follow
        up42_follow.follow()
    time.sleep(2)
