import Booking
import Foundation
import PlanModel

/// Field limits every front end applies (DESIGN §9 "strings are length-checked").
enum FieldLimits {
    static let name = 200
    static let email = 254
    static let idempotencyKey = 255
    static let identifier = 200
}

/// A request to book one slot. `validated()` checks every field the way every front end must;
/// the idempotency rule lives here, so a retry through another front end is the same booking.
public struct BookRequest: Sendable, Equatable {
    public let campaign: String
    public let start: UnixTime
    public let recipient: Recipient
    /// As given; nil derives one (see `idempotencyKey`).
    public let givenIdempotencyKey: String?
    /// The call booking: its hold (if any) does not block it and is replaced by the booking.
    public let callID: String?

    public init(campaign: String, start: UnixTime, recipient: Recipient, idempotencyKey: String? = nil, callID: String? = nil) {
        self.campaign = campaign
        self.start = start
        self.recipient = recipient
        self.givenIdempotencyKey = idempotencyKey
        self.callID = callID
    }

    /// The key a retried confirmation is recognised by: the one given, else campaign, e-mail
    /// (case-insensitive) and start — the same confirmation, whichever front end repeats it.
    public var idempotencyKey: String {
        givenIdempotencyKey ?? "\(campaign)|\(recipient.email.lowercased())|\(start)"
    }

    /// The request, or the first field that is wrong.
    public func validated() throws(RuntimeError) -> BookRequest {
        try RequestChecks.identifier(campaign, field: "campaign")
        try RequestChecks.email(recipient.email)
        for (value, field) in [(recipient.firstName, "first_name"), (recipient.lastName, "last_name"), (recipient.company, "company")] {
            if let value { try RequestChecks.text(value, field: field, limit: FieldLimits.name) }
        }
        if let phone = recipient.phone { try RequestChecks.phone(phone) }
        if let key = givenIdempotencyKey { try RequestChecks.text(key, field: "idempotency_key", limit: FieldLimits.idempotencyKey) }
        if let callID { try RequestChecks.text(callID, field: "call_id", limit: FieldLimits.identifier) }
        return self
    }
}

/// The ledger key of a call's one hold.
public func holdKey(callID: String) -> String { "hold|\(callID)" }

/// A request to move a booking on the same call.
public struct RescheduleRequest: Sendable, Equatable {
    public let bookingID: String
    public let start: UnixTime
    /// The campaign whose plan judges the new time; nil: the booking's own campaign.
    public let campaign: String?
    public let amendment: RecipientAmendment
    public let givenIdempotencyKey: String?

    public init(bookingID: String, start: UnixTime, campaign: String? = nil, amendment: RecipientAmendment = RecipientAmendment(),
                idempotencyKey: String? = nil) {
        self.bookingID = bookingID
        self.start = start
        self.campaign = campaign
        self.amendment = amendment
        self.givenIdempotencyKey = idempotencyKey
    }

    /// The given key, else booking id and new start: a retried move returns the same moved booking.
    public var idempotencyKey: String { givenIdempotencyKey ?? "\(bookingID)|\(start)" }

    public func validated() throws(RuntimeError) -> RescheduleRequest {
        try RequestChecks.identifier(bookingID, field: "booking_id")
        if let campaign { try RequestChecks.identifier(campaign, field: "campaign") }
        for (value, field) in [(amendment.firstName, "first_name"), (amendment.lastName, "last_name")] {
            if let value { try RequestChecks.text(value, field: field, limit: FieldLimits.name) }
        }
        if let key = givenIdempotencyKey { try RequestChecks.text(key, field: "idempotency_key", limit: FieldLimits.idempotencyKey) }
        return self
    }
}

/// The checks requests share.
enum RequestChecks {
    static func text(_ value: String, field: String, limit: Int) throws(RuntimeError) {
        guard !value.isEmpty else { throw .invalid(field, "must not be empty") }
        guard value.count <= limit else { throw .invalid(field, "longer than \(limit) characters") }
        guard !value.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" }) else {
            throw .invalid(field, "contains control characters (line breaks are not allowed here)")
        }
    }

    static func identifier(_ value: String, field: String) throws(RuntimeError) {
        try text(value, field: field, limit: FieldLimits.identifier)
        guard !value.contains(where: \.isWhitespace) else { throw .invalid(field, "\(value): must not contain spaces") }
    }

    /// One `@`, something on each side, a dot in the domain, no spaces: what a calendar invite needs.
    static func email(_ value: String) throws(RuntimeError) {
        try text(value, field: "email", limit: FieldLimits.email)
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !value.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," || $0 == ";" }) else {
            throw .invalid("email", "\(value): not an e-mail address (expected name@example.com)")
        }
    }

    /// E.164: `+` and 8 to 15 digits.
    static func phone(_ value: String) throws(RuntimeError) {
        // ASCII digits after the plus: read as bytes (a character's Unicode properties cost more).
        let digits = value.utf8.dropFirst()
        guard value.utf8.first == UInt8(ascii: "+"), (8...15).contains(digits.count), digits.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw .invalid("phone", "\(value): expected an E.164 number such as +13125550100")
        }
    }
}
