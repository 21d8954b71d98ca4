#!/usr/bin/env python3
"""Where a booking's server CPU goes, one instance against three, on shared cores (the table in
docs/performance.md). For each of one and three instances: an 8-second booking load as
bench-serve.py makes it, `perf record --call-graph dwarf` of the servers for 3 s of it, and each
sample put in the first group below whose function its stack holds; printed as µs of server CPU
per booking.

Usage: scripts/profile-serve-bookings.py postgres://URL   (needs perf; run as root or with
       kernel.perf_event_paranoid ≤ 1; the workspace is bench-serve.py's, SLOTPLAN_BENCH_WORK too)
"""
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("bench_serve", os.path.join(HERE, "bench-serve.py"))
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)

FREQUENCY = 499  # samples per second and thread
SAMPLED = 3  # seconds of the run that perf records
# In this order: a sample counts in the first group whose (mangled) function its stack holds.
GROUPS = [
    ("taking in new event files (BusyFolderCache.update)", ["FolderCacheC6update"]),
    ("writing the booking's event file (VdirCalendar.create)", ["VdirCalendarV6create"]),
    ("the re-check's range read of the folder", ["FolderCacheC4read"]),
    ("postgres-nio", ["PostgresNIO"]),
    ("HTTP (Hummingbird, NIOHTTP1) and the runtime under it", ["Hummingbird", "NIOHTTP1"]),
    ("waiting and scheduling (epoll, the scheduler)", ["epoll_wait", "_blockingWaitForWork", "__schedule", "finish_task_switch"]),
    ("TCP", ["tcp_sendmsg", "tcp_recvmsg", "sock_read", "sock_write"]),
]
REST = "the rest (task resumptions, allocation)"


def stacks(script_output):
    """Each sample's frames, from `perf script -F pid,ip,sym`."""
    frames = []
    for line in script_output.splitlines():
        if not line.strip():
            if frames:
                yield frames
            frames = []
        elif line[0] in " \t":
            frames.append(line.strip())
    if frames:
        yield frames


def profile(postgres, instances, all_slots, folder, out):
    db = f"profile_{instances}_{time.time_ns()}"
    subprocess.run(["psql", postgres, "-q", "-c", f"CREATE DATABASE {db}"], check=True)
    url = postgres.rsplit("/", 1)[0] + "/" + db + "?sslmode=disable"
    threads = max(1, os.cpu_count() // instances)
    servers = [bench.serve(url, bench.calendar_name(instances, 0, None), threads) for _ in range(instances)]
    loads = []
    for k, (_, u) in enumerate(servers):
        script = bench.booking_script(all_slots[1::2][k::instances], f"profile{instances}-{k}.lua", threads)
        loads.append(subprocess.Popen(["wrk", f"-t{threads}", f"-c{16 // instances + 1}", "-d8s", "-s", script, u],
                                      stdout=subprocess.PIPE, text=True))
    time.sleep(2)
    data = os.path.join(folder, f"perf{instances}.data")
    subprocess.run(["perf", "record", "-q", "-F", str(FREQUENCY), "--call-graph", "dwarf,16384", "-o", data,
                    "-p", ",".join(str(p.pid) for p, _ in servers), "--", "sleep", str(SAMPLED)], check=True)
    created = 0
    for load in loads:
        output = load.communicate()[0]
        bench.exhausted(output)
        created += int(re.search(r"created=(\d+)", output).group(1))
    for p, _ in servers:
        bench.stop(p)
    rate = created / 8
    counts = Counter()
    script = subprocess.run(["perf", "script", "-i", data, "-F", "pid,ip,sym"], capture_output=True, text=True, check=True).stdout
    for frames in stacks(script):
        text = "\n".join(frames)
        counts[next((name for name, keys in GROUPS if any(k in text for k in keys)), REST)] += 1
    out[instances] = (rate, {name: n / FREQUENCY / SAMPLED / rate * 1e6 for name, n in counts.items()})


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    if shutil.which("perf") is None:
        sys.exit("perf is not installed (Debian: apt-get install linux-perf)")
    bench.workspace(1)
    all_slots = bench.slots()
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for instances in (1, 3):
            profile(sys.argv[1], instances, all_slots, folder, results)
    (one, a), (three, b) = results[1], results[3]
    print(f"| the servers' CPU per booking, µs | one instance ({one:,.0f}/s) | three instances ({three:,.0f}/s) |")
    print("|---|---:|---:|")
    for name in [g for g, _ in GROUPS] + [REST]:
        print(f"| {name} | {a.get(name, 0):.0f} | {b.get(name, 0):.0f} |")
    print(f"| in all | {sum(a.values()):.0f} | {sum(b.values()):.0f} |")


if __name__ == "__main__":
    try:
        main()
        bench.remove_old_runs()
    finally:
        for p in bench.STARTED:
            if p.poll() is None:
                bench.stop(p)
