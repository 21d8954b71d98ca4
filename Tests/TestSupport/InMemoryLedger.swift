import Booking
import Foundation
import PlanModel

/// A ledger in memory with the contract of the real ones (LedgerContractTests runs it too), for
/// unit tests of what sits above the ledger. `failLookups` makes every read throw, like a
/// database that went away.
public actor InMemoryLedger: BookingLedger {
    var rows: [LedgerEntry] = []
    var counter = 0
    public var failLookups = false
    /// Makes `release` throw (a connection lost between claiming and undoing).
    public var failReleases = false

    public init() {}

    public func setFailLookups(_ fail: Bool) { failLookups = fail }
    public func setFailReleases(_ fail: Bool) { failReleases = fail }

    func check() throws { if failLookups { throw LedgerError("in-memory ledger: connection lost") } }

    func index(_ id: String) throws -> Int {
        guard let i = rows.firstIndex(where: { $0.id == id }) else { throw LedgerError("no booking \(id)") }
        return i
    }

    func with(_ e: LedgerEntry, status: LedgerEntry.Status, reference: String? = nil) -> LedgerEntry {
        LedgerEntry(id: e.id, lineage: e.lineage, calendar: e.calendar, campaign: e.campaign, start: e.start, end: e.end, blockStart: e.blockStart,
                    blockEnd: e.blockEnd, status: status, idempotencyKey: e.idempotencyKey, recipient: e.recipient,
                    eventReference: reference ?? e.eventReference, createdAt: e.createdAt, holdUntil: e.holdUntil)
    }

    func isLive(_ e: LedgerEntry, now: UnixTime) -> Bool { e.isLive(now: now) }

    func newClaim(_ r: ClaimRequest, lineage: String?, holdUntil: UnixTime? = nil) -> ClaimOutcome {
        for (i, e) in rows.enumerated() where e.calendar == r.calendar && e.status == .claimed && e.claimExpires <= r.now
            && e.blockStart < r.blockEnd && e.blockEnd > r.blockStart {
            rows[i] = with(e, status: .expired)
        }
        if let other = rows.first(where: { $0.calendar == r.calendar && $0.lineage != lineage && isLive($0, now: r.now)
            && $0.blockStart < r.blockEnd && $0.blockEnd > r.blockStart }) {
            return .taken(by: other)
        }
        counter += 1
        let id = "bk_mem\(counter)"
        let entry = LedgerEntry(id: id, lineage: lineage ?? id, calendar: r.calendar, campaign: r.campaign, start: r.start, end: r.end,
                                blockStart: r.blockStart, blockEnd: r.blockEnd, status: .claimed, idempotencyKey: r.idempotencyKey,
                                recipient: r.recipient, eventReference: nil, createdAt: r.now, holdUntil: holdUntil)
        rows.append(entry)
        return .claimed(entry)
    }

    public func claim(_ request: ClaimRequest) async throws -> ClaimOutcome {
        try check()
        let request = try request.validated()
        if let existing = rows.first(where: { $0.idempotencyKey == request.idempotencyKey }) { return .replayed(existing) }
        if let hold = request.replacingHold { deleteHold(hold) }
        return newClaim(request, lineage: nil)
    }

    func deleteHold(_ key: String) {
        rows.removeAll { $0.idempotencyKey == key && $0.holdUntil != nil && ($0.status == .claimed || $0.status == .expired) }
    }

    public func hold(_ request: ClaimRequest, until: UnixTime) async throws -> ClaimOutcome {
        try check()
        let request = try request.validated()
        deleteHold(request.idempotencyKey)
        return newClaim(request, lineage: nil, holdUntil: until)
    }

    public func releaseHold(key: String) async throws -> LedgerEntry? {
        try check()
        let found = rows.first { $0.idempotencyKey == key && $0.holdUntil != nil && $0.status != .confirmed }
        deleteHold(key)
        return found
    }

    public func confirm(id: String, eventReference: String) async throws -> LedgerEntry {
        try check()
        let i = try index(id)
        if rows[i].status == .confirmed { return rows[i] }
        rows[i] = with(rows[i], status: .confirmed, reference: eventReference)
        return rows[i]
    }

    public func release(id: String) async throws {
        try check()
        if failReleases { throw LedgerError("in-memory ledger: connection lost while releasing") }
        rows.removeAll { $0.id == id && ($0.status == .claimed || $0.status == .expired) }
    }

    public func move(id: String, to request: ClaimRequest) async throws -> ClaimOutcome {
        try check()
        let request = try request.validated()
        if let existing = rows.first(where: { $0.idempotencyKey == request.idempotencyKey }) { return .replayed(existing) }
        let old = rows[try index(id)]
        guard old.status == .confirmed else { throw LedgerError("booking \(id) is \(old.status.rawValue)") }
        return newClaim(request, lineage: old.lineage)
    }

    public func completeMove(newID: String, oldID: String, eventReference: String) async throws -> LedgerEntry {
        try check()
        let n = try index(newID), o = try index(oldID)
        rows[o] = with(rows[o], status: .cancelled)
        rows[n] = with(rows[n], status: .confirmed, reference: eventReference)
        return rows[n]
    }

    public func cancel(id: String) async throws -> LedgerEntry {
        try check()
        let i = try index(id)
        rows[i] = with(rows[i], status: .cancelled)
        return rows[i]
    }

    public func entry(id: String) async throws -> LedgerEntry? {
        try check()
        return rows.first { $0.id == id }
    }

    public func entries(lineage: String) async throws -> [LedgerEntry] {
        try check()
        return rows.filter { $0.lineage == lineage }
    }

    public func entry(idempotencyKey: String) async throws -> LedgerEntry? {
        try check()
        return rows.first { $0.idempotencyKey == idempotencyKey }
    }

    public func expiredClaims(calendar: String, now: UnixTime) async throws -> [LedgerEntry] {
        try check()
        return rows.filter { $0.calendar == calendar && ($0.status == .expired || ($0.status == .claimed && $0.claimExpires <= now)) }
    }

    let secret: [UInt8] = (0..<32).map { _ in UInt8.random(in: 0...255) }

    public func sharedSecret() async throws -> [UInt8] {
        try check()
        return secret
    }

    public func liveEntries(calendar: String, from: UnixTime, to: UnixTime, now: UnixTime) async throws -> [LedgerEntry] {
        try check()
        return rows.filter { $0.calendar == calendar && $0.blockStart < to && $0.blockEnd > from && isLive($0, now: now) }
    }
}
