import PlanModel

/// One meeting in a ledger: claimed while the calendar event is being created, then confirmed.
public struct LedgerEntry: Sendable, Equatable, Codable {
    /// Where the entry is in its life.
    public enum Status: String, Sendable, Codable {
        /// The slot is held while the calendar event is created; expires if never confirmed.
        case claimed
        /// The calendar event exists.
        case confirmed
        /// Cancelled or moved away; its time is free again.
        case cancelled
        /// A claim that outlived `claimLifetime` and was set aside when another claim needed its
        /// time; reconciliation confirms it if its event exists and that time is still free.
        case expired
    }

    public let id: String
    /// The id of the first booking of a chain of moves; entries of one lineage never block each
    /// other (a meeting moved fifteen minutes overlaps its old self).
    public let lineage: String
    /// The calendar the meeting is on (e.g. `google:maria@acme.example/primary`).
    public let calendar: String
    public let campaign: String
    public let start: UnixTime
    public let end: UnixTime
    /// The meeting widened by the campaign's buffers: no two blocks of one calendar overlap.
    public let blockStart: UnixTime
    public let blockEnd: UnixTime
    public let status: Status
    public let idempotencyKey: String
    /// The person booked, as the call learned them: a move renders the same invite without asking again.
    public let recipient: Recipient
    /// The provider's id of the calendar event, once created.
    public let eventReference: String?
    public let createdAt: UnixTime
    /// Set on a hold (a claim without an event, kept for the call that heard the offer): the
    /// instant it stops holding time. Other claims stop holding after `claimLifetime`.
    public let holdUntil: UnixTime?

    public init(id: String, lineage: String? = nil, calendar: String, campaign: String, start: UnixTime, end: UnixTime, blockStart: UnixTime,
                blockEnd: UnixTime, status: Status, idempotencyKey: String, recipient: Recipient,
                eventReference: String?, createdAt: UnixTime, holdUntil: UnixTime? = nil) {
        self.id = id
        self.lineage = lineage ?? id
        self.calendar = calendar
        self.campaign = campaign
        self.start = start
        self.end = end
        self.blockStart = blockStart
        self.blockEnd = blockEnd
        self.status = status
        self.idempotencyKey = idempotencyKey
        self.recipient = recipient
        self.eventReference = eventReference
        self.createdAt = createdAt
        self.holdUntil = holdUntil
    }

    /// When this claim stops holding time if it is never confirmed.
    public var claimExpires: UnixTime { holdUntil ?? createdAt + claimLifetime }

    /// Whether the entry holds time at `now`.
    public func isLive(now: UnixTime) -> Bool { status == .confirmed || (status == .claimed && claimExpires > now) }

    /// The attendee's e-mail address.
    public var attendeeEmail: String { recipient.email }
}

/// What a caller asks to hold.
public struct ClaimRequest: Sendable, Equatable {
    public let calendar: String
    public let campaign: String
    public let start: UnixTime
    public let end: UnixTime
    public let bufferBefore: UnixTime
    public let bufferAfter: UnixTime
    public let idempotencyKey: String
    public let recipient: Recipient
    public let now: UnixTime
    /// A hold of the same call that this claim replaces in the same transaction (its own slot).
    public let replacingHold: String?

    public init(calendar: String, campaign: String, start: UnixTime, end: UnixTime, bufferBefore: UnixTime,
                bufferAfter: UnixTime, idempotencyKey: String, recipient: Recipient, now: UnixTime, replacingHold: String? = nil) {
        self.calendar = calendar
        self.campaign = campaign
        self.start = start
        self.end = end
        self.bufferBefore = bufferBefore
        self.bufferAfter = bufferAfter
        self.idempotencyKey = idempotencyKey
        self.recipient = recipient
        self.now = now
        self.replacingHold = replacingHold
    }

    /// The same request, replacing the call's hold `key` in the same transaction.
    public func replacing(hold key: String) -> ClaimRequest {
        ClaimRequest(calendar: calendar, campaign: campaign, start: start, end: end, bufferBefore: bufferBefore, bufferAfter: bufferAfter,
                     idempotencyKey: idempotencyKey, recipient: recipient, now: now, replacingHold: key)
    }

    public var blockStart: UnixTime { start - bufferBefore }
    public var blockEnd: UnixTime { end + bufferAfter }

