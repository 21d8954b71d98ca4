import PlanModel
import Foundation

/// Readers for the JSON busy formats.
enum JSONBusyReaders {
    static func object(_ bytes: [UInt8], name: String) throws(BusyReadError) -> Any {
        do {
            return try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            throw BusyReadError(file: name, message: "malformed JSON: \(error.localizedDescription)")
        }
    }

    /// RFC 3339 with `Z` or an offset; `lenientNaive` reads a time without zone as UTC.
    static func instant(_ text: String?, name: String, place: String, lenientNaive: Bool = false) throws(BusyReadError) -> UnixTime {
        guard let text else { throw BusyReadError(file: name, place: place, message: "missing time") }
        if let t = parseRFC3339(text) { return t }
        if lenientNaive, let t = parseRFC3339(text + "Z") { return t }
        throw BusyReadError(file: name, place: place, message: "`\(text)` is not an RFC 3339 time with a zone (e.g. 2026-12-01T14:00:00Z)")
    }

    static func parseRFC3339(_ text: String) -> UnixTime? { Timestamp.parse(text) }

    /// `[{"start": "…Z", "end": "…Z", "status"?: "busy|tentative|free|…", "summary"?: "…"}]`.
    static func plain(_ bytes: [UInt8], name: String) throws(BusyReadError) -> BusyTime {
        guard let items = try object(bytes, name: name) as? [Any] else {
            throw BusyReadError(file: name, message: "expected a JSON list of {\"start\", \"end\"} objects")
        }
        var out: [BusyInterval] = []
        for (i, item) in items.enumerated() {
            let place = "[\(i)]"
            guard let o = item as? [String: Any] else { throw BusyReadError(file: name, place: place, message: "expected an object with start and end") }
            let start = try instant(o["start"] as? String, name: name, place: place + ".start")
            let end = try instant(o["end"] as? String, name: name, place: place + ".end")
            guard end >= start else { throw BusyReadError(file: name, place: place, message: "end is before start") }
            var status = BusyInterval.Status.busy
            if let s = o["status"] as? String {
                guard let parsed = graphStatus(s) else { throw BusyReadError(file: name, place: place + ".status", message: "unknown status `\(s)` (busy, tentative, free, oof, workingElsewhere, unknown)") }
                status = parsed
            }
            out.append(BusyInterval(start: start, end: end, status: status, summary: o["summary"] as? String, source: name))
        }
        return BusyTime(intervals: out)
    }

