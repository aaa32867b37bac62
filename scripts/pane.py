"""annals in a tmux pane, as the timing scripts drive it (scripts/jump.py, scripts/filter.py):
started at 160x45 with NO_COLOR=1, its first frame waited for, keys sent, lines read."""
import re
import subprocess
import sys
import time


def tmux(*args):
    return subprocess.run(["tmux", *args], capture_output=True, text=True).stdout


class Pane:
    def __init__(self, session):
        self.session = session

    def lines(self):
        return tmux("capture-pane", "-p", "-t", self.session).splitlines() or [""]

    def send(self, keys):
        tmux("send-keys", "-t", self.session, keys)

    def open(self, binary, store):
        """`binary store` started afresh, until its status line shows a position (the first
        frame), then a second and a half to settle."""
        self.close()
        tmux("new-session", "-d", "-s", self.session, "-x", "160", "-y", "45", f"NO_COLOR=1 {binary} {store}")
        start = time.monotonic()
        while not re.search(r"\d of [\d,]+|\d/\d", self.lines()[-1]):
            if time.monotonic() - start > 60:
                sys.exit("no first frame within 60 s")
            time.sleep(0.02)
        time.sleep(1.5)

    def close(self):
        tmux("kill-session", "-t", self.session)
