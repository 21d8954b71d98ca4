import Foundation
import PlanModel

/// Parsers for the policy language's scalar value syntaxes. Pure functions of text.
enum ValueSyntax {
    /// YAML 1.1 spellings that YAML 1.2 reads as text but older tools read as booleans.
    static let yaml11Booleans: [String: Bool] = [
        "yes": true, "no": false, "on": true, "off": false, "y": true, "n": false,
    ]

    /// Minutes of a duration like `30m`, `2h`, `1h30m`, `14d`; nil when malformed.
    static func durationMinutes(_ text: String) -> Int? {
        let units: [(UInt8, Int)] = [(UInt8(ascii: "d"), 1440), (UInt8(ascii: "h"), 60), (UInt8(ascii: "m"), 1)]
        var total = 0, unitIndex = 0, value = 0, digits = 0, sawAny = false
        for byte in text.utf8 {
            if byte >= 0x30 && byte <= 0x39 {
                digits += 1
                guard digits <= 6 else { return nil }
                value = value * 10 + Int(byte - 0x30)
                continue
            }
            guard digits > 0, unitIndex < units.count,
                  let position = units[unitIndex...].firstIndex(where: { $0.0 == byte }) else { return nil }
            total += value * units[position].1
            unitIndex = position + 1
            value = 0
            digits = 0
            sawAny = true
        }
        return sawAny && digits == 0 ? total : nil
    }

    /// A readable duration for messages: `1h30m`, `14d`, `0m`.

    /// A suggested spelling for a malformed duration (`30` → `30m`, `1:30` → `1h30m`, `2 hours` → `2h`).
    static func durationSuggestion(_ text: String) -> String? {
        guard text.utf8.count <= 40 else { return nil }
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        // Numbers beyond six digits are no sensible duration; they also keep the arithmetic in range.
        func number<S: StringProtocol>(_ s: S) -> Int? { s.count <= 6 ? Int(s) : nil }
        if let n = number(t), n >= 0 { return "\(n)m" }
        let parts = t.split(separator: ":")
        if parts.count == 2, let h = number(parts[0]), let m = number(parts[1]), h >= 0, m >= 0 { return DurationText.format(minutes: h * 60 + m) }
        let compact = t.replacingOccurrences(of: " ", with: "")
        let words: [(String, String)] = [
            ("minutes", "m"), ("minute", "m"), ("mins", "m"), ("min", "m"), ("hours", "h"), ("hour", "h"),
            ("hrs", "h"), ("hr", "h"), ("days", "d"), ("day", "d"), ("weeks", "w"), ("week", "w"),
        ]
        for (word, unit) in words where compact.hasSuffix(word) {
            guard let n = number(compact.dropLast(word.count)), n >= 0 else { return nil }
            return unit == "w" ? "\(n * 7)d" : "\(n)\(unit)"
        }
        if compact.hasSuffix("w"), let n = number(compact.dropLast()), n >= 0 { return "\(n * 7)d" }
        if compact != t, durationMinutes(compact) != nil { return compact }
        return nil
    }

    /// Minute of the day of `HH:MM` (`24:00` only when `allow24`).
    static func clockMinute(_ text: Substring, allow24: Bool) -> Int? {
        clockMinute(Array(text.utf8)[...], allow24: allow24)
    }

    /// `HH:MM` from five bytes.
    static func clockMinute(_ b: ArraySlice<UInt8>, allow24: Bool) -> Int? {
        let s = b.startIndex
        func digit(_ i: Int) -> Int? { b[s + i] >= 0x30 && b[s + i] <= 0x39 ? Int(b[s + i] - 0x30) : nil }
        guard b.count == 5, b[s + 2] == UInt8(ascii: ":"), let h1 = digit(0), let h2 = digit(1), let m1 = digit(3), let m2 = digit(4)
        else { return nil }
        let h = h1 * 10 + h2, m = m1 * 10 + m2
        guard m < 60 else { return nil }
        if h == 24 && m == 0 && allow24 { return 1440 }
        return h < 24 ? h * 60 + m : nil
    }

