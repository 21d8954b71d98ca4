import Availability
import Foundation
import PlanModel
import PolicyLanguage

/// Compiles a one-campaign policy (the booking block given) with a UTC-calendar owner.
func compilePlan(_ booking: String, file: String = "c.yaml") -> Plan? {
    let team = """
        kind: Team
        version: 1
        members:
          ana: { name: Ana Silva, email: ana@acme.example, calendars: { google: { account: ana@acme.example, timezone: UTC, connected_at: 2026-10-01T00:00:00Z } } }
        """
    let campaign = "kind: Campaign\nversion: 1\nid: test\nowner: ana\nbooking:\n  enabled: true\n" + booking
    let result = PolicyCompiler().compile(files: [("team.yaml", Array(team.utf8)), (file, Array(campaign.utf8))])
    if !result.diagnostics.isEmpty { print(HumanRenderer(color: false).render(DiagnosticReport(result))) }
    return result.plans.first
}

/// `2026-03-08T06:30:00Z` → seconds.
func utc(_ text: String) -> UnixTime {
    let f = ISO8601DateFormatter()
    return UnixTime(f.date(from: text)?.timeIntervalSince1970 ?? .nan)
}

/// Seconds → `2026-03-08T06:30Z`.
func utcText(_ t: UnixTime) -> String {
    let f = ISO8601DateFormatter()
    return String(f.string(from: Date(timeIntervalSince1970: TimeInterval(t))).dropLast(4)) + "Z"
}

/// The UTC starts of the slots offered.
func starts(_ plan: Plan, now: String, busy: [BusyInterval] = [], bookings: [ExistingBooking] = [], limit: Int = .max) -> [String] {
    SlotEngine(plan: plan).evaluate(now: utc(now), freeBusy: BusyTime(intervals: busy), bookings: bookings, limit: limit).slots.map { utcText($0.start) }
}

func busy(_ from: String, _ to: String, _ status: BusyInterval.Status = .busy, _ summary: String? = nil) -> BusyInterval {
    BusyInterval(start: utc(from), end: utc(to), status: status, summary: summary, source: "test")
}

enum PolicyCompilerBridge {
    static func compile(_ files: String...) -> Plan? {
        PolicyCompiler().compile(files: files.enumerated().map { ("f\($0.offset).yaml", Array($0.element.utf8)) }).plans.first
    }
}
