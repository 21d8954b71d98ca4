import Foundation

/// Seconds since 1970-01-01T00:00:00Z; every instant in the runtime is one of these (UTC).
public typealias UnixTime = Int64

/// RFC 3339 instants with a zone (`2026-12-01T15:00:00Z`, `…-05:00`, fractional seconds allowed).
public enum Timestamp {
    /// The instant, or nil when the text is not RFC 3339 with a zone.
    public static func parse(_ text: String) -> UnixTime? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        if let d = f.date(from: text) { return UnixTime(d.timeIntervalSince1970.rounded()) }
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.date(from: text).map { UnixTime($0.timeIntervalSince1970.rounded()) }
    }

    /// `2026-12-01T14:00:00Z`.
    public static func utc(_ t: UnixTime) -> String {
        let date = CivilDate(daysSinceEpoch: Int(t >= 0 ? t / 86_400 : (t - 86_399) / 86_400))
        let s = Int(((t % 86_400) + 86_400) % 86_400)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(date)T\(two(s / 3600)):\(two(s / 60 % 60)):\(two(s % 60))Z"
    }
}
