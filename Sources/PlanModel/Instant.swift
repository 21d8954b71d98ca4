import Foundation

/// Seconds since 1970-01-01T00:00:00Z; every instant in the runtime is one of these (UTC).
public typealias UnixTime = Int64

/// RFC 3339 instants with a zone (`2026-12-01T15:00:00Z`, `…-05:00`, fractional seconds allowed).
public enum Timestamp {
    /// The instant, or nil when the text is not RFC 3339 with a zone.
    public static func parse(_ text: String) -> UnixTime? {
        if let fast = parseStrict(text) { return fast }
        // Anything else (lower-case separators, odd lengths, out-of-range fields) is the
        // formatter's to accept or refuse, as it always was.
        return parseWithFormatter(text)
    }

    /// The common spelling, `YYYY-MM-DDTHH:MM:SS[.f{1,3}](Z|±HH:MM)` with every field in range and
    /// a year from 1600 (the formatter reads earlier dates in the Julian calendar), read by hand (a
    /// formatter costs tens of microseconds to make); nil for anything else.
    static func parseStrict(_ text: String) -> UnixTime? {
        let utf8 = text.utf8
        return utf8.withContiguousStorageIfAvailable { b -> UnixTime? in
            func digits(_ at: Int, _ count: Int) -> Int? {
                var value = 0
                for i in at..<(at + count) {
                    guard i < b.count, b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                    value = value * 10 + Int(b[i] - 0x30)
                }
                return value
            }
            guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
                  b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
                  let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2),
                  let hour = digits(11, 2), let minute = digits(14, 2), let second = digits(17, 2),
                  year >= 1600, (1...12).contains(month), day >= 1, day <= CivilDate.days(inMonth: month, year: year), hour <= 23, minute <= 59, second <= 59
            else { return nil }
            var i = 19, millis = 0
            if b[i] == UInt8(ascii: ".") {
                var count = 0
                i += 1
                while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                    guard count < 3 else { return nil }
                    millis = millis * 10 + Int(b[i] - 0x30)
                    count += 1
                    i += 1
                }
                guard count > 0 else { return nil }
                for _ in count..<3 { millis *= 10 }
            }
            var offset = 0
            if i == b.count - 1, b[i] == UInt8(ascii: "Z") {
                offset = 0
            } else if i == b.count - 6, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"), b[i + 3] == UInt8(ascii: ":"),
                      let h = digits(i + 1, 2), let m = digits(i + 4, 2), h <= 23, m <= 59 {
                offset = (h * 3_600 + m * 60) * (b[i] == UInt8(ascii: "-") ? -1 : 1)
            } else {
                return nil
            }
            let days = CivilDate(year: year, month: month, day: day).daysSinceEpoch
            let seconds = UnixTime(days) * 86_400 + UnixTime(hour * 3_600 + minute * 60 + second - offset)
            // Rounded to the nearest second, half away from zero, as the formatter's answer was.
            let up = seconds >= 0 ? millis >= 500 : millis > 500
            return seconds + (up ? 1 : 0)
        } ?? nil
    }

    static func parseWithFormatter(_ text: String) -> UnixTime? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        if let d = f.date(from: text) { return UnixTime(d.timeIntervalSince1970.rounded()) }
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.date(from: text).map { UnixTime($0.timeIntervalSince1970.rounded()) }
    }

    /// `2026-12-01T14:00:00Z`.
    public static func utc(_ t: UnixTime) -> String {
        if let text = RFC3339Text.format(local: t, offset: nil) { return text }
        let date = CivilDate(daysSinceEpoch: Int(t >= 0 ? t / 86_400 : (t - 86_399) / 86_400))
        let s = Int(((t % 86_400) + 86_400) % 86_400)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(date)T\(two(s / 3600)):\(two(s / 60 % 60)):\(two(s % 60))Z"
    }
}
