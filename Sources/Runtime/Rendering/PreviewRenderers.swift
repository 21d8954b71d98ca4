import Availability
import PlanModel

/// The output formats of `slotplan preview`.
public enum PreviewFormat: String, Sendable, CaseIterable {
    case table, json, ics, html

    public func render(_ preview: Preview) -> String {
        switch self {
        case .table: return PreviewText.table(preview)
        case .json: return PreviewText.json(preview)
        case .ics: return PreviewCalendar.ics(preview)
        case .html: return PreviewHTML.page(preview)
        }
    }
}

enum PreviewText {
    /// A JSON string literal.
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// `{"format": "slotplan.preview/1", …}` with the keys in the documented order.
    static func json(_ p: Preview) -> String {
        var lines = ["{"]
        lines.append("  \"format\": \"slotplan.preview/1\",")
        lines.append("  \"campaign\": \(quote(p.campaignID)),")
        lines.append("  \"timezone\": \(quote(p.timezone)),")
        lines.append("  \"recipient\": {\"timezone\": \(quote(p.recipient.timezone)), \"source\": \(quote(p.recipient.source.rawValue)), \"candidates\": [\(p.recipient.candidates.map(quote).joined(separator: ", "))]},")
        if let unavailable = p.unavailable { lines.append("  \"unavailable\": \(quote(unavailable)),") }
        if !p.notes.isEmpty { lines.append("  \"notes\": [\(p.notes.map(quote).joined(separator: ", "))],") }
        if p.slots.isEmpty {
            lines.append("  \"slots\": []")
        } else {
            lines.append("  \"slots\": [")
            for (i, s) in p.slots.enumerated() {
                lines.append("    {\"start\": \(quote(Timestamp.utc(s.start))), \"end\": \(quote(Timestamp.utc(s.end))), \"owner_local\": \(quote(s.ownerLocal)), \"recipient_local\": \(quote(s.recipientLocal)), \"offer\": \(quote(s.offer))}" + (i < p.slots.count - 1 ? "," : ""))
            }
            lines.append("  ]")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// One line per day with the start times, for the terminal.
    static func table(_ p: Preview) -> String {
        var out = "\(p.campaignID) — \(p.campaignName)\n"
        out += "owner time zone \(p.timezone); recipient \(p.recipient.timezone) (\(p.recipient.source.rawValue))\n"
        for note in p.notes { out += "note: \(note)\n" }
        if let unavailable = p.unavailable { return out + "no slots: \(unavailable)\n" }
        if p.slots.isEmpty { return out + "no slots in the look-ahead\n" }
        out += "\n"
        var byDay: [(CivilDate, [PreviewSlot])] = []
        for s in p.slots {
            if byDay.last?.0 == s.ownerDate { byDay[byDay.count - 1].1.append(s) } else { byDay.append((s.ownerDate, [s])) }
        }
        for (date, slots) in byDay {
            let day = String(SpokenTime.weekdayNames[date.weekday.isoNumber - 1].prefix(3))
            let times = slots.map { Window.clock($0.ownerMinute) }
            var line = "\(day) \(date)  \(slots.count < 10 ? " " : "")\(slots.count) slot\(slots.count == 1 ? " " : "s")  "
            line += times.joined(separator: " ")
            out += line + "\n"
        }
        out += "\n\(p.slots.count) slot\(p.slots.count == 1 ? "" : "s"); first offer: \"\(p.slots[0].offer)\"\n"
        return out
    }
}
