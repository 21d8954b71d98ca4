import Foundation

// The JSON request bodies of DESIGN §9, decoded strictly. The HTTP routes and the MCP tools (§11)
// take the same field names, so both decode through these.

/// Any JSON object key, for checking that a body holds only the fields it may.
public struct AnyKey: CodingKey {
    public let stringValue: String
    public let intValue: Int?
    public init(stringValue: String) { self.stringValue = stringValue; self.intValue = nil }
    public init?(intValue: Int) { self.stringValue = String(intValue); self.intValue = intValue }
}

/// A field the body may not have, or a body that is not what the route takes.
public struct BodyError: Error {
    public let field: String
    public let message: String
}

extension Decoder {
    /// Refuses keys outside `allowed`: an unknown field is an error, never ignored.
    public func onlyFields(_ allowed: Set<String>) throws {
        _ = try fields(allowed)
    }

    /// The object's fields and their keys, once an unknown one has been refused: a body then
    /// decodes the fields it has, rather than asking for each it might have.
    func fields(_ allowed: Set<String>) throws -> (container: KeyedDecodingContainer<AnyKey>, keys: [AnyKey]) {
        let container = try self.container(keyedBy: AnyKey.self)
        let keys = container.allKeys
        if let unknown = keys.first(where: { !allowed.contains($0.stringValue) }) {
            let path = (codingPath + [unknown]).map(\.stringValue).joined(separator: ".")
            throw BodyError(field: path, message: "unknown field `\(unknown.stringValue)` (this object takes: \(allowed.sorted().joined(separator: ", ")))")
        }
        return (container, keys)
    }
}

/// `POST /v1/campaigns/{id}/offers`.
public struct OffersBody: Decodable {
    public struct Recipient: Decodable {
        public let phone: String?
        public let timezone: String?
        static let fields: Set<String> = ["phone", "timezone"]

        public init(from decoder: any Decoder) throws {
            let (c, keys) = try decoder.fields(Self.fields)
            var phone: String?, timezone: String?
            for key in keys {
                switch key.stringValue {
                case "phone": phone = try c.decodeIfPresent(String.self, forKey: key)
                case "timezone": timezone = try c.decodeIfPresent(String.self, forKey: key)
                default: break  // refused by `fields` already
                }
            }
            self.phone = phone
            self.timezone = timezone
        }
    }
    public let callID: String?
    public let recipient: Recipient?
    public let count: Int?
    public let after: String?
    public let before: String?
    public let weekdays: [String]?
    public let partOfDay: String?
    public let hold: Bool?

    static let fields: Set<String> = ["call_id", "recipient", "count", "after", "before", "weekdays", "part_of_day", "hold"]

    /// Every lookup decodes one: only the fields the body has are decoded.
    public init(from decoder: any Decoder) throws {
        let (c, keys) = try decoder.fields(Self.fields)
        var callID: String?, recipient: Recipient?, count: Int?, after: String?, before: String?
        var weekdays: [String]?, partOfDay: String?, hold: Bool?
        for key in keys {
            switch key.stringValue {
            case "call_id": callID = try c.decodeIfPresent(String.self, forKey: key)
            case "recipient": recipient = try c.decodeIfPresent(Recipient.self, forKey: key)
            case "count": count = try c.decodeIfPresent(Int.self, forKey: key)
            case "after": after = try c.decodeIfPresent(String.self, forKey: key)
            case "before": before = try c.decodeIfPresent(String.self, forKey: key)
            case "weekdays": weekdays = try c.decodeIfPresent([String].self, forKey: key)
            case "part_of_day": partOfDay = try c.decodeIfPresent(String.self, forKey: key)
            case "hold": hold = try c.decodeIfPresent(Bool.self, forKey: key)
            default: break  // refused by `fields` already
            }
        }
        (self.callID, self.recipient, self.count, self.after, self.before) = (callID, recipient, count, after, before)
        (self.weekdays, self.partOfDay, self.hold) = (weekdays, partOfDay, hold)
    }
}

/// `POST /v1/bookings`.
public struct BookingBody: Decodable {
    public struct Recipient: Decodable {
        public let email: String
        public let firstName: String?
        public let lastName: String?
        public let phone: String?
        public let company: String?
        enum CodingKeys: String, CodingKey {
            case email, phone, company
            case firstName = "first_name"
            case lastName = "last_name"
        }
        public init(from decoder: any Decoder) throws {
            try decoder.onlyFields(["email", "first_name", "last_name", "phone", "company"])
            let c = try decoder.container(keyedBy: CodingKeys.self)
            email = try c.decode(String.self, forKey: .email)
            firstName = try c.decodeIfPresent(String.self, forKey: .firstName)
            lastName = try c.decodeIfPresent(String.self, forKey: .lastName)
            phone = try c.decodeIfPresent(String.self, forKey: .phone)
            company = try c.decodeIfPresent(String.self, forKey: .company)
        }
    }
    public let campaign: String
    public let offerID: String?
    public let start: String?
    public let callID: String?
    public let recipient: Recipient

    enum CodingKeys: String, CodingKey {
        case campaign, start, recipient
        case offerID = "offer_id"
        case callID = "call_id"
    }

    public init(from decoder: any Decoder) throws {
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
public struct RescheduleBody: Decodable {
    public let offerID: String?
    public let start: String?
    enum CodingKeys: String, CodingKey {
        case start
        case offerID = "offer_id"
    }
    public init(from decoder: any Decoder) throws {
        try decoder.onlyFields(["offer_id", "start"])
        let c = try decoder.container(keyedBy: CodingKeys.self)
        offerID = try c.decodeIfPresent(String.self, forKey: .offerID)
        start = try c.decodeIfPresent(String.self, forKey: .start)
    }
}

/// A body of one string field (`{"at"}`, `{"email"}`, `{"spoken"}`), named by `Field`.
public struct SingleFieldBody<Field: SingleField>: Decodable {
    public let value: String

    public init(from decoder: any Decoder) throws {
        try decoder.onlyFields([Field.name])
        let c = try decoder.container(keyedBy: AnyKey.self)
        value = try c.decode(String.self, forKey: AnyKey(stringValue: Field.name))
    }
}

/// The one field of a `SingleFieldBody`.
public protocol SingleField { static var name: String { get } }
public enum AtField: SingleField { public static let name = "at" }
public enum EmailField: SingleField { public static let name = "email" }
public enum SpokenField: SingleField { public static let name = "spoken" }
