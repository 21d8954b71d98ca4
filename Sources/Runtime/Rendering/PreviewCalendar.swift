import Availability
import PlanModel
/// Preview as an iCalendar file a calendar imports: one free (transparent) event per slot.
enum PreviewCalendar {
    static func ics(_ p: Preview) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//slotplan//preview//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
                     "X-WR-CALNAME:" + ICalendarText.escape("slotplan preview: \(p.campaignName)"), "X-WR-TIMEZONE:" + p.timezone]
        for s in p.slots {
            lines += [
                "BEGIN:VEVENT",
                "UID:\(p.campaignID)-\(ICalendarText.utcStamp(s.start))@slotplan.preview",
                "DTSTAMP:\(ICalendarText.utcStamp(p.now))",
                "DTSTART:\(ICalendarText.utcStamp(s.start))",
                "DTEND:\(ICalendarText.utcStamp(s.end))",
                "SUMMARY:" + ICalendarText.escape("Offered: \(p.campaignName)"),
                "DESCRIPTION:" + ICalendarText.escape("The AI would say: \(s.offer)"),
                "TRANSP:TRANSPARENT",
                "STATUS:TENTATIVE",
                "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return lines.map(ICalendarText.fold).joined()
    }
}
