import Availability
import PlanModel

/// One owner-local day of the preview's week view: its hours, what is busy, the buffers, the
/// offered slots, and why nothing is offered when nothing is.
public struct PreviewDay: Sendable, Equatable {
    /// A stretch of the day in owner-local minutes after midnight (`end` ≤ 1440).
    public struct Block: Sendable, Equatable {
        public let startMinute: Int
        public let endMinute: Int
        /// A busy event's title where the source has one; "booked meeting" for own bookings.
        public let title: String?
        /// `busy`, `tentative`, `free`, `oof`, …, or `booking`; `buffer` for buffers.
        public let kind: String
        /// Whether it keeps slots away (tentative events under `tentative: free` do not).
        public let blocks: Bool
    }

    /// Why a day offers nothing.
    public enum Closure: Sendable, Equatable {
        case past
        case outsideLookAhead(days: Int)
        case beyondShownDays
        case closedByOverride
        case noHours(Weekday)
        case bookingDisabled
        case noSchedule
        case calendarUnavailable(String)
        case withinMinimumNotice
        case dailyLimitReached(Int)
        case fullyBusy

        /// A stable name for the page's `data-reason`.
        public var code: String {
            switch self {
            case .past: return "past"
            case .outsideLookAhead: return "outside_look_ahead"
            case .beyondShownDays: return "not_shown"
            case .closedByOverride: return "date_override"
            case .noHours: return "no_hours"
            case .bookingDisabled: return "booking_disabled"
            case .noSchedule: return "no_schedule"
            case .calendarUnavailable: return "calendar_unavailable"
            case .withinMinimumNotice: return "minimum_notice"
            case .dailyLimitReached: return "daily_limit"
            case .fullyBusy: return "fully_busy"
            }
        }

        /// What a reader sees on the day.
        public var text: String {
            switch self {
            case .past: return "past"
            case .outsideLookAhead(let days): return "outside the look-ahead (\(days) days)"
            case .beyondShownDays: return "not shown (--days)"
            case .closedByOverride: return "closed by a date override (holiday)"
            case .noHours(let day): return "no hours on \(SpokenTime.weekdayNames[day.isoNumber - 1])s"
            case .bookingDisabled: return "booking is disabled"
            case .noSchedule: return "no availability"
            case .calendarUnavailable(let why): return "calendar unavailable: \(why)"
            case .withinMinimumNotice: return "within the minimum notice"
            case .dailyLimitReached(let limit): return "daily limit reached (\(limit))"
            case .fullyBusy: return "every window is busy"
            }
        }
    }

    public let date: CivilDate
    public let windows: [Window]
    /// True when a date override sets this day's hours (closed or not).
    public let overridden: Bool
    public let busy: [Block]
    public let buffers: [Block]
    public let slots: [PreviewSlot]
    /// Set when the day offers nothing.
    public let closure: Closure?
}