    /// Google Calendar `freeBusy.query` response; a calendar or group with `errors` is unknown.
    static func google(_ bytes: [UInt8], name: String) throws(BusyReadError) -> BusyTime {
        guard let root = try object(bytes, name: name) as? [String: Any] else { throw BusyReadError(file: name, message: "expected an object") }
        var result = BusyTime()
        let calendars = root["calendars"] as? [String: Any] ?? [:]
        for id in calendars.keys.sorted() {
            guard let calendar = calendars[id] as? [String: Any] else { continue }
            if let errors = calendar["errors"] as? [[String: Any]], !errors.isEmpty {
                let reasons = errors.map { ($0["reason"] as? String) ?? "error" }.joined(separator: ", ")
                result.failures.append("Google calendar \(id): \(reasons)")
                continue
            }
            for (i, period) in (calendar["busy"] as? [[String: Any]] ?? []).enumerated() {
                let place = "calendars.\(id).busy[\(i)]"
                let start = try instant(period["start"] as? String, name: name, place: place + ".start", lenientNaive: true)
                let end = try instant(period["end"] as? String, name: name, place: place + ".end", lenientNaive: true)
                result.intervals.append(BusyInterval(start: start, end: end, status: .busy, summary: nil, source: "\(name) (\(id))"))
            }
        }
        let groups = root["groups"] as? [String: Any] ?? [:]
        for id in groups.keys.sorted() {
            if let group = groups[id] as? [String: Any], let errors = group["errors"] as? [[String: Any]], !errors.isEmpty {
                let reasons = errors.map { ($0["reason"] as? String) ?? "error" }.joined(separator: ", ")
                result.failures.append("Google group \(id): \(reasons)")
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
        guard let root = try object(bytes, name: name) as? [String: Any], let value = root["value"] as? [[String: Any]] else {
            throw BusyReadError(file: name, message: "expected {\"value\": [scheduleInformation…]}")
        }
        var result = BusyTime()
        for (i, schedule) in value.enumerated() {
            let id = schedule["scheduleId"] as? String ?? "schedule \(i)"
            if let error = schedule["error"] as? [String: Any] {
                result.failures.append("Outlook schedule \(id): \((error["message"] as? String) ?? (error["responseCode"] as? String) ?? "error")")
                continue
            }
            for (j, item) in (schedule["scheduleItems"] as? [[String: Any]] ?? []).enumerated() {
                let place = "value[\(i)].scheduleItems[\(j)]"
                let statusText = item["status"] as? String ?? "unknown"
                guard let status = graphStatus(statusText) else {
                    throw BusyReadError(file: name, place: place + ".status", message: "unknown status `\(statusText)`")
                }
                let start = try graphTime(item["start"], name: name, place: place + ".start")
                let end = try graphTime(item["end"], name: name, place: place + ".end")
                result.intervals.append(BusyInterval(start: start, end: end, status: status, summary: item["subject"] as? String, source: "\(name) (\(id))"))
            }
        }
        return result
    }

    /// `{"dateTime": "2019-03-15T08:30:00.0000000", "timeZone": "Pacific Standard Time"}`.
    static func graphTime(_ value: Any?, name: String, place: String) throws(BusyReadError) -> UnixTime {
        guard let o = value as? [String: Any], let dateTime = o["dateTime"] as? String else {
            throw BusyReadError(file: name, place: place, message: "expected {\"dateTime\", \"timeZone\"}")
        }
        let zoneName = o["timeZone"] as? String ?? "UTC"
        guard let zone = WindowsZones.timeZone(named: zoneName) else {
            throw BusyReadError(file: name, place: place + ".timeZone", message: "unknown time zone `\(zoneName)` (neither a Windows nor an IANA name)")
        }
        guard let t = LocalTime.instant(dateTime, in: zone) else {
            throw BusyReadError(file: name, place: place + ".dateTime", message: "`\(dateTime)` is not a local date-time (YYYY-MM-DDTHH:MM:SS)")
        }
        return t
    }
}

/// Windows time zone names (as Graph and Exchange use them) to IANA zones.
public enum WindowsZones {
    static let table: [String: String] = {
        var out: [String: String] = [:]
        for line in WindowsZoneData.mapping.split(separator: "\n") {
            if let eq = line.firstIndex(of: "=") { out[String(line[..<eq])] = String(line[line.index(after: eq)...]) }
        }
        return out
    }()

    /// The IANA name for a Windows name; IANA names and `UTC` pass through.
    public static func ianaName(_ name: String) -> String? {
        if let iana = table[name] { return iana }
        if name == "UTC" || name == "tzone://Microsoft/Utc" { return "UTC" }
        return TimeZone(identifier: name) != nil && name.contains("/") ? name : nil
    }

    static func timeZone(named name: String) -> TimeZone? { ianaName(name).flatMap { TimeZone(identifier: $0) } }
}

/// Local date-time text in a zone to an instant.
public enum LocalTime {
    /// `YYYY-MM-DDTHH:MM[:SS[.fraction]]` in `zone`; ambiguous times take the earlier instant.
    public static func instant(_ text: String, in zone: TimeZone) -> UnixTime? {
        let parts = text.split(separator: "T")
        guard parts.count == 2 else { return nil }
        let d = parts[0].split(separator: "-").compactMap { Int($0) }
        let clock = parts[1].split(separator: ".")[0].split(separator: ":").compactMap { Int($0) }
        guard d.count == 3, clock.count >= 2 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: d[0], month: d[1], day: d[2], hour: clock[0], minute: clock[1], second: clock.count > 2 ? clock[2] : 0)
        return calendar.date(from: components).map { UnixTime($0.timeIntervalSince1970.rounded()) }
    }
}
