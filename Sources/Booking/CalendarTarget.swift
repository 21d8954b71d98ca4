import PlanModel
import Availability
import Foundation

/// A calendar bookings are written to and busy time is read from.
public protocol CalendarTarget: Sendable {
    /// Busy time over `[from, to)`, leaving out the event of `excludingBooking` (for a move).
    func freeBusy(from: UnixTime, to: UnixTime, floatingZone: String, excludingBooking: String?) async throws -> BusyTime
    /// Busy time that overlaps `[from, to)`, for a booking's re-check of one slot inside
    /// `horizon` (the range an evaluation of the plan reads). A calendar that keeps the horizon
    /// current (a watched folder) answers from it; any other asks only for `[from, to)`.
    func freeBusy(overlapping from: UnixTime, to: UnixTime, horizon: Range<UnixTime>, floatingZone: String,
                  excludingBooking: String?) async throws -> BusyTime
    /// Creates the event, refusing to overwrite one that exists; returns the provider's reference.
    func create(_ draft: EventDraft, now: UnixTime) async throws -> String
    /// Deletes the event with this reference (no error when it is already gone).
    func delete(reference: String) async throws
    /// Moves an existing event to the draft's time in place (same UID): never two events, never none.
    func update(reference: String, with draft: EventDraft, now: UnixTime) async throws
    /// The reference of the event written for this entry, if the calendar has it (for a move: the
    /// lineage's event, showing this entry).
    func find(entry: LedgerEntry) async throws -> String?
}

extension CalendarTarget {
    /// Asks the provider for `[from, to)` only: a short range is a short answer.
    public func freeBusy(overlapping from: UnixTime, to: UnixTime, horizon: Range<UnixTime>, floatingZone: String,
                         excludingBooking: String?) async throws -> BusyTime {
        try await freeBusy(from: from, to: to, floatingZone: floatingZone, excludingBooking: excludingBooking)
    }
}
