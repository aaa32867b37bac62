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
import subprocess
import sys
import time

binary, store, query = sys.argv[1:4]
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
seconds = float(sys.argv[5]) if len(sys.argv) > 5 else 30.0
SESSION = "annals-filter"


def tmux(*args):
    return subprocess.run(["tmux", *args], capture_output=True, text=True).stdout


def status():
    lines = tmux("capture-pane", "-p", "-t", SESSION).splitlines()
    return re.sub(r"\s+", " ", lines[-1]).strip() if lines else ""


for run in range(runs):
    tmux("kill-session", "-t", SESSION)
    tmux("new-session", "-d", "-s", SESSION, "-x", "160", "-y", "45", f"NO_COLOR=1 {binary} {store}")
    start = time.monotonic()
    while not re.search(r"\d of [\d,]+|\d/\d", status()):
        if time.monotonic() - start > 60:
            sys.exit("no first frame within 60 s")
        time.sleep(0.02)
    time.sleep(1.5)
    tmux("send-keys", "-t", SESSION, f":where {query}")
    time.sleep(0.3)
    before = status()
    start = time.monotonic()
    tmux("send-keys", "-t", SESSION, "Enter")
    seen = before
    print(f"run {run + 1}")
    while time.monotonic() - start < seconds:
        line = status()
        if line != seen and query in line:
            print(f"  {time.monotonic() - start:7.3f} s  {line[:150]}")
            seen = line
        time.sleep(0.005)
    tmux("kill-session", "-t", SESSION)
