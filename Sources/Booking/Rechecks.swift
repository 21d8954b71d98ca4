import Availability
import PlanModel

/// The ledger's live entries of a calendar, as an evaluation reads them: this campaign's meetings
/// (they stack buffers and count towards the daily limit) and everything else live — other
/// campaigns' bookings, every hold — as plain busy time.
struct LedgerBusy {
    let own: [ExistingBooking]
    let others: BusyTime
}

extension BookingService {
    /// The live ledger entries over `[from, to)`, without the lineage being moved (or held for this call).
    func ledgerBusy(now: UnixTime, from: UnixTime, to: UnixTime, excludingLineage: String?) async throws -> LedgerBusy {
        let live = try await ledger.liveEntries(calendar: calendarKey ?? "", from: from, to: to, now: now).filter { $0.lineage != excludingLineage }
        var own: [ExistingBooking] = [], others = BusyTime()
        for e in live {
            if e.campaign == plan.campaign.id && e.holdUntil == nil {
                own.append(ExistingBooking(start: e.start, end: e.end))
            } else {
                others.intervals.append(BusyInterval(start: e.blockStart, end: e.blockEnd,
                                                     summary: e.holdUntil == nil ? "booking \(e.id) of \(e.campaign)" : "held for another call",
                                                     source: "ledger"))
            }
        }
        return LedgerBusy(own: own, others: others)
    }

    /// `excludingLineage`: the booking being moved, whose own time does not block its new slot.
    /// `calendarBusy`: the calendar's busy time when the caller has it already (the runtime's
    /// cache for offers); booking always leaves it nil and fetches afresh. Other campaigns' live
    /// bookings in the ledger block their time even before the calendar shows their events.
    public func evaluate(now: UnixTime, excludingLineage excludingBooking: String?,
                         calendarBusy: BusyTime? = nil) async throws -> (SlotEngine, BusyTime, [ExistingBooking]) {
        let (from, to) = Self.horizon(plan, now: now)
        var busy: BusyTime
        if let calendarBusy { busy = calendarBusy } else { busy = try await fetchCalendarBusy(now: now, excludingLineage: excludingBooking) }
        let ledger = try await ledgerBusy(now: now, from: from, to: to, excludingLineage: excludingBooking)
        // Merged only when there is something to merge: the cached calendar is shared, and touching
        // it copies every interval.
        busy = busy.merged(with: extraBusy).merged(with: ledger.others)
        return (engine, busy, ledger.own)
    }

    /// The slots offered at `now` against a calendar whose blocking table is built (the runtime's
    /// cache keeps one per fetch; a booking builds one from its fresh fetch), the ledger's live
    /// entries and the busy files — nothing is copied. With `within`, only the windows overlapping
    /// it, and the ledger is read only around it: a booking's re-check of one start, with the same
    /// verdict for that start as a whole evaluation.
    /// `limit` and `include` as for the engine: a lookup evaluates only until it has its offers.
    public func offered(now: UnixTime, calendar: CalendarBlocks, excludingLineage: String?, within: Range<UnixTime>? = nil, limit: Int = .max,
                        where include: (OfferedSlot) -> Bool = { _ in true }) async throws -> SlotEvaluation {
        var (from, to) = Self.horizon(plan, now: now)
        if let within {
            // What can bear on a start inside `within`: an entry whose block overlaps the start's
            // buffered meeting, and with a daily limit every own meeting of the start's owner-local
            // day (at most 25 hours either side of it).
            let b = plan.booking, day: UnixTime = b.dailyLimit == nil ? 0 : 25 * 3_600
            from = max(from, within.lowerBound - max(UnixTime(b.bufferBeforeMinutes * 60), day))
            to = min(to, within.upperBound + max(UnixTime((b.meeting.minutes + b.bufferAfterMinutes) * 60), day))
        }
        let ledger = try await ledgerBusy(now: now, from: from, to: to, excludingLineage: excludingLineage)
        return engine.evaluate(now: now, calendar: calendar, extra: extraBusy.merged(with: ledger.others), bookings: ledger.own, limit: limit,
                               within: within, where: include)
    }

    /// A booking's re-check of `start` against fresh free/busy and the ledger: nil when the start
    /// is offered, else the answer to give instead. The calendar is asked only for the time the
    /// meeting's buffered block covers (all that bears on one start); a refusal reads the whole
    /// horizon again for its reasons and alternatives.
    func recheck(start: UnixTime, key: String, now: UnixTime, excludingLineage: String?, checkLedger: Bool) async throws -> BookingResult? {
        let around = try await fetchCalendarBusy(now: now, excludingLineage: excludingLineage, overlapping: bufferedBlock(start))
        let verdict = try await offered(now: now, calendar: CalendarBlocks(around, tentative: plan.booking.tentative),
                                        excludingLineage: excludingLineage, within: start..<(start + 1))
        if let unavailable = verdict.unavailable { return .unavailable(Refusal(.calendarUnavailable, unavailable.description)) }
        if verdict.slots.contains(where: { $0.start == start }) { return nil }
        // Not offered: the whole evaluation, for the reasons and the alternatives.
        let (engine, busy, own) = try await evaluate(now: now, excludingLineage: excludingLineage)
        let slots = engine.evaluate(now: now, freeBusy: busy, bookings: own).slots
        return try await refuse(start: start, key: key, now: now, engine: engine, busy: busy, own: own, slots: slots, checkLedger: checkLedger)
    }
}
