import Booking
import Connections
import Foundation
import PlanModel
import GRDB

/// The connection table of the v5 migration: one row per member and provider, the refresh token
/// sealed (AES-GCM) by the connection store before it gets here.
let connectionTable = """
    CREATE TABLE connection (
        member TEXT NOT NULL,
        provider TEXT NOT NULL CHECK (provider IN ('google', 'outlook')),
        account TEXT NOT NULL,
        calendar TEXT NOT NULL,
        timezone TEXT,
        account_type TEXT CHECK (account_type IN ('work', 'personal')),
        status TEXT NOT NULL CHECK (status IN ('active', 'expired')),
        connected_at INTEGER NOT NULL,
        refreshed_at INTEGER,
        expired_reason TEXT,
        expired_at INTEGER,
        sealed_refresh_token BLOB NOT NULL,
        PRIMARY KEY (member, provider)
    )
    """

extension SQLiteLedger: ConnectionRecords {
    static let connectionColumns = """
        member, provider, account, calendar, timezone, account_type, status, connected_at, refreshed_at, expired_reason, expired_at,
        sealed_refresh_token
        """

    static func connection(_ row: Row) throws -> ConnectionRecord {
        guard let provider = CalendarProvider(rawValue: row[1]), let status = ConnectionRecord.Status(rawValue: row[6]) else {
            throw LedgerError("a connection row with an unknown provider or status: \(String(describing: row[1] as String?))")
        }
        return ConnectionRecord(member: row[0], provider: provider, account: row[2], calendar: row[3], timezone: row[4], accountType: row[5],
                                status: status, connectedAt: row[7], refreshedAt: row[8], expiredReason: row[9], expiredAt: row[10],
                                sealedRefreshToken: row[11])
    }

    public func saveConnection(_ r: ConnectionRecord) async throws {
        _ = try await immediate { db in
            try db.execute(sql: """
                INSERT INTO connection (\(Self.connectionColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (member, provider) DO UPDATE SET account = excluded.account, calendar = excluded.calendar,
                  timezone = excluded.timezone, account_type = excluded.account_type, status = excluded.status,
                  connected_at = excluded.connected_at, refreshed_at = excluded.refreshed_at, expired_reason = excluded.expired_reason,
                  expired_at = excluded.expired_at, sealed_refresh_token = excluded.sealed_refresh_token
                """, arguments: [r.member, r.provider.rawValue, r.account, r.calendar, r.timezone, r.accountType, r.status.rawValue,
                                 r.connectedAt, r.refreshedAt, r.expiredReason, r.expiredAt, r.sealedRefreshToken])
            return true
        }
    }

    public func connections() async throws -> [ConnectionRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.connectionColumns) FROM connection ORDER BY member, provider").map(Self.connection)
        }
    }

    public func connection(member: String, provider: CalendarProvider) async throws -> ConnectionRecord? {
        try read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.connectionColumns) FROM connection WHERE member = ? AND provider = ?"),
                             arguments: [member, provider.rawValue]).map(Self.connection)
        }
    }

    public func removeConnection(member: String, provider: CalendarProvider) async throws -> Bool {
        try await immediate { db in
            try db.execute(sql: "DELETE FROM connection WHERE member = ? AND provider = ?", arguments: [member, provider.rawValue])
            return db.changesCount > 0
        }
    }

    public func expireConnection(member: String, provider: CalendarProvider, reason: String, at: Int64) async throws {
        _ = try await immediate { db in
            try db.execute(sql: "UPDATE connection SET status = 'expired', expired_reason = ?, expired_at = ? WHERE member = ? AND provider = ?",
                           arguments: [reason, at, member, provider.rawValue])
            return true
        }
    }

    public func refreshedConnection(member: String, provider: CalendarProvider, at: Int64, sealedRefreshToken: Data?) async throws {
        _ = try await immediate { db in
            try db.execute(sql: """
                UPDATE connection SET refreshed_at = ?, sealed_refresh_token = COALESCE(?, sealed_refresh_token)
                WHERE member = ? AND provider = ? AND status = 'active'
                """, arguments: [at, sealedRefreshToken, member, provider.rawValue])
            return true
        }
    }

    public func resealConnections(_ tokens: [(member: String, provider: CalendarProvider, sealed: Data)]) async throws {
        _ = try await immediate { db in
            for t in tokens {
                try db.execute(sql: "UPDATE connection SET sealed_refresh_token = ? WHERE member = ? AND provider = ?",
                               arguments: [t.sealed, t.member, t.provider.rawValue])
            }
            return true
        }
    }

    /// A read of one statement on the calling thread (`readNow`), with driver errors named as the store's.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try readNow(store: "SQLite connection store", body)
    }
}
