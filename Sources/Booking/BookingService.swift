import Availability
import Foundation
import PlanModel

/// What a booking attempt came to.
public enum BookingResult: Sendable, Equatable {
    /// Booked (or, with `replayed`, booked earlier under the same idempotency key).
    case booked(LedgerEntry, replayed: Bool)
    /// Another caller confirmed overlapping time first; the next offered slots after the one asked for.
    case taken(alternatives: [OfferedSlot])
    /// The moment is not offered (the failed rules, as explain states them); the next offered slots.
    case notOffered(reasons: [Refusal], alternatives: [OfferedSlot])
    /// Booking does not happen for this campaign now (disabled, no or expired connection); calling goes on.
    case skipped(Refusal)
    /// The calendar's busy data could not be had: unknown, so nothing was offered or booked.
    case unavailable(Refusal)
    /// The booking to move does not exist.
    case notFound(Refusal)
    /// Something failed; nothing is held and nothing was written.
    case failed(Refusal)
}

/// Changes to the recipient a move may bring (a name corrected on the call); nil keeps the stored value.
public struct RecipientAmendment: Sendable, Equatable {
    public let firstName: String?
    public let lastName: String?

    public init(firstName: String? = nil, lastName: String? = nil) {
        self.firstName = firstName
        self.lastName = lastName
    }

    /// The stored recipient with these changes.
    public func applied(to r: Recipient) -> Recipient {
        Recipient(email: r.email, firstName: firstName ?? r.firstName, lastName: lastName ?? r.lastName, phone: r.phone, company: r.company)
    }
}

/// Book and cancel: re-check against fresh free/busy, claim in the ledger, create the event,
/// confirm; a provider failure releases the claim.
public struct BookingService: Sendable {
    public let plan: Plan
    public let ledger: any BookingLedger
    public let calendar: any CalendarTarget
    /// Busy data from other sources (`--busy` files), read already.
    public let extraBusy: BusyTime

    /// The plan prepared once (its zone table), for every evaluation this service makes.
    public let engine: SlotEngine

    /// The connection store's choice, when there is a store: it decides the provider and whether
    /// its connection is alive, instead of the team file's recorded status.
    public let choice: ConnectionChoice?

    /// The provider booked on: the store's choice, else the plan's selection.
    let provider: CalendarProvider?

    /// The ledger's name for the calendar booked on: `provider:account/calendar` (spelt once: a
    /// lookup names it for the cache and the ledger).
    public let calendarKey: String?
    /// When a booking or move settles unsettled claims first; nil: every time (a command books once).
    let reconciles: ReconcileSchedule?

    /// `engine`: the plan's prepared engine when the caller keeps one (a long-running runtime).
    public init(plan: Plan, ledger: any BookingLedger, calendar: any CalendarTarget, extraBusy: BusyTime = BusyTime(), engine: SlotEngine? = nil,
                choice: ConnectionChoice? = nil, reconciles: ReconcileSchedule? = nil) {
        self.plan = plan
        self.reconciles = reconciles
        self.engine = engine ?? SlotEngine(plan: plan)
        self.ledger = ledger
        self.calendar = calendar
        self.extraBusy = extraBusy
        self.choice = choice
        let provider = choice?.provider ?? plan.booking.bookOn?.provider
        self.provider = provider
        calendarKey = plan.booking.connections.first { $0.provider == provider }.map { "\($0.provider.rawValue):\($0.account)/\($0.calendar)" }
    }

    /// Why booking cannot happen at all for this campaign, if so.
    public var skipReason: Refusal? {
        let b = plan.booking
        guard b.enabled else { return Refusal(.bookingDisabled, "booking is disabled for campaign \(plan.campaign.id)") }
        if let choice { return choice.skip }
        guard let bookOn = b.bookOn, let c = b.connections.first(where: { $0.provider == bookOn.provider }) else {
            return Refusal(.noConnection, "\(b.calendarOwner.id) has no connected calendar")
        }
        if c.status == .expired {
            return Refusal(.connectionExpired,
                           "\(b.calendarOwner.id)'s \(c.provider.rawValue) connection has expired; booking is skipped until it is reconnected")
        }
        return nil
    }

