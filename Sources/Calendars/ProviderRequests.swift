import Booking
import Availability
import Foundation
import PlanModel

/// An HTTP request a calendar provider expects, before any network: method, path with query, JSON body.
public struct ProviderRequest: Sendable, Equatable {
    public let method: String
    /// Path and query relative to the API root, e.g. `/calendar/v3/calendars/primary/events?conferenceDataVersion=1`.
    public let path: String
    public let body: [String: JSONValue]

    /// The body as JSON bytes (sorted keys, so requests are reproducible).
    public var bodyData: Data { JSONValue.object(body).data }
}

/// A JSON value small enough to build request bodies by hand.
public indirect enum JSONValue: Sendable, Equatable, Encodable {
    case string(String), bool(Bool), array([JSONValue]), object([String: JSONValue])

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let s): try container.encode(s)
        case .bool(let b): try container.encode(b)
        case .array(let a): try container.encode(a)
        case .object(let o): try container.encode(o)
        }
    }

    /// The JSON bytes, keys sorted (so requests are reproducible). Strings, booleans, arrays and
    /// objects always encode; an encoder failure would be a bug, reported as a JSON error body.
    public var data: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do { return try encoder.encode(self) } catch { return Data("{\"error\": \"unencodable request\"}".utf8) }
    }
}

/// The event-creation requests of Google Calendar and Microsoft Graph for a draft.
public enum ProviderRequests {
    /// Google's client-chosen event ids use base32hex (`0-9`, `a-v`), 5–1024 characters: the booking
    /// id without its underscore qualifies, and makes a retried insert a duplicate Google refuses.
    public static func googleEventID(_ bookingID: String) -> String {
        String(bookingID.lowercased().filter { ("0"..."9").contains($0) || ("a"..."v").contains($0) })
    }

    /// `events.insert` (POST …/calendars/{calendarId}/events?conferenceDataVersion=1&sendUpdates=all).
    /// Video without a fixed link asks Google for a Meet (`conferenceData.createRequest`, `hangoutsMeet`).
    public static func google(_ d: EventDraft, calendarID: String, timeZone: String) -> ProviderRequest {
        var body: [String: JSONValue] = [
            "id": .string(googleEventID(d.lineage)),
            "summary": .string(d.title),
            "start": .object(["dateTime": .string(Timestamp.utc(d.start)), "timeZone": .string(timeZone)]),
            "end": .object(["dateTime": .string(Timestamp.utc(d.end)), "timeZone": .string(timeZone)]),
            "attendees": .array([.object(attendee(d, emailKey: "email", nameKey: "displayName"))]),
            "extendedProperties": .object(["private": .object(["slotplanBooking": .string(d.bookingID), "slotplanCampaign": .string(d.campaign)])]),
        ]
        if !d.description.isEmpty { body["description"] = .string(d.description) }
        if let location = d.location { body["location"] = .string(location) }
        if d.meetingType == .video && d.link == nil {
            body["conferenceData"] = .object(["createRequest": .object([
                "requestId": .string(d.bookingID), "conferenceSolutionKey": .object(["type": .string("hangoutsMeet")]),
            ])])
        }
        let calendar = calendarID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/@"))) ?? calendarID
        return ProviderRequest(method: "POST", path: "/calendar/v3/calendars/\(calendar)/events?conferenceDataVersion=1&sendUpdates=all", body: body)
    }

    /// Graph `POST /me/calendars/{id}/events` (or `/me/events` for the default calendar). Work
    /// accounts get a Teams meeting (`isOnlineMeeting`, `teamsForBusiness`); personal accounts
    /// cannot, so a configured link goes into the body instead. `transactionId` makes retries safe.
    public static func graph(_ d: EventDraft, calendarID: String, accountType: OutlookAccountType) -> ProviderRequest {
        var html = escapeHTML(d.description).replacingOccurrences(of: "\r\n", with: "<br>").replacingOccurrences(of: "\n", with: "<br>")
        if let link = d.link { html += (html.isEmpty ? "" : "<br>") + "<a href=\"\(escapeHTML(link))\">\(escapeHTML(link))</a>" }
        var body: [String: JSONValue] = [
            "subject": .string(d.title),
            "body": .object(["contentType": .string("HTML"), "content": .string(html)]),
            "start": .object(["dateTime": .string(graphTime(d.start)), "timeZone": .string("UTC")]),
            "end": .object(["dateTime": .string(graphTime(d.end)), "timeZone": .string("UTC")]),
            "attendees": .array([.object(["emailAddress": .object(attendee(d, emailKey: "address", nameKey: "name")), "type": .string("required")])]),
            "transactionId": .string(d.bookingID),
            // Graph has no client-chosen ids: the booking and its lineage travel as extended properties.
            "singleValueExtendedProperties": .array([
                .object(["id": .string(graphBookingProperty), "value": .string(d.bookingID)]),
                .object(["id": .string(graphLineageProperty), "value": .string(d.lineage)]),
            ]),
        ]
        if let location = d.location { body["location"] = .object(["displayName": .string(location)]) }
        if d.meetingType == .video && accountType == .work && d.link == nil {
            body["isOnlineMeeting"] = .bool(true)
            body["onlineMeetingProvider"] = .string("teamsForBusiness")
        }
        let path = calendarID == "Calendar" ? "/v1.0/me/events"
            : "/v1.0/me/calendars/\(calendarID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? calendarID)/events"
        return ProviderRequest(method: "POST", path: path, body: body)
    }

    /// Named MAPI properties slotplan stores on Outlook events (one GUID for slotplan).
    public static let graphBookingProperty = "String {7b5f0d8e-3c1a-4f6b-9a52-2d7c1e9b4a10} Name slotplanBooking"
    public static let graphLineageProperty = "String {7b5f0d8e-3c1a-4f6b-9a52-2d7c1e9b4a10} Name slotplanLineage"

    static func attendee(_ d: EventDraft, emailKey: String, nameKey: String) -> [String: JSONValue] {
        var a: [String: JSONValue] = [emailKey: .string(d.attendeeEmail)]
        if let name = d.attendeeName { a[nameKey] = .string(name) }
        return a
    }

    /// `2026-12-01T15:15:00.0000000`, as Graph writes its dateTimeTimeZone values.
    static func graphTime(_ t: UnixTime) -> String { String(Timestamp.utc(t).dropLast()) + ".0000000" }

    /// HTML text escaping for Outlook bodies (see `HTMLText`).
    public static func escapeHTML(_ s: String) -> String { HTMLText.escape(s) }
}

extension BusyTime {
    /// Leaves out the interval of the event `[start, end)` being moved, from free/busy asked for
    /// `[from, to)`: a provider may cut a period to the asked range (Radicale does), so both are
    /// compared as cut to it. Free/busy carries no event ids; the times are what identify it.
    mutating func removeEvent(start: UnixTime, end: UnixTime, askedFrom from: UnixTime, to: UnixTime) {
        let own = (max(start, from), min(end, to))
        intervals.removeAll { (max($0.start, from), min($0.end, to)) == own }
    }
}
