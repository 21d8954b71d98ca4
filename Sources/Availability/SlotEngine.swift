import PlanModel

/// A slot the AI may offer: `[start, end)` in UTC and the window it came from.
public struct OfferedSlot: Sendable, Equatable {
    public let start: UnixTime
    public let end: UnixTime
    /// The owner-local date whose hours produced the slot (a window crossing midnight belongs to its start day).
    public let windowDate: CivilDate
    public let window: Window
}

/// Why no slot at all can be offered, when that is the case for a reason other than a full calendar.
public enum Unavailability: Sendable, Equatable, CustomStringConvertible {
    case bookingDisabled
    case noSchedule
    case calendarUnknown([String])

    /// Busy data could not be had (as opposed to a campaign that does not book).
    public var isCalendarUnknown: Bool {
        if case .calendarUnknown = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .bookingDisabled: return "booking is disabled for this campaign"
        case .noSchedule: return "the campaign has no availability"
        case .calendarUnknown(let failures):
            return "the calendar's free/busy is unknown (\(failures.joined(separator: "; "))); unknown is never read as free"
        }
    }
}

/// The slots of one evaluation, or why there are none.
public struct SlotEvaluation: Sendable, Equatable {
    public let slots: [OfferedSlot]
    public let unavailable: Unavailability?
}

/// The slot engine of DESIGN.md §5: a pure function of plan, free/busy, now and own bookings.
public struct SlotEngine: Sendable {
    public let plan: Plan
    public let schedule: WeeklySchedule?
    public let clock: ZoneClock?
    private let overrides: [CivilDate: [Window]]

    /// Prepares a plan for evaluation; the zone table covers the years 1990–2100.
    public init(plan: Plan) {
        self.plan = plan
        self.schedule = plan.booking.schedule
        if let schedule = plan.booking.schedule {
            clock = ZoneClock(identifier: schedule.timezone, from: 631_152_000, to: 4_102_444_800)
            var table: [CivilDate: [Window]] = [:]
            for o in schedule.dates { if let d = CivilDate(o.date) { table[d] = o.windows } }
            overrides = table
        } else {
            clock = nil
            overrides = [:]
        }
    }

    /// The windows of an owner-local date: its override, else its weekday's hours.
    public func windows(on date: CivilDate) -> [Window] {
        if let o = overrides[date] { return o }
        return schedule?.windows(on: date.weekday) ?? []
    }

    /// The window instances of owner-local `date`, chronologically, with their instants.
    func instances(on date: CivilDate, clock: ZoneClock) -> [(window: Window, start: UnixTime, end: UnixTime)] {
        windows(on: date).compactMap { w in
            let s = clock.startInstant(date, minute: w.startMinute), e = clock.endInstant(date, minute: w.endMinute)
            return e > s ? (w, s, e) : nil
        }
    }

    /// The slots offered at `now`, at most `limit` of them.
    public func evaluate(now: UnixTime, freeBusy: BusyTime, bookings: [ExistingBooking] = [], limit: Int = .max) -> SlotEvaluation {
        evaluate(now: now, calendar: CalendarBlocks(freeBusy, tentative: plan.booking.tentative), bookings: bookings, limit: limit)
    }

