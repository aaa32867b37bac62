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
import subprocess
import sys
import time

binary, store, date = sys.argv[1:4]
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
SESSION = "annals-jump"


def tmux(*args):
    return subprocess.run(["tmux", *args], capture_output=True, text=True).stdout


def pane():
    return tmux("capture-pane", "-p", "-t", SESSION).splitlines() or [""]


at_date = re.compile(r"^›?" + re.escape(date), re.M)
for _ in range(runs):
    tmux("kill-session", "-t", SESSION)
    tmux("new-session", "-d", "-s", SESSION, "-x", "160", "-y", "45", f"NO_COLOR=1 {binary} {store}")
    start = time.monotonic()
    while not re.search(r"\d of [\d,]+", "\n".join(pane())):
        if time.monotonic() - start > 60:
            sys.exit("no first frame within 60 s")
        time.sleep(0.02)
    time.sleep(1.5)
    tmux("send-keys", "-t", SESSION, f":{date}")
    time.sleep(0.3)
    start = time.monotonic()
    tmux("send-keys", "-t", SESSION, "Enter")
    shown = whole = None
    while whole is None and time.monotonic() - start < 60:
        lines = pane()
        now = time.monotonic() - start
        if shown is None and at_date.search("\n".join(lines)) and re.search(r"\d events \(", lines[-1]):
            shown = now
        if shown is not None and re.search(r"\b100000 events", lines[-1]):
            whole = now
        time.sleep(0.005)
    tmux("kill-session", "-t", SESSION)
    fmt = lambda t: "none" if t is None else f"{t:.3f} s"
    print(f"shown {fmt(shown)}  whole window {fmt(whole)}")