/// Builds the days of the week view: whole weeks, Monday first, from today's week to the week
/// of the last day shown.
enum PreviewDays {
    static func build(engine: SlotEngine, clock owner: ZoneClock, now: UnixTime, freeBusy: BusyTime, bookings: [ExistingBooking],
                      slots: [PreviewSlot], lastShown: CivilDate?, unavailable: Unavailability?) -> [PreviewDay] {
        let plan = engine.plan, b = plan.booking
        let today = owner.date(of: now)
        let lastOffered = today.adding(days: b.lookAheadDays)
        let last = min(lastShown ?? lastOffered, lastOffered)
        let first = today.adding(days: -(today.weekday.isoNumber - 1))
        let end = last.adding(days: 7 - last.weekday.isoNumber)
        let earliest = now + UnixTime(b.minimumNoticeMinutes * 60)
        let tentativeIsBusy = b.tentative == .busy
        let before = b.bufferBeforeMinutes, after = b.bufferAfterMinutes

        var busyByDay: [CivilDate: [PreviewDay.Block]] = [:], buffersByDay: [CivilDate: [PreviewDay.Block]] = [:]
        func add(_ s: UnixTime, _ e: UnixTime, title: String?, kind: String, blocks: Bool, into table: inout [CivilDate: [PreviewDay.Block]]) {
            guard e > s else { return }
            var date = max(owner.date(of: s), first)
            let lastDate = min(owner.date(of: e - 1), end)
            while date <= lastDate {
                let dayStart = owner.startInstant(date, minute: 0), dayEnd = owner.startInstant(date.adding(days: 1), minute: 0)
                let from = s <= dayStart ? 0 : owner.minuteOfDay(s), to = e >= dayEnd ? 1440 : owner.minuteOfDay(e)
                if to > from { table[date, default: []].append(.init(startMinute: from, endMinute: to, title: title, kind: kind, blocks: blocks)) }
                date = date.adding(days: 1)
            }
        }
        let horizonStart = owner.startInstant(first, minute: 0), horizonEnd = owner.startInstant(end.adding(days: 1), minute: 0)
        for i in freeBusy.intervals where i.end > horizonStart && i.start < horizonEnd {
            let blocks = i.blocks(tentativeIsBusy: tentativeIsBusy)
            add(i.start, i.end, title: i.summary, kind: i.status.rawValue, blocks: blocks, into: &busyByDay)
            guard blocks else { continue }
            // A meeting may not end within `after` of the event, nor start within `before` after it.
            add(i.start - UnixTime(after * 60), i.start, title: nil, kind: "buffer", blocks: true, into: &buffersByDay)
            add(i.end, i.end + UnixTime(before * 60), title: nil, kind: "buffer", blocks: true, into: &buffersByDay)
        }
        var bookedPerDay: [CivilDate: Int] = [:]
        for booking in bookings {
            bookedPerDay[owner.date(of: booking.start), default: 0] += 1
            add(booking.start, booking.end, title: "booked meeting", kind: "booking", blocks: true, into: &busyByDay)
            add(booking.start - UnixTime(before * 60), booking.start, title: nil, kind: "buffer", blocks: true, into: &buffersByDay)
            add(booking.end, booking.end + UnixTime(after * 60), title: nil, kind: "buffer", blocks: true, into: &buffersByDay)
        }
        var slotsByDay: [CivilDate: [PreviewSlot]] = [:]
        for s in slots { slotsByDay[s.ownerDate, default: []].append(s) }

        var days: [PreviewDay] = []
        var date = first
        while date <= end {
            let windows = engine.windows(on: date)
            let overridden = b.schedule?.dates.contains { $0.date == "\(date)" } ?? false
            let daySlots = slotsByDay[date] ?? []
            var closure: PreviewDay.Closure?
            if daySlots.isEmpty {
                let windowEnds = windows.map { owner.endInstant(date, minute: $0.endMinute) }
                if date < today { closure = .past }
                else if date > lastOffered { closure = .outsideLookAhead(days: b.lookAheadDays) }
                else if date > last { closure = .beyondShownDays }
                else if windows.isEmpty { closure = overridden ? .closedByOverride : .noHours(date.weekday) }
                else if let unavailable { closure = reason(for: unavailable) }
                else if windowEnds.allSatisfy({ $0 - UnixTime(b.meeting.minutes * 60) < earliest }) { closure = .withinMinimumNotice }
                else if let limit = b.dailyLimit, bookedPerDay[date, default: 0] >= limit { closure = .dailyLimitReached(limit) }
                else { closure = .fullyBusy }
            }
            days.append(PreviewDay(
                date: date, windows: windows, overridden: overridden,
                busy: (busyByDay[date] ?? []).sorted { $0.startMinute < $1.startMinute },
                buffers: (buffersByDay[date] ?? []).sorted { $0.startMinute < $1.startMinute },
                slots: daySlots, closure: closure))
            date = date.adding(days: 1)
        }
        return days
    }

    private static func reason(for unavailable: Unavailability) -> PreviewDay.Closure {
        switch unavailable {
        case .bookingDisabled: return .bookingDisabled
        case .noSchedule: return .noSchedule
        case .calendarUnknown(let failures): return .calendarUnavailable(failures.joined(separator: "; "))
        }
    }
}
