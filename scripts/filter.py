#!/usr/bin/env python3
"""Time a filter on a store as a person sees it: `BINARY DIR` in a tmux pane (160x45,
NO_COLOR=1), the first frame waited for and a second to settle, `:where QUERY` typed, then
`Enter` sent and the pane polled every 5 ms for SECONDS (default 30): each time the status
line (the pane's last line) or the position in it changes, prints the seconds since Enter
and the line. So the first screen of what passes, the whole window and the count of all
that pass (the position's "of N" and the density strip) are each timed. Usage:

    scripts/filter.py BINARY DIR QUERY [RUNS] [SECONDS]

Needs tmux.
"""
import re
import sys
import time

from pane import Pane

binary, store, query = sys.argv[1:4]
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
seconds = float(sys.argv[5]) if len(sys.argv) > 5 else 30.0
pane = Pane("annals-filter")


def status():
    return re.sub(r"\s+", " ", pane.lines()[-1]).strip()


for run in range(runs):
    pane.open(binary, store)
    pane.send(f":where {query}")
    time.sleep(0.3)
    before = status()
    start = time.monotonic()
    pane.send("Enter")
    seen = before
    print(f"run {run + 1}")
    while time.monotonic() - start < seconds:
        line = status()
        if line != seen and query in line:
            print(f"  {time.monotonic() - start:7.3f} s  {line[:150]}")
            seen = line
        time.sleep(0.005)
    pane.close()
