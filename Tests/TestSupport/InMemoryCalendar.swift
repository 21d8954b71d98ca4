import Booking
import PlanModel

/// A calendar in memory: events by reference, busy time from them and from `busy`; each
/// operation can be made to fail, the way a provider answers 500 or times out.
public actor InMemoryCalendar: CalendarTarget {
    public enum Failure: Sendable { case freeBusy, create, update, delete, find }

    public private(set) var events: [String: EventDraft] = [:]
    public var busy: [BusyInterval] = []
    public var failing: Set<Failure> = []

    public init(busy: [BusyInterval] = []) { self.busy = busy }

    public func fail(_ operations: Set<Failure>) { failing = operations }

    /// Puts an event in as if an earlier process had written it.
    public func insert(_ draft: EventDraft, reference: String) { events[reference] = draft }

    func check(_ f: Failure) throws { if failing.contains(f) { throw LedgerError("in-memory calendar: HTTP 500 on \(f)") } }

    public func freeBusy(from: UnixTime, to: UnixTime, floatingZone: String, excludingBooking: String?) async throws -> BusyTime {
        if failing.contains(.freeBusy) { return BusyTime(failures: ["in-memory calendar: HTTP 500"]) }
        let own = events.values.filter { $0.lineage != excludingBooking }.map { BusyInterval(start: $0.start, end: $0.end, summary: $0.title) }
        return BusyTime(intervals: busy + own)
    }

    public func create(_ draft: EventDraft, now: UnixTime) async throws -> String {
        try check(.create)
        let reference = "\(draft.lineage).ics"
        guard events[reference] == nil else { throw LedgerError("an event \(reference) already exists") }
        events[reference] = draft
        return reference
    }

    public func delete(reference: String) async throws {
        try check(.delete)
        events[reference] = nil
    }

    public func update(reference: String, with draft: EventDraft, now: UnixTime) async throws {
        try check(.update)
        guard events[reference] != nil else { throw LedgerError("the event \(reference) is gone") }
        events[reference] = draft
    }

    public func find(entry: LedgerEntry) async throws -> String? {
        try check(.find)
        let reference = "\(entry.lineage).ics"
        return events[reference]?.bookingID == entry.id ? reference : nil
    }
}
