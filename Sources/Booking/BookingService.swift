import Availability
import Foundation
import FreeBusy
import Plan

/// What a booking attempt came to.
public enum BookingResult: Sendable, Equatable {
    /// Booked (or, with `replayed`, booked earlier under the same idempotency key).
    case booked(LedgerEntry, replayed: Bool)
    /// Another caller confirmed overlapping time first; the next offered slots after the one asked for.
    case taken(alternatives: [OfferedSlot])
    /// The moment is not offered (the rules of explain say why); the next offered slots.
    case notOffered(reasons: [String], alternatives: [OfferedSlot])
    /// Booking does not happen for this campaign now (disabled, no or expired connection); calling goes on.
    case skipped(reason: String)
    /// Something failed; nothing is held and nothing was written.
    case failed(reason: String)
}

/// Book and cancel: re-check against fresh free/busy, claim in the ledger, create the event,
/// confirm; a provider failure releases the claim.
public struct BookingService: Sendable {
    public let plan: Plan
    public let ledger: any BookingLedger
    public let calendar: any CalendarTarget
    /// Busy data from other sources (`--busy` files), read already.
    public let extraBusy: FreeBusy

    /// The plan prepared once (its zone table), for every evaluation this service makes.
    let engine: SlotEngine

    public init(plan: Plan, ledger: any BookingLedger, calendar: any CalendarTarget, extraBusy: FreeBusy = FreeBusy()) {
        self.plan = plan
        self.engine = SlotEngine(plan: plan)
        self.ledger = ledger
        self.calendar = calendar
        self.extraBusy = extraBusy
    }

    /// The ledger's name for the calendar booked on: `provider:account/calendar`.
    public var calendarKey: String? {
        guard let bookOn = plan.booking.bookOn, let c = plan.booking.connections.first(where: { $0.provider == bookOn.provider }) else { return nil }
        return "\(c.provider.rawValue):\(c.account)/\(c.calendar)"
    }

    /// Why booking cannot happen at all for this campaign, if so.
    public var skipReason: String? {
        let b = plan.booking
        guard b.enabled else { return "booking is disabled for campaign \(plan.campaign.id)" }
        guard let bookOn = b.bookOn, let c = b.connections.first(where: { $0.provider == bookOn.provider }) else {
            return "\(b.calendarOwner.id) has no connected calendar"
        }
        if c.status == .expired { return "\(b.calendarOwner.id)'s \(c.provider.rawValue) connection has expired; booking is skipped until it is reconnected" }
        return nil
    }

    /// Fresh busy time, own bookings and the engine's verdict at `now`.
    /// Whether a live ledger entry of the calendar overlaps the buffered range a meeting at `start` needs.
    func heldByAnotherBooking(start: UnixTime, key: String, now: UnixTime) async throws -> Bool {
        let b = plan.booking
        let from = start - UnixTime(b.bufferBeforeMinutes * 60), to = start + UnixTime((b.meeting.minutes + b.bufferAfterMinutes) * 60)
        return !(try await ledger.liveEntries(calendar: key, from: from, to: to, now: now)).isEmpty
    }

    /// Puts a moved event back at the time of its confirmed entry.
    func restoreEvent(of entry: LedgerEntry, reference: String, now: UnixTime) async throws {
        let draft = try EventDraft.make(plan: plan, recipient: Recipient(email: entry.attendeeEmail), bookingID: entry.id,
                                        lineage: entry.lineage, start: entry.start, end: entry.end)
        try await calendar.update(reference: reference, with: draft, now: now)
    }

    /// `excludingLineage`: the booking being moved, whose own time does not block its new slot.
    func evaluate(now: UnixTime, excludingLineage excludingBooking: String?) async throws -> (SlotEngine, FreeBusy, [ExistingBooking]) {
        let zone = plan.booking.schedule?.timezone ?? "UTC"
        let to = now + UnixTime(plan.booking.lookAheadDays + 3) * 86_400
        var busy = try await calendar.freeBusy(from: now - 2 * 86_400, to: to, floatingZone: zone, excludingBooking: excludingBooking)
        busy = busy.merged(with: extraBusy)
        let own = try await ledger.liveEntries(calendar: calendarKey ?? "", from: now - 2 * 86_400, to: to, now: now)
            .filter { $0.campaign == plan.campaign.id && $0.lineage != excludingBooking }
            .map { ExistingBooking(start: $0.start, end: $0.end) }
        return (engine, busy, own)
    }

