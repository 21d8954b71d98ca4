#!/usr/bin/env python3
"""Benchmark: one slot evaluation (90-day look-ahead, 3 windows a day, 2,000 busy intervals) and
the scaling table, then the same computation by slotify-scheduling on identical input, same run.

Usage: scripts/bench-slots.py   (make bench runs it)
"""
import json
import os
import random
import statistics
import subprocess
import time
from datetime import datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOW = datetime(2026, 12, 5, 14, 0, tzinfo=timezone.utc)   # SlotBench.now
DAYS, BUSY = 90, 2000


def busy_file():
    rnd = random.Random(11)
    items = []
    for _ in range(BUSY):
        s = NOW + timedelta(minutes=15 * rnd.randrange(DAYS * 96))
        e = s + timedelta(minutes=15 * rnd.randrange(1, 9))
        items.append({"start": s.strftime("%Y-%m-%dT%H:%M:%SZ"), "end": e.strftime("%Y-%m-%dT%H:%M:%SZ")})
    items.sort(key=lambda i: i["start"])
    path = os.path.join(ROOT, ".build-bench/busy-2000.json")
    with open(path, "w") as f:
        json.dump(items, f)
    return path, items


def slotify_starts(items, runs=3):
    from zoneinfo import ZoneInfo
    from slotify import AvailabilityEngine, BookingPolicy, BusyPeriod, SlotGenerator
    ny = ZoneInfo("America/New_York")
    generator = SlotGenerator(windows=[("09:00", "11:00"), ("12:00", "14:00"), ("15:00", "17:00")],
                              duration=30, interval=15, timezone="America/New_York")
    periods = tuple(BusyPeriod(datetime.fromisoformat(i["start"].replace("Z", "+00:00")),
                               datetime.fromisoformat(i["end"].replace("Z", "+00:00"))) for i in items)
    today = NOW.astimezone(ny).date()
    times, starts = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        engine = AvailabilityEngine(generator, policy=BookingPolicy(minimum_notice=timedelta(hours=2), busy_periods=periods))
        slots = engine.available_slots(today, today + timedelta(days=DAYS), now=NOW)
        times.append(time.perf_counter() - t0)
        starts = [s.start.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") for s in slots]
    return statistics.median(times), starts


def main():
    subprocess.run(["swift", "build", "-c", "release", "--product", "slotplan-bench"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    os.makedirs(os.path.join(ROOT, ".build-bench"), exist_ok=True)
    bench = os.path.join(ROOT, ".build/release/slotplan-bench")
    print(subprocess.run([bench, "slots"], cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True).stdout)
    path, items = busy_file()
    ours = subprocess.run([bench, "slots-compare", str(DAYS), path], cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True).stdout.strip()
    print("equivalent input for the peer (no buffers, which slotify applies to bookings only):")
    print(ours)
    our_us = float(ours.split(", ")[1].split(" µs")[0])
    our_starts = open(path + ".slotplan-starts").read().split()
    peer_s, peer_starts = slotify_starts(items)
    print(f"slotify-scheduling 0.5.1: {len(peer_starts)} slots, {peer_s * 1e6:.0f} µs per evaluation (median of 3)")
    same = our_starts == peer_starts
    print(f"same slots: {'yes' if same else 'NO'}; slotplan is {peer_s * 1e6 / our_us:.0f}x faster; command: scripts/bench-slots.py")
    if not same:
        print("first differences:", sorted(set(our_starts) ^ set(peer_starts))[:10])


if __name__ == "__main__":
    main()
