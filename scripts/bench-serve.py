#!/usr/bin/env python3
"""Benchmark of `slotplan serve` on 127.0.0.1 with wrk (Debian): offers from the busy cache at 1, 16
and 64 connections (a calendar of 2,000 busy intervals, 90-day look-ahead, 3 windows a day), next to
the bare evaluation time of `slotplan-bench slots` and the runtime's share of one lookup (`slotplan-bench
offers`, no HTTP) in the same run; then bookings per second through
the service on SQLite, and on PostgreSQL with one and with three instances: on the machine's shared
cores, and with a CPU budget of its own for each instance (a cgroup quota, as a container's CPU
limit or a machine per instance gives it; root and a cgroup cpu controller, else skipped).

Usage: scripts/bench-serve.py [postgres://URL]   (make bench runs it with the throwaway cluster)
       scripts/bench-serve.py postgres://URL --postgres-rounds N
         only the PostgreSQL booking runs, N rounds of one and three instances in turn, on shared
         cores and then with budgets (an A/B of the two needs several: run to run, a figure moves
         by up to a fifth on this machine)
       SLOTPLAN_BENCH_WORK=DIR puts the workspace (plans, calendars, SQLite ledger) in DIR instead
         of .build-bench/serve, e.g. on a tmpfs to leave the disk out of the booking figures
"""
import glob
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.environ.get("SLOTPLAN_BENCH_WORK", os.path.join(ROOT, ".build-bench/serve"))
BIN = os.path.join(ROOT, ".build/release/slotplan")
NOW = datetime(2026, 12, 5, 14, 0, tzinfo=timezone.utc)
KEY = "bench-key"
DURATION = "5s"
WRK_THREADS = 2  # wrk's threads against one server that has the machine to itself
PG_ROUNDS = 3  # one and three PostgreSQL instances in turn, this many times (see compare)
# Each instance's CPU budget in the budgeted rounds, in cores: three budgets, PostgreSQL and wrk fit
# in two cores with room, so what limits each instance is its own budget, not the machine.
BUDGET = 0.3


def stamp(t):
    return t.strftime("%Y%m%dT%H%M%SZ")


CLEANED = WORK + ".cleaned"  # when the last run removed its predecessors' folders
RECENTLY_DELETED = 360  # seconds: ext4 without a journal skips inodes deleted this recently


def on_tmpfs(path):
    """Whether `path` is on a tmpfs (the mount with the longest prefix of it, in /proc/self/mounts)."""
    best, kind = "", ""
    with open("/proc/self/mounts") as f:
        for line in f:
            point, fstype = line.split()[1:3]
            if os.path.abspath(path).startswith(point.rstrip("/") + "/") and len(point) > len(best):
                best, kind = point, fstype
    return kind == "tmpfs"


