import PlanModel
import Booking
import Availability
import Foundation
import FreeBusy
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Google Calendar over its REST API: busy time by `freeBusy.query`, events by `events.insert`
/// (a client-chosen id, so a retried insert is refused as a duplicate rather than doubled),
/// `events.patch` to move, `events.delete` to cancel. The access token is the environment's or a
/// stored connection's, refreshed on demand (`AccessTokenSource`).
public struct GoogleCalendar: CalendarTarget {
    public let baseURL: URL
    public let tokens: AccessTokenSource
    public let calendarID: String
    public let timeZone: String
    public let session: URLSession

    public init(baseURL: URL = URL(string: "https://www.googleapis.com") ?? URL(fileURLWithPath: "/"), accessToken: String = "", tokens: AccessTokenSource? = nil, calendarID: String, timeZone: String,
                session: URLSession = .shared) {
        self.baseURL = baseURL
        self.tokens = tokens ?? .fixed(accessToken)
        self.calendarID = calendarID
        self.timeZone = timeZone
        self.session = session
    }

    func send(_ method: String, _ path: String, body: Data?) async throws -> (Int, Data) {
        let client = BearerHTTPClient(baseURL: baseURL, tokens: tokens, service: "Google", extraHeaders: [:], session: session)
        return try await client.send(method, path, body: body)
    }

    var eventsPath: String {
        let calendar = calendarID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/@"))) ?? calendarID
        return "/calendar/v3/calendars/\(calendar)/events"
    }

    public func freeBusy(from: UnixTime, to: UnixTime, floatingZone: String, excludingBooking: String?) async throws -> BusyTime {
        let body = JSONValue.object([
            "timeMin": .string(Timestamp.utc(from)), "timeMax": .string(Timestamp.utc(to)),
            "items": .array([.object(["id": .string(calendarID)])]),
        ])
        let status: Int, data: Data
        do {
            (status, data) = try await send("POST", "/calendar/v3/freeBusy", body: body.data)
        } catch let skip as BookingSkippedError {
            throw skip  // the connection died: booking is skipped, not the calendar unknown
        } catch {
            return BusyTime(failures: ["Google calendar \(calendarID): \(error)"])  // unknown, never free
        }
        guard status == 200 else { return BusyTime(failures: ["\(HTTPStatusError("Google Calendar", status: status, body: data))"]) }
        var busy = try BusyReader(floatingZone: floatingZone, from: from, to: to).read(bytes: [UInt8](data), name: "Google freeBusy")
        if let excludingBooking, let own = try await event(id: ProviderRequests.googleEventID(excludingBooking)) {
            // freeBusy has no event ids: leave out the interval of the event being moved.
            busy.removeEvent(start: own.start, end: own.end, askedFrom: from, to: to)
        }
        return busy
    }

    /// Start, end and slotplan booking id of an event; nil only when Google says it does not exist
    /// (404, 410). Any other answer is unknown and throws: an error is never "no event".
    func event(id: String) async throws -> (start: UnixTime, end: UnixTime, booking: String?)? {
        let (status, data) = try await send("GET", "\(eventsPath)/\(id)", body: nil)
        if status == 404 || status == 410 { return nil }
        guard status == 200 else { throw HTTPStatusError("Google Calendar", status: status, body: data) }
        let event: GoogleEvent
        do { event = try JSONDecoder().decode(GoogleEvent.self, from: data) } catch {
            throw HTTPStatusError("Google Calendar (unreadable event)", status: status, body: data)
        }
        if event.status == "cancelled" { return nil }
        guard let start = event.start?.dateTime.flatMap(Timestamp.parse), let end = event.end?.dateTime.flatMap(Timestamp.parse) else {
            throw HTTPStatusError("Google Calendar (event without times)", status: status, body: data)
        }
        return (start, end, event.extendedProperties?.private?["slotplanBooking"])
    }

    public func create(_ draft: EventDraft, now: UnixTime) async throws -> String {
        let request = ProviderRequests.google(draft, calendarID: calendarID, timeZone: timeZone)
        let (status, data) = try await send(request.method, request.path, body: request.bodyData)
        let id = ProviderRequests.googleEventID(draft.lineage)
        if status == 200 { return id }
        // 409: an earlier attempt of this very booking already created it.
        if status == 409, let existing = try await event(id: id), existing.booking == draft.bookingID { return id }
        throw HTTPStatusError("Google Calendar", status: status, body: data)
    }

    public func update(reference: String, with draft: EventDraft, now: UnixTime) async throws {
        let full = ProviderRequests.google(draft, calendarID: calendarID, timeZone: timeZone).body
        var patch: [String: JSONValue] = [:]
        for key in ["summary", "description", "start", "end", "location", "extendedProperties"] { patch[key] = full[key] }
        let (status, data) = try await send("PATCH", "\(eventsPath)/\(reference)?sendUpdates=all", body: JSONValue.object(patch).data)
        guard status == 200 else { throw HTTPStatusError("Google Calendar", status: status, body: data) }
    }

    public func delete(reference: String) async throws {
        let (status, data) = try await send("DELETE", "\(eventsPath)/\(reference)?sendUpdates=all", body: nil)
        guard status == 200 || status == 204 || status == 404 || status == 410 else {
            throw HTTPStatusError("Google Calendar", status: status, body: data)
        }
    }

    public func find(entry: LedgerEntry) async throws -> String? {
        let id = ProviderRequests.googleEventID(entry.lineage)
        guard let event = try await event(id: id), event.booking == entry.id else { return nil }
        return id
    }
}

/// The fields of a Google Calendar event resource that slotplan reads back.
struct GoogleEvent: Decodable {
    struct Time: Decodable { let dateTime: String? }
    struct Properties: Decodable { let `private`: [String: String]? }
    let status: String?
    let start: Time?
    let end: Time?
    let extendedProperties: Properties?
}
