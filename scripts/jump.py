#!/usr/bin/env python3
"""Time a jump to a date on a store as a person sees it: `BINARY DIR` in a tmux pane
(160x45, NO_COLOR=1), the first frame waited for and a second to settle, `:DATE` typed,
then `Enter` sent and the pane polled every 5 ms: until a row of the timeline begins with
the date and the status line names a window ("N events ("), then until it names the whole
window ("100000 events", the default --window). Usage:

    scripts/jump.py BINARY DIR DATE [RUNS]

Prints, a run a line, the seconds from Enter to the first screen at the date (a glimpse,
or the whole window where the build reads no glimpse) and to the whole window. Needs tmux.
"""
import re
import sys
import time

from pane import Pane

binary, store, date = sys.argv[1:4]
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
pane = Pane("annals-jump")

at_date = re.compile(r"^›?" + re.escape(date), re.M)
for _ in range(runs):
    pane.open(binary, store)
    pane.send(f":{date}")
    time.sleep(0.3)
    start = time.monotonic()
    pane.send("Enter")
    shown = whole = None
    while whole is None and time.monotonic() - start < 60:
        lines = pane.lines()
        now = time.monotonic() - start
        if shown is None and at_date.search("\n".join(lines)) and re.search(r"\d events \(", lines[-1]):
            shown = now
        if shown is not None and re.search(r"\b100000 events", lines[-1]):
            whole = now
        time.sleep(0.005)
    pane.close()
    fmt = lambda t: "none" if t is None else f"{t:.3f} s"
    print(f"shown {fmt(shown)}  whole window {fmt(whole)}")
