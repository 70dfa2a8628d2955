#!/usr/bin/env python3
"""Peak memory of a command and all its descendants (kpi-audit runs its files in worker
processes, so the peak of the main process alone is not the batch's footprint).

Usage: peak_mem.py [--interval SECONDS] -- COMMAND [ARG...]

Polls /proc every --interval (default 0.02 s) and prints one JSON line:
  wall_s            wall time of the command
  exit              its exit status
  peak_tree_rss_mb  the highest sum of RSS over the process tree (counts shared pages
                    once per process: an upper bound)
  peak_tree_pss_mb  the highest sum of PSS (shared pages split between sharers: the
                    footprint on the machine), read from /proc/PID/smaps_rollup
  peak_one_rss_mb   the highest RSS of any single process of the tree
  most_processes    the most processes seen at once
A process that lives less than one interval can be missed; /usr/bin/time -v reports the
largest single process exactly.
"""
import json
import os
import subprocess
import sys
import time

PAGE = os.sysconf("SC_PAGE_SIZE")


def children_map():
    kids = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # the command name is in parentheses and may hold spaces: split after it
        fields = stat[stat.rindex(b")") + 2:].split()
        kids.setdefault(int(fields[1]), []).append(int(entry))
    return kids


def tree(root):
    kids = children_map()
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(kids.get(pid, []))
    return out


def rss_pss(pid):
    try:
        with open(f"/proc/{pid}/statm") as f:
            rss = int(f.read().split()[1]) * PAGE
        pss = 0
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
                    break
        return rss, pss
    except (OSError, ValueError, IndexError):
        return 0, 0


def main():
    args = sys.argv[1:]
    interval = 0.02
    if args[:1] == ["--interval"]:
        interval, args = float(args[1]), args[2:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        sys.exit(__doc__)
    start = time.monotonic()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL)
    peak_rss = peak_pss = peak_one = most = 0
    while proc.poll() is None:
        pids = tree(proc.pid)
        sizes = [rss_pss(pid) for pid in pids]
        peak_rss = max(peak_rss, sum(r for r, _ in sizes))
        peak_pss = max(peak_pss, sum(p for _, p in sizes))
        peak_one = max([peak_one] + [r for r, _ in sizes])
        most = max(most, len(pids))
        time.sleep(interval)
    wall = time.monotonic() - start
    mb = 1024 * 1024
    print(json.dumps({
        "wall_s": round(wall, 3),
        "exit": proc.returncode,
        "peak_tree_rss_mb": round(peak_rss / mb, 1),
        "peak_tree_pss_mb": round(peak_pss / mb, 1),
        "peak_one_rss_mb": round(peak_one / mb, 1),
        "most_processes": most,
    }))


if __name__ == "__main__":
    main()
