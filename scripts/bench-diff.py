#!/usr/bin/env python3
"""Benchmark of `slotplan diff` (issue 11): a git repository of N generated campaigns, of which
CHANGED get a longer minimum notice in a second commit; `diff --base HEAD~1 --head HEAD` and
`diff --base HEAD~1` (work tree) are timed, with and without a busy calendar.

Usage: scripts/bench-diff.py [N] [CHANGED]   (make bench runs it with 1000 100)
"""
import json
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
N = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
CHANGED = int(sys.argv[2]) if len(sys.argv) > 2 else 100
RUNS = 5
NOW = "2026-12-07T13:00:00Z"


def git(repo, *args):
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com", *args], cwd=repo, check=True,
                   stdout=subprocess.DEVNULL, env={**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null"})


def best_wall(cmd, cwd, expect):
    best, out = None, None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        elapsed = time.perf_counter() - start
        if result.returncode != expect:
            sys.exit(f"{' '.join(cmd)} exited {result.returncode}:\n{result.stderr[-2000:]}")
        best, out = (elapsed, result.stdout) if best is None or elapsed < best else (best, out)
    return best, out


def main():
    for product in ("slotplan", "slotplan-bench"):
        subprocess.run(["swift", "build", "-c", "release", "--product", product], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    slotplan = os.path.join(ROOT, ".build/release/slotplan")
    repo = os.path.join(ROOT, f".build-bench/diff-{N}")
    shutil.rmtree(repo, ignore_errors=True)
    os.makedirs(repo)
    subprocess.run([os.path.join(ROOT, ".build/release/slotplan-bench"), "generate", str(N), os.path.join(repo, "campaigns")],
                   check=True, stdout=subprocess.DEVNULL)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "generated campaigns")
    for i in range(0, N, max(1, N // CHANGED))[:CHANGED]:
        path = os.path.join(repo, "campaigns", f"campaign-{i}.yaml")
        with open(path) as f:
            text = f.read()
        with open(path, "w") as f:
            f.write(re.sub(r"minimum_notice: (\d+)h", lambda m: f"minimum_notice: {int(m.group(1)) + 4}h", text, count=1))
    git(repo, "commit", "-qam", f"{CHANGED} campaigns with a longer notice")
    busy = os.path.join(ROOT, "examples/maria-calendar.ics")
    print(f"slotplan diff benchmark: {N} campaigns, {CHANGED} changed, 2 weeks of slots, best of {RUNS} runs, wall clock")
    print(f"machine: {os.cpu_count()} cores; command: scripts/bench-diff.py {N} {CHANGED}")
    print()
    print("| what | seconds |")
    print("|---|---:|")
    for name, args in [("two revisions (`--base HEAD~1 --head HEAD`), hours only", ["--base", "HEAD~1", "--head", "HEAD"]),
                       ("two revisions, against the sample calendar (examples/maria-calendar.ics)", ["--base", "HEAD~1", "--head", "HEAD", "--busy", busy]),
                       ("base HEAD~1 against the work tree, hours only", ["--base", "HEAD~1"])]:
        secs, out = best_wall([slotplan, "diff", *args, "--now", NOW, "--format", "json"], repo, 0)
        summary = json.loads(out)["summary"]
        if summary["changed"] != CHANGED or summary["unchanged"] != N - CHANGED:
            sys.exit(f"unexpected summary {summary}")
        print(f"| {name} | {secs:.3f} |")
    print()
    print(f"summary of each run: {summary}")


if __name__ == "__main__":
    main()
