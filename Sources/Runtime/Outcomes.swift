import Availability
import Booking
import Foundation
import PlanModel

/// A booking as every front end shows it (the `booking` object of DESIGN §9).
public struct BookingRecord: Sendable, Equatable, Codable {
    public let id: String
    public let lineage: String
    public let campaign: String
    /// RFC 3339, UTC.
    public let start: String
    public let end: String
    /// claimed | confirmed | cancelled | expired.
    public let status: String
    public let calendar: String
    /// The provider's event reference, once the event exists.
    public let event: String?

    public init(_ e: LedgerEntry) {
        id = e.id
        lineage = e.lineage
        campaign = e.campaign
        start = Timestamp.utc(e.start)
        end = Timestamp.utc(e.end)
        status = e.status.rawValue
        calendar = e.calendar
        event = e.eventReference
    }
}

/// An offered slot in an answer (alternatives of a refusal, later the offers of a lookup).
public struct Offer: Sendable, Equatable, Codable {
    /// The signed offer id (answers of the service carry one; the command line's do not).
    public let id: String?
    public let start: String
    public let end: String
    /// RFC 3339 with the owner's offset.
    public let ownerLocal: String
    /// RFC 3339 with the recipient's offset.
    public let recipientLocal: String?
    /// The policy's `offer` message for this slot.
    public let say: String?
    /// Held for the call that asked, until then (RFC 3339, UTC).
    public var heldUntil: String?

    enum CodingKeys: String, CodingKey {
        case id, start, end, say
        case ownerLocal = "owner_local"
        case recipientLocal = "recipient_local"
        case heldUntil = "held_until"
    }

    public init(_ slot: OfferedSlot, id: String?, clock: ZoneClock?, recipientClock: ZoneClock?, say: String?) {
        self.id = id
        start = Timestamp.utc(slot.start)
        end = Timestamp.utc(slot.end)
        ownerLocal = clock.map { $0.rfc3339(slot.start) } ?? Timestamp.utc(slot.start)
        recipientLocal = recipientClock.map { $0.rfc3339(slot.start) }
        self.say = say
    }
}

/// What `book` and `reschedule` came to, through any front end: a code (§9), the booking when
/// there is one, and what the refusal carries (alternatives, reasons, the one reason).
public struct BookingOutcome: Sendable, Equatable, Codable {
    public let status: OutcomeCode
    public let booking: BookingRecord?
    /// Booked earlier under the same idempotency key (HTTP answers 200 instead of 201).
    public let replayed: Bool?
    /// The policy's `booked` (or `rescheduled`) message.
    public let say: String?
    public let alternatives: [Offer]?
    /// Every failed rule of a `not_offered`.
    public let reasons: [Refusal]?
    /// Why a request was skipped, failed, or found nothing.
    public let reason: Refusal?
    /// The request field at fault, for an `invalid_request`.
    public let field: String?

    public init(status: OutcomeCode, booking: BookingRecord? = nil, replayed: Bool? = nil, say: String? = nil, alternatives: [Offer]? = nil,
                reasons: [Refusal]? = nil, reason: Refusal? = nil, field: String? = nil) {
        self.status = status
        self.booking = booking
        self.replayed = replayed
        self.say = say
        self.alternatives = alternatives
        self.reasons = reasons
        self.reason = reason
        self.field = field
    }

    /// A request refused before it reached the booking service.
    public init(_ error: RuntimeError) {
        self.init(status: error.code, reason: Refusal(error), field: error.field)
    }

    /// The refusal in one sentence, as every front end states it (HTTP `detail`, MCP `detail`).
    public var detail: String {
        reason?.message ?? reasons?.map(\.message).joined(separator: "; ")
            ?? (status == .slotTaken ? "another booking holds that time; offer one of the alternatives" : status.rawValue)
    }
}

extension Refusal {
    /// The reason of a request the runtime refused before booking anything.
    public init(_ error: RuntimeError) {
        let code: ReasonCode
        switch error.code {
        case .invalidRequest: code = .invalidField
        case .notFound: code = error.field == "campaign" ? .campaignNotFound : .bookingNotFound
        case .bookingSkipped: code = .noConnection
        case .calendarUnavailable: code = .calendarUnavailable
        case .booked, .cancelled, .slotTaken, .notOffered, .failed: code = .setupFailed
        }
        self.init(code, error.description)
    }
}

/// What `cancel` came to.
public struct CancelOutcome: Sendable, Equatable, Codable {
    public let status: OutcomeCode
    public let booking: BookingRecord?
    public let replayed: Bool?
    public let reason: Refusal?

    public init(status: OutcomeCode, booking: BookingRecord? = nil, replayed: Bool? = nil, reason: Refusal? = nil) {
        self.status = status
        self.booking = booking
        self.replayed = replayed
        self.reason = reason
    }
}

/// One JSON encoding for every outcome: sorted keys, no escaped slashes.
public enum OutcomeJSON {
    public static func encode<T: Encodable>(_ value: T) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }

    /// The UTF-8 of `encode` (for a response body, without a detour through `String`).
    public static func bytes<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            var data = try encoder.encode(value)
            data.append(0x0A)
            return data
        } catch {
            return Data("{\"status\": \"failed\", \"reason\": {\"code\": \"ledger_failed\", \"message\": \"cannot encode the outcome\"}}\n".utf8)
        }
    }
}
