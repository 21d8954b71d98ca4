import Foundation
import PlanModel

/// The documented shapes of the JSON busy formats, decoded with `Codable`.
enum JSONBusyShapes {
    /// One item of the plain list: `{"start", "end", "status"?, "summary"?}`.
    struct PlainItem: Decodable {
        let start: String
        let end: String
        let status: String?
        let summary: String?
    }

    /// Google Calendar `freeBusy.query` response.
    struct GoogleFreeBusy: Decodable {
        struct Period: Decodable {
            let start: String
            let end: String
        }
        struct Failure: Decodable { let reason: String? }
        struct Calendar: Decodable {
            let busy: [Period]?
            let errors: [Failure]?
        }
        struct Group: Decodable { let errors: [Failure]? }
        let kind: String?
        let calendars: [String: Calendar]?
        let groups: [String: Group]?
    }

    /// Microsoft Graph `calendar: getSchedule` response.
    struct GraphSchedule: Decodable {
        struct Time: Decodable {
            let dateTime: String
            let timeZone: String?
        }
        struct Item: Decodable {
            let status: String?
            let start: Time
            let end: Time
            let subject: String?
        }
        struct Failure: Decodable {
            let message: String?
            let responseCode: String?
        }
        struct Information: Decodable {
            let scheduleId: String?
            let scheduleItems: [Item]?
            let error: Failure?
        }
        let value: [Information]
    }
}

