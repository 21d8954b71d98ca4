import Availability
import PlanModel
import Testing

/// What a booking's re-check relies on: an evaluation narrowed to one start (`within`) gives that
/// start the verdict of the whole evaluation, and a blocking table built once (for either tentative
/// policy) gives the slots of an evaluation from the busy time itself.
@Suite struct NarrowedEvaluationTests {
    /// A plan with everything that ties slots to each other: buffers, a daily limit, a window that
    /// crosses midnight, a minimum notice, and a look-ahead across the end of daylight saving time.
    static func plan(tentative: String) throws -> Plan {
        try #require(compilePlan("""
              availability:
                timezone: America/New_York
                weekly:
                  mon-thu: [08:00-11:30, 13:00-17:00]
                  fri: [08:00-11:30, 22:30-01:30]
                  sat: 10:00-12:00
              meeting: { length: 45m }
              buffers: { before: 10m, after: 15m }
              minimum_notice: 3h
              look_ahead: 12d
              slot_step: 15m
              daily_limit: 3
              tentative: \(tentative)

            """))
    }

    static let now = utc("2026-10-27T13:07:00Z")

    /// Deterministic busy time: busy, tentative and free events of 15–150 minutes.
    static func calendar(seed: UInt64) -> BusyTime {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let statuses: [BusyInterval.Status] = [.busy, .busy, .tentative, .free, .outOfOffice]
        let intervals = (0..<60).map { _ in
            let start = now + UnixTime(next(13 * 96)) * 900
            return BusyInterval(start: start, end: start + UnixTime(15 + next(10) * 15) * 60, status: statuses[next(statuses.count)])
        }
        return BusyTime(intervals: intervals)
    }

    /// Own meetings on a few days (two on one of them, so the daily limit bites with one more).
    static let own = [
        ExistingBooking(start: utc("2026-10-29T13:00:00Z"), end: utc("2026-10-29T13:45:00Z")),
        ExistingBooking(start: utc("2026-10-29T18:00:00Z"), end: utc("2026-10-29T18:45:00Z")),
        ExistingBooking(start: utc("2026-11-02T14:30:00Z"), end: utc("2026-11-02T15:15:00Z")),
    ]

    @Test(arguments: ["busy", "free"], [UInt64(1), 7, 42])
    func aStartHasTheSameVerdictNarrowedAsInTheWholeEvaluation(tentative: String, seed: UInt64) throws {
        let plan = try Self.plan(tentative: tentative), engine = SlotEngine(plan: plan), busy = Self.calendar(seed: seed)
        let whole = engine.evaluate(now: Self.now, freeBusy: busy, bookings: Self.own).slots
        let offered = Set(whole.map(\.start))
        #expect(offered.count > 40, "the plan offers enough to compare: \(offered.count)")
        #expect(whole.count < 13 * 4 * 30, "and busy time, buffers and the limit take some away")
        let blocks = CalendarBlocks(busy, tentative: plan.booking.tentative)
        // Every start of the slots' 15-minute grid over the look-ahead, offered or not, and a few off the grid.
        var offeredSeen = 0
        for start in stride(from: Self.now / 900 * 900 - 86_400, to: Self.now + 14 * 86_400, by: 900) + [whole[3].start + 60, whole[9].start - 1] {
            let narrowed = engine.evaluate(now: Self.now, calendar: blocks, bookings: Self.own, within: start..<(start + 1)).slots
            #expect(narrowed.map(\.start) == (offered.contains(start) ? [start] : []), "\(Timestamp.utc(start))")
            if offered.contains(start) { offeredSeen += 1 }
        }
        #expect(offeredSeen == offered.count, "every offered start was on the grid checked")
    }

    @Test(arguments: ["busy", "free"])
    func aTableBuiltOnceGivesTheSlotsOfTheBusyTimeForEitherPolicy(tentative: String) throws {
        let plan = try Self.plan(tentative: tentative), engine = SlotEngine(plan: plan), busy = Self.calendar(seed: 3)
        let expected = engine.evaluate(now: Self.now, freeBusy: busy, bookings: Self.own).slots
        for built in TentativePolicy.allCases {
            let slots = engine.evaluate(now: Self.now, calendar: CalendarBlocks(busy, tentative: built), bookings: Self.own).slots
            #expect(slots == expected, "a table built for tentative \(built.rawValue)")
        }
        // Extra busy time (the ledger's other entries) blocks like the calendar's own.
        let extra = BusyTime(intervals: [BusyInterval(start: expected[0].start, end: expected[0].end)])
        let withExtra = engine.evaluate(now: Self.now, calendar: CalendarBlocks(busy, tentative: plan.booking.tentative), extra: extra,
                                        bookings: Self.own).slots
        #expect(withExtra == engine.evaluate(now: Self.now, freeBusy: busy.merged(with: extra), bookings: Self.own).slots)
        #expect(!withExtra.contains { $0.start == expected[0].start })
        // Unknown extra time is never free.
        let failed = engine.evaluate(now: Self.now, calendar: CalendarBlocks(busy, tentative: .busy), extra: BusyTime(failures: ["busy file unreadable"]))
        #expect(failed.slots.isEmpty && failed.unavailable?.isCalendarUnknown == true)
    }
}
