#!/usr/bin/env python3
"""Benchmark: reading a 2,000-event iCalendar file (parse + recurrence expansion over 90 days),
slotplan (libical) against recurring-ical-events 3.8.2 (icalendar) on the same file, same run.

Usage: scripts/bench-ics.py [EVENTS]   (make bench runs it with 2000)
"""
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EVENTS = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
START = datetime(2026, 12, 1, tzinfo=timezone.utc)
DAYS = 90


def generate(path, n):
    """Three in four events are single; one in four recurs weekly (COUNT 12, one EXDATE); a few
    are all-day, tentative, transparent or cancelled — the mix of a real work calendar."""
    rnd = random.Random(7)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//slotplan//bench//EN",
             "BEGIN:VTIMEZONE", "TZID:America/New_York",
             "BEGIN:DAYLIGHT", "TZOFFSETFROM:-0500", "TZOFFSETTO:-0400", "DTSTART:19700308T020000",
             "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU", "END:DAYLIGHT",
             "BEGIN:STANDARD", "TZOFFSETFROM:-0400", "TZOFFSETTO:-0500", "DTSTART:19701101T020000",
             "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU", "END:STANDARD", "END:VTIMEZONE"]
    for i in range(n):
        day = START.date() + timedelta(days=rnd.randrange(DAYS))
        minute = 7 * 60 + 15 * rnd.randrange(40)
        length = 15 * rnd.randrange(1, 9)
        s = datetime(day.year, day.month, day.day, minute // 60, minute % 60)
        e = s + timedelta(minutes=length)
        ev = ["BEGIN:VEVENT", f"UID:bench-{i}@slotplan", "DTSTAMP:20261120T000000Z", f"SUMMARY:Event {i}"]
        if i % 50 == 0:
            ev += [f"DTSTART;VALUE=DATE:{day:%Y%m%d}", f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}"]
        else:
            ev += [f"DTSTART;TZID=America/New_York:{s:%Y%m%dT%H%M%S}", f"DTEND;TZID=America/New_York:{e:%Y%m%dT%H%M%S}"]
        if i % 4 == 1:
            ev.append("RRULE:FREQ=WEEKLY;COUNT=12")
            ex = s + timedelta(weeks=2)
            ev.append(f"EXDATE;TZID=America/New_York:{ex:%Y%m%dT%H%M%S}")
        if i % 17 == 0:
            ev.append("STATUS:TENTATIVE")
        if i % 23 == 0:
            ev.append("TRANSP:TRANSPARENT")
        if i % 29 == 0:
            ev.append("STATUS:CANCELLED")
        ev.append("END:VEVENT")
        lines += ev
    lines.append("END:VCALENDAR")
    with open(path, "w", newline="") as f:
        f.write("\r\n".join(lines) + "\r\n")


def peer(path, runs):
    import icalendar
    import recurring_ical_events
    data = open(path, "rb").read()
    times, count = [], 0
    for _ in range(runs):
        t0 = time.perf_counter()
        cal = icalendar.Calendar.from_ical(data)
        events = recurring_ical_events.of(cal).between(START, START + timedelta(days=DAYS))
        count = sum(1 for e in events
                    if str(e.get("TRANSP", "OPAQUE")).upper() != "TRANSPARENT" and str(e.get("STATUS", "")).upper() != "CANCELLED")
        times.append(time.perf_counter() - t0)
    return statistics.median(times), count


def main():
    subprocess.run(["swift", "build", "-c", "release", "--product", "slotplan-bench"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    os.makedirs(os.path.join(ROOT, ".build-bench"), exist_ok=True)
    path = os.path.join(ROOT, f".build-bench/calendar-{EVENTS}.ics")
    generate(path, EVENTS)
    start = int(START.timestamp())
    out = subprocess.run([os.path.join(ROOT, ".build/release/slotplan-bench"), "ics", path, str(start), str(start + DAYS * 86400)],
                         cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True).stdout.strip()
    print(out)
    ours_ms = float(out.split(", ")[1].split(" ms")[0])
    peer_s, peer_count = peer(path, 5)
    print(f"recurring-ical-events 3.8.2: {peer_count} busy occurrences, {peer_s * 1000:.2f} ms (median of 5, parse and expand)")
    print(f"ratio: slotplan is {peer_s * 1000 / ours_ms:.1f}x faster (target: at least 10x); file: {EVENTS} VEVENTs, {DAYS} days, command: scripts/bench-ics.py {EVENTS}")


if __name__ == "__main__":
    main()