    /// Fresh busy time, own bookings and the engine's verdict at `now`.
    /// Whether a live ledger entry of the calendar overlaps the buffered range a meeting at `start` needs.
    func heldByAnotherBooking(start: UnixTime, key: String, now: UnixTime) async throws -> Bool {
        let block = bufferedBlock(start)
        return !(try await ledger.liveEntries(calendar: key, from: block.lowerBound, to: block.upperBound, now: now)).isEmpty
    }

    /// The time a meeting at `start` takes with its buffers: all of the calendar that bears on it.
    func bufferedBlock(_ start: UnixTime) -> Range<UnixTime> {
        let b = plan.booking
        return (start - UnixTime(b.bufferBeforeMinutes * 60))..<(start + UnixTime((b.meeting.minutes + b.bufferAfterMinutes) * 60))
    }

    /// Puts a moved event back at the time of its confirmed entry.
    func restoreEvent(of entry: LedgerEntry, reference: String, now: UnixTime) async throws {
        let draft = try EventDraft.make(plan: plan, recipient: entry.recipient, bookingID: entry.id,
                                        lineage: entry.lineage, start: entry.start, end: entry.end)
        try await calendar.update(reference: reference, with: draft, now: now)
    }

    /// The range of busy time an evaluation of `plan` at `now` can need: two days back (a window
    /// of yesterday that crosses midnight, buffers) to three days past the look-ahead.
    public static func horizon(_ plan: Plan, now: UnixTime) -> (from: UnixTime, to: UnixTime) {
        (now - 2 * 86_400, now + UnixTime(plan.booking.lookAheadDays + 3) * 86_400)
    }

    /// The calendar's busy time over the range this plan can need; with `overlapping`, only what
    /// overlaps that part of it (a booking's re-check of one start).
    public func fetchCalendarBusy(now: UnixTime, excludingLineage: String? = nil, overlapping: Range<UnixTime>? = nil) async throws -> BusyTime {
        let zone = plan.booking.schedule?.timezone ?? "UTC", (from, to) = Self.horizon(plan, now: now)
        guard let overlapping else {
            return try await calendar.freeBusy(from: from, to: to, floatingZone: zone, excludingBooking: excludingLineage)
        }
        return try await calendar.freeBusy(overlapping: overlapping.lowerBound, to: overlapping.upperBound, horizon: from..<to,
                                           floatingZone: zone, excludingBooking: excludingLineage)
    }

    /// Settles claims whose process died between claiming and confirming: when the calendar has
    /// the event, the booking happened (the invite went out) and is confirmed; when the calendar
    /// says it has no such event, the claim is released. A lookup that fails (an error, a timeout)
    /// is unknown: the claim stays as it is for a later pass, never released on a guess. Nothing
    /// stays half-written. Returns the entries it settled.
    /// Settles the calendar's unsettled claims before a booking or a move: every time without a
    /// schedule (a command books once), else when the schedule says the calendar is due.
    func reconcileIfDue(calendar key: String, now: UnixTime) async throws {
        if reconciles?.take(calendar: key, now: now) ?? true { try await reconcile(now: now) }
    }

    @discardableResult
    public func reconcile(now: UnixTime) async throws -> [LedgerEntry] {
        guard let key = calendarKey else { return [] }
        var settled: [LedgerEntry] = []
        for claim in try await ledger.expiredClaims(calendar: key, now: now) {
            // A hold never has an event: once it is past, it simply goes.
            if claim.holdUntil != nil {
                try await ledger.release(id: claim.id)
                continue
            }
            // A move in flight: the lineage's earlier entry is still confirmed.
            let earlier = claim.lineage == claim.id ? nil
                : try await ledger.entries(lineage: claim.lineage).first { $0.status == .confirmed && $0.id != claim.id }
            let found: String?
            do { found = try await calendar.find(entry: claim) } catch { continue }
            guard let reference = found else {
                try await ledger.release(id: claim.id)
                continue
            }
            do {
                if let earlier {
                    settled.append(try await ledger.completeMove(newID: claim.id, oldID: earlier.id, eventReference: reference))
                } else {
                    settled.append(try await ledger.confirm(id: claim.id, eventReference: reference))
                }
            } catch {
                // Its time went to someone else meanwhile. A new booking's orphan event goes; a
                // moved event goes back to its confirmed time.
                if let earlier {
                    try await restoreEvent(of: earlier, reference: reference, now: now)
                } else {
                    try await calendar.delete(reference: reference)
                }
                try await ledger.release(id: claim.id)
            }
        }
        return settled
    }