    /// Refuses what no plan can ask for: an empty meeting, negative buffers, a block longer than
    /// `longestBlock` (which lets a ledger bound its range scans).
    public func validated() throws -> ClaimRequest {
        guard start < end, bufferBefore >= 0, bufferAfter >= 0 else {
            throw LedgerError("a claim needs start before end and buffers that are not negative")
        }
        guard blockEnd - blockStart <= longestBlock else {
            throw LedgerError("a claim blocks at most \(longestBlock / 3_600) hours (a meeting of a day and a day's buffer either side)")
        }
        return self
    }
}

/// The answer to a claim.
public enum ClaimOutcome: Sendable, Equatable {
    /// The slot is now held by this entry.
    case claimed(LedgerEntry)
    /// The same idempotency key was claimed before: the earlier entry, unchanged.
    case replayed(LedgerEntry)
    /// Another entry holds time that overlaps; the first one found.
    case taken(by: LedgerEntry)
}

/// Why a ledger operation failed (not a lost race: that is `ClaimOutcome.taken`).
public struct LedgerError: Error, Sendable, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Records claims and bookings per calendar. Claiming is one atomic step: of two confirmations
/// for overlapping time, exactly one wins. Implementations: SQLite (embedded) and PostgreSQL.
public protocol BookingLedger: Sendable {
    /// Holds the buffered range for a new meeting, unless an entry with the same idempotency key
    /// exists (then that one is returned) or a live entry of the calendar overlaps it.
    /// Claims older than `claimLifetime` that were never confirmed no longer hold time.
    func claim(_ request: ClaimRequest) async throws -> ClaimOutcome
    /// Marks a claim confirmed with the provider's event reference.
    func confirm(id: String, eventReference: String) async throws -> LedgerEntry
    /// Drops a claim that could not be confirmed (the provider failed).
    func release(id: String) async throws
    /// Starts moving a confirmed booking: claims the new range in the booking's lineage (its own
    /// old range does not block it) while the old entry stays confirmed; `taken` changes nothing.
    func move(id: String, to request: ClaimRequest) async throws -> ClaimOutcome
    /// Finishes a move in one transaction: the new entry confirmed with its event, the old cancelled.
    func completeMove(newID: String, oldID: String, eventReference: String) async throws -> LedgerEntry
    /// Cancels a booking; its time is free again.
    func cancel(id: String) async throws -> LedgerEntry
    /// The entry with this id.
    func entry(id: String) async throws -> LedgerEntry?
    /// Every entry of a lineage (a booking and its moves), oldest first.
    func entries(lineage: String) async throws -> [LedgerEntry]
    /// The entry created with this idempotency key.
    func entry(idempotencyKey: String) async throws -> LedgerEntry?
    /// Claims of a calendar that outlived `claimLifetime` without being confirmed (their process
    /// died), including those set aside as `expired`.
    func expiredClaims(calendar: String, now: UnixTime) async throws -> [LedgerEntry]
    /// Live (claimed or confirmed) entries of a calendar whose blocks overlap `[from, to)`.
    func liveEntries(calendar: String, from: UnixTime, to: UnixTime, now: UnixTime) async throws -> [LedgerEntry]
    /// Holds the request's range for a call until `until` (a claim without an event, keyed by the
    /// request's idempotency key): the call's earlier hold is replaced in the same transaction;
    /// `taken` when another live entry overlaps.
    func hold(_ request: ClaimRequest, until: UnixTime) async throws -> ClaimOutcome
    /// Releases the hold with this key; nil when there is none (already booked, expired or released).
    func releaseHold(key: String) async throws -> LedgerEntry?
    /// 32 random bytes created on first use and the same for every runtime sharing this ledger,
    /// across restarts: the key that signs offer ids.
    func sharedSecret() async throws -> [UInt8]
}

/// How long an unconfirmed claim holds its time (a process that died mid-booking frees it).
public let claimLifetime: UnixTime = 120

/// The longest time one entry blocks: a meeting of at most a day with buffers of at most a day
/// either side (the compiler's limits). Ledgers refuse longer claims, so an entry whose block ends
/// after `t` starts after `t - longestBlock`: an overlap query scans a bounded range of its index.
public let longestBlock: UnixTime = 3 * 86_400

/// `t - longestBlock`, saturating: the lowest block start an entry overlapping `t` can have.
public func earliestBlockStart(overlapping t: UnixTime) -> UnixTime {
    t > UnixTime.min + longestBlock ? t - longestBlock : UnixTime.min
}
