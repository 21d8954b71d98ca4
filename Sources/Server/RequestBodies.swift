import Foundation

/// Any JSON object key, for checking that a body holds only the fields it may.
struct AnyKey: CodingKey {
    let stringValue: String
    let intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue; self.intValue = nil }
    init?(intValue: Int) { self.stringValue = String(intValue); self.intValue = intValue }
}

/// A field the body may not have, or a body that is not what the route takes.
struct BodyError: Error {
    let field: String
    let message: String
}

extension Decoder {
    /// Refuses keys outside `allowed`: an unknown field is an error, never ignored.
    func onlyFields(_ allowed: Set<String>) throws {
        let container = try self.container(keyedBy: AnyKey.self)
        if let unknown = container.allKeys.first(where: { !allowed.contains($0.stringValue) }) {
            let path = (codingPath + [unknown]).map(\.stringValue).joined(separator: ".")
            throw BodyError(field: path, message: "unknown field `\(unknown.stringValue)` (this object takes: \(allowed.sorted().joined(separator: ", ")))")
        }
    }
}

/// `POST /v1/campaigns/{id}/offers`.
struct OffersBody: Decodable {
    struct Recipient: Decodable {
        let phone: String?
        let timezone: String?
        init(from decoder: any Decoder) throws {
            try decoder.onlyFields(["phone", "timezone"])
            let c = try decoder.container(keyedBy: CodingKeys.self)
            phone = try c.decodeIfPresent(String.self, forKey: .phone)
            timezone = try c.decodeIfPresent(String.self, forKey: .timezone)
        }
        enum CodingKeys: String, CodingKey { case phone, timezone }
    }
    let callID: String?
    let recipient: Recipient?
    let count: Int?
    let after: String?
    let before: String?
    let weekdays: [String]?
    let partOfDay: String?
    let hold: Bool?

    enum CodingKeys: String, CodingKey {
        case recipient, count, after, before, weekdays, hold
        case callID = "call_id"
        case partOfDay = "part_of_day"
    }

    init(from decoder: any Decoder) throws {
        try decoder.onlyFields(["call_id", "recipient", "count", "after", "before", "weekdays", "part_of_day", "hold"])
        let c = try decoder.container(keyedBy: CodingKeys.self)
        callID = try c.decodeIfPresent(String.self, forKey: .callID)
        recipient = try c.decodeIfPresent(Recipient.self, forKey: .recipient)
        count = try c.decodeIfPresent(Int.self, forKey: .count)
        after = try c.decodeIfPresent(String.self, forKey: .after)
        before = try c.decodeIfPresent(String.self, forKey: .before)
        weekdays = try c.decodeIfPresent([String].self, forKey: .weekdays)
        partOfDay = try c.decodeIfPresent(String.self, forKey: .partOfDay)
        hold = try c.decodeIfPresent(Bool.self, forKey: .hold)
    }
}

/// `POST /v1/bookings`.
struct BookingBody: Decodable {
    struct Recipient: Decodable {
        let email: String
        let firstName: String?
        let lastName: String?
        let phone: String?
        let company: String?
        enum CodingKeys: String, CodingKey {
            case email, phone, company
            case firstName = "first_name"
            case lastName = "last_name"
        }
        init(from decoder: any Decoder) throws {
            try decoder.onlyFields(["email", "first_name", "last_name", "phone", "company"])
            let c = try decoder.container(keyedBy: CodingKeys.self)
            email = try c.decode(String.self, forKey: .email)
            firstName = try c.decodeIfPresent(String.self, forKey: .firstName)
            lastName = try c.decodeIfPresent(String.self, forKey: .lastName)
            phone = try c.decodeIfPresent(String.self, forKey: .phone)
            company = try c.decodeIfPresent(String.self, forKey: .company)
        }
    }
    let campaign: String
    let offerID: String?
    let start: String?
    let callID: String?
    let recipient: Recipient

    enum CodingKeys: String, CodingKey {
        case campaign, start, recipient
        case offerID = "offer_id"
        case callID = "call_id"
    }

    init(from decoder: any Decoder) throws {
        try decoder.onlyFields(["campaign", "offer_id", "start", "call_id", "recipient"])
        let c = try decoder.container(keyedBy: CodingKeys.self)
        campaign = try c.decode(String.self, forKey: .campaign)
        offerID = try c.decodeIfPresent(String.self, forKey: .offerID)
        start = try c.decodeIfPresent(String.self, forKey: .start)
        callID = try c.decodeIfPresent(String.self, forKey: .callID)
        recipient = try c.decode(Recipient.self, forKey: .recipient)
    }
}

/// `POST /v1/bookings/{id}/reschedule`.
struct RescheduleBody: Decodable {
    let offerID: String?
    let start: String?
    enum CodingKeys: String, CodingKey {
        case start
        case offerID = "offer_id"
    }
    init(from decoder: any Decoder) throws {
        try decoder.onlyFields(["offer_id", "start"])
        let c = try decoder.container(keyedBy: CodingKeys.self)
        offerID = try c.decodeIfPresent(String.self, forKey: .offerID)
        start = try c.decodeIfPresent(String.self, forKey: .start)
    }
}

/// A body of one string field (`{"at"}`, `{"email"}`, `{"spoken"}`), named by `Field`.
struct SingleFieldBody<Field: SingleField>: Decodable {
    let value: String

    init(from decoder: any Decoder) throws {
        try decoder.onlyFields([Field.name])
        let c = try decoder.container(keyedBy: AnyKey.self)
        value = try c.decode(String.self, forKey: AnyKey(stringValue: Field.name))
    }
}

/// The one field of a `SingleFieldBody`.
protocol SingleField { static var name: String { get } }
enum AtField: SingleField { static let name = "at" }
enum EmailField: SingleField { static let name = "email" }
enum SpokenField: SingleField { static let name = "spoken" }
