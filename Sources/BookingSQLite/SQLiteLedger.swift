import Booking
import Foundation
import GRDB
import PlanModel

/// The embedded ledger: one SQLite file in WAL mode. Every claim runs in an IMMEDIATE
/// transaction, which takes SQLite's write lock before reading, so the overlap check and the
/// insert are one atomic step across threads and processes sharing the file.
public final class SQLiteLedger: BookingLedger {
    let pool: DatabasePool
    /// Writes that arrive together share one transaction and one flush.
    let commits: GroupCommit
    /// The reads on the calling thread.
    let readers: ReadConnections

    /// Opens (creating and migrating when needed) the ledger at `path`.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        // Processes opening a new ledger at once race twice: to switch the file to WAL (which the
        // pool does when it opens, and which gets SQLITE_BUSY without waiting for the busy timeout)
        // and to migrate it (a deferred transaction that must upgrade to a writer fails the same
        // way). Both steps are retried together, with jitter, for up to about ten seconds; the
        // loser then finds the work done.
        var attempt = 0
        while true {
            do {
                let opened = try DatabasePool(path: path, configuration: configuration)
                try Self.migrator.migrate(opened)
                readers = try ReadConnections(path: path)
                pool = opened
                commits = GroupCommit(pool: opened)
                return
            } catch where Self.lostOpeningRace(error) && attempt < 150 {
                attempt += 1
                usleep(useconds_t.random(in: 10_000...120_000))
            } catch {
                throw LedgerError("cannot open the SQLite ledger \(path): \(error)")
            }
        }
    }

    /// What another process opening the same new ledger causes: SQLITE_BUSY or SQLITE_LOCKED
    /// (it holds the lock a step needs right now), or a migration step it has just applied
    /// itself (GRDB reads the applied migrations before it takes the write lock). Trying again
    /// finds the work done; any other error is reported at once.
    static func lostOpeningRace(_ error: Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        if error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED { return true }
        let message = error.message ?? ""
        return error.resultCode == .SQLITE_ERROR && (message.contains("already exists") || message.contains("duplicate column name"))
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: bookings") { db in
            try db.execute(sql: """
                CREATE TABLE booking (
                    id TEXT PRIMARY KEY NOT NULL,
                    lineage TEXT NOT NULL,
                    calendar TEXT NOT NULL,
                    campaign TEXT NOT NULL,
                    start INTEGER NOT NULL,
                    "end" INTEGER NOT NULL,
                    block_start INTEGER NOT NULL,
                    block_end INTEGER NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('claimed', 'confirmed', 'cancelled', 'expired')),
                    idempotency_key TEXT NOT NULL UNIQUE,
                    attendee_email TEXT NOT NULL,
                    event_reference TEXT,
                    created_at INTEGER NOT NULL,
                    CHECK (block_start <= start AND start < "end" AND "end" <= block_end)
                );
                CREATE INDEX booking_calendar_block ON booking (calendar, block_start, block_end);
                """)
        }
        migrator.registerMigration("v2: recipients") { db in
            try db.execute(sql: """
                ALTER TABLE booking ADD COLUMN recipient_first_name TEXT;
                ALTER TABLE booking ADD COLUMN recipient_last_name TEXT;
                ALTER TABLE booking ADD COLUMN recipient_phone TEXT;
                ALTER TABLE booking ADD COLUMN recipient_company TEXT;
                """)
        }
        migrator.registerMigration("v3: shared secret") { db in
            try db.execute(sql: "CREATE TABLE runtime_secret (name TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL)")
        }
        migrator.registerMigration("v4: holds") { db in
            try db.execute(sql: "ALTER TABLE booking ADD COLUMN hold_until INTEGER")
        }
        migrator.registerMigration("v5: connections") { db in try db.execute(sql: connectionTable) }
        migrator.registerMigration("v6: open claims") { db in
            // Every booking looks for claims to settle: an index of the few open ones, not a scan of the history.
            try db.execute(sql: "CREATE INDEX booking_open_claims ON booking (calendar) WHERE status IN ('claimed', 'expired')")
        }
        return migrator
    }

    /// A read of one statement on the calling thread. In WAL mode a read never waits for a writer,
    /// so it is done in microseconds, and the request does not hop to a reader queue and back
    /// (writes, which can wait for another process's lock, stay asynchronous). One statement is its
    /// own consistent snapshot: no transaction around it is needed, and none is opened.
    /// `store` names the table's owner in a driver error.
    func readNow<T>(store: String = "SQLite ledger", _ body: (Database) throws -> T) throws -> T {
        do { return try readers.read(body) } catch let error as LedgerError { throw error } catch { throw LedgerError("\(store): \(error)") }
    }

    /// The condition of an entry whose block overlaps `[from, to)`, and its arguments: the lower
    /// bound on `block_start` (an entry blocks at most `longestBlock`) keeps the index scan bounded.
    static let overlaps = "block_start < ? AND block_start > ? AND block_end > ?"

    static func overlapArguments(from: UnixTime, to: UnixTime) -> StatementArguments {
        [to, earliestBlockStart(overlapping: from), from]
    }

    /// Runs `body` in an IMMEDIATE transaction (the write lock first, then the reads), in its own
    /// savepoint: writes that arrive while one is being flushed share the next transaction (group
    /// commit), and each answers once its transaction is on the disk.
    func immediate<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await commits.write(body)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError("SQLite ledger: \(error)")
        }
    }

    /// The columns every lookup selects, in the order `entry` reads them by position (by name,
    /// each row costs a case-insensitive search per column; a booking re-check reads every live row).
    static let columns = """
        id, lineage, calendar, campaign, start, "end", block_start, block_end, status, idempotency_key, attendee_email, \
        recipient_first_name, recipient_last_name, recipient_phone, recipient_company, event_reference, created_at, hold_until
        """

    static func entry(_ row: Row) -> LedgerEntry {
        LedgerEntry(
            id: row[0], lineage: row[1], calendar: row[2], campaign: row[3], start: row[4], end: row[5], blockStart: row[6], blockEnd: row[7],
            status: LedgerEntry.Status(rawValue: row[8]) ?? .cancelled,
            idempotencyKey: row[9],
            recipient: Recipient(email: row[10], firstName: row[11], lastName: row[12], phone: row[13], company: row[14]),
            eventReference: row[15], createdAt: row[16], holdUntil: row[17])
    }

    static func byID(_ db: Database, _ id: String) throws -> LedgerEntry? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.columns) FROM booking WHERE id = ?"), arguments: [id]).map(entry)
    }

    static func required(_ db: Database, _ id: String) throws -> LedgerEntry {
        guard let found = try byID(db, id) else { throw LedgerError("no booking \(id)") }
        return found
    }

    /// The same guard as PostgreSQL's exclusion constraint: another lineage's claimed or confirmed
    /// entry overlapping this entry's block, whatever the claim's age.
    static func holder(_ db: Database, against e: LedgerEntry) throws -> LedgerEntry? {
        try Row.fetchOne(db.cachedStatement(sql: """
            SELECT \(Self.columns) FROM booking WHERE calendar = ? AND \(overlaps) AND lineage != ?
              AND status IN ('claimed', 'confirmed') LIMIT 1
            """), arguments: [e.calendar] + overlapArguments(from: e.blockStart, to: e.blockEnd) + [e.lineage]).map(entry)
    }

    /// The first live entry of the calendar overlapping the block, outside the lineage `excluding`.
    static func conflict(_ db: Database, _ request: ClaimRequest, excludingLineage excluding: String?) throws -> LedgerEntry? {
        try Row.fetchOne(db.cachedStatement(sql: """
            SELECT \(Self.columns) FROM booking
            WHERE calendar = ? AND \(overlaps) AND lineage IS NOT ?
              AND (status = 'confirmed' OR (status = 'claimed' AND COALESCE(hold_until, created_at + \(claimLifetime)) > ?))
            ORDER BY block_start LIMIT 1
            """), arguments: [request.calendar] + overlapArguments(from: request.blockStart, to: request.blockEnd) + [excluding, request.now])
            .map(entry)
    }

    /// Claims in the way that outlived their lifetime become `expired`: they hold no time, and
    /// reconciliation decides their fate.
    static func setAsideExpiredClaims(_ db: Database, _ request: ClaimRequest) throws {
        try db.execute(sql: """
            UPDATE booking SET status = 'expired'
            WHERE calendar = ? AND status = 'claimed' AND COALESCE(hold_until, created_at + \(claimLifetime)) <= ?
              AND \(overlaps)
            """, arguments: [request.calendar, request.now] + overlapArguments(from: request.blockStart, to: request.blockEnd))
    }

    static func insert(_ db: Database, _ request: ClaimRequest, lineage: String? = nil, holdUntil: UnixTime? = nil) throws -> LedgerEntry {
        let id = "bk_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        let entry = LedgerEntry(
            id: id, lineage: lineage ?? id,
            calendar: request.calendar, campaign: request.campaign, start: request.start, end: request.end,
            blockStart: request.blockStart, blockEnd: request.blockEnd, status: .claimed,
            idempotencyKey: request.idempotencyKey, recipient: request.recipient, eventReference: nil,
            createdAt: request.now, holdUntil: holdUntil)
        let r = entry.recipient
        try db.execute(sql: """
            INSERT INTO booking (id, lineage, calendar, campaign, start, "end", block_start, block_end, status, idempotency_key,
                                 attendee_email, recipient_first_name, recipient_last_name, recipient_phone, recipient_company,
                                 event_reference, created_at, hold_until)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'claimed', ?, ?, ?, ?, ?, ?, NULL, ?, ?)
            """, arguments: [entry.id, entry.lineage, entry.calendar, entry.campaign, entry.start, entry.end, entry.blockStart, entry.blockEnd,
                             entry.idempotencyKey, r.email, r.firstName, r.lastName, r.phone, r.company, entry.createdAt, holdUntil])
        return entry
    }

    static func byKey(_ db: Database, _ key: String) throws -> LedgerEntry? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.columns) FROM booking WHERE idempotency_key = ?"), arguments: [key]).map(entry)
    }

    public func claim(_ request: ClaimRequest) async throws -> ClaimOutcome {
        let request = try request.validated()
        return try await immediate { db in
            if let existing = try Self.byKey(db, request.idempotencyKey) { return .replayed(existing) }
            if let hold = request.replacingHold { try Self.deleteHold(db, key: hold) }
            try Self.setAsideExpiredClaims(db, request)
            if let other = try Self.conflict(db, request, excludingLineage: nil) { return .taken(by: other) }
            return .claimed(try Self.insert(db, request))
        }
    }

    static func deleteHold(_ db: Database, key: String) throws {
        try db.execute(sql: "DELETE FROM booking WHERE idempotency_key = ? AND status IN ('claimed', 'expired') AND hold_until IS NOT NULL",
                       arguments: [key])
    }

    public func hold(_ request: ClaimRequest, until: UnixTime) async throws -> ClaimOutcome {
        let request = try request.validated()
        return try await immediate { db in
            try Self.deleteHold(db, key: request.idempotencyKey)
            try Self.setAsideExpiredClaims(db, request)
            if let other = try Self.conflict(db, request, excludingLineage: nil) { return .taken(by: other) }
            return .claimed(try Self.insert(db, request, holdUntil: until))
        }
    }

    public func releaseHold(key: String) async throws -> LedgerEntry? {
        try await immediate { db in
            let found = try Self.byKey(db, key).flatMap { $0.holdUntil != nil && $0.status != .confirmed ? $0 : nil }
            try Self.deleteHold(db, key: key)
            return found
        }
    }

    public func confirm(id: String, eventReference: String) async throws -> LedgerEntry {
        try await immediate { db in
            let current = try Self.required(db, id)
            if current.status == .confirmed { return current }
            guard current.status == .claimed || current.status == .expired else {
                throw LedgerError("booking \(id) is \(current.status.rawValue), not claimed")
            }
            if let other = try Self.holder(db, against: current) {
                throw LedgerError("booking \(id) expired and \(other.id) now holds its time")
            }
            try db.execute(sql: "UPDATE booking SET status = 'confirmed', event_reference = ? WHERE id = ?", arguments: [eventReference, id])
            return try Self.required(db, id)
        }
    }

    public func release(id: String) async throws {
        _ = try await immediate { db in
            try db.execute(sql: "DELETE FROM booking WHERE id = ? AND status IN ('claimed', 'expired')", arguments: [id])
            return true
        }
    }

    public func move(id: String, to request: ClaimRequest) async throws -> ClaimOutcome {
        let request = try request.validated()
        return try await immediate { db in
            if let existing = try Self.byKey(db, request.idempotencyKey) { return .replayed(existing) }
            let old = try Self.required(db, id)
            guard old.status == .confirmed else { throw LedgerError("booking \(id) is \(old.status.rawValue); only confirmed bookings move") }
            try Self.setAsideExpiredClaims(db, request)
            if let other = try Self.conflict(db, request, excludingLineage: old.lineage) { return .taken(by: other) }
            return .claimed(try Self.insert(db, request, lineage: old.lineage))
        }
    }

    public func completeMove(newID: String, oldID: String, eventReference: String) async throws -> LedgerEntry {
        try await immediate { db in
            let new = try Self.required(db, newID), old = try Self.required(db, oldID)
            guard new.lineage == old.lineage else { throw LedgerError("\(newID) is not a move of \(oldID)") }
            if new.status == .confirmed && old.status == .cancelled { return new }
            guard new.status == .claimed || new.status == .expired else { throw LedgerError("booking \(newID) is \(new.status.rawValue)") }
            if let other = try Self.holder(db, against: new) {
                throw LedgerError("the move's claim expired and \(other.id) now holds its time")
            }
            try db.execute(sql: "UPDATE booking SET status = 'cancelled' WHERE id = ?", arguments: [oldID])
            try db.execute(sql: "UPDATE booking SET status = 'confirmed', event_reference = ? WHERE id = ?", arguments: [eventReference, newID])
            return try Self.required(db, newID)
        }
    }

    public func cancel(id: String) async throws -> LedgerEntry {
        try await immediate { db in
            _ = try Self.required(db, id)
            try db.execute(sql: "UPDATE booking SET status = 'cancelled' WHERE id = ?", arguments: [id])
            return try Self.required(db, id)
        }
    }

    public func entry(id: String) async throws -> LedgerEntry? {
        try readNow { db in try Self.byID(db, id) }
    }

    public func entries(lineage: String) async throws -> [LedgerEntry] {
        try readNow { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT \(Self.columns) FROM booking WHERE lineage = ? ORDER BY created_at, id"), arguments: [lineage]).map(Self.entry)
        }
    }

    public func expiredClaims(calendar: String, now: UnixTime) async throws -> [LedgerEntry] {
        try readNow { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT \(Self.columns) FROM booking WHERE calendar = ? AND status IN ('claimed', 'expired')
                  AND (status = 'expired' OR COALESCE(hold_until, created_at + \(claimLifetime)) <= ?) ORDER BY start
                """), arguments: [calendar, now]).map(Self.entry)
        }
    }

    public func entry(idempotencyKey: String) async throws -> LedgerEntry? {
        try readNow { db in try Self.byKey(db, idempotencyKey) }
    }

    public func sharedSecret() async throws -> [UInt8] {
        let fresh = Data((0..<32).map { _ in UInt8.random(in: 0...255) })
        return try await immediate { db in
            try db.execute(sql: "INSERT OR IGNORE INTO runtime_secret (name, value) VALUES ('offer-ids', ?)", arguments: [fresh])
            guard let value = try Data.fetchOne(db, sql: "SELECT value FROM runtime_secret WHERE name = 'offer-ids'"), value.count == 32 else {
                throw LedgerError("the ledger's offer-id secret is missing or damaged")
            }
            return [UInt8](value)
        }
    }

    /// Written once: every offers lookup runs it, and the statement cache hashes the text.
    static let liveEntriesSQL = """
        SELECT \(columns) FROM booking WHERE calendar = ? AND \(overlaps)
          AND (status = 'confirmed' OR (status = 'claimed' AND COALESCE(hold_until, created_at + \(claimLifetime)) > ?)) ORDER BY start
        """

    public func liveEntries(calendar: String, from: UnixTime, to: UnixTime, now: UnixTime) async throws -> [LedgerEntry] {
        try readNow { db in
            try Row.fetchAll(db.cachedStatement(sql: Self.liveEntriesSQL),
                             arguments: [calendar] + Self.overlapArguments(from: from, to: to) + [now]).map(Self.entry)
        }
    }
}
