import Booking
import Connections
import Foundation
import PlanModel
import NIOCore
import PostgresNIO

extension PostgresLedger: ConnectionRecords {
    static let connectionTable = """
        CREATE TABLE IF NOT EXISTS connection (
            member text NOT NULL,
            provider text NOT NULL CHECK (provider IN ('google', 'outlook')),
            account text NOT NULL,
            calendar text NOT NULL,
            timezone text,
            account_type text CHECK (account_type IN ('work', 'personal')),
            status text NOT NULL CHECK (status IN ('active', 'expired')),
            connected_at bigint NOT NULL,
            refreshed_at bigint,
            expired_reason text,
            expired_at bigint,
            sealed_refresh_token bytea NOT NULL,
            PRIMARY KEY (member, provider)
        )
        """

    static let connectionColumns = """
        member, provider, account, calendar, timezone, account_type, status, connected_at, refreshed_at, expired_reason, expired_at,
        sealed_refresh_token
        """

    public func saveConnection(_ r: ConnectionRecord) async throws {
        let sealed = ByteBuffer(bytes: r.sealedRefreshToken)
        try await run("save connection") {
            try await client.query("""
                INSERT INTO connection (\(unescaped: Self.connectionColumns)) VALUES (\(r.member), \(r.provider.rawValue), \(r.account),
                  \(r.calendar), \(r.timezone), \(r.accountType), \(r.status.rawValue), \(r.connectedAt), \(r.refreshedAt), \(r.expiredReason),
                  \(r.expiredAt), \(sealed))
                ON CONFLICT (member, provider) DO UPDATE SET account = excluded.account, calendar = excluded.calendar,
                  timezone = excluded.timezone, account_type = excluded.account_type, status = excluded.status,
                  connected_at = excluded.connected_at, refreshed_at = excluded.refreshed_at, expired_reason = excluded.expired_reason,
                  expired_at = excluded.expired_at, sealed_refresh_token = excluded.sealed_refresh_token
                """, logger: logger)
        }
    }

    public func connections() async throws -> [ConnectionRecord] {
        try await run("connections") {
            try await fetchConnections("SELECT \(unescaped: Self.connectionColumns) FROM connection ORDER BY member, provider")
        }
    }

    public func connection(member: String, provider: CalendarProvider) async throws -> ConnectionRecord? {
        try await run("connection") {
            try await fetchConnections("""
                SELECT \(unescaped: Self.connectionColumns) FROM connection WHERE member = \(member) AND provider = \(provider.rawValue)
                """).first
        }
    }

    public func removeConnection(member: String, provider: CalendarProvider) async throws -> Bool {
        try await run("remove connection") {
            let rows = try await client.query("""
                DELETE FROM connection WHERE member = \(member) AND provider = \(provider.rawValue) RETURNING member
                """, logger: logger)
            for try await _ in rows.decode(String.self) { return true }
            return false
        }
    }

    public func expireConnection(member: String, provider: CalendarProvider, reason: String, at: Int64) async throws {
        try await run("expire connection") {
            try await client.query("""
                UPDATE connection SET status = 'expired', expired_reason = \(reason), expired_at = \(at)
                WHERE member = \(member) AND provider = \(provider.rawValue)
                """, logger: logger)
        }
    }

    public func refreshedConnection(member: String, provider: CalendarProvider, at: Int64, sealedRefreshToken: Data?) async throws {
        let sealed = sealedRefreshToken.map { ByteBuffer(bytes: $0) }
        try await run("refreshed connection") {
            try await client.query("""
                UPDATE connection SET refreshed_at = \(at), sealed_refresh_token = COALESCE(\(sealed), sealed_refresh_token)
                WHERE member = \(member) AND provider = \(provider.rawValue) AND status = 'active'
                """, logger: logger)
        }
    }

    public func resealConnections(_ tokens: [(member: String, provider: CalendarProvider, sealed: Data)]) async throws {
        try await run("reseal connections") {
            try await client.withTransaction(logger: logger) { c in
                for t in tokens {
                    try await c.query("""
                        UPDATE connection SET sealed_refresh_token = \(ByteBuffer(bytes: t.sealed))
                        WHERE member = \(t.member) AND provider = \(t.provider.rawValue)
                        """, logger: logger)
                }
            }
        }
    }

    private func fetchConnections(_ query: PostgresQuery) async throws -> [ConnectionRecord] {
        var out: [ConnectionRecord] = []
        let rows = try await client.query(query, logger: logger)
        for try await (member, provider, account, calendar, zone, type, status, connected, refreshed, reason, expiredAt, sealed) in rows.decode(
            (String, String, String, String, String?, String?, String, Int64, Int64?, String?, Int64?, ByteBuffer).self) {
            guard let p = CalendarProvider(rawValue: provider), let s = ConnectionRecord.Status(rawValue: status) else {
                throw LedgerError("a connection row with an unknown provider or status: \(provider)/\(status)")
            }
            out.append(ConnectionRecord(member: member, provider: p, account: account, calendar: calendar, timezone: zone, accountType: type,
                                        status: s, connectedAt: connected, refreshedAt: refreshed, expiredReason: reason, expiredAt: expiredAt,
                                        sealedRefreshToken: Data(sealed.readableBytesView)))
        }
        return out
    }
}
