import ArgumentParser
import Availability
import Plan
import Foundation

/// `slotplan explain`: is this moment offered, and if not, which rule says no.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain", abstract: "Explain whether a start time is offered, rule by rule.")

    @OptionGroup var inputs: CampaignInputs

    @Option(help: "The start time to explain, ISO 8601 with a zone.")
    var at: String

    func run() throws {
        let plan = try inputs.loadPlan()
        let now = try inputs.nowInstant()
        let moment = try parseInstant(at, option: "--at")
        let busy = try inputs.loadBusy(plan: plan, now: now)
        let engine = SlotEngine(plan: plan)
        writeOut(ExplanationText.render(engine.explain(at: moment, now: now, freeBusy: busy), engine: engine))
    }
}

/// The text of DESIGN.md §4's explain example.
enum ExplanationText {
    static func render(_ e: Explanation, engine: SlotEngine) -> String {
        let plan = engine.plan
        guard let clock = engine.clock else {
            return "\(plan.campaign.id) offers nothing: \(e.checks.map(\.text).joined(separator: "; "))\n"
        }
        let zone = SpokenTime.zoneName(clock.identifier)
        let utc = Preview.utc(e.at)
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
