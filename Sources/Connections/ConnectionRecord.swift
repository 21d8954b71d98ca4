import Foundation
import PlanModel

/// One connected calendar of one member, as the connection store keeps it (DESIGN §10): the
/// policy facts (account, calendar, zone) and the live state, with the refresh token sealed.
public struct ConnectionRecord: Sendable, Equatable {
    public enum Status: String, Sendable, Codable {
        case active, expired
    }

    public let member: String
    public let provider: CalendarProvider
    public let account: String
    public let calendar: String
    public let timezone: String?
    /// Outlook only: `work` or `personal`.
    public let accountType: String?
    public let status: Status
    public let connectedAt: Int64
    public let refreshedAt: Int64?
    /// Why the connection expired (the provider's answer), when it did.
    public let expiredReason: String?
    public let expiredAt: Int64?
    /// The refresh token sealed with AES-GCM (`TokenSealer`); never the token itself.
    public let sealedRefreshToken: Data

    public init(member: String, provider: CalendarProvider, account: String, calendar: String, timezone: String?, accountType: String?,
                status: Status, connectedAt: Int64, refreshedAt: Int64?, expiredReason: String?, expiredAt: Int64? = nil,
                sealedRefreshToken: Data) {
        self.member = member
        self.provider = provider
        self.account = account
        self.calendar = calendar
        self.timezone = timezone
        self.accountType = accountType
        self.status = status
        self.connectedAt = connectedAt
        self.refreshedAt = refreshedAt
        self.expiredReason = expiredReason
        self.expiredAt = expiredAt
        self.sealedRefreshToken = sealedRefreshToken
    }
}

/// Where connection records live: a table in the ledger database (SQLite or PostgreSQL). Rows
/// hold sealed tokens only; sealing and opening is `ConnectionStore`'s.
public protocol ConnectionRecords: Sendable {
    /// Adds the record, or replaces the one of the same member and provider.
    func saveConnection(_ record: ConnectionRecord) async throws
    /// Every record, by member and provider.
    func connections() async throws -> [ConnectionRecord]
    func connection(member: String, provider: CalendarProvider) async throws -> ConnectionRecord?
    /// Whether there was one to remove.
    func removeConnection(member: String, provider: CalendarProvider) async throws -> Bool
    /// Marks a connection expired with the provider's reason.
    func expireConnection(member: String, provider: CalendarProvider, reason: String, at: Int64) async throws
    /// Records a refresh; `sealedRefreshToken` replaces the stored one when the provider rotated it.
    func refreshedConnection(member: String, provider: CalendarProvider, at: Int64, sealedRefreshToken: Data?) async throws
    /// Replaces every sealed token in one transaction (key rotation): all or none.
    func resealConnections(_ tokens: [(member: String, provider: CalendarProvider, sealed: Data)]) async throws
}
