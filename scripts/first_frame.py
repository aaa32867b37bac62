#!/usr/bin/env python3
"""Time from starting `annals` in a pseudo-terminal (80x24) to its first frame (the status
bar's "help"), over several runs. Usage: scripts/first_frame.py [--silent] [BINARY] [ARGS...]

annals asks the terminal for its background colour (OSC 11, then the device attributes,
which every terminal answers) before it draws. This script answers as a dark terminal
does, at once; with --silent it answers nothing, as no real terminal does, and annals
waits out its 150 ms timeout."""
import fcntl, os, pty, select, statistics, struct, sys, termios, time

argv = sys.argv[1:]
silent = bool(argv) and argv[0] == "--silent"
if silent:
    argv = argv[1:]
binary = argv[0] if argv else "target/release/annals"
args = argv[1:]
ANSWERS = [(b"\x1b]11;?", b"\x1b]11;rgb:0000/0000/0000\x1b\\"), (b"\x1b[c", b"\x1b[?62;22c")]
times = []
for _ in range(15):
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.environ["TERM"] = "xterm-256color"
        os.execv(binary, [binary] + args)
    seen = b""
    while b"help" not in seen:
        ready, _, _ = select.select([fd], [], [], 30)
        if not ready:
            sys.exit("no first frame within 30 s")
        before = len(seen)
        seen += os.read(fd, 65536)
        for query, answer in ANSWERS:
            if not silent and query in seen[max(0, before - 8):]:
                os.write(fd, answer)
    times.append((time.perf_counter() - start) * 1000)
    os.write(fd, b"q")
    os.waitpid(pid, 0)
print(f"first frame, ms: median {statistics.median(times):.1f}, min {min(times):.1f}, max {max(times):.1f} (n={len(times)})")
