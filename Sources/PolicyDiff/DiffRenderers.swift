import Availability
import Foundation
import PlanModel

/// How `slotplan diff` prints: for a terminal, as `slotplan.diff/1` JSON, or as a pull-request comment.
public enum DiffFormat: String, Sendable, CaseIterable {
    case human, json, markdown

    /// The diff in this format.
    public func render(_ diff: PolicyDiff) throws -> String {
        switch self {
        case .human: return HumanDiff.render(diff)
        case .markdown: return MarkdownDiff.render(diff)
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(diff)
            return String(decoding: data, as: UTF8.self) + "\n"
        }
    }
}

extension PolicyDiff {
    /// Terraform's manner: "2 campaigns changed, 1 added: −31 slots a week."
    public var summaryLine: String {
        guard hasChanges else {
            return "No changes: \(summary.unchanged) campaign\(summary.unchanged == 1 ? "" : "s"), the same plans on both sides."
        }
        var parts: [String] = []
        let counts = [(summary.changed, "changed"), (summary.added, "added"), (summary.removed, "removed")].filter { $0.0 > 0 }
        for (index, (n, word)) in counts.enumerated() {
            parts.append(index == 0 ? "\(n) campaign\(n == 1 ? "" : "s") \(word)" : "\(n) \(word)")
        }
        return parts.joined(separator: ", ") + ": " + DiffText.signed(slotsPerWeekDelta) + " slots a week."
    }

    /// "3f2c1e0 → work tree, 2 weeks from 2026-12-07T13:00:00Z, against busy.ics" (or "hours only").
    var scopeLine: String {
        let against = busyFiles.isEmpty ? "hours only (no --busy)" : "against " + busyFiles.joined(separator: ", ")
        return "\(base) → \(head), \(weeks) week\(weeks == 1 ? "" : "s") from \(now), \(against)"
    }
}

/// Small pieces of wording both renderers use.
enum DiffText {
    /// `+14`, `−14` (a real minus sign), `±0`.
    static func signed(_ n: Int) -> String { n > 0 ? "+\(n)" : n < 0 ? "−\(-n)" : "±0" }

    static func hours(_ h: Double) -> String { String(format: "%.1f h", h) }

    /// A field's value as a reviewer reads it: windows with en dashes, nothing as "none".
    static func value(_ v: String?) -> String {
        guard let v else { return "none" }
        return v.replacingOccurrences(of: #"(\d\d:\d\d)-(\d\d:\d\d)"#, with: "$1–$2", options: .regularExpression)
    }

    /// A gained or lost start in the weeks' zone: `Tue 2026-12-08 10:00`.
    static func local(_ utc: String, zone: String) -> String {
        guard let t = Timestamp.parse(utc), let clock = ZoneClock(identifier: zone, from: t - 86_400, to: t + 86_400) else { return utc }
        let date = clock.date(of: t)
        return "\(SpokenTime.weekdayNames[date.weekday.isoNumber - 1].prefix(3)) \(date) \(Window.clock(clock.minuteOfDay(t)))"
    }

    /// A line diff of two texts: unchanged lines with two spaces, removed with `- `, added with `+ `.
    static func lines(_ before: String?, _ after: String?) -> [String] {
        let a = (before ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = (after ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Longest common subsequence, table from the end; texts are a few lines.
        var common = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                common[i][j] = a[i] == b[j] ? common[i + 1][j + 1] + 1 : max(common[i + 1][j], common[i][j + 1])
            }
        }
        var out: [String] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                out.append("  " + a[i]); i += 1; j += 1
            } else if i < a.count, j == b.count || common[i + 1][j] >= common[i][j + 1] {
                out.append("- " + a[i]); i += 1
            } else {
                out.append("+ " + b[j]); j += 1
            }
        }
        while out.last == "  " { out.removeLast() }  // a final newline on both sides
        return out
    }
}

/// The terminal rendering.
enum HumanDiff {
    static func render(_ diff: PolicyDiff) -> String {
        var out = "slotplan diff \(diff.scopeLine)\n"
        for c in diff.campaigns {
            let mark = c.change == .added ? "+" : c.change == .removed ? "-" : "~"
            let file = c.files.before == c.files.after || c.files.before == nil || c.files.after == nil
                ? (c.files.after ?? c.files.before ?? "")
                : "\(c.files.before ?? "") → \(c.files.after ?? "")"
            out += "\n\(mark) \(c.id) (\(c.name)) \(c.change.rawValue)" + (file.isEmpty ? "" : ", \(file)") + "\n"
            for f in c.fields {
                if f.isText {
                    out += "    \(f.label):\n"
                    for line in DiffText.lines(f.before, f.after) { out += "      \(line)\n" }
                } else {
                    out += "    \(f.label): \(DiffText.value(f.before)) → \(DiffText.value(f.after))\n"
                }
            }
            out += slotLines(c.slots)
        }
        return out + "\n" + diff.summaryLine + "\n"
    }

