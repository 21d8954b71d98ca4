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

    /// Every window instance that can hold a slot for `now`, chronologically: dates from the day
    /// before today (windows crossing midnight) to today + look-ahead.
    func windowInstances(now: UnixTime, clock: ZoneClock) -> [(date: CivilDate, window: Window, start: UnixTime, end: UnixTime)] {
        let today = clock.date(of: now)
        var out: [(CivilDate, Window, UnixTime, UnixTime)] = []
        for d in -1...plan.booking.lookAheadDays {
            let date = today.adding(days: d)
            for w in windows(on: date) {
                let s = clock.startInstant(date, minute: w.startMinute)
                let e = clock.endInstant(date, minute: w.endMinute)
                if e > s { out.append((date, w, s, e)) }
            }
        }
        return out
    }

    /// The slots offered at `now`, at most `limit` of them.
    public func evaluate(now: UnixTime, freeBusy: BusyTime, bookings: [ExistingBooking] = [], limit: Int = .max) -> SlotEvaluation {
        let b = plan.booking
        guard b.enabled else { return SlotEvaluation(slots: [], unavailable: .bookingDisabled) }
        guard let clock else { return SlotEvaluation(slots: [], unavailable: .noSchedule) }
        guard freeBusy.failures.isEmpty else { return SlotEvaluation(slots: [], unavailable: .calendarUnknown(freeBusy.failures)) }
        let before = UnixTime(b.bufferBeforeMinutes * 60), after = UnixTime(b.bufferAfterMinutes * 60)
        let length = UnixTime(b.meeting.minutes * 60), step = UnixTime(b.slotStepMinutes * 60)
        let blocked = Self.blockedTime(freeBusy, bookings: bookings, policy: b)
        var perDay: [CivilDate: Int] = [:]
        if b.dailyLimit != nil { for booking in bookings { perDay[clock.date(of: booking.start), default: 0] += 1 } }
        let earliest = now + UnixTime(b.minimumNoticeMinutes * 60)
        // A start is within the look-ahead when it is before the first instant of the day after the last day.
        let afterLastDay = clock.startInstant(clock.date(of: now).adding(days: b.lookAheadDays + 1), minute: 0)
        let instances = windowInstances(now: now, clock: clock)
        var slots: [OfferedSlot] = []
        // One allocation of the final size: growing a large result by doubling costs more than the search.
        slots.reserveCapacity(min(limit, instances.reduce(0) { $0 + Int(($1.end - $1.start) / step) + 1 }))
        var cursor = 0
        for instance in instances {
            var t = instance.start
            if t < earliest { t += (earliest - t + step - 1) / step * step }
            while t + length <= instance.end && t < afterLastDay {
                if !blocked.overlaps(t - before, t + length + after, cursor: &cursor),
                   b.dailyLimit.map({ perDay[clock.date(of: t), default: 0] < $0 }) ?? true {
                    slots.append(OfferedSlot(start: t, end: t + length, windowDate: instance.date, window: instance.window))
                    if slots.count >= limit { return SlotEvaluation(slots: slots, unavailable: nil) }
                }
                t += step
            }
        }
        return SlotEvaluation(slots: slots, unavailable: nil)
    }

    /// Busy intervals that block under the tentative policy, plus own bookings widened by the
    /// buffers (so the two buffered ranges may not overlap: buffers stack).
    static func blockedTime(_ freeBusy: BusyTime, bookings: [ExistingBooking], policy b: BookingPolicy) -> BlockedTime {
        let before = UnixTime(b.bufferBeforeMinutes * 60), after = UnixTime(b.bufferAfterMinutes * 60)
        var intervals: [(UnixTime, UnixTime)] = []
        intervals.reserveCapacity(freeBusy.intervals.count + bookings.count)
        let tentativeIsBusy = b.tentative == .busy
        for i in freeBusy.intervals where i.blocks(tentativeIsBusy: tentativeIsBusy) { intervals.append((i.start, i.end)) }
        for booking in bookings { intervals.append((booking.start - before, booking.end + after)) }
        return BlockedTime(intervals)
    }
}
