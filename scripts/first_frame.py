#!/usr/bin/env python3
"""Time from starting `annals` in a pseudo-terminal (80x24) to its first frame (the status
bar's "help"), over several runs. Usage: scripts/first_frame.py [BINARY] [ARGS...]"""
import fcntl, os, pty, select, statistics, struct, sys, termios, time

binary = sys.argv[1] if len(sys.argv) > 1 else "target/release/annals"
args = sys.argv[2:]
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
        seen += os.read(fd, 65536)
    times.append((time.perf_counter() - start) * 1000)
    os.write(fd, b"q")
    os.waitpid(pid, 0)
print(f"first frame, ms: median {statistics.median(times):.1f}, min {min(times):.1f}, max {max(times):.1f} (n={len(times)})")
