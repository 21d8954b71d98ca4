import PlanModel
import Booking
import Availability
import Foundation
import FreeBusy
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A CalDAV calendar collection: busy time by a `free-busy-query` REPORT, events as iCalendar
/// resources `<lineage>.ics` created by `PUT` with `If-None-Match: *` (never overwriting), moved by
/// `PUT` over the same resource, removed by `DELETE`.
public struct CalDAVCalendar: CalendarTarget {
    /// The collection, e.g. `https://dav.example/maria/work/` (with the trailing slash).
    public let collection: URL
    public let username: String?
    public let password: String?
    public let session: URLSession

    public init(collection: URL, username: String? = nil, password: String? = nil, session: URLSession = .shared) {
        self.collection = collection
        self.username = username
        self.password = password
        self.session = session
    }

    func send(_ method: String, _ name: String?, body: Data?, headers: [String: String] = [:]) async throws -> (Int, Data) {
        let url = name.map { collection.appendingPathComponent($0) } ?? collection
        var request = URLRequest(url: url, timeoutInterval: 30)
        request.httpMethod = method
        if let username {
            let credentials = Data("\(username):\(password ?? "")".utf8).base64EncodedString()
            request.setValue("Basic \(credentials)", forHTTPHeaderField: "Authorization")
        }
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        request.httpBody = body
        let (data, response) = try await session.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    public func freeBusy(from: UnixTime, to: UnixTime, floatingZone: String, excludingBooking: String?) async throws -> BusyTime {
        let query = """
            <?xml version="1.0" encoding="utf-8"?>
            <C:free-busy-query xmlns:C="urn:ietf:params:xml:ns:caldav"><C:time-range start="\(ICalendarText.utcStamp(from))" end="\(ICalendarText.utcStamp(to))"/></C:free-busy-query>
            """
        let status: Int, data: Data
        do {
            (status, data) = try await send("REPORT", nil, body: Data(query.utf8), headers: ["Depth": "1", "Content-Type": "application/xml; charset=utf-8"])
        } catch {
            return BusyTime(failures: ["CalDAV \(collection.absoluteString): \(error)"])  // unknown, never free
        }
        guard status == 200 else { return BusyTime(failures: ["\(HTTPStatusError("CalDAV REPORT", status: status, body: data))"]) }
        var busy = try BusyReader(floatingZone: floatingZone, from: from, to: to).read(bytes: [UInt8](data), name: collection.absoluteString)
        if let excludingBooking, let own = try await resource("\(excludingBooking).ics") {
            // Free/busy carries no event ids: leave out the interval of the event being moved.
            let times = try BusyReader(floatingZone: floatingZone, from: from, to: to).read(bytes: [UInt8](Data(own.utf8)), name: "own")
            for t in times.intervals { busy.removeEvent(start: t.start, end: t.end, askedFrom: from, to: to) }
        }
        return busy
    }

    /// The resource's text; nil only on 404 or 410. Any other answer is unknown and throws.
    func resource(_ name: String) async throws -> String? {
        let (status, data) = try await send("GET", name, body: nil)
        if status == 404 || status == 410 { return nil }
        guard status == 200 else { throw HTTPStatusError("CalDAV GET", status: status, body: data) }
        return String(decoding: data, as: UTF8.self)
    }

    public func create(_ draft: EventDraft, now: UnixTime) async throws -> String {
        let name = "\(draft.lineage).ics"
        let (status, data) = try await send("PUT", name, body: Data(ICalendarEvent.calendar(draft, now: now).utf8),
                                            headers: ["If-None-Match": "*", "Content-Type": "text/calendar; charset=utf-8"])
        if status == 201 || status == 204 { return name }
        // 412: the resource exists; it is ours when it carries this very booking.
        if status == 412, let existing = try await resource(name), existing.contains("X-SLOTPLAN-BOOKING:\(ICalendarEvent.text(draft.bookingID))\r\n") {
            return name
        }
        throw HTTPStatusError("CalDAV PUT", status: status, body: data)
    }

    public func update(reference: String, with draft: EventDraft, now: UnixTime) async throws {
        let (status, data) = try await send("PUT", reference, body: Data(ICalendarEvent.calendar(draft, now: now).utf8),
                                            headers: ["If-Match": "*", "Content-Type": "text/calendar; charset=utf-8"])
        guard status == 200 || status == 201 || status == 204 else { throw HTTPStatusError("CalDAV PUT", status: status, body: data) }
    }

    public func delete(reference: String) async throws {
        let (status, data) = try await send("DELETE", reference, body: nil)
        guard status == 200 || status == 204 || status == 404 else { throw HTTPStatusError("CalDAV DELETE", status: status, body: data) }
    }

    public func find(entry: LedgerEntry) async throws -> String? {
        let name = "\(entry.lineage).ics"
        guard let text = try await resource(name) else { return nil }
        return text.replacingOccurrences(of: "\r\n ", with: "").contains("X-SLOTPLAN-BOOKING:\(ICalendarEvent.text(entry.id))\r\n") ? name : nil
    }
}