    /// The refusal for a moment that is not offered: taken when another live booking holds it,
    /// otherwise the failed rules.
    func refuse(start: UnixTime, key: String, now: UnixTime, engine: SlotEngine, busy: BusyTime, own: [ExistingBooking],
                slots: [OfferedSlot], checkLedger: Bool) async throws -> BookingResult {
        let alternatives = Array(slots.filter { $0.start > start }.prefix(3))
        // Another booking in the ledger holds that time: the slot was taken, not never offered.
        if checkLedger, try await heldByAnotherBooking(start: start, key: key, now: now) { return .taken(alternatives: alternatives) }
        let explanation = engine.explain(at: start, now: now, freeBusy: busy, bookings: own)
        let reasons = explanation.checks.filter { !$0.passed }.map { Refusal(ReasonCode($0.rule), $0.text) }
        return .notOffered(reasons: reasons, alternatives: alternatives)
    }

    /// The next offered slots once the holder's block is taken into account.
    func alternatives(after start: UnixTime, holder: LedgerEntry, now: UnixTime, excludingLineage: String?) async throws -> [OfferedSlot] {
        let (_, busy, own) = try await evaluate(now: now, excludingLineage: excludingLineage)
        let blocked = BusyTime(intervals: busy.intervals + [BusyInterval(start: holder.blockStart, end: holder.blockEnd)], failures: busy.failures)
        return Array(engine.evaluate(now: now, freeBusy: blocked, bookings: own).slots.filter { $0.start > start }.prefix(3))
    }

    /// Runs the undo steps of a failed booking or move: nil when they worked, else what failed
    /// (never swallowed: the answer says so, and reconciliation settles the claim later).
    func undoing(_ steps: () async throws -> Void) async -> String? {
        do {
            try await steps()
            return nil
        } catch {
            return "; undoing it failed too (\(error)), the claim expires and reconciliation settles it"
        }
    }

    /// The ledger request for a meeting at `start`.
    public func claimRequest(key: String, start: UnixTime, recipient: Recipient, idempotencyKey: String, now: UnixTime) -> ClaimRequest {
        let b = plan.booking
        return ClaimRequest(calendar: key, campaign: plan.campaign.id, start: start, end: start + UnixTime(b.meeting.minutes * 60),
                            bufferBefore: UnixTime(b.bufferBeforeMinutes * 60), bufferAfter: UnixTime(b.bufferAfterMinutes * 60),
                            idempotencyKey: idempotencyKey, recipient: recipient, now: now)
    }

    /// Holds `start` for a call until `until` (no event is written); replaces the call's earlier hold.
    public func hold(start: UnixTime, holdKey: String, until: UnixTime, now: UnixTime) async throws -> ClaimOutcome {
        guard let key = calendarKey else { throw LedgerError("no calendar to hold time on") }
        return try await ledger.hold(claimRequest(key: key, start: start, recipient: Recipient(email: ""), idempotencyKey: holdKey, now: now),
                                     until: until)
    }

