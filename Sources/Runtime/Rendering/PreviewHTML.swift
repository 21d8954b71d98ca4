import Availability
import PlanModel

/// Preview as one self-contained HTML page: a week grid per week, slots as cells.
enum PreviewHTML {}

extension PreviewHTML {
    static func page(_ p: Preview) -> String {
        var html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>slotplan preview: \(HTMLText.escape(p.campaignName))</title>
            <style>
            body{font:14px/1.4 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#1f2328}
            h1{font-size:20px;margin:0 0 4px}p.meta{color:#59636e;margin:0 0 16px}
            table{border-collapse:collapse;margin:0 0 24px;width:100%;table-layout:fixed}
            th,td{border:1px solid #d1d9e0;padding:6px;vertical-align:top}
            th{background:#f6f8fa;font-weight:600;text-align:left}
            td.closed{background:repeating-linear-gradient(45deg,#f6f8fa,#f6f8fa 6px,#fff 6px,#fff 12px)}
            span.slot{display:inline-block;margin:2px;padding:2px 6px;border-radius:4px;background:#dafbe1;border:1px solid #4ac26b;font-variant-numeric:tabular-nums}
            .note{color:#9a6700}.none{color:#d1242f;font-weight:600}
            </style></head><body>
            <h1>\(HTMLText.escape(p.campaignName)) <small>(\(HTMLText.escape(p.campaignID)))</small></h1>
            <p class="meta">Times in \(HTMLText.escape(p.timezone)); recipient \(HTMLText.escape(p.recipient.timezone)) (\(HTMLText.escape(p.recipient.source.rawValue))). \(p.slots.count) slot\(p.slots.count == 1 ? "" : "s").</p>

            """
        for note in p.notes { html += "<p class=\"note\">\(HTMLText.escape(note))</p>\n" }
        if let unavailable = p.unavailable { html += "<p class=\"none\">No slots: \(HTMLText.escape(unavailable))</p>\n" }
        if let first = p.slots.first, let last = p.slots.last {
            var weekStart = first.ownerDate.adding(days: -(first.ownerDate.weekday.isoNumber - 1))
            var byDate: [CivilDate: [PreviewSlot]] = [:]
            for s in p.slots { byDate[s.ownerDate, default: []].append(s) }
            while weekStart <= last.ownerDate {
                html += "<table><tr>"
                for d in 0..<7 {
                    let date = weekStart.adding(days: d)
                    html += "<th>\(SpokenTime.weekdayNames[d].prefix(3)) \(date)</th>"
                }
                html += "</tr><tr>"
                for d in 0..<7 {
                    let date = weekStart.adding(days: d)
                    let slots = byDate[date] ?? []
                    html += slots.isEmpty ? "<td class=\"closed\"></td>" : "<td>" + slots.map {
                        "<span class=\"slot\" title=\"\(HTMLText.escape($0.offer))\">\(Window.clock($0.ownerMinute))</span>"
                    }.joined() + "</td>"
                }
                html += "</tr></table>\n"
                weekStart = weekStart.adding(days: 7)
            }
        }
        return html + "</body></html>\n"
    }
}
