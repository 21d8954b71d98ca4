import PlanModel

/// Why a moment is or is not offered: every rule of DESIGN.md §5, checked one by one.
public struct Explanation: Sendable, Equatable {
    /// One rule's verdict.
    public struct Check: Sendable, Equatable {
        public let rule: Rule
        public let passed: Bool
        public let text: String
    }

    /// The rule a check applies (stable: front ends turn a failed one into a reason code).
    public enum Rule: String, Sendable, CaseIterable {
        case hours, past, busy
        case slotGrid = "slot_grid", minimumNotice = "minimum_notice", lookAhead = "look_ahead"
        case bufferBefore = "buffer_before", bufferAfter = "buffer_after", ownMeeting = "own_meeting", dailyLimit = "daily_limit"
        /// The engine cannot evaluate at all (booking disabled, no schedule, calendar unknown).
        case unavailable
    }

    public let at: UnixTime
    public let offered: Bool
    public let checks: [Check]
    /// The next offered slots at or after the moment (at most two).
    public let nextOffered: [OfferedSlot]
}

extension SlotEngine {
    /// Explains whether a meeting starting at `at` is offered at `now`.
    public func explain(at: UnixTime, now: UnixTime, freeBusy: BusyTime, bookings: [ExistingBooking] = []) -> Explanation {
        let b = plan.booking
        var checks: [Explanation.Check] = []
        func add(_ rule: Explanation.Rule, _ ok: Bool, _ text: String) { checks.append(Explanation.Check(rule: rule, passed: ok, text: text)) }
        let evaluation = evaluate(now: now, freeBusy: freeBusy, bookings: bookings)
        let offered = evaluation.slots.contains { $0.start == at }
        let next = Array(evaluation.slots.filter { $0.start >= at && $0.start != at }.prefix(2))
        if let reason = evaluation.unavailable {
            add(.unavailable, false, reason.description)
            return Explanation(at: at, offered: false, checks: checks, nextOffered: [])
        }
        guard let clock else { return Explanation(at: at, offered: false, checks: checks, nextOffered: []) }
        let hm = { (t: UnixTime) in Window.clock(clock.minuteOfDay(t)) }
        let length = UnixTime(b.meeting.minutes * 60), step = UnixTime(b.slotStepMinutes * 60)
        let end = at + length

        // Hours: the window instance containing the start.
        if let w = windowsAround(at, clock: clock).first(where: { $0.start <= at && at < $0.end }) {
            let label = windowLabel(w.date, w.window)
            if end > w.end {
                add(.hours, false, "the \(b.meeting.minutes)-minute meeting would end at \(hm(end)), after \(label) ends at \(hm(w.end))")
            } else {
                add(.hours, true, "inside \(label)")
            }
            if (at - w.start) % step != 0 {
                let before = at - (at - w.start) % step
                add(.slotGrid, false, "not on the slot grid: starts are every \(b.slotStepMinutes)m from \(hm(w.start)) (nearest: \(hm(before)), \(hm(before + step)))")
            }
        } else {
            let date = clock.date(of: at)
            let hours = windows(on: date)
            let day = SpokenTime.weekdayNames[date.weekday.isoNumber - 1]
            let isOverride = schedule?.dates.contains { $0.date == date.description } ?? false
            if hours.isEmpty {
                add(.hours, false, isOverride ? "\(date) is closed (date override)" : "\(day) has no hours")
            } else {
                add(.hours, false, "outside the hours: \(isOverride ? "override \(date)" : day) has \(hours.map { "\($0)" }.joined(separator: ", "))")
            }
        }
        let earliest = now + UnixTime(b.minimumNoticeMinutes * 60)
        add(.minimumNotice, at >= earliest, at >= earliest ? "after minimum notice"
            : "within the minimum notice (\(DurationText.format(minutes: b.minimumNoticeMinutes))): the earliest start is \(clock.date(of: earliest)) \(hm(earliest))")
        let lastDate = clock.date(of: now).adding(days: b.lookAheadDays)
        let date = clock.date(of: at)
        add(date > lastDate ? .lookAhead : .past, date <= lastDate && at >= now, date <= lastDate ? (at >= now ? "within look-ahead" : "in the past")
            : "beyond the look-ahead (\(b.lookAheadDays)d): the last day offered is \(lastDate)")

        let before = UnixTime(b.bufferBeforeMinutes * 60), after = UnixTime(b.bufferAfterMinutes * 60)
        let blocking = freeBusy.intervals.filter { $0.blocks(tentativeIsBusy: b.tentative == .busy) }
            .filter { $0.start < end + after && $0.end > at - before }.sorted { $0.start < $1.start }
        // A span on another day, or crossing midnight, names its dates.
        func span(_ s: UnixTime, _ e: UnixTime) -> String {
            let sd = clock.date(of: s), ed = clock.date(of: e), day = clock.date(of: at)
            if sd == day && ed == day { return "\(hm(s))–\(hm(e))" }
            return "\(sd) \(hm(s))–\(ed == sd ? "" : "\(ed) ")\(hm(e))"
        }
        for busy in blocking {
            let what = "busy \(span(busy.start, busy.end))" + (busy.summary.map { " \"\($0)\"" } ?? "")
                + (busy.status == .tentative ? " (tentative)" : "") + (busy.source.map { " (\($0))" } ?? "")
            if busy.start < end && busy.end > at {
                add(.busy, false, "overlaps \(what)")
            } else if busy.end > at - before && busy.end <= at {
                add(.bufferBefore, false, "buffer before (\(DurationText.format(minutes: b.bufferBeforeMinutes))) reaches \(hm(at - before)), inside \(what)")
            } else {
                add(.bufferAfter, false, "buffer after (\(DurationText.format(minutes: b.bufferAfterMinutes))) reaches \(hm(end + after)), inside \(what)")
            }
        }
        if blocking.isEmpty { add(.busy, true, "no busy time within the buffers") }
        for booking in bookings where booking.start - before < end + after && booking.end + after > at - before {
            add(.ownMeeting, false, "too close to this campaign's meeting \(span(booking.start, booking.end)): buffered ranges may not overlap")
        }
        if let limit = b.dailyLimit {
            let count = bookings.filter { clock.date(of: $0.start) == date }.count
            add(.dailyLimit, count < limit, count < limit ? "under the daily limit (\(count) of \(limit))" : "daily limit (\(limit)) reached on \(date)")
        }
        return Explanation(at: at, offered: offered, checks: checks, nextOffered: next)
    }

    /// Window instances of the dates around an instant (the day before through the day after).
    func windowsAround(_ t: UnixTime, clock: ZoneClock) -> [(date: CivilDate, window: Window, start: UnixTime, end: UnixTime)] {
        let day = clock.date(of: t)
        var out: [(CivilDate, Window, UnixTime, UnixTime)] = []
        for d in -1...1 {
            let date = day.adding(days: d)
            for w in windows(on: date) {
                out.append((date, w, clock.startInstant(date, minute: w.startMinute), clock.endInstant(date, minute: w.endMinute)))
            }
        }
        return out
    }

    func windowLabel(_ date: CivilDate, _ window: Window) -> String {
        if schedule?.dates.contains(where: { $0.date == date.description }) == true { return "the \(date) override \(window)" }
        return "\(SpokenTime.weekdayNames[date.weekday.isoNumber - 1])'s window \(window)"
    }

}
