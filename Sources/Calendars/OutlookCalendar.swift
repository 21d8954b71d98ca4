import Booking
import Availability
import Foundation
import FreeBusy
import PlanModel
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Outlook (Microsoft 365 or Outlook.com) over Microsoft Graph: busy time by
/// `calendar/getSchedule`, events created with a `transactionId` (Graph drops a retried create),
/// moved by PATCH, deleted by DELETE, found again by slotplan's extended properties.
public struct OutlookCalendar: CalendarTarget {
    public let baseURL: URL
    public let tokens: AccessTokenSource
    /// The mailbox whose schedule is read (the connected account).
    public let account: String
    public let calendarID: String
    public let accountType: OutlookAccountType
    public let session: URLSession

    public init(baseURL: URL = URL(string: "https://graph.microsoft.com") ?? URL(fileURLWithPath: "/"), accessToken: String = "", tokens: AccessTokenSource? = nil,
                account: String, calendarID: String, accountType: OutlookAccountType, session: URLSession = .shared) {
        self.baseURL = baseURL
        self.tokens = tokens ?? .fixed(accessToken)
        self.account = account
        self.calendarID = calendarID
        self.accountType = accountType
        self.session = session
    }

    func send(_ method: String, _ path: String, body: Data?) async throws -> (Int, Data) {
        let client = BearerHTTPClient(baseURL: baseURL, tokens: tokens, service: "Microsoft",
                                      extraHeaders: ["Prefer": "outlook.timezone=\"UTC\""], session: session)
        return try await client.send(method, path, body: body)
    }

    public func freeBusy(from: UnixTime, to: UnixTime, floatingZone: String, excludingBooking: String?) async throws -> BusyTime {
        let body = JSONValue.object([
            "schedules": .array([.string(account)]),
            "startTime": .object(["dateTime": .string(ProviderRequests.graphTime(from)), "timeZone": .string("UTC")]),
            "endTime": .object(["dateTime": .string(ProviderRequests.graphTime(to)), "timeZone": .string("UTC")]),
            "availabilityViewInterval": .string("15"),
        ])
        let status: Int, data: Data
        do {
            (status, data) = try await send("POST", "/v1.0/me/calendar/getSchedule", body: body.data)
        } catch let skip as BookingSkippedError {
            throw skip  // the connection died: booking is skipped, not the calendar unknown
        } catch {
            return BusyTime(failures: ["Outlook schedule \(account): \(error)"])  // unknown, never free
        }
        guard status == 200 else { return BusyTime(failures: ["\(HTTPStatusError("Microsoft Graph", status: status, body: data))"]) }
        var busy = try BusyReader(floatingZone: floatingZone, from: from, to: to).read(bytes: [UInt8](data), name: "Graph getSchedule")
        if let excludingBooking, let own = try await find(lineage: excludingBooking) {
            busy.removeEvent(start: own.start, end: own.end, askedFrom: from, to: to)
        }
        return busy
    }

    /// The event of a lineage: its Graph id, times and booking id; nil only when Graph answers an
    /// empty list. Any other answer is unknown and throws.
    func find(lineage: String) async throws -> (id: String, start: UnixTime, end: UnixTime, booking: String?)? {
        let property = ProviderRequests.graphLineageProperty
        let filter = "singleValueExtendedProperties/Any(ep: ep/id eq '\(property)' and ep/value eq '\(lineage)')"
        let expand = "singleValueExtendedProperties($filter=id eq '\(ProviderRequests.graphBookingProperty)')"
        guard let f = filter.addingPercentEncoding(withAllowedCharacters: .alphanumerics),
              let e = expand.addingPercentEncoding(withAllowedCharacters: .alphanumerics) else {
            throw LedgerError("cannot encode the Graph query for lineage \(lineage)")
        }
        let (status, data) = try await send("GET", "/v1.0/me/events?$filter=\(f)&$expand=\(e)", body: nil)
        guard status == 200 else { throw HTTPStatusError("Microsoft Graph", status: status, body: data) }
        let list: GraphEventList
        do { list = try JSONDecoder().decode(GraphEventList.self, from: data) } catch {
            throw HTTPStatusError("Microsoft Graph (unreadable event list)", status: status, body: data)
        }
        guard let event = list.value.first else { return nil }
        // Times are UTC: the client sends Prefer: outlook.timezone="UTC".
        guard let utc = TimeZone(identifier: "UTC"), let start = LocalTime.instant(event.start.dateTime, in: utc),
              let end = LocalTime.instant(event.end.dateTime, in: utc) else {
            throw HTTPStatusError("Microsoft Graph (event without readable times)", status: status, body: data)
        }
        let booking = event.singleValueExtendedProperties?.first { $0.id == ProviderRequests.graphBookingProperty }?.value
        return (event.id, start, end, booking)
    }

    public func create(_ draft: EventDraft, now: UnixTime) async throws -> String {
        let request = ProviderRequests.graph(draft, calendarID: calendarID, accountType: accountType)
        let (status, data) = try await send(request.method, request.path, body: request.bodyData)
        guard status == 200 || status == 201, let created = try? JSONDecoder().decode(GraphEvent.Created.self, from: data) else {
            throw HTTPStatusError("Microsoft Graph", status: status, body: data)
        }
        return created.id
    }

    public func update(reference: String, with draft: EventDraft, now: UnixTime) async throws {
        let full = ProviderRequests.graph(draft, calendarID: calendarID, accountType: accountType).body
        var patch: [String: JSONValue] = [:]
        for key in ["subject", "body", "start", "end", "location", "singleValueExtendedProperties"] { patch[key] = full[key] }
        let (status, data) = try await send("PATCH", "/v1.0/me/events/\(reference)", body: JSONValue.object(patch).data)
        guard status == 200 else { throw HTTPStatusError("Microsoft Graph", status: status, body: data) }
    }

    public func delete(reference: String) async throws {
        let (status, data) = try await send("DELETE", "/v1.0/me/events/\(reference)", body: nil)
        guard status == 204 || status == 200 || status == 404 else { throw HTTPStatusError("Microsoft Graph", status: status, body: data) }
    }

    public func find(entry: LedgerEntry) async throws -> String? {
        guard let event = try await find(lineage: entry.lineage), event.booking == entry.id else { return nil }
        return event.id
    }
}


/// The fields of Graph event resources that slotplan reads back.
struct GraphEvent: Decodable {
    struct Time: Decodable { let dateTime: String }
    struct Property: Decodable {
        let id: String
        let value: String?
    }
    /// What a create answers with: the new event's id.
    struct Created: Decodable { let id: String }
    let id: String
    let start: Time
    let end: Time
    let singleValueExtendedProperties: [Property]?
}

/// A Graph collection of events (`{"value": [...]}`).
struct GraphEventList: Decodable {
    let value: [GraphEvent]
}
