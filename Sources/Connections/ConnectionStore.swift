import Foundation
import PlanModel

/// The connection store of DESIGN §10: connection records with their refresh tokens sealed.
/// Tokens go in through `add` and come out only through `refreshToken`, for a token refresh;
/// nothing here renders one.
public struct ConnectionStore: Sendable {
    public let records: any ConnectionRecords
    public let sealer: TokenSealer

    public init(records: any ConnectionRecords, sealer: TokenSealer) {
        self.records = records
        self.sealer = sealer
    }

    /// A connection to store, as `connections import` reads it or `connect` gets it.
    public struct NewConnection: Sendable, Equatable, Decodable {
        public let member: String
        public let provider: CalendarProvider
        public let refreshToken: String
        public let account: String
        public let calendar: String?
        public let timezone: String?
        public let accountType: String?

        public init(member: String, provider: CalendarProvider, refreshToken: String, account: String, calendar: String? = nil,
                    timezone: String? = nil, accountType: String? = nil) {
            self.member = member
            self.provider = provider
            self.refreshToken = refreshToken
            self.account = account
            self.calendar = calendar
            self.timezone = timezone
            self.accountType = accountType
        }

        /// The first thing wrong with it (checked for every entry before any is stored).
        public func validate() throws(ConnectionError) {
            guard !member.isEmpty, !account.isEmpty, !refreshToken.isEmpty else {
                throw ConnectionError("a connection needs member, account and refresh_token")
            }
            if let accountType, !["work", "personal"].contains(accountType) {
                throw ConnectionError("account_type `\(accountType.prefix(40))`: expected work or personal")
            }
            if accountType != nil && provider != .outlook { throw ConnectionError("account_type is for Outlook connections only") }
        }

        enum CodingKeys: String, CodingKey {
            case member, provider, account, calendar, timezone
            case refreshToken = "refresh_token"
            case accountType = "account_type"
        }
    }

    /// Stores (or replaces) a connection, active as of `now`.
    public func add(_ new: NewConnection, now: Int64) async throws {
        try new.validate()
        let sealed = try sealer.seal(new.refreshToken, member: new.member, provider: new.provider)
        try await records.saveConnection(ConnectionRecord(
            member: new.member, provider: new.provider, account: new.account,
            calendar: new.calendar ?? (new.provider == .google ? "primary" : "Calendar"), timezone: new.timezone,
            accountType: new.provider == .outlook ? (new.accountType ?? "work") : nil, status: .active, connectedAt: now, refreshedAt: nil,
            expiredReason: nil, sealedRefreshToken: sealed))
    }

    /// The refresh token of an active connection; nil when there is no such connection.
    public func refreshToken(member: String, provider: CalendarProvider) async throws -> (record: ConnectionRecord, token: String)? {
        guard let record = try await records.connection(member: member, provider: provider) else { return nil }
        return (record, try sealer.open(record.sealedRefreshToken, member: member, provider: provider))
    }

    /// A refresh succeeded; a rotated refresh token (Microsoft rotates them) replaces the old one.
    public func refreshed(member: String, provider: CalendarProvider, at: Int64, newRefreshToken: String?) async throws {
        let sealed = try newRefreshToken.map { token throws(ConnectionError) in try sealer.seal(token, member: member, provider: provider) }
        try await records.refreshedConnection(member: member, provider: provider, at: at, sealedRefreshToken: sealed)
    }

    /// Re-seals every token under `newSealer`, in one transaction; returns how many.
    public func rekey(to newSealer: TokenSealer) async throws -> Int {
        var resealed: [(member: String, provider: CalendarProvider, sealed: Data)] = []
        for record in try await records.connections() {
            let token = try sealer.open(record.sealedRefreshToken, member: record.member, provider: record.provider)
            resealed.append((record.member, record.provider, try newSealer.seal(token, member: record.member, provider: record.provider)))
        }
        try await records.resealConnections(resealed)
        return resealed.count
    }
}

/// A connection as `connections list --format json` shows it: everything but the token.
public struct ConnectionListing: Sendable, Equatable, Codable {
    public let member: String
    public let provider: String
    public let account: String
    public let calendar: String
    public let timezone: String?
    public let accountType: String?
    public let status: String
    public let connectedAt: String
    public let refreshedAt: String?
    public let expiredReason: String?
    public let expiredAt: String?

    public init(_ r: ConnectionRecord, stamp: (Int64) -> String) {
        member = r.member
        provider = r.provider.rawValue
        account = r.account
        calendar = r.calendar
        timezone = r.timezone
        accountType = r.accountType
        status = r.status.rawValue
        connectedAt = stamp(r.connectedAt)
        refreshedAt = r.refreshedAt.map(stamp)
        expiredReason = r.expiredReason
        expiredAt = r.expiredAt.map(stamp)
    }

    enum CodingKeys: String, CodingKey {
        case member, provider, account, calendar, timezone, status
        case accountType = "account_type"
        case connectedAt = "connected_at"
        case refreshedAt = "refreshed_at"
        case expiredReason = "expired_reason"
        case expiredAt = "expired_at"
    }

    /// Every field, `null` included, as DESIGN §10 lists them.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(member, forKey: .member)
        try c.encode(provider, forKey: .provider)
        try c.encode(account, forKey: .account)
        try c.encode(calendar, forKey: .calendar)
        try c.encode(timezone, forKey: .timezone)
        try c.encode(accountType, forKey: .accountType)
        try c.encode(status, forKey: .status)
        try c.encode(connectedAt, forKey: .connectedAt)
        try c.encode(refreshedAt, forKey: .refreshedAt)
        try c.encode(expiredReason, forKey: .expiredReason)
        try c.encode(expiredAt, forKey: .expiredAt)
    }
}