def workspace(pg_rounds=1):
    # The last run's folders are moved aside and removed only after this run: on ext4 without a
    # journal (this machine's disk), creating files soon after deleting thousands makes every new
    # inode skip the recently deleted ones (for 60 s, or 360 s while their inode table block is
    # not yet written), which a booking run would measure instead of slotplan. A run that starts
    # sooner after the last clean-up waits.
    if os.path.exists(CLEANED):
        wait = RECENTLY_DELETED - (time.time() - os.path.getmtime(CLEANED))
        if wait > 0:
            print(f"waiting {wait:.0f} s: the last run deleted its predecessors' files, and creating files soon after "
                  "makes ext4 search past them (SLOTPLAN_BENCH_WORK on a tmpfs does not wait)", flush=True)
            time.sleep(wait)
    if os.path.exists(WORK):
        os.rename(WORK, f"{WORK}.old-{time.time_ns()}")
    os.makedirs(os.path.join(WORK, "campaigns"))
    with open(os.path.join(WORK, "campaigns/team.yaml"), "w") as f:
        f.write("kind: Team\nversion: 1\nmembers:\n  maria: { name: Maria Lopez, email: maria@acme.example, calendars: "
                "{ google: { account: maria@acme.example, timezone: America/New_York, connected_at: 2026-10-01T14:03:00Z } } }\n")
    with open(os.path.join(WORK, "campaigns/bench.yaml"), "w") as f:
        f.write("kind: Campaign\nversion: 1\nid: bench\nowner: maria\nbooking:\n  enabled: true\n"
                "  availability: { timezone: America/New_York, weekly: { daily: [09:00-11:00, 12:00-14:00, 15:00-17:00] } }\n"
                "  minimum_notice: 2h\n  look_ahead: 90d\n  slot_step: 15m\n")
    # For the booking runs: enough free slots that five seconds of bookings never run out (the
    # script fails when a run used them all: its figure would be the list's length, not a rate).
    with open(os.path.join(WORK, "campaigns/bench-book.yaml"), "w") as f:
        f.write("kind: Campaign\nversion: 1\nid: bench-book\nowner: maria\nbooking:\n  enabled: true\n"
                "  availability: { timezone: America/New_York, weekly: { daily: 00:00-24:00 } }\n"
                "  meeting: { length: 5m }\n  minimum_notice: 2h\n  look_ahead: 180d\n  slot_step: 5m\n")
    subprocess.run([BIN, "compile", "campaigns", "--out", "plans"], cwd=WORK, check=True, stdout=subprocess.DEVNULL)
    rnd = random.Random(11)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//slotplan//bench//EN"]
    for i in range(2000):
        s = NOW + timedelta(minutes=15 * rnd.randrange(90 * 96))
        e = s + timedelta(minutes=15 * rnd.randrange(1, 9))
        lines += ["BEGIN:VEVENT", f"UID:bench-{i}", f"DTSTAMP:{stamp(NOW)}", f"DTSTART:{stamp(s)}", f"DTEND:{stamp(e)}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    # One folder per run, made now: deleting the last run's files right before a run would make
    # its file creation pay for them (see above).
    for name in ["calendar"] + [calendar_name(n, r, b) for r in range(pg_rounds) for n in (1, 3) for b in (None, BUDGET)]:
        os.makedirs(os.path.join(WORK, name))
        with open(os.path.join(WORK, name, "busy.ics"), "w") as f:
            f.write("\r\n".join(lines) + "\r\n")


def calendar_name(instances, round_number, budget):
    return f"calendar-pg{instances}-{round_number}" + ("-budget" if budget else "")


STARTED = []  # every server this run started, stopped on the way out whatever ends the run
GROUPS = []  # every cgroup this run made, removed on the way out


def cpu_controller():
    """Where this machine's CPU quotas are set: ("v2", /sys/fs/cgroup) with the cpu controller
    enabled for its children, or ("v1", /sys/fs/cgroup/cpu); None with the reason where neither can
    be written (not root, a container without cgroup access)."""
    try:
        with open("/sys/fs/cgroup/cgroup.controllers") as f:
            if "cpu" in f.read().split():
                with open("/sys/fs/cgroup/cgroup.subtree_control", "w") as control:
                    control.write("+cpu")
                return ("v2", "/sys/fs/cgroup"), None
    except OSError as e:
        v2 = f"cgroup v2: {e.strerror}"
    else:
        v2 = "cgroup v2 without the cpu controller"
    if os.path.exists("/sys/fs/cgroup/cpu/cpu.cfs_quota_us") and os.access("/sys/fs/cgroup/cpu", os.W_OK):
        return ("v1", "/sys/fs/cgroup/cpu"), None
    return None, f"{v2}; cgroup v1: /sys/fs/cgroup/cpu is not writable"


def budget(pid, cores, controller):
    """Moves process `pid` (all its threads, and what it starts later) into a new cgroup that may
    use `cores` of a core per 100 ms period."""
    version, root = controller
    group = os.path.join(root, f"slotplan-bench-{os.getpid()}-{len(GROUPS)}")
    os.mkdir(group)
    GROUPS.append(group)
    quota = int(cores * 100_000)
    if version == "v2":
        with open(os.path.join(group, "cpu.max"), "w") as f:
            f.write(f"{quota} 100000")
    else:
        with open(os.path.join(group, "cpu.cfs_period_us"), "w") as f:
            f.write("100000")
        with open(os.path.join(group, "cpu.cfs_quota_us"), "w") as f:
            f.write(str(quota))
    with open(os.path.join(group, "cgroup.procs"), "w") as f:
        f.write(str(pid))


def remove_groups():
    """The cgroups this run made (their servers have exited by now)."""
    while GROUPS:
        group = GROUPS.pop()
        try:
            os.rmdir(group)
        except OSError as e:
            print(f"could not remove the cgroup {group}: {e.strerror}", file=sys.stderr)


def serve(ledger, calendar, threads=None):
    env = dict(os.environ, SLOTPLAN_API_KEYS=KEY)
    p = subprocess.Popen([BIN, "serve", "--plans", "plans", "--ledger", ledger, "--calendar", f"vdir:{calendar}",
                          "--listen", "127.0.0.1:0", "--now", NOW.strftime("%Y-%m-%dT%H:%M:%SZ"), "--busy-ttl", "10m"]
                         + (["--threads", str(threads)] if threads else []),
                         cwd=WORK, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = p.stdout.readline()
    m = re.search(r"http://127\.0\.0\.1:\d+", line)
    if not m:
        p.kill()
        sys.exit(f"serve did not start: {line}")
    STARTED.append(p)
    return p, m.group(0)


def stop(p):
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(timeout=15)
    except subprocess.TimeoutExpired:
        p.kill()


def wrk(url, script, connections, threads=WRK_THREADS):
    out = subprocess.run(["wrk", f"-t{min(threads, connections)}", f"-c{connections}", f"-d{DURATION}", "--latency"] + (["-s", script] if script else []) + [url],
                         check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    created = re.search(r"created=(\d+)", out)
    exhausted(out)
    return rps, lat.get("50", "?"), lat.get("99", "?"), int(created.group(1)) if created else None, out


def exhausted(out):
    """A booking run that used up its slots measured the list's length, not a rate: refuse it."""
    m = re.search(r"exhausted=(\d+)", out)
    if m and int(m.group(1)) > 0:
        sys.exit(f"a booking run used up its free slots ({m.group(1)} requests repeated the last one): give bench-book more slots")


def offers_script():
    path = os.path.join(WORK, "offers.lua")
    with open(path, "w") as f:
        f.write('wrk.method = "POST"\nwrk.body = \'{"recipient": {"phone": "+13125550100"}}\'\n'
                f'wrk.headers["Authorization"] = "Bearer {KEY}"\nwrk.headers["Content-Type"] = "application/json"\n')
    return path


def booking_script(starts, name, threads):
    """Each request books the next free slot of the list (the `threads` threads of wrk take turns:
    thread k books the k-th of every `threads` starts); counts 201s."""
    path = os.path.join(WORK, name)
    table = ",".join(f'"{s}"' for s in starts)
    with open(path, "w") as f:
        f.write(f"""
local starts = {{{table}}}
local threads = {{}}
local counter = 1
function setup(thread) thread:set("id", #threads) table.insert(threads, thread) end
function init(args) created = 0 exhausted = 0 end
request = function()
  local i = (counter - 1) * {threads} + id + 1
  counter = counter + 1
  if i > #starts then i = #starts exhausted = exhausted + 1 end
  local body = '{{"campaign": "bench-book", "start": "' .. starts[i] .. '", "recipient": {{"email": "caller' .. i .. '@example.com"}}}}'
  return wrk.format("POST", "/v1/bookings", {{["Authorization"] = "Bearer {KEY}", ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = "{name}-" .. i}}, body)
end
response = function(status, headers, body) if status == 201 then created = created + 1 end end
function done(summary, latency, requests)
  local total, over = 0, 0
  for _, t in ipairs(threads) do total = total + t:get("created") over = over + t:get("exhausted") end
  io.write("created=" .. total .. "\\n" .. "exhausted=" .. over .. "\\n")
end
""")
    return path


def slots():
    out = subprocess.run([BIN, "preview", "bench-book", "--busy", "calendar/busy.ics", "--now", NOW.strftime("%Y-%m-%dT%H:%M:%SZ"),
                          "--format", "json"], cwd=WORK, check=True, capture_output=True, text=True).stdout
    return [s["start"] for s in json.loads(out)["slots"]]


def main():
    postgres = sys.argv[1] if len(sys.argv) > 1 else None
    workspace(PG_ROUNDS)
    bare = subprocess.run([os.path.join(ROOT, ".build/release/slotplan-bench"), "slots"], capture_output=True, text=True, check=True)
    print(bare.stdout.splitlines()[0])
    # The runtime's share of one offers request (no HTTP), alone and with a lookup on every core.
    runtime = subprocess.run([os.path.join(ROOT, ".build/release/slotplan-bench"), "offers", "plans", "bench", "calendar",
                              NOW.strftime("%Y-%m-%dT%H:%M:%SZ"), "+13125550100", "20000"], cwd=WORK, capture_output=True, text=True, check=True)
    print(runtime.stdout.strip())
    server, url = serve("sqlite:ledger.db", "calendar")
    print("\nthe framework's floor: GET /healthz (no runtime work; request log and metrics as for every route)")
    print("| connections | req/s | p50 | p99 |\n|---:|---:|---:|---:|")
    for c in (1, 16, 64):
        rps, p50, p99, _, _ = wrk(url + "/healthz", None, c)
        print(f"| {c} | {rps:,.0f} | {p50} | {p99} |")
    script = offers_script()
    print("\noffers through slotplan serve (POST /v1/campaigns/bench/offers, busy cache warm), wrk -d" + DURATION)
    print("| connections | req/s | p50 | p99 |\n|---:|---:|---:|---:|")
    for c in (1, 16, 64):
        rps, p50, p99, _, out = wrk(url + "/v1/campaigns/bench/offers", script, c)
        print(f"| {c} | {rps:,.0f} | {p50} | {p99} |")
    print("latency at 64 connections: " + ", ".join(f"{q}% {v}" for q, v in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M)))
    all_slots = slots()
    print(f"\n{len(all_slots)} free slots for the booking runs (bench-book: 5-minute meetings around the clock)")
    rps, p50, p99, created, _ = wrk(url, booking_script(all_slots[::2], "sqlite.lua", WRK_THREADS), 16)
    stop(server)
    print(f"\nbookings through slotplan serve, wrk -c16 -d{DURATION} (each request a new slot):")
    print(f"| ledger | instances | bookings/s | p50 | p99 |\n|---|---:|---:|---:|---:|")
    print(f"| SQLite | 1 | {created / float(DURATION[:-1]):,.0f} | {p50} | {p99} |")
    if postgres:
        postgres_comparisons(postgres, all_slots, PG_ROUNDS)


def postgres_rounds(postgres, rounds):
    """Only the PostgreSQL booking runs, `rounds` times one and three instances in turn."""
    workspace(rounds)
    all_slots = slots()
    print(f"bookings through slotplan serve on PostgreSQL, {rounds} rounds, wrk -d{DURATION} (each request a new slot):")
    print(f"| ledger | instances | bookings/s | p50 | p99 |\n|---|---:|---:|---:|---:|")
    postgres_comparisons(postgres, all_slots, rounds)


def postgres_comparisons(postgres, all_slots, rounds):
    """One and three instances in turn, `rounds` times: first on the machine's shared cores, then
    with a CPU budget of BUDGET cores each (skipped, saying why, where no quota can be set)."""
    compare("on shared cores", [[postgres_run(postgres, n, all_slots, r) for n in (1, 3)] for r in range(rounds)])
    controller, reason = cpu_controller()
    if controller is None:
        print(f"with a CPU budget per instance: skipped ({reason})", flush=True)
        return
    print(f"with a CPU budget of {BUDGET} core per instance (a cgroup {controller[0]} quota), one event loop each:", flush=True)
    try:
        compare(f"with {BUDGET} core each", [[postgres_run(postgres, n, all_slots, r, controller) for n in (1, 3)] for r in range(rounds)])
    finally:
        remove_groups()


def compare(setup, rounds):
    """One and three instances, run in turn: from run to run this machine's speed moves by up to a
    fifth, so each round's two runs (a minute apart at most) are compared with each other."""
    ratios = [three / one for one, three in rounds]
    print(f"{setup}: three instances ÷ one, round by round: {', '.join(f'{r:.2f}' for r in ratios)}; median {statistics.median(ratios):.2f}; "
          f"three faster in {sum(1 for r in ratios if r > 1)} of {len(rounds)} rounds", flush=True)


def postgres_run(postgres, instances, all_slots, round_number, controller=None):
    """One booking run on a new database and calendar folder; prints its row of the table. With a
    cgroup `controller`, each server runs within a budget of BUDGET cores."""
    db = f"bench_{instances}_{time.time_ns()}"
    subprocess.run(["psql", postgres, "-q", "-c", f"CREATE DATABASE {db}"], check=True)
    url_db = postgres.rsplit("/", 1)[0] + "/" + db + "?sslmode=disable"
    # Several instances on one machine share its cores: each gets cores ÷ instances event loops, and
    # so does the wrk that loads it; one within a fraction of a core has one loop.
    threads = max(1, os.cpu_count() // instances)
    calendar = calendar_name(instances, round_number, BUDGET if controller else None)
    servers = [serve(url_db, calendar, 1 if controller else threads) for _ in range(instances)]
    if controller:
        for p, _ in servers:
            budget(p.pid, BUDGET, controller)
    part = all_slots[1::2]
    procs = []
    for k, (_, u) in enumerate(servers):
        s = booking_script(part[k::instances], f"pg{instances}-{k}.lua", threads)
        procs.append(subprocess.Popen(["wrk", f"-t{threads}", f"-c{16 // instances + 1}", f"-d{DURATION}", "--latency", "-s", s, u],
                                      stdout=subprocess.PIPE, text=True))
    # Where the machine's CPU goes during the run: PostgreSQL's processes, the servers, wrk.
    time.sleep(1)
    groups = {"PostgreSQL": pids("postgres"), "slotplan serve": [p.pid for p, _ in servers], "wrk": [p.pid for p in procs]}
    before = {name: cpu_seconds(ps) for name, ps in groups.items()}
    time.sleep(3)
    used = {name: (cpu_seconds(ps) - before[name]) / 3 for name, ps in groups.items()}
    total = 0
    for p in procs:
        out = p.communicate()[0]
        exhausted(out)
        total += int(re.search(r"created=(\d+)", out).group(1))
    for p, _ in servers:
        stop(p)
    rate = total / float(DURATION[:-1])
    print(f"| PostgreSQL{f' ({BUDGET} core each)' if controller else ''} | {instances} | {rate:,.0f} | | |   "
          + "CPU: " + ", ".join(f"{name} {share:.0%} of a core" for name, share in used.items()), flush=True)
    return rate


def pids(name):
    """Process ids whose command name is `name`."""
    found = subprocess.run(["pgrep", "-x", name], capture_output=True, text=True).stdout.split()
    return [int(p) for p in found]


def cpu_seconds(processes):
    """User plus system CPU seconds the processes have used so far (gone ones count nothing)."""
    total = 0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in processes:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except OSError:
            pass
    return total


def remove_old_runs():
    old = glob.glob(WORK + ".old-*")
    for folder in old:
        shutil.rmtree(folder, ignore_errors=True)
    if old and not on_tmpfs(WORK):
        with open(CLEANED, "w") as f:
            f.write(f"{len(old)} folders removed\n")


if __name__ == "__main__":
    try:
        if len(sys.argv) == 4 and sys.argv[2] == "--postgres-rounds":
            postgres_rounds(sys.argv[1], int(sys.argv[3]))
        else:
            main()
        remove_old_runs()
    finally:
        # A run that ends early (it used up its slots, wrk failed) leaves no server behind.
        for p in STARTED:
            if p.poll() is None:
                stop(p)
        remove_groups()
