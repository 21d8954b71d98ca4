import Availability
import PlanModel

/// Preview as one self-contained HTML page (no scripts, no resources from elsewhere): a week view
/// per week on a time axis with the hours, busy events, buffers and offered slots, and on every
/// day that offers nothing the reason why. Hovering a slot shows the sentence the AI would say.
enum PreviewHTML {
    /// Pixels per minute on the time axis.
    static let scale = 1.2

    static func page(_ p: Preview) -> String {
        var html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>slotplan preview: \(HTMLText.escape(p.campaignName))</title>
            <style>\(style)</style></head><body>
            <h1>\(HTMLText.escape(p.campaignName)) <small>(\(HTMLText.escape(p.campaignID)))</small></h1>
            <p class="meta">Times in \(HTMLText.escape(p.timezone)); recipient \(HTMLText.escape(p.recipient.timezone)) (\(HTMLText.escape(p.recipient.source.rawValue))). \(p.slots.count) slot\(p.slots.count == 1 ? "" : "s") offered. Hover a slot to hear what the AI would say.</p>
            <p class="legend"><span class="key k-window">hours</span><span class="key k-busy">busy</span><span class="key k-tentative">not blocking</span><span class="key k-buffer">buffer</span><span class="key k-slot">offered slot</span></p>

            """
        for note in p.notes { html += "<p class=\"note\">\(HTMLText.escape(note))</p>\n" }
        if let unavailable = p.unavailable { html += "<p class=\"none\" id=\"unavailable\">No slots: \(HTMLText.escape(unavailable))</p>\n" }
        let (axisStart, axisEnd) = axis(p.days)
        var index = 0
        while index + 7 <= p.days.count {
            html += week(Array(p.days[index..<(index + 7)]), axisStart: axisStart, axisEnd: axisEnd)
            index += 7
        }
        return html + "</body></html>\n"
    }

    /// The hours the axis spans: whole hours around every window shown (08:00–18:00 without any).
    static func axis(_ days: [PreviewDay]) -> (Int, Int) {
        let windows = days.flatMap(\.windows)
        guard let lo = windows.map(\.startMinute).min(), let hi = windows.map({ min($0.endMinute, 1440) }).max() else { return (480, 1080) }
        return (lo / 60 * 60, min(1440, (hi + 59) / 60 * 60))
    }

    private static func week(_ days: [PreviewDay], axisStart: Int, axisEnd: Int) -> String {
        let height = px(axisEnd - axisStart)
        var html = "<section class=\"week\" data-week=\"\(days[0].date)\"><h2>Week of \(days[0].date)</h2>\n"
        html += "<div class=\"grid\"><div class=\"axis\" style=\"height:\(height)px\">"
        for hour in stride(from: axisStart, to: axisEnd, by: 60) {
            html += "<span style=\"top:\(px(hour - axisStart))px\">\(Window.clock(hour))</span>"
        }
        html += "</div>\n"
        for day in days {
            let name = SpokenTime.weekdayNames[day.date.weekday.isoNumber - 1].prefix(3)
            let reason = day.closure.map { " data-reason=\"\($0.code)\"" } ?? ""
            html += "<div class=\"day\(day.closure == nil ? "" : " closed")\" data-date=\"\(day.date)\"\(reason)>"
            html += "<div class=\"head\">\(name) \(day.date)"
            if day.overridden && !day.windows.isEmpty { html += "<br><span class=\"override\">date override</span>" }
            html += "</div><div class=\"body\" style=\"height:\(height)px\">"
            func place(_ from: Int, _ to: Int) -> String? {
                let a = max(from, axisStart), b = min(to, axisEnd)
                return b > a ? "top:\(px(a - axisStart))px;height:\(px(b - a))px" : nil
            }
            for w in day.windows {
                if let at = place(w.startMinute, min(w.endMinute, 1440)) { html += "<div class=\"window\" style=\"\(at)\" title=\"hours \(w.description)\"></div>" }
            }
            for b in day.buffers {
                if let at = place(b.startMinute, b.endMinute) { html += "<div class=\"buffer\" style=\"\(at)\" title=\"buffer\"></div>" }
            }
            for b in day.busy {
                guard let at = place(b.startMinute, b.endMinute) else { continue }
                let span = "\(Window.clock(b.startMinute))–\(Window.clock(b.endMinute))"
                let label = b.title.map { HTMLText.escape($0) } ?? b.kind
                let classes = b.blocks ? "busy" : "busy tentative"
                html += "<div class=\"\(classes)\" data-kind=\"\(b.kind)\" style=\"\(at)\" title=\"\(label) \(span)\(b.blocks ? "" : " (does not block)")\"><span>\(label)</span></div>"
            }
            let step = slotStep(day.slots)
            for s in day.slots {
                let length = Int((s.end - s.start) / 60)
                guard let at = place(s.ownerMinute, s.ownerMinute + min(length, step)) else { continue }
                html += "<div class=\"slot\" data-start=\"\(Timestamp.utc(s.start))\" style=\"\(at)\" title=\"\(HTMLText.escape(s.offer))\">"
                html += "\(Window.clock(s.ownerMinute))<span class=\"say\">\(HTMLText.escape(s.offer))</span></div>"
            }
            if let closure = day.closure { html += "<div class=\"reason\">\(HTMLText.escape(closure.text))</div>" }
            html += "</div></div>\n"
        }
        return html + "</div></section>\n"
    }

    /// The spacing of a day's slots (so that one slot's box does not cover the next one's).
    private static func slotStep(_ slots: [PreviewSlot]) -> Int {
        zip(slots, slots.dropFirst()).map { $1.ownerMinute - $0.ownerMinute }.filter { $0 > 0 }.min() ?? 60
    }

    private static func px(_ minutes: Int) -> Int { Int((Double(minutes) * scale).rounded()) }

    private static let style = """
        body{font:14px/1.4 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#1f2328}
        h1{font-size:20px;margin:0 0 4px}h2{font-size:15px;margin:20px 0 6px}p.meta{color:#59636e;margin:0 0 8px}
        .legend .key{display:inline-block;margin-right:12px;padding:1px 8px;border-radius:3px;font-size:12px}
        .grid{display:grid;grid-template-columns:48px repeat(7,minmax(96px,1fr));gap:0 4px}
        .axis{position:relative;margin-top:38px}.axis span{position:absolute;right:4px;font-size:11px;color:#59636e;transform:translateY(-50%)}
        .head{height:34px;font-weight:600;font-size:12px;border-bottom:1px solid #d1d9e0;margin-bottom:4px;overflow:hidden}
        .head .override{font-weight:400;color:#9a6700}
        .body{position:relative;background:#f6f8fa;border-radius:4px;overflow:hidden}
        .closed .body{background:repeating-linear-gradient(45deg,#f6f8fa,#f6f8fa 6px,#fff 6px,#fff 12px)}
        .window,.k-window{background:#e6f4ea}.window{position:absolute;left:0;right:0}
        .buffer,.k-buffer{background:repeating-linear-gradient(135deg,#fff1c2,#fff1c2 4px,#ffe08a 4px,#ffe08a 8px)}
        .buffer{position:absolute;left:0;right:0;opacity:.9}
        .busy,.k-busy{background:#cf222e;color:#fff}.busy{position:absolute;left:2px;right:2px;border-radius:3px;font-size:11px;overflow:hidden;z-index:2}
        .busy span{padding:0 4px;white-space:nowrap}
        .busy.tentative,.k-tentative{background:#fff;color:#59636e;border:1px dashed #8c959f}
        .slot,.k-slot{background:#dafbe1;border:1px solid #4ac26b}
        .slot{position:absolute;left:10%;right:10%;box-sizing:border-box;border-radius:3px;font-size:10px;line-height:1;padding:1px 3px;font-variant-numeric:tabular-nums;z-index:3;cursor:default}
        .slot .say{display:none;position:absolute;left:100%;top:0;z-index:9;width:220px;padding:6px 8px;background:#1f2328;color:#fff;border-radius:4px;font-size:12px;line-height:1.3}
        .slot:hover{background:#4ac26b;color:#fff}.slot:hover .say{display:block}.day:nth-child(n+7) .slot .say{left:auto;right:100%}
        .reason{position:absolute;left:4px;right:4px;bottom:8px;padding:4px;background:#fff;border:1px solid #d1d9e0;border-radius:4px;font-size:12px;color:#59636e;z-index:4}
        .note{color:#9a6700}.none{color:#d1242f;font-weight:600}
        """
}