    /// Settles claims whose process died between claiming and confirming: when the calendar has
    /// the event, the booking happened (the invite went out) and is confirmed; otherwise the claim
    /// is released. Nothing stays half-written. Returns the entries it settled.
    @discardableResult
    public func reconcile(now: UnixTime) async throws -> [LedgerEntry] {
        guard let key = calendarKey else { return [] }
        var settled: [LedgerEntry] = []
        for claim in try await ledger.expiredClaims(calendar: key, now: now) {
            // A move in flight: the lineage's earlier entry is still confirmed.
            let earlier = claim.lineage == claim.id ? nil
                : try await ledger.entries(lineage: claim.lineage).first { $0.status == .confirmed && $0.id != claim.id }
            if let reference = try await calendar.find(entry: claim) {
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
            } else {
                try await ledger.release(id: claim.id)
            }
        }
        return settled
    }

    /// Books `start` for `recipient`. Retrying with the same idempotency key returns the same booking.
    public func book(start: UnixTime, recipient: Recipient, idempotencyKey: String, now: UnixTime) async -> BookingResult {
        if let reason = skipReason { return .skipped(reason: reason) }
        guard let key = calendarKey else { return .skipped(reason: "no calendar to book on") }
        do {
            try await reconcile(now: now)
            if let earlier = try await ledger.entry(idempotencyKey: idempotencyKey), earlier.status == .confirmed {
                return .booked(earlier, replayed: true)
            }
            let (engine, busy, own) = try await evaluate(now: now, excludingLineage: nil)
            let evaluation = engine.evaluate(now: now, freeBusy: busy, bookings: own)
            if let unavailable = evaluation.unavailable { return .failed(reason: unavailable.description) }
            guard evaluation.slots.contains(where: { $0.start == start }) else {
                let alternatives = Array(evaluation.slots.filter { $0.start > start }.prefix(3))
                // Another booking in the ledger holds that time: the slot was taken, not never offered.
                if try await heldByAnotherBooking(start: start, key: key, now: now) { return .taken(alternatives: alternatives) }
                let explanation = engine.explain(at: start, now: now, freeBusy: busy, bookings: own)
                return .notOffered(reasons: explanation.checks.filter { !$0.passed }.map(\.text), alternatives: alternatives)
            }
            let b = plan.booking
            let request = ClaimRequest(calendar: key, campaign: plan.campaign.id, start: start, end: start + UnixTime(b.meeting.minutes * 60),
                                       bufferBefore: UnixTime(b.bufferBeforeMinutes * 60), bufferAfter: UnixTime(b.bufferAfterMinutes * 60),
                                       idempotencyKey: idempotencyKey, attendeeEmail: recipient.email, now: now)
            let claim: LedgerEntry
            switch try await ledger.claim(request) {
            case .replayed(let entry):
                if entry.status == .confirmed { return .booked(entry, replayed: true) }
                return .failed(reason: "a booking with idempotency key \(idempotencyKey) is in progress")
            case .taken(let holder):
                let blocked = FreeBusy(intervals: busy.intervals + [BusyInterval(start: holder.blockStart, end: holder.blockEnd)], failures: busy.failures)
                let next = engine.evaluate(now: now, freeBusy: blocked, bookings: own).slots.filter { $0.start > start }
                return .taken(alternatives: Array(next.prefix(3)))
            case .claimed(let entry):
                claim = entry
            }
            let draft: EventDraft
            do {
                draft = try EventDraft.make(plan: plan, recipient: recipient, bookingID: claim.id, start: claim.start, end: claim.end)
            } catch {
                try? await ledger.release(id: claim.id)
                return .failed(reason: "the invite cannot be rendered: \(error)")
            }
            let reference: String
            do {
                reference = try await calendar.create(draft, now: now)
            } catch {
                try? await ledger.release(id: claim.id)
                return .failed(reason: "the calendar refused the event (\(error)); the slot was released")
            }
            do {
                return .booked(try await ledger.confirm(id: claim.id, eventReference: reference), replayed: false)
            } catch {
                try? await calendar.delete(reference: reference)
                try? await ledger.release(id: claim.id)
                return .failed(reason: "the booking could not be confirmed (\(error)); the event was removed")
            }
        } catch {
            return .failed(reason: "\(error)")
        }
    }

