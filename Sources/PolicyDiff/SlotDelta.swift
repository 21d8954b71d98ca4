import Availability
import PlanModel

/// What a change does to the offered slots over the next weeks: counts and bookable hours per
/// week, and the first slots gained and lost.
public struct SlotDelta: Sendable, Equatable, Codable {
    /// One 7-day period starting on an owner-local date.
    public struct Week: Sendable, Equatable, Codable {
        /// `YYYY-MM-DD`, owner-local.
        public let start: String
        public let before: Int
        public let after: Int
        /// Hours covered by the offered meetings (the union of their `[start, end)`).
        public let hoursBefore: Double
        public let hoursAfter: Double

        enum CodingKeys: String, CodingKey {
            case start, before, after
            case hoursBefore = "hours_before"
            case hoursAfter = "hours_after"
        }
    }

    /// The IANA zone the weeks are counted in (the newer side's owner zone).
    public let timezone: String
    public let weeks: [Week]
    /// Start times offered after and not before (the first ten, earliest first), RFC 3339 UTC.
    public let gained: [String]
    /// Start times offered before and not after (the first ten).
    public let lost: [String]
    /// Why a side offers nothing at all (booking off, calendar unknown), when it does not.
    public let unavailableBefore: String?
    public let unavailableAfter: String?

    enum CodingKeys: String, CodingKey {
        case timezone, weeks, gained, lost
        case unavailableBefore = "unavailable_before"
        case unavailableAfter = "unavailable_after"
    }

    public var totalBefore: Int { weeks.reduce(0) { $0 + $1.before } }
    public var totalAfter: Int { weeks.reduce(0) { $0 + $1.after } }
    public var hoursBefore: Double { weeks.reduce(0) { $0 + $1.hoursBefore } }
    public var hoursAfter: Double { weeks.reduce(0) { $0 + $1.hoursAfter } }

    /// How many gained and lost start times are listed.
    static let listed = 10

    /// Evaluates both sides at `now`; a side that is nil (campaign added or removed) offers nothing.
    /// `busy` gives each plan's busy time (read over its own horizon and zone).
    static func between(_ before: Plan?, _ after: Plan?, now: UnixTime, weeks: Int, busy: (Plan) -> BusyTime) -> SlotDelta {
        // Weeks start on `now`'s owner-local date in the zone of the newer side.
        let zone = (after ?? before)?.booking.schedule?.timezone ?? "UTC"
        let clock = ZoneClock(identifier: zone, from: now - 86_400 * 8, to: now + 86_400 * (7 * Int64(weeks) + 8))
            ?? ZoneClock(identifier: "UTC", from: 0, to: 0)
        let firstDay = clock.map { $0.date(of: now) } ?? CivilDate(year: 1970, month: 1, day: 1)
        let a = before.map { SlotEngine(plan: $0).evaluate(now: now, freeBusy: busy($0)) }
        let b = after.map { SlotEngine(plan: $0).evaluate(now: now, freeBusy: busy($0)) }
        func inWeeks(_ e: SlotEvaluation?) -> [[OfferedSlot]] {
            var buckets = [[OfferedSlot]](repeating: [], count: weeks)
            guard let e, let clock else { return buckets }
            for slot in e.slots {
                let index = (clock.date(of: slot.start).daysSinceEpoch - firstDay.daysSinceEpoch) / 7
                if slot.start >= now && index < weeks { buckets[index].append(slot) }
            }
            return buckets
        }
        let x = inWeeks(a), y = inWeeks(b)
        let list = (0..<weeks).map { i in
            Week(start: "\(firstDay.adding(days: 7 * i))", before: x[i].count, after: y[i].count,
                 hoursBefore: hours(x[i]), hoursAfter: hours(y[i]))
        }
        let startsBefore = Set(x.joined().map(\.start)), startsAfter = Set(y.joined().map(\.start))
        let gained = y.joined().map(\.start).filter { !startsBefore.contains($0) }.prefix(listed).map(Timestamp.utc)
        let lost = x.joined().map(\.start).filter { !startsAfter.contains($0) }.prefix(listed).map(Timestamp.utc)
        return SlotDelta(timezone: clock == nil ? "UTC" : zone, weeks: list, gained: Array(gained), lost: Array(lost),
                         unavailableBefore: a?.unavailable?.description, unavailableAfter: b?.unavailable?.description)
    }

    /// The hours covered by meetings at the given (sorted) slots, overlaps counted once.
    private static func hours(_ slots: [OfferedSlot]) -> Double {
        var total: UnixTime = 0
        var coveredUntil = UnixTime.min
        for slot in slots {
            let from = max(slot.start, coveredUntil)
            if slot.end > from { total += slot.end - from }
            coveredUntil = max(coveredUntil, slot.end)
        }
        return Double(total) / 3600
    }
}
