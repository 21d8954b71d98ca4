/// Preview as an iCalendar file a calendar imports: one free (transparent) event per slot.
enum PreviewCalendar {
    /// RFC 5545 TEXT escaping.
    static func text(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n": out += "\\n"
            case "\r": break
            default: out.append(c)
            }
        }
        return out
    }

    /// Folds a content line at 75 octets (continuation lines start with a space), never inside a UTF-8 sequence.
    static func fold(_ line: String) -> String {
        var out = "", current = 0
        for scalar in line.unicodeScalars {
            let width = String(scalar).utf8.count
            if current + width > 75 {
                out += "\r\n "
                current = 1
            }
            out.unicodeScalars.append(scalar)
            current += width
        }
        return out + "\r\n"
    }

    static func basic(_ t: UnixTime) -> String {
        Preview.utc(t).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
    }

    static func ics(_ p: Preview) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//slotplan//preview//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
                     "X-WR-CALNAME:" + text("slotplan preview: \(p.campaignName)"), "X-WR-TIMEZONE:" + p.timezone]
        for s in p.slots {
            lines += [
                "BEGIN:VEVENT",
                "UID:\(p.campaignID)-\(basic(s.start))@slotplan.preview",
                "DTSTAMP:\(basic(p.now))",
                "DTSTART:\(basic(s.start))",
                "DTEND:\(basic(s.end))",
                "SUMMARY:" + text("Offered: \(p.campaignName)"),
                "DESCRIPTION:" + text("The AI would say: \(s.offer)"),
                "TRANSP:TRANSPARENT",
                "STATUS:TENTATIVE",
                "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined()
    }
}