    /// Books `start` for `recipient`. Retrying with the same idempotency key returns the same booking.
    /// `holdKey`: the call's hold, whose time does not block this booking and which it replaces.
    public func book(start: UnixTime, recipient: Recipient, idempotencyKey: String, now: UnixTime, holdKey: String? = nil) async -> BookingResult {
        if let reason = skipReason { return .skipped(reason) }
        guard let key = calendarKey else { return .skipped(Refusal(.noConnection, "no calendar to book on")) }
        do {
            try await reconcileIfDue(calendar: key, now: now)
            // The call's own live hold does not block the booking it was held for.
            let hold = try await holdKey.asyncFlatMap { try await ledger.entry(idempotencyKey: $0) }
                .flatMap { $0.holdUntil != nil && $0.isLive(now: now) ? $0 : nil }
            if let refusal = try await recheck(start: start, key: key, now: now, excludingLineage: hold?.lineage, checkLedger: true) {
                // A retry of a booking that was made: its own event and entry hold the time now (or
                // the calendar cannot be read). A first attempt never pays this read; its claim
                // below finds an earlier entry of the key itself.
                if let earlier = try await ledger.entry(idempotencyKey: idempotencyKey), earlier.status == .confirmed {
                    return .booked(earlier, replayed: true)
                }
                return refusal
            }
            let claim: LedgerEntry
            var request = claimRequest(key: key, start: start, recipient: recipient, idempotencyKey: idempotencyKey, now: now)
            if let hold { request = request.replacing(hold: hold.idempotencyKey) }
            switch try await ledger.claim(request) {
            case .replayed(let entry):
                if entry.status == .confirmed { return .booked(entry, replayed: true) }
                return .failed(Refusal(.inProgress, "a booking with idempotency key \(idempotencyKey) is in progress"))
            case .taken(let holder):
                return .taken(alternatives: try await alternatives(after: start, holder: holder, now: now, excludingLineage: hold?.lineage))
            case .claimed(let entry):
                claim = entry
            }
            let draft: EventDraft
            do {
                draft = try EventDraft.make(plan: plan, recipient: recipient, bookingID: claim.id, start: claim.start, end: claim.end)
            } catch {
                let undo = await undoing { try await ledger.release(id: claim.id) }
                return .failed(Refusal(.inviteUnrenderable, "the invite cannot be rendered: \(error)\(undo ?? "")"))
            }
            let reference: String
            do {
                reference = try await calendar.create(draft, now: now)
            } catch {
                let undo = await undoing { try await ledger.release(id: claim.id) }
                if let skip = error as? BookingSkippedError { return .skipped(Refusal(skip.refusal.code, skip.refusal.message + (undo.map { "; \($0)" } ?? ""))) }
                return .failed(Refusal(.calendarRefused, "the calendar refused the event (\(error)); \(undo ?? "the slot was released")"))
            }
            do {
                return .booked(try await ledger.confirm(id: claim.id, eventReference: reference), replayed: false)
            } catch {
                // The claim stays for reconciliation if the event cannot be removed.
                let undo = await undoing {
                    try await calendar.delete(reference: reference)
                    try await ledger.release(id: claim.id)
                }
                return .failed(Refusal(.ledgerFailed, "the booking could not be confirmed (\(error)); \(undo ?? "the event was removed")"))
            }
        } catch let skip as BookingSkippedError {
            return .skipped(skip.refusal)
        } catch {
            return .failed(Refusal(.ledgerFailed, "\(error)"))
        }
    }

