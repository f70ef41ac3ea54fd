#!/usr/bin/env python3
"""Drives sattask through AT-SPI: Get attempts, choose the first orderable attempt, read the
price, Order…, read the confirmation, Confirm order, read the result. See run.sh."""
import pyatspi, sys, time
def app():
    d = pyatspi.Registry.getDesktop(0)
    for a in d:
        if a is not None and "sattask" in (a.name or "").lower():
            return a
def nodes(root):
    out=[]
    def walk(n):
        try:
            out.append(n)
            for i in range(n.childCount):
                walk(n.getChildAtIndex(i))
        except Exception:
            pass
    walk(root); return out
def find(pred, timeout=20):
    end=time.time()+timeout
    while time.time()<end:
        a=app()
        if a:
            for n in nodes(a):
                try:
                    if pred(n): return n
                except Exception: pass
        time.sleep(0.5)
    return None
def press(name_pred, what):
    n=find(lambda n: n.getRoleName() in ("push button","toggle button") and name_pred(n.name or ""))
    if n is None:
        print("NOT FOUND:", what); sys.exit(1)
    act=n.queryAction()
    act.doAction(0)
    print("pressed:", n.name)
if __name__ == "__main__":
    press(lambda s: s=="Get attempts", "Get attempts")
    row=find(lambda n: "order within" in (n.name or "") and "covers" in (n.name or ""))
    print("attempt row:", row and row.name)
    row.queryAction().doAction(0)
    amount=find(lambda n: (n.name or "").endswith(" EUR") and n.getRoleName()=="label")
    print("price:", amount and amount.name)
    press(lambda s: s=="Order…", "Order…")
    charged=find(lambda n: "will be charged" in (n.name or ""))
    print("confirmation:", charged and charged.name)
    press(lambda s: s=="Confirm order", "Confirm order")
    done=find(lambda n: (n.name or "").startswith("Done: order"))
    print("result:", done and done.name)
