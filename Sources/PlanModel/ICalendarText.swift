/// RFC 5545 text rules shared by everything slotplan writes as iCalendar.
public enum ICalendarText {
    /// TEXT value escaping: `\\`, `;`, `,` escaped, line breaks (CR, LF, CRLF) as `\n`, other
    /// control characters dropped.
    public static func escape(_ s: String) -> String {
        var out = ""
        var previousCR = false
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r": out += "\\n"
            case "\n": if !previousCR { out += "\\n" }
            default:
                if scalar.value < 0x20 && scalar != "\t" { break }
                out.unicodeScalars.append(scalar)
            }
            previousCR = scalar == "\r"
        }
        return out
    }

    /// A UTC date-time in iCalendar's basic format: `20261201T151500Z`.
    public static func utcStamp(_ t: UnixTime) -> String {
        // Bytes, not Foundation's replacingOccurrences (a bridged string search per call: a fifth of
        // writing a booking's event file).
        String(decoding: Timestamp.utc(t).utf8.filter { $0 != UInt8(ascii: "-") && $0 != UInt8(ascii: ":") }, as: UTF8.self)
    }

    /// A content line folded at 75 octets (continuations start with a space), never inside a
    /// UTF-8 sequence, ended with CRLF.
    public static func fold(_ line: String) -> String {
        if line.utf8.count <= 75 { return line + "\r\n" }  // most lines: nothing to fold
        var out = "", count = 0
        for scalar in line.unicodeScalars {
            let width = scalar.utf8.count
            if count + width > 75 {
                out += "\r\n "
                count = 1
            }
            out.unicodeScalars.append(scalar)
            count += width
        }
        return out + "\r\n"
    }
}
