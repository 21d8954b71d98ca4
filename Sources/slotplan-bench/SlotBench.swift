import Availability
import Foundation
import FreeBusy
import PlanModel

/// Benchmarks of the slot engine and the iCalendar reader.
enum SlotBench {
    /// The benchmark policy: three windows a day, every day, 30-minute meetings on a 15-minute step.
    static func plan(days: Int, buffers: Bool) -> Plan {
        let person = Person(id: "maria", name: "Maria Lopez", email: "maria@acme.example")
        let windows = [Window(startMinute: 540, endMinute: 660), Window(startMinute: 720, endMinute: 840), Window(startMinute: 900, endMinute: 1020)]
        let template = Template(literal: "")
        return Plan(
            campaign: CampaignInfo(id: "bench", name: "Bench"), owner: person,
            booking: BookingPolicy(
                enabled: true, calendarOwner: person, connections: [], bookOn: nil,
                meeting: Meeting(minutes: 30, type: .video, address: nil, link: nil),
                schedule: WeeklySchedule(id: nil, timezone: "America/New_York",
                                         weekly: Weekday.allCases.map { WeeklyHours(day: $0, windows: windows) }, dates: []),
                bufferBeforeMinutes: buffers ? 10 : 0, bufferAfterMinutes: buffers ? 5 : 0, minimumNoticeMinutes: 120,
                lookAheadDays: days, slotStepMinutes: 15, dailyLimit: nil, tentative: .busy,
                invite: Invite(title: template, description: template)),
            messages: Messages(propose: template, askEmail: template, readback: template, offer: template, booked: template,
                               taken: template, rescheduled: template))
    }

    /// Deterministic busy intervals (15 to 120 minutes) spread over `days` days after `start`.
    static func busy(count: Int, days: Int, start: UnixTime, seed: UInt64 = 42) -> [BusyInterval] {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        return (0..<count).map { _ in
            let s = start + UnixTime(next() % UInt64(days * 96)) * 900
            return BusyInterval(start: s, end: s + UnixTime(1 + next() % 8) * 900)
        }.sorted { $0.start < $1.start }
    }

    /// Median microseconds of `body` over `runs` runs (after one warm-up).
    static func medianMicros(runs: Int, _ body: () -> Int) -> (Double, Int) {
        var result = body()
        var times: [Double] = []
        for _ in 0..<runs {
            let t0 = DispatchTime.now().uptimeNanoseconds
            result = body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1000)
        }
        times.sort()
        return (times[times.count / 2], result)
    }

    static let now: UnixTime = 1_796_479_200  // 2026-12-05T14:00:00Z

    /// `slots [BUSY.json]`: one evaluation at 90 days / 3 windows / 2,000 busy, plus the scaling table.
    static func run(busyFile: String?) {
        let engine = SlotEngine(plan: plan(days: 90, buffers: true))
        var busy = BusyTime(intervals: busy(count: 2000, days: 90, start: now))
        if let busyFile {
            let reader = BusyReader(floatingZone: "America/New_York", from: now - 86_400, to: now + 95 * 86_400)
            do { busy = try reader.read(path: busyFile) } catch { print("error: \(error)"); exit(1) }
        }
        let (micros, slots) = medianMicros(runs: 2_000) { engine.evaluate(now: now, freeBusy: busy).slots.count }
        print(String(format: "one evaluation: 90 days, 3 windows a day, %d busy intervals: %.1f µs (median of 2000), %d slots", busy.intervals.count, micros, slots))
        print("\nscaling (median µs per evaluation):\n")
        let busyCounts = [0, 500, 2_000, 8_000]
        print("| days \\ busy | " + busyCounts.map(String.init).joined(separator: " | ") + " |")
        print("|---|" + busyCounts.map { _ in "---:" }.joined(separator: "|") + "|")
        for days in [15, 30, 60, 90, 180, 365] {
            let engine = SlotEngine(plan: plan(days: days, buffers: true))
            var row = "| \(days) |"
            for count in busyCounts {
                let freeBusy = BusyTime(intervals: Self.busy(count: count, days: days, start: now))
                let (m, _) = medianMicros(runs: 300) { engine.evaluate(now: now, freeBusy: freeBusy).slots.count }
                row += String(format: " %.1f |", m)
            }
            print(row)
        }
    }

    /// `slots-compare DAYS BUSY.json`: the slot starts for the peer comparison (no buffers), one per line.
    static func starts(days: Int, busyFile: String) {
        let reader = BusyReader(floatingZone: "America/New_York", from: now - 86_400, to: now + UnixTime(days + 5) * 86_400)
        guard let busy = try? reader.read(path: busyFile) else { print("error: cannot read \(busyFile)"); exit(1) }
        let engine = SlotEngine(plan: plan(days: days, buffers: false))
        let (micros, count) = medianMicros(runs: 200) { engine.evaluate(now: now, freeBusy: busy).slots.count }
        print(String(format: "slotplan: %d slots, %.1f µs per evaluation (median of 200)", count, micros))
        let text = engine.evaluate(now: now, freeBusy: busy).slots.map { Timestamp.utc($0.start) }.joined(separator: "\n")
        _ = FileManager.default.createFile(atPath: busyFile + ".slotplan-starts", contents: Data((text + "\n").utf8))
    }

    /// `ics FILE FROM TO`: read and expand an iCalendar file; median milliseconds.
    static func ics(path: String, from: UnixTime, to: UnixTime) {
        guard let data = FileManager.default.contents(atPath: path) else { print("error: cannot read \(path)"); exit(1) }
        let bytes = [UInt8](data)
        let reader = BusyReader(floatingZone: "America/New_York", from: from, to: to)
        let (micros, count) = medianMicros(runs: 20) { (try? reader.read(bytes: bytes, name: path).intervals.count) ?? -1 }
        print(String(format: "slotplan (libical): %d busy intervals, %.2f ms (median of 20, parse and expand)", count, micros / 1000))
    }
}