/// Readers for the JSON busy formats.
enum JSONBusyReaders {
    /// Decodes a documented shape; a mismatch names the place (`calendars.primary.busy[0].start`).
    static func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8], name: String) throws(BusyReadError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch let error as DecodingError {
            switch error {
            case .dataCorrupted(let context) where context.codingPath.isEmpty:
                throw BusyReadError(file: name, message: "malformed JSON: \(context.debugDescription)")
            case .keyNotFound(let key, let context):
                throw BusyReadError(file: name, place: place(context.codingPath + [key]), message: "missing `\(key.stringValue)`")
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                throw BusyReadError(file: name, place: place(context.codingPath), message: "unexpected value: \(context.debugDescription)")
            @unknown default:
                throw BusyReadError(file: name, message: "malformed JSON: \(error)")
            }
        } catch {
            throw BusyReadError(file: name, message: "malformed JSON: \(error.localizedDescription)")
        }
    }

    /// `calendars.primary.busy[0].start` for a coding path.
    static func place(_ path: [CodingKey]) -> String {
        path.reduce("") { text, key in
            if let index = key.intValue { return text + "[\(index)]" }
            return text.isEmpty ? key.stringValue : text + "." + key.stringValue
        }
    }

    /// RFC 3339 with `Z` or an offset; `lenientNaive` reads a time without zone as UTC.
    static func instant(_ text: String, name: String, place: String, lenientNaive: Bool = false) throws(BusyReadError) -> UnixTime {
        if let t = Timestamp.parse(text) { return t }
        if lenientNaive, let t = Timestamp.parse(text + "Z") { return t }
        throw BusyReadError(file: name, place: place, message: "`\(text)` is not an RFC 3339 time with a zone (e.g. 2026-12-01T14:00:00Z)")
    }

    /// `[{"start": "…Z", "end": "…Z", "status"?: "busy|tentative|free|…", "summary"?: "…"}]`.
    static func plain(_ bytes: [UInt8], name: String) throws(BusyReadError) -> BusyTime {
        let items = try decode([JSONBusyShapes.PlainItem].self, bytes, name: name)
        var out: [BusyInterval] = []
        for (i, item) in items.enumerated() {
            let place = "[\(i)]"
            let start = try instant(item.start, name: name, place: place + ".start")
            let end = try instant(item.end, name: name, place: place + ".end")
            guard end >= start else { throw BusyReadError(file: name, place: place, message: "end is before start") }
            var status = BusyInterval.Status.busy
            if let s = item.status {
                guard let parsed = graphStatus(s) else {
                    throw BusyReadError(file: name, place: place + ".status", message: "unknown status `\(s)` (busy, tentative, free, oof, workingElsewhere, unknown)")
                }
                status = parsed
            }
            out.append(BusyInterval(start: start, end: end, status: status, summary: item.summary, source: name))
        }
        return BusyTime(intervals: out)
    }

    /// Google Calendar `freeBusy.query` response; a calendar or group with `errors` is unknown.
    static func google(_ bytes: [UInt8], name: String) throws(BusyReadError) -> BusyTime {
        let root = try decode(JSONBusyShapes.GoogleFreeBusy.self, bytes, name: name)
        var result = BusyTime()
        let calendars = root.calendars ?? [:]
        for id in calendars.keys.sorted() {
            guard let calendar = calendars[id] else { continue }
            if let errors = calendar.errors, !errors.isEmpty {
                result.failures.append("Google calendar \(id): \(errors.map { $0.reason ?? "error" }.joined(separator: ", "))")
                continue
            }
            for (i, period) in (calendar.busy ?? []).enumerated() {
                let place = "calendars.\(id).busy[\(i)]"
                let start = try instant(period.start, name: name, place: place + ".start", lenientNaive: true)
                let end = try instant(period.end, name: name, place: place + ".end", lenientNaive: true)
                result.intervals.append(BusyInterval(start: start, end: end, status: .busy, summary: nil, source: "\(name) (\(id))"))
            }
        }
        let groups = root.groups ?? [:]
        for id in groups.keys.sorted() {
            if let errors = groups[id]?.errors, !errors.isEmpty {
                result.failures.append("Google group \(id): \(errors.map { $0.reason ?? "error" }.joined(separator: ", "))")
            }
        }
        return result
    }

    static func graphStatus(_ text: String) -> BusyInterval.Status? {
        switch text.lowercased() {
        case "busy": return .busy
        case "tentative": return .tentative
        case "free": return .free
        case "oof", "outofoffice": return .outOfOffice
        case "workingelsewhere": return .workingElsewhere
        case "unknown": return .unknown
        default: return nil
        }
    }

    /// Microsoft Graph `calendar: getSchedule` response: Windows or IANA zone names, status in any case.
    static func graph(_ bytes: [UInt8], name: String) throws(BusyReadError) -> BusyTime {
        let root = try decode(JSONBusyShapes.GraphSchedule.self, bytes, name: name)
        var result = BusyTime()
        for (i, schedule) in root.value.enumerated() {
            let id = schedule.scheduleId ?? "schedule \(i)"
            if let error = schedule.error {
                result.failures.append("Outlook schedule \(id): \(error.message ?? error.responseCode ?? "error")")
                continue
            }
            for (j, item) in (schedule.scheduleItems ?? []).enumerated() {
                let place = "value[\(i)].scheduleItems[\(j)]"
                let statusText = item.status ?? "unknown"
                guard let status = graphStatus(statusText) else {
                    throw BusyReadError(file: name, place: place + ".status", message: "unknown status `\(statusText)`")
                }
                let start = try graphTime(item.start, name: name, place: place + ".start")
                let end = try graphTime(item.end, name: name, place: place + ".end")
                result.intervals.append(BusyInterval(start: start, end: end, status: status, summary: item.subject, source: "\(name) (\(id))"))
            }
        }
        return result
    }

    /// `{"dateTime": "2019-03-15T08:30:00.0000000", "timeZone": "Pacific Standard Time"}`.
    static func graphTime(_ time: JSONBusyShapes.GraphSchedule.Time, name: String, place: String) throws(BusyReadError) -> UnixTime {
        let zoneName = time.timeZone ?? "UTC"
        guard let zone = WindowsZones.timeZone(named: zoneName) else {
            throw BusyReadError(file: name, place: place + ".timeZone", message: "unknown time zone `\(zoneName)` (neither a Windows nor an IANA name)")
        }
        guard let t = LocalTime.instant(time.dateTime, in: zone) else {
            throw BusyReadError(file: name, place: place + ".dateTime", message: "`\(time.dateTime)` is not a local date-time (YYYY-MM-DDTHH:MM:SS)")
        }
        return t
    }
}
