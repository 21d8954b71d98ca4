import Booking
import Foundation
import Logging
import NIOSSL
import PlanModel
import PostgresNIO

/// The ledger for several runtime instances: PostgreSQL, where an exclusion constraint on the
/// buffered range (`EXCLUDE USING gist (calendar WITH =, tstzrange(block_start, block_end, '[)') WITH &&)`)
/// decides races — not a read-then-write in the application. The reads before an insert only make
/// the answers nicer (`replayed`, who holds the time); the constraint is what keeps them honest.
public final class PostgresLedger: BookingLedger {
    let client: PostgresClient
    private let runTask: Task<Void, Never>
    let logger: Logger

    init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
        // The pool works while `run()` runs; cancelling it closes every connection.
        runTask = Task { await client.run() }
    }

    /// Connects to `postgres://user[:password]@host[:port]/database[?sslmode=MODE]` and migrates
    /// the schema. `sslmode` as libpq reads it: `disable`, `prefer` (the default: TLS when the server
    /// offers it, unverified), `require` (TLS, unverified), `verify-ca` (TLS, certificate checked
    /// against the system's CA store), `verify-full` (also the host name); `sslrootcert=FILE`
    /// replaces the system's CA store; `pool_size=N` (default 10) connections at most. A long-running
    /// `service` keeps them open (`pooled`); a command that books once opens what it uses. Messages
    /// never show the password.
    public static func connect(url: String, service: Bool = false) async throws -> PostgresLedger {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
              let host = components.host, let user = components.user else {
            throw LedgerError("not a PostgreSQL URL: \(redacted(url)) (expected postgres://user@host:port/database)")
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        if let unknown = query.keys.first(where: { !["sslmode", "sslrootcert", "pool_size"].contains($0) }) {
            throw LedgerError("\(redacted(url)): unknown parameter `\(unknown)` (slotplan reads sslmode, sslrootcert and pool_size)")
        }
        let database = String(components.path.dropFirst())
        let tls = try tls(mode: query["sslmode"], rootCertificate: query["sslrootcert"])
        let configuration = try pooled(PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user, password: components.password,
            database: database.isEmpty ? user : database, tls: tls.pool), size: query["pool_size"], kept: service)
        // One direct connection first: a refused port, a wrong password or a certificate that does
        // not verify is reported at once with its cause (the pool would keep retrying quietly).
        var probeLogger = Logger(label: "slotplan.ledger.postgres.probe")
        probeLogger.logLevel = .critical
        do {
            let probe = try await PostgresConnection.connect(
                configuration: .init(host: host, port: components.port ?? 5432, username: user, password: components.password,
                                     database: database.isEmpty ? user : database, tls: tls.connection),
                id: 0, logger: probeLogger)
            try await probe.close()
        } catch {
            throw LedgerError("cannot connect to the PostgreSQL ledger \(redacted(url)): \(String(reflecting: error))")
        }
        var logger = Logger(label: "slotplan.ledger.postgres")
        logger.logLevel = .error  // the pool warns if a lease comes before run() starts; it only waits
        let ledger = PostgresLedger(
            client: PostgresClient(configuration: configuration, eventLoopGroup: SpreadEventLoops(), backgroundLogger: logger), logger: logger)
        try await ledger.migrate()
        return ledger
    }

    /// Connections per instance unless `pool_size` says otherwise: half postgres-nio's default,
    /// since a service keeps all but one open.
    static let defaultPoolSize = 10

    /// The pool's options: `size` connections at most. `kept` (a service): all but one open from the
    /// start and kept, and no keep-alive queries. postgres-nio starts a timer task for every
    /// connection that goes idle when it keeps it alive or may close it (a quarter of a booking's
    /// CPU under load, five leases a booking); instead the server sends TCP keepalives on each
    /// connection after 30 idle seconds, which keeps firewalls and NAT from dropping it and lets
    /// the server drop a client that is gone.
    static func pooled(_ base: PostgresClient.Configuration, size text: String?, kept: Bool) throws -> PostgresClient.Configuration {
        var configuration = base
        let size = try text.map { text in
            guard let size = Int(text), (1...1_000).contains(size) else {
                throw LedgerError("pool_size=\(text): expected a number of connections from 1 to 1000 (default \(defaultPoolSize))")
            }
            return size
        } ?? defaultPoolSize
        configuration.options.maximumConnections = size
        guard kept else { return configuration }
        configuration.options.minimumConnections = size - 1
        configuration.options.keepAliveBehavior = nil
        configuration.options.additionalStartupParameters = [
            ("tcp_keepalives_idle", "30"), ("tcp_keepalives_interval", "10"), ("tcp_keepalives_count", "3"),
        ]
        return configuration
    }

    /// What an `sslmode` asks for.
    enum TLSMode {
        case disable
        case prefer(TLSConfiguration)
        case require(TLSConfiguration)
    }

    /// The TLS setting of an `sslmode`, for the pool and for a single connection.
    static func tls(mode: String?, rootCertificate: String?) throws -> (pool: PostgresClient.Configuration.TLS, connection: PostgresConnection.Configuration.TLS) {
        func context(_ configuration: TLSConfiguration) throws -> NIOSSLContext {
            do { return try NIOSSLContext(configuration: configuration) } catch { throw LedgerError("cannot set up TLS: \(error)") }
        }
        switch try tlsMode(mode: mode, rootCertificate: rootCertificate) {
        case .disable: return (.disable, .disable)
        case .prefer(let configuration): return (.prefer(configuration), .prefer(try context(configuration)))
        case .require(let configuration): return (.require(configuration), .require(try context(configuration)))
        }
    }

    static func tlsMode(mode: String?, rootCertificate: String?) throws -> TLSMode {
        var verified = TLSConfiguration.makeClientConfiguration()  // the system's CA store, full verification
        if let rootCertificate {
            do { verified.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(rootCertificate)) } catch {
                throw LedgerError("sslrootcert=\(rootCertificate): cannot read the certificates: \(error)")
            }
        }
        var unverified = TLSConfiguration.makeClientConfiguration()
        unverified.certificateVerification = .none
        switch mode ?? "prefer" {
        case "disable": return .disable
        case "allow", "prefer": return .prefer(unverified)
        case "require": return .require(unverified)
        case "verify-ca":
            verified.certificateVerification = .noHostnameVerification
            return .require(verified)
        case "verify-full": return .require(verified)
        case let other:
            throw LedgerError("sslmode=\(other) is not one of disable, allow, prefer, require, verify-ca, verify-full")
        }
    }

    /// The URL with its password replaced, for messages.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? "postgres://…"
    }

    /// Closes the pool (also done when the ledger goes away).
    public func close() {
        runTask.cancel()
    }

    deinit {
        runTask.cancel()
    }

    func migrate() async throws {
        try await run("migrate") {
            try await client.withTransaction(logger: logger) { c in
                // One migrating process at a time.
                try await c.query("SELECT pg_advisory_xact_lock(727274)", logger: logger)
                try await c.query("CREATE EXTENSION IF NOT EXISTS btree_gist", logger: logger)
                try await c.query("""
                    CREATE TABLE IF NOT EXISTS booking (
                        id text PRIMARY KEY,
                        lineage text NOT NULL,
                        calendar text NOT NULL,
                        campaign text NOT NULL,
                        start_at bigint NOT NULL,
                        end_at bigint NOT NULL,
                        block_start timestamptz NOT NULL,
                        block_end timestamptz NOT NULL,
                        status text NOT NULL CHECK (status IN ('claimed', 'confirmed', 'cancelled', 'expired')),
                        idempotency_key text NOT NULL UNIQUE,
                        attendee_email text NOT NULL,
                        event_reference text,
                        created_at bigint NOT NULL,
                        CHECK (block_start < block_end),
                        CONSTRAINT booking_block_overlap \(unescaped: Self.noOverlap)
                    )
                    """, logger: logger)
                try await c.query("CREATE TABLE IF NOT EXISTS runtime_secret (name text PRIMARY KEY, value bytea NOT NULL)", logger: logger)
                // v2: the booking keeps what its invite needs, so a move renders the same invite.
                for column in ["recipient_first_name", "recipient_last_name", "recipient_phone", "recipient_company"] {
                    try await c.query("ALTER TABLE booking ADD COLUMN IF NOT EXISTS \(unescaped: column) text", logger: logger)
                }
                // v4: holds (claims without an event, kept until hold_until).
                try await c.query("ALTER TABLE booking ADD COLUMN IF NOT EXISTS hold_until bigint", logger: logger)
                // v5: the connection store (DESIGN §10), tokens sealed before they get here.
                try await c.query(PostgresQuery(unsafeSQL: Self.connectionTable), logger: logger)
                // v6: the exclusion index ordered by time after the calendar. Ordered by lineage
                // (v1's `booking_no_overlap`), every check and range read walked most of the index.
                try await c.query("""
                    DO $$ BEGIN
                      IF EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'booking_no_overlap' AND conrelid = 'booking'::regclass) THEN
                        ALTER TABLE booking DROP CONSTRAINT booking_no_overlap, ADD CONSTRAINT booking_block_overlap \(unescaped: Self.noOverlap);
                      END IF;
                    END $$
                    """, logger: logger)
                // Claims not yet settled, for the reconciler.
                try await c.query("""
                    CREATE INDEX IF NOT EXISTS booking_unsettled ON booking (calendar, start_at) WHERE status IN ('claimed', 'expired')
                    """, logger: logger)
                // v7: a claim in one statement (the booking path's round trips went from nine to five).
                // v8: the same function makes holds and a move's new range (19 parameters).
                try await c.query(PostgresQuery(unsafeSQL: ClaimSlot.function), logger: logger)
            }
        }
    }

    /// Runs a database step, turning driver errors into `LedgerError`s that name the step.
    func run<T>(_ step: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError("PostgreSQL ledger (\(step)): \(String(reflecting: error))")
        }
    }

    /// No two live entries of one calendar overlap, unless they are one lineage (a move in flight).
    /// The range comes before the lineage: GiST groups its tree by the leading columns, and the
    /// range reads (`liveEntries`, the conflict checks) look entries up by calendar and time.
    static let noOverlap = """
        EXCLUDE USING gist (calendar WITH =, tstzrange(block_start, block_end, '[)') WITH &&, lineage WITH <>)
            WHERE (status IN ('claimed', 'confirmed'))
        """

    static let columns = """
        id, lineage, calendar, campaign, start_at, end_at, extract(epoch from block_start)::bigint, extract(epoch from block_end)::bigint,
        status, idempotency_key, attendee_email, recipient_first_name, recipient_last_name, recipient_phone, recipient_company,
        event_reference, created_at, hold_until
        """

    private func fetch(_ query: PostgresQuery) async throws -> [LedgerEntry] {
        try await Self.entries(client.query(query, logger: logger))
    }

    /// The entries of a prepared statement of the booking path.
    private func fetch(_ statement: some EntryStatement) async throws -> [LedgerEntry] {
        var out: [LedgerEntry] = []
        for try await entry in try await client.execute(statement, logger: logger) { out.append(entry) }
        return out
    }

    /// The entries of rows that select `columns`.
    private static func entries(_ rows: PostgresRowSequence) async throws -> [LedgerEntry] {
        var out: [LedgerEntry] = []
        for try await row in rows { out.append(try entry(row)) }
        return out
    }

    /// The entry of one row that selects `columns`.
    static func entry(_ row: PostgresRow) throws -> LedgerEntry {
        let (id, lineage, calendar, campaign, start, end, bs, be, status, key, email, first, last, phone, company, ref, created, holdUntil) =
            try row.decode((String, String, String, String, Int64, Int64, Int64, Int64, String, String, String, String?, String?, String?, String?,
                            String?, Int64, Int64?).self)
        let recipient = Recipient(email: email, firstName: first, lastName: last, phone: phone, company: company)
        return LedgerEntry(id: id, lineage: lineage, calendar: calendar, campaign: campaign, start: start, end: end, blockStart: bs, blockEnd: be,
                           status: LedgerEntry.Status(rawValue: status) ?? .cancelled, idempotencyKey: key, recipient: recipient,
                           eventReference: ref, createdAt: created, holdUntil: holdUntil)
    }

    private func byID(_ id: String) async throws -> LedgerEntry? {
        try await fetch(EntryByID(value: id)).first
    }

    private func byKey(_ key: String) async throws -> LedgerEntry? {
        try await fetch(EntryByKey(value: key)).first
    }

    /// The SQLSTATE of a server error inside whatever wraps it.
    static func sqlState(_ error: any Error) -> String? {
        if let e = error as? PSQLError { return e.serverInfo?[.sqlState] }
        if let t = error as? PostgresTransactionError, let inner = t.closureError { return sqlState(inner) }
        return nil
    }

    private func holder(_ request: ClaimRequest, excludingLineage excluding: String?) async throws -> LedgerEntry? {
        try await fetch("""
            SELECT \(unescaped: Self.columns) FROM booking
            WHERE calendar = \(request.calendar) AND status IN ('claimed', 'confirmed') AND lineage IS DISTINCT FROM \(excluding)
              AND tstzrange(block_start, block_end, '[)') && tstzrange(to_timestamp(\(request.blockStart)), to_timestamp(\(request.blockEnd)), '[)')
            ORDER BY block_start LIMIT 1
            """).first
    }

    private static func newID() -> String {
        "bk_" + String(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20))
    }

    public func claim(_ request: ClaimRequest) async throws -> ClaimOutcome {
        let request = try request.validated()
        return try await run("claim") {
            let id = Self.newID()
            let found: [LedgerEntry]
            do {
                // One round trip: the replay check, the set-aside and the insert (`slotplan_claim`).
                found = try await fetch(ClaimSlot(id: id, request: request, replacingHold: request.replacingHold))
            } catch {
                switch Self.sqlState(error) {
                case "23P01":  // exclusion_violation: someone holds overlapping time
                    if let other = try await holder(request, excludingLineage: nil) { return .taken(by: other) }
                    throw LedgerError("the claim conflicted, but the holder is gone; try again")
                case "23505":  // unique_violation on the idempotency key: a concurrent retry won
                    if let existing = try await byKey(request.idempotencyKey) {
                        return .replayed(existing)
                    }
                    throw error
                default:
                    throw error
                }
            }
            guard let entry = found.first else {
                throw LedgerError("the claim \(id) vanished")
            }
            return entry.id == id ? .claimed(entry) : .replayed(entry)
        }
    }

    public func confirm(id: String, eventReference: String) async throws -> LedgerEntry {
        try await run("confirm") {
            // The usual case in one statement; only when it changed nothing is the row read to say why.
            let updated: LedgerEntry?
            do {
                updated = try await fetch(ConfirmClaim(id: id, eventReference: eventReference)).first
            } catch where Self.sqlState(error) == "23P01" {
                throw LedgerError("booking \(id) expired and another booking now holds its time")
            }
            if let updated { return updated }
            guard let current = try await byID(id) else { throw LedgerError("no booking \(id)") }
            if current.status == .confirmed { return current }
            throw LedgerError("booking \(id) is \(current.status.rawValue), not claimed")
        }
    }

    public func release(id: String) async throws {
        try await run("release") {
            _ = try await client.query("DELETE FROM booking WHERE id = \(id) AND status IN ('claimed', 'expired')", logger: logger)
        }
    }

    public func move(id: String, to request: ClaimRequest) async throws -> ClaimOutcome {
        let request = try request.validated()
        return try await run("move") {
            if let existing = try await byKey(request.idempotencyKey) {
                return .replayed(existing)
            }
            guard let old = try await byID(id) else {
                throw LedgerError("no booking \(id)")
            }
            guard old.status == .confirmed else { throw LedgerError("booking \(id) is \(old.status.rawValue); only confirmed bookings move") }
            let newID = Self.newID()
            let found: [LedgerEntry]
            do {
                // The new range joins the old one's lineage: it may overlap it, nothing else.
                found = try await fetch(ClaimSlot(id: newID, request: request, lineage: old.lineage, replacingHold: nil, replays: false))
            } catch where Self.sqlState(error) == "23P01" {
                if let other = try await holder(request, excludingLineage: old.lineage) { return .taken(by: other) }
                throw LedgerError("the move conflicted, but the holder is gone; try again")
            }
            guard let entry = found.first else {
                throw LedgerError("the moved booking \(newID) vanished")
            }
            return .claimed(entry)
        }
    }

    public func completeMove(newID: String, oldID: String, eventReference: String) async throws -> LedgerEntry {
        try await run("complete move") {
            guard let new = try await byID(newID),
                  let old = try await byID(oldID) else {
                throw LedgerError("no booking \(newID) or \(oldID)")
            }
            guard new.lineage == old.lineage else { throw LedgerError("\(newID) is not a move of \(oldID)") }
            if new.status == .confirmed && old.status == .cancelled { return new }
            do {
                try await client.withTransaction(logger: logger) { c in
                    try await c.query("UPDATE booking SET status = 'cancelled' WHERE id = \(oldID)", logger: self.logger)
                    try await c.query("UPDATE booking SET status = 'confirmed', event_reference = \(eventReference) WHERE id = \(newID)", logger: self.logger)
                }
            } catch where Self.sqlState(error) == "23P01" {
                throw LedgerError("the move's claim expired and another booking now holds its time")
            }
            guard let updated = try await byID(newID) else {
                throw LedgerError("booking \(newID) vanished")
            }
            return updated
        }
    }

    public func cancel(id: String) async throws -> LedgerEntry {
        try await run("cancel") {
            try await client.query("UPDATE booking SET status = 'cancelled' WHERE id = \(id)", logger: logger)
            guard let entry = try await byID(id) else {
                throw LedgerError("no booking \(id)")
            }
            return entry
        }
    }

    public func entry(id: String) async throws -> LedgerEntry? {
        try await run("entry") { try await byID(id) }
    }

    public func entry(idempotencyKey: String) async throws -> LedgerEntry? {
        try await run("entry") { try await byKey(idempotencyKey) }
    }

    public func entries(lineage: String) async throws -> [LedgerEntry] {
        try await run("lineage") {
            try await fetch("SELECT \(unescaped: Self.columns) FROM booking WHERE lineage = \(lineage) ORDER BY created_at, id")
        }
    }

    public func expiredClaims(calendar: String, now: UnixTime) async throws -> [LedgerEntry] {
        try await run("expired claims") { try await fetch(ExpiredClaims(calendar: calendar, now: now)) }
    }

    static func deleteHoldQuery(_ key: String) -> PostgresQuery {
        "DELETE FROM booking WHERE idempotency_key = \(key) AND status IN ('claimed', 'expired') AND hold_until IS NOT NULL"
    }

    public func hold(_ request: ClaimRequest, until: UnixTime) async throws -> ClaimOutcome {
        let request = try request.validated()
        return try await run("hold") {
            let id = Self.newID()
            let found: [LedgerEntry]
            do {
                // The call's earlier hold goes in the same statement: holding again moves it.
                found = try await fetch(ClaimSlot(id: id, request: request, replacingHold: request.idempotencyKey, holdUntil: until,
                                                  replays: false))
            } catch {
                switch Self.sqlState(error) {
                case "23P01":
                    if let other = try await holder(request, excludingLineage: nil) { return .taken(by: other) }
                    throw LedgerError("the hold conflicted, but the holder is gone; try again")
                case "23505":
                    throw LedgerError("another request of this call is holding at the same moment; try again")
                default:
                    throw error
                }
            }
            guard let entry = found.first else { throw LedgerError("hold \(id) vanished") }
            return .claimed(entry)
        }
    }

    public func releaseHold(key: String) async throws -> LedgerEntry? {
        try await run("release hold") {
            let found = try await byKey(key).flatMap { $0.holdUntil != nil && $0.status != .confirmed ? $0 : nil }
            _ = try await client.query(Self.deleteHoldQuery(key), logger: logger)
            return found
        }
    }

    public func sharedSecret() async throws -> [UInt8] {
        let fresh = ByteBuffer(bytes: (0..<32).map { _ in UInt8.random(in: 0...255) })
        return try await run("shared secret") {
            try await client.query("INSERT INTO runtime_secret (name, value) VALUES ('offer-ids', \(fresh)) ON CONFLICT (name) DO NOTHING",
                                   logger: logger)
            let rows = try await client.query("SELECT value FROM runtime_secret WHERE name = 'offer-ids'", logger: logger)
            for try await value in rows.decode(ByteBuffer.self) where value.readableBytes == 32 {
                return Array(value.readableBytesView)
            }
            throw LedgerError("the ledger's offer-id secret is missing or damaged")
        }
    }

    public func liveEntries(calendar: String, from: UnixTime, to: UnixTime, now: UnixTime) async throws -> [LedgerEntry] {
        // Clamped to the years 1–9999 (timestamptz begins in 4713 BC), so callers may ask for "everything".
        let first: UnixTime = -62_135_596_800, last: UnixTime = 253_402_300_799
        let from = max(first, min(from, last)), to = max(first, min(to, last))
        // An empty range overlaps nothing (and a reversed one is an error to PostgreSQL).
        guard from < to else { return [] }
        return try await run("live entries") { try await fetch(LiveEntries(calendar: calendar, from: from, to: to, now: now)) }
    }
}