    private static func slotLines(_ s: SlotDelta) -> String {
        var out = ""
        for w in s.weeks {
            out += "    slots, week of \(w.start): \(w.before) → \(w.after) (\(DiffText.signed(w.after - w.before))), "
                + "bookable \(DiffText.hours(w.hoursBefore)) → \(DiffText.hours(w.hoursAfter))\n"
        }
        if let why = s.unavailableBefore, s.unavailableAfter != why { out += "    before: \(why)\n" }
        if let why = s.unavailableAfter, s.unavailableBefore != why { out += "    after: \(why)\n" }
        if !s.gained.isEmpty { out += "    first gained (\(s.timezone)): \(s.gained.map { DiffText.local($0, zone: s.timezone) }.joined(separator: ", "))\n" }
        if !s.lost.isEmpty { out += "    first lost (\(s.timezone)): \(s.lost.map { DiffText.local($0, zone: s.timezone) }.joined(separator: ", "))\n" }
        return out
    }
}

/// The pull-request comment: the summary, a table of campaigns, and each campaign's details.
enum MarkdownDiff {
    static func render(_ diff: PolicyDiff) -> String {
        var out = "### slotplan diff: \(diff.summaryLine)\n\n"
        out += "<sub>\(cell(diff.scopeLine))</sub>\n"
        guard diff.hasChanges else { return out }
        out += "\n| Campaign | Change | Slots in \(diff.weeks) week\(diff.weeks == 1 ? "" : "s") | Bookable hours |\n|---|---|---:|---:|\n"
        for c in diff.campaigns {
            let s = c.slots
            out += "| `\(c.id)` \(cell(c.name)) | \(c.change.rawValue) | \(s.totalBefore) → \(s.totalAfter) (\(DiffText.signed(s.totalAfter - s.totalBefore))) "
                + "| \(DiffText.hours(c.bookableHours.before)) → \(DiffText.hours(c.bookableHours.after)) |\n"
        }
        for c in diff.campaigns {
            out += "\n<details><summary><code>\(HTMLText.escape(c.id))</code>: \(c.change.rawValue)"
            out += (c.files.after ?? c.files.before).map { " (\(HTMLText.escape($0)))" } ?? ""
            out += "</summary>\n\n"
            if c.files.before != nil, c.files.after != nil, c.files.before != c.files.after {
                out += "Moved from `\(c.files.before ?? "")` to `\(c.files.after ?? "")`.\n\n"
            }
            let plain = c.fields.filter { !$0.isText }
            if !plain.isEmpty {
                out += "| Field | Before | After |\n|---|---|---|\n"
                for f in plain { out += "| \(cell(f.label)) | \(cell(DiffText.value(f.before))) | \(cell(DiffText.value(f.after))) |\n" }
                out += "\n"
            }
            for f in c.fields where f.isText {
                let body = DiffText.lines(f.before, f.after).joined(separator: "\n")
                let fence = body.contains("```") ? "~~~~" : "```"
                out += "\(cell(f.label)):\n\n\(fence)diff\n\(body)\n\(fence)\n\n"
            }
            out += "| Week of | Slots before | Slots after | Bookable hours |\n|---|---:|---:|---:|\n"
            for w in c.slots.weeks {
                out += "| \(w.start) | \(w.before) | \(w.after) | \(DiffText.hours(w.hoursBefore)) → \(DiffText.hours(w.hoursAfter)) |\n"
            }
            if let why = c.slots.unavailableAfter { out += "\nAfter: \(cell(why))\n" }
            let zone = c.slots.timezone
            if !c.slots.gained.isEmpty { out += "\nFirst gained (\(zone)): " + c.slots.gained.map { DiffText.local($0, zone: zone) }.joined(separator: ", ") + "\n" }
            if !c.slots.lost.isEmpty { out += "\nFirst lost (\(zone)): " + c.slots.lost.map { DiffText.local($0, zone: zone) }.joined(separator: ", ") + "\n" }
            out += "\n</details>\n"
        }
        return out
    }

    /// Text safe inside a table cell: no pipes or line breaks, no HTML.
    private static func cell(_ text: String) -> String {
        HTMLText.escape(text).replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
