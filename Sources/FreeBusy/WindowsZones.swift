import Foundation
import PlanModel

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