    /// A window `HH:MM-HH:MM`; an end at or before the start crosses midnight.
    static func window(_ text: String) -> Window? {
        let bytes = text.utf8.filter { $0 != 0x20 }
        guard let dash = bytes.firstIndex(of: UInt8(ascii: "-")),
              let start = clockMinute(bytes[..<dash], allow24: false),
              let end = clockMinute(bytes[(dash + 1)...], allow24: true)
        else { return nil }
        return Window(startMinute: start, endMinute: end > start ? end : end + 1440)
    }

    /// The keys nearly every schedule uses, resolved once.
    static let commonDayKeys: [String: [Weekday]] = [
        "daily": Weekday.allCases, "mon-fri": [.mon, .tue, .wed, .thu, .fri], "mon-thu": [.mon, .tue, .wed, .thu],
        "sat-sun": [.sat, .sun], "mon": [.mon], "tue": [.tue], "wed": [.wed], "thu": [.thu], "fri": [.fri], "sat": [.sat], "sun": [.sun],
    ]

    static let dayNames: [String: Weekday] = [
        "mon": .mon, "tue": .tue, "wed": .wed, "thu": .thu, "fri": .fri, "sat": .sat, "sun": .sun,
    ]

    /// The days of a key like `mon`, `mon-fri`, `mon,wed`, `fri-mon`, `daily`; nil when malformed.
    static func days(_ key: String) -> [Weekday]? {
        if let common = commonDayKeys[key] { return common }
        let lowered = key.utf8.contains(0x20) ? key.lowercased().replacingOccurrences(of: " ", with: "") : key.lowercased()
        if lowered == "daily" { return Weekday.allCases }
        var result: [Weekday] = []
        for item in lowered.split(separator: ",", omittingEmptySubsequences: false) {
            let ends = item.split(separator: "-", omittingEmptySubsequences: false)
            if ends.count == 1, let day = dayNames[String(ends[0])] {
                result.append(day)
            } else if ends.count == 2, let a = dayNames[String(ends[0])], let b = dayNames[String(ends[1])] {
                var n = a.isoNumber
                while true {
                    result.append(Weekday.allCases[n - 1])
                    if n == b.isoNumber { break }
                    n = n % 7 + 1
                }
            } else {
                return nil
            }
        }
        return result.isEmpty ? nil : result
    }

    /// True for a real calendar date written `YYYY-MM-DD`.
    static func isRealDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m), d >= 1
        else { return false }
        return d <= CivilDate.days(inMonth: m, year: y)
    }

    /// An RFC 3339 instant with `Z` or an offset, normalised to UTC `YYYY-MM-DDTHH:MM:SSZ`.
    static func utcTimestamp(_ text: String) -> (normalized: String, date: Date)? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        var date = formatter.date(from: text)
        if date == nil {
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            date = formatter.date(from: text)
        }
        guard let date, isRealDate(String(text.prefix(10))) else { return nil }
        let out = ISO8601DateFormatter()
        out.formatOptions = [.withInternetDateTime]
        out.timeZone = TimeZone(identifier: "UTC")
        return (out.string(from: date), date)
    }

    /// A plausible e-mail address: one `@`, a dotted domain, no spaces.
    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !parts[1].contains("..")
        else { return false }
        return !text.contains { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," || $0 == ";" }
    }

    /// An absolute `https://` or `http://` URL with a host.
    static func isWebURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              scheme == "https" || scheme == "http", let host = url.host, !host.isEmpty
        else { return false }
        return !text.contains { $0.isWhitespace }
    }

    /// Ids name files (`<id>.plan.json`): letters, digits, `-`, `_`, `.`, starting with a letter or digit.
    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, text.count <= 100,
              first.isASCIIAlphanumeric else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || $0 == "-" || $0 == "_" || $0 == "." }
    }

    /// IANA zone names this system lists, plus `UTC` (suggestions for misspelt zones come from here).
    static let timeZoneIdentifiers: [String] = (Set(TimeZone.knownTimeZoneIdentifiers).union(["UTC"])).sorted()

    /// True for an IANA `Area/Location` name (or `UTC`) the time-zone database resolves;
    /// abbreviations such as `EST` and offsets such as `GMT+1` are refused.
    static func isTimeZone(_ name: String) -> Bool {
        (name == "UTC" || name.contains("/")) && TimeZone(identifier: name) != nil
    }
}

extension Unicode.Scalar {
    var isASCIIAlphanumeric: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }
}
