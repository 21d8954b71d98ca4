import Availability
import PlanModel

/// The text of DESIGN.md §4's explain example.
public enum ExplanationText {
    /// The answer for a person (DESIGN §4's example).
    public static func render(_ e: Explanation, engine: SlotEngine) -> String {
        let plan = engine.plan
        guard let clock = engine.clock else {
            return "\(plan.campaign.id) offers nothing: \(e.checks.map(\.text).joined(separator: "; "))\n"
        }
        let zone = SpokenTime.zoneName(clock.identifier)
        let utc = Timestamp.utc(e.at)
        let when = "\(clock.date(of: e.at)) \(Window.clock(clock.minuteOfDay(e.at))) \(zone) (\(utc.dropFirst(11).prefix(5))Z)"
        var out = "\(when) is \(e.offered ? "offered" : "not offered") by \(plan.campaign.id)\(e.offered ? "." : ":")\n"
        let failed = e.checks.filter { !$0.passed }, passed = e.checks.filter(\.passed)
        for check in failed { out += "  ✗ \(check.text)\n" }
        if !passed.isEmpty { out += "  " + passed.map { "✓ \($0.text)" }.joined(separator: " · ") + "\n" }
        if !e.offered {
            out += e.nextOffered.isEmpty ? "  next offered: none in the look-ahead\n"
                : "  next offered: " + e.nextOffered.map { "\(Window.clock(clock.minuteOfDay($0.start))) \(zone)" + (clock.date(of: $0.start) == clock.date(of: e.at) ? "" : " on \(clock.date(of: $0.start))") }.joined(separator: ", ") + "\n"
        }
        return out
    }
}