    /// Moves a confirmed booking to `start` on the same call: its own time does not block the new
    /// slot; the event is updated in place (never two, never none) with the recipient the booking
    /// keeps; a taken slot yields alternatives and leaves the booking as it was.
    public func reschedule(id: String, to start: UnixTime, amendment: RecipientAmendment = RecipientAmendment(), idempotencyKey: String,
                           now: UnixTime) async -> BookingResult {
        if let reason = skipReason { return .skipped(reason) }
        guard let key = calendarKey else { return .skipped(Refusal(.noConnection, "no calendar to book on")) }
        do {
            if let earlier = try await ledger.entry(idempotencyKey: idempotencyKey), earlier.status == .confirmed {
                return .booked(earlier, replayed: true)
            }
            try await reconcileIfDue(calendar: key, now: now)
            guard let old = try await ledger.entry(id: id) else { return .notFound(Refusal(.bookingNotFound, "no booking \(id)")) }
            guard old.status == .confirmed, let reference = old.eventReference else {
                return .failed(Refusal(.notMovable, "booking \(id) is \(old.status.rawValue); only confirmed bookings move"))
            }
            guard old.calendar == key, old.campaign == plan.campaign.id else {
                return .failed(Refusal(.otherCampaign, "booking \(id) belongs to campaign \(old.campaign) on \(old.calendar)"))
            }
            if let refusal = try await recheck(start: start, key: key, now: now, excludingLineage: old.lineage, checkLedger: false) {
                return refusal
            }
            let recipient = amendment.applied(to: old.recipient)
            let claim: LedgerEntry
            switch try await ledger.move(id: id, to: claimRequest(key: key, start: start, recipient: recipient, idempotencyKey: idempotencyKey,
                                                                 now: now)) {
            case .replayed(let entry):
                if entry.status == .confirmed { return .booked(entry, replayed: true) }
                return .failed(Refusal(.inProgress, "a move with idempotency key \(idempotencyKey) is in progress"))
            case .taken(let holder):
                return .taken(alternatives: try await alternatives(after: start, holder: holder, now: now, excludingLineage: old.lineage))
            case .claimed(let entry):
                claim = entry
            }
            do {
                let draft = try EventDraft.make(plan: plan, recipient: recipient, bookingID: claim.id, lineage: old.lineage, start: claim.start,
                                                end: claim.end)
                try await calendar.update(reference: reference, with: draft, now: now)
            } catch {
                let undo = await undoing { try await ledger.release(id: claim.id) }
                return .failed(Refusal(.calendarRefused, "the calendar refused the move (\(error)); the booking stays at its old time\(undo ?? "")"))
            }
            do {
                return .booked(try await ledger.completeMove(newID: claim.id, oldID: old.id, eventReference: reference), replayed: false)
            } catch {
                let undo = await undoing {
                    try await restoreEvent(of: old, reference: reference, now: now)
                    try await ledger.release(id: claim.id)
                }
                return .failed(Refusal(.ledgerFailed, "the move could not be confirmed (\(error)); the booking stays at its old time\(undo ?? "")"))
            }
        } catch let skip as BookingSkippedError {
            return .skipped(skip.refusal)
        } catch {
            return .failed(Refusal(.ledgerFailed, "\(error)"))
        }
    }
}

/// What a cancellation came to.
public enum CancelResult: Sendable, Equatable {
    /// Cancelled now, or (`replayed`) cancelled before: the time is free.
    case cancelled(LedgerEntry, replayed: Bool)
    /// No booking with that id in the ledger.
    case notFound(Refusal)
    /// The ledger or the calendar failed; the booking stays as it was.
    case failed(Refusal)
}

/// Cancels bookings: the event is deleted, then the ledger frees the time. Needs no plan: the
/// ledger knows the booking and its event.
public struct BookingCanceller: Sendable {
    public let ledger: any BookingLedger
    public let calendar: any CalendarTarget

    public init(ledger: any BookingLedger, calendar: any CalendarTarget) {
        self.ledger = ledger
        self.calendar = calendar
    }

    /// Cancels `id`; cancelling a cancelled booking again answers the same.
    public func cancel(id: String) async -> CancelResult {
        let found: LedgerEntry?
        do { found = try await ledger.entry(id: id) } catch {
            return .failed(Refusal(.ledgerFailed, "cannot look up booking \(id): \(error)"))
        }
        guard let entry = found else { return .notFound(Refusal(.bookingNotFound, "no booking \(id)")) }
        if entry.status == .cancelled { return .cancelled(entry, replayed: true) }
        do {
            if let reference = entry.eventReference { try await calendar.delete(reference: reference) }
        } catch {
            return .failed(Refusal(.calendarRefused, "the calendar refused to delete the event (\(error)); the booking stands"))
        }
        do { return .cancelled(try await ledger.cancel(id: id), replayed: false) } catch {
            return .failed(Refusal(.ledgerFailed, "the event was deleted but the ledger failed (\(error)); cancel again to finish"))
        }
    }
}

extension Optional {
    /// `flatMap` with an asynchronous, throwing transform.
    public func asyncFlatMap<U>(_ transform: (Wrapped) async throws -> U?) async rethrows -> U? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
