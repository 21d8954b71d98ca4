import Booking
import Foundation
import PlanModel

/// The JSON requests of DESIGN §9 and §11 turned into runtime requests, the same way for every
/// front end that speaks JSON (HTTP, MCP): strict decoding, RFC 3339 times, weekday and
/// part-of-day names, offer ids. Every refusal is a `RuntimeError` with the field at fault.
public enum Wire {
    /// One decoder for every request: its options never change, and decoding is safe from any thread.
    static let decoder = JSONDecoder()

    /// `T` from `data`; malformed JSON, wrong types, missing and unknown fields are `invalid_request`.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(RuntimeError) -> T {
        do {
            return try decoder.decode(type, from: data)
        } catch let error as BodyError {
            throw .invalid(error.field, error.message)
        } catch let DecodingError.keyNotFound(key, context) {
            throw .invalid(path(context.codingPath + [key]), "missing field `\(key.stringValue)`")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw .invalid(path(context.codingPath), "wrong type: \(context.debugDescription)")
        } catch {
            throw .invalid(nil, "the body is not JSON of the expected shape")
        }
    }

    static func path(_ keys: [any CodingKey]) -> String? {
        keys.isEmpty ? nil : keys.map(\.stringValue).joined(separator: ".")
    }

    /// An RFC 3339 time with a zone, or nil when none was given.
    public static func instant(_ text: String?, field: String) throws(RuntimeError) -> UnixTime? {
        guard let text else { return nil }
        guard let t = Timestamp.parse(text) else {
            throw .invalid(field, "`\(text.prefix(80))` is not an RFC 3339 time with a zone (e.g. 2026-12-01T15:00:00Z)")
        }
        return t
    }
}

extension OffersBody {
    /// The offers request of `campaign` this body asks for.
    public func request(campaign: String) throws(RuntimeError) -> OffersRequest {
        var days: [Weekday] = []
        for name in weekdays ?? [] {
            guard let day = Weekday(rawValue: name.lowercased()) else {
                throw .invalid("weekdays", "`\(name.prefix(40))` is not a weekday (mon, tue, wed, thu, fri, sat, sun)")
            }
            days.append(day)
        }
        var part: OffersRequest.PartOfDay?
        if let partOfDay {
            guard let value = OffersRequest.PartOfDay(rawValue: partOfDay) else {
                throw .invalid("part_of_day", "`\(partOfDay.prefix(40))` is not morning, afternoon or evening")
            }
            part = value
        }
        return OffersRequest(campaign: campaign, callID: callID, phone: recipient?.phone, timezone: recipient?.timezone, count: count,
                             after: try Wire.instant(after, field: "after"), before: try Wire.instant(before, field: "before"),
                             weekdays: days, partOfDay: part, hold: hold ?? false)
    }
}

extension BookingBody.Recipient {
    /// The recipient as the booking service takes it.
    public var recipient: Recipient {
        Recipient(email: email, firstName: firstName, lastName: lastName, phone: phone, company: company)
    }
}

extension Runtime {
    /// The start a booking or a move asks for: an offer id of `campaign` (re-checked like any
    /// start when booked), or a start. A malformed, tampered or foreign offer id is `not_found`.
    public func start(offerID: String?, start: String?, campaign: String) throws(RuntimeError) -> UnixTime {
        switch (offerID, start) {
        case (let id?, nil):
            guard let claim = offerSigner?.verify(id), claim.campaign == campaign else {
                throw RuntimeError(.notFound, field: "offer_id", "no offer `\(id.prefix(80))` for campaign \(campaign)")
            }
            return claim.start
        case (nil, let text?):
            return try Wire.instant(text, field: "start") ?? 0
        default:
            throw .invalid("offer_id", "give exactly one of `offer_id` and `start`")
        }
    }
}