    /// The slots offered at `now` against a calendar whose blocking table is already built (a
    /// cache builds it once per fetch), `extra` busy time (the ledger's entries, busy files) and own
    /// bookings, earliest first. `include` picks among them (a lookup's filters) and the evaluation
    /// stops once `limit` are picked: days after the last one needed are never resolved. With
    /// `within`, only the slots that start inside it (a booking's re-check of one start), each with
    /// the verdict of the whole evaluation.
    public func evaluate(now: UnixTime, calendar: CalendarBlocks, extra: BusyTime = BusyTime(), bookings: [ExistingBooking] = [],
                         limit: Int = .max, within: Range<UnixTime>? = nil, where include: (OfferedSlot) -> Bool = { _ in true }) -> SlotEvaluation {
        let b = plan.booking
        guard b.enabled else { return SlotEvaluation(slots: [], unavailable: .bookingDisabled) }
        guard let clock else { return SlotEvaluation(slots: [], unavailable: .noSchedule) }
        let failures = calendar.failures + extra.failures
        guard failures.isEmpty else { return SlotEvaluation(slots: [], unavailable: .calendarUnknown(failures)) }
        let before = UnixTime(b.bufferBeforeMinutes * 60), after = UnixTime(b.bufferAfterMinutes * 60)
        let length = UnixTime(b.meeting.minutes * 60), step = UnixTime(b.slotStepMinutes * 60)
        let blocked = calendar.table(for: b.tentative)
        let overlay = Self.blockedTime(extra, bookings: bookings, policy: b)
        var perDay: [CivilDate: Int] = [:]
        if b.dailyLimit != nil { for booking in bookings { perDay[clock.date(of: booking.start), default: 0] += 1 } }
        let earliest = now + UnixTime(b.minimumNoticeMinutes * 60)
        let today = clock.date(of: now)
        // A start is within the look-ahead when it is before the first instant of the day after the last day.
        let afterLastDay = clock.startInstant(today.adding(days: b.lookAheadDays + 1), minute: 0)
        // Dates from the day before today (windows crossing midnight) to today + look-ahead; with
        // `within`, only those whose windows can reach it.
        var days = -1...b.lookAheadDays
        if let within {
            let first = clock.date(of: within.lowerBound).daysSinceEpoch - today.daysSinceEpoch - 2
            let last = clock.date(of: within.upperBound - 1).daysSinceEpoch - today.daysSinceEpoch + 1
            guard first <= b.lookAheadDays, last >= -1, first <= last else { return SlotEvaluation(slots: [], unavailable: nil) }
            days = max(-1, first)...min(b.lookAheadDays, last)
        }
        var slots: [OfferedSlot] = []
        // One allocation of the final size: growing a large result by doubling costs more than the search.
        slots.reserveCapacity(limit <= 64 ? limit : min(limit, days.reduce(0) { total, d in
            total + windows(on: today.adding(days: d)).reduce(0) { $0 + max(0, $1.endMinute - $1.startMinute) / b.slotStepMinutes + 2 }
        }))
        var cursor = 0, overlayCursor = 0
        for d in days {
            let date = today.adding(days: d)
            for instance in instances(on: date, clock: clock) {
                var t = instance.start
                // The first start on the window's grid that is late enough (and inside `within`).
                let first = max(earliest, within?.lowerBound ?? earliest)
                if t < first { t += (first - t + step - 1) / step * step }
                while t + length <= instance.end && t < afterLastDay && t < (within?.upperBound ?? .max) {
                    if !blocked.overlaps(t - before, t + length + after, cursor: &cursor),
                       !overlay.overlaps(t - before, t + length + after, cursor: &overlayCursor),
                       b.dailyLimit.map({ perDay[clock.date(of: t), default: 0] < $0 }) ?? true {
                        let slot = OfferedSlot(start: t, end: t + length, windowDate: date, window: instance.window)
                        if include(slot) {
                            slots.append(slot)
                            if slots.count >= limit { return SlotEvaluation(slots: slots, unavailable: nil) }
                        }
                    }
                    t += step
                }
            }
        }
        return SlotEvaluation(slots: slots, unavailable: nil)
    }

    /// Busy intervals that block under the tentative policy, plus own bookings widened by the
    /// buffers (so the two buffered ranges may not overlap: buffers stack).
    static func blockedTime(_ freeBusy: BusyTime, bookings: [ExistingBooking], policy b: BookingPolicy) -> BlockedTime {
        let before = UnixTime(b.bufferBeforeMinutes * 60), after = UnixTime(b.bufferAfterMinutes * 60)
        var intervals = CalendarBlocks.blocking(freeBusy, tentative: b.tentative, reserving: bookings.count)
        for booking in bookings { intervals.append((booking.start - before, booking.end + after)) }
        return BlockedTime(intervals)
    }
}