    /// Moves a confirmed booking to `start` on the same call: its own time does not block the new
    /// slot; the event is updated in place (never two, never none); a taken slot yields
    /// alternatives and leaves the booking as it was.
    public func reschedule(id: String, to start: UnixTime, recipient: Recipient?, idempotencyKey: String, now: UnixTime) async -> BookingResult {
        if let reason = skipReason { return .skipped(reason: reason) }
        guard let key = calendarKey else { return .skipped(reason: "no calendar to book on") }
        do {
            if let earlier = try await ledger.entry(idempotencyKey: idempotencyKey), earlier.status == .confirmed {
                return .booked(earlier, replayed: true)
            }
            try await reconcile(now: now)
            guard let old = try await ledger.entry(id: id) else { return .failed(reason: "no booking \(id)") }
            guard old.status == .confirmed, let reference = old.eventReference else {
                return .failed(reason: "booking \(id) is \(old.status.rawValue); only confirmed bookings move")
            }
            guard old.calendar == key, old.campaign == plan.campaign.id else {
                return .failed(reason: "booking \(id) belongs to campaign \(old.campaign) on \(old.calendar)")
            }
            let (engine, busy, own) = try await evaluate(now: now, excludingLineage: old.lineage)
            let evaluation = engine.evaluate(now: now, freeBusy: busy, bookings: own)
            if let unavailable = evaluation.unavailable { return .failed(reason: unavailable.description) }
            guard evaluation.slots.contains(where: { $0.start == start }) else {
                let explanation = engine.explain(at: start, now: now, freeBusy: busy, bookings: own)
                return .notOffered(reasons: explanation.checks.filter { !$0.passed }.map(\.text),
                                   alternatives: Array(evaluation.slots.filter { $0.start > start }.prefix(3)))
            }
            let b = plan.booking
            let request = ClaimRequest(calendar: key, campaign: plan.campaign.id, start: start, end: start + UnixTime(b.meeting.minutes * 60),
                                       bufferBefore: UnixTime(b.bufferBeforeMinutes * 60), bufferAfter: UnixTime(b.bufferAfterMinutes * 60),
                                       idempotencyKey: idempotencyKey, attendeeEmail: old.attendeeEmail, now: now)
            let claim: LedgerEntry
            switch try await ledger.move(id: id, to: request) {
            case .replayed(let entry):
                if entry.status == .confirmed { return .booked(entry, replayed: true) }
                return .failed(reason: "a move with idempotency key \(idempotencyKey) is in progress")
            case .taken(let holder):
                let blocked = FreeBusy(intervals: busy.intervals + [BusyInterval(start: holder.blockStart, end: holder.blockEnd)], failures: busy.failures)
                return .taken(alternatives: Array(engine.evaluate(now: now, freeBusy: blocked, bookings: own).slots.filter { $0.start > start }.prefix(3)))
            case .claimed(let entry):
                claim = entry
            }
            let draft: EventDraft
            do {
                draft = try EventDraft.make(plan: plan, recipient: recipient ?? Recipient(email: old.attendeeEmail), bookingID: claim.id,
                                            lineage: old.lineage, start: claim.start, end: claim.end)
                try await calendar.update(reference: reference, with: draft, now: now)
            } catch {
                try? await ledger.release(id: claim.id)
                return .failed(reason: "the calendar refused the move (\(error)); the booking stays at its old time")
            }
            do {
                return .booked(try await ledger.completeMove(newID: claim.id, oldID: old.id, eventReference: reference), replayed: false)
            } catch {
                try? await restoreEvent(of: old, reference: reference, now: now)
                try? await ledger.release(id: claim.id)
                return .failed(reason: "the move could not be confirmed (\(error)); the booking stays at its old time")
            }
        } catch {
            return .failed(reason: "\(error)")
        }
    }

    /// Cancels a booking: the event is deleted, then the ledger frees the time.
    public func cancel(id: String) async -> Result<LedgerEntry, LedgerError> {
        do {
            guard let entry = try await ledger.entry(id: id) else { return .failure(LedgerError("no booking \(id)")) }
            if entry.status == .cancelled { return .success(entry) }
            if let reference = entry.eventReference { try await calendar.delete(reference: reference) }
            return .success(try await ledger.cancel(id: id))
        } catch let error as LedgerError {
            return .failure(error)
        } catch {
            return .failure(LedgerError("\(error)"))
        }
    }
}
