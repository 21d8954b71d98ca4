#!/usr/bin/env python3
"""Benchmark of `slotplan check` (DESIGN.md §8): N generated campaign files, timed against a bare
libyaml parse of the same files and against check-jsonschema with the project's schema.

Usage: scripts/bench-check.py [N]   (make bench runs it with N = 10000)
"""
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
N = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
RUNS = 5


def run(cmd, **kw):
    return subprocess.run(cmd, cwd=ROOT, check=False, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def best_wall(cmd, runs=RUNS, expect=0):
    best = None
    for _ in range(runs):
        start = time.perf_counter()
        result = run(cmd)
        elapsed = time.perf_counter() - start
        if result.returncode != expect:
            sys.exit(f"{' '.join(cmd[:3])} … exited {result.returncode}:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
        best = elapsed if best is None else min(best, elapsed)
    return best


def main():
    for product in ("slotplan", "slotplan-bench"):
        subprocess.run(["swift", "build", "-c", "release", "--product", product], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    slotplan = os.path.join(ROOT, ".build/release/slotplan")
    bench = os.path.join(ROOT, ".build/release/slotplan-bench")
    folder = os.path.join(ROOT, f".build-bench/campaigns-{N}")
    if not os.path.isdir(folder):
        run([bench, "generate", str(N), folder])
    files = sorted(os.path.join(folder, f) for f in os.listdir(folder))
    count = len(files)

    bare = best_wall([bench, "parse", folder])
    check = best_wall([slotplan, "check", folder])
    check_one_core = best_wall(["taskset", "-c", "0", slotplan, "check", folder])
    peer = os.path.join(ROOT, ".venv/bin/check-jsonschema")
    schema = best_wall([peer, "--schemafile", "schema/slotplan.schema.json", *files], runs=1)

    print(f"slotplan check benchmark: {count} files ({N} generated campaigns + team + schedule), best of {RUNS} runs, wall clock")
    print(f"machine: {os.cpu_count()} cores; command: scripts/bench-check.py {N}")
    print()
    print(f"| what | seconds | files/s |")
    print(f"|---|---:|---:|")
    for name, secs in [("bare libyaml parse (slotplan-bench parse, 1 core, process incl.)", bare),
                       ("slotplan check (all cores)", check),
                       ("slotplan check (taskset: 1 core)", check_one_core),
                       ("check-jsonschema 0.39.0 with schema/slotplan.schema.json", schema)]:
        print(f"| {name} | {secs:.3f} | {count / secs:,.0f} |")
    print()
    print(f"check-jsonschema / slotplan check: {schema / check:.1f}x (target: at least 20x)")
    print(f"slotplan check / bare libyaml parse: {check / bare:.2f}x (target: at most 2x); on one core: {check_one_core / bare:.2f}x")


if __name__ == "__main__":
    main()
