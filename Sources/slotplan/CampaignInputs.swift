import ArgumentParser
import Availability
import Foundation
import FreeBusy
import Plan
import PolicyLanguage

/// Options of the commands that evaluate one campaign against busy data.
struct CampaignInputs: ParsableArguments {
    @Argument(help: "A campaign id in the workspace, or a compiled plan JSON file.")
    var campaign: String

    @Option(help: "Workspace folder the campaign id is looked up in.")
    var workspace = "campaigns"

    @Option(help: "Busy data: .ics, Google freeBusy JSON, Graph getSchedule JSON or a JSON list of {start, end} (repeatable).")
    var busy: [String] = []

    @Option(help: "The current time, ISO 8601 (default: the clock). With it, output is reproducible.")
    var now: String?

    /// The plan: compiled from the workspace, or read from a plan file. Problems exit 1 or 64.
    func loadPlan() throws -> Plan {
        if campaign.hasSuffix(".json"), FileManager.default.fileExists(atPath: campaign) {
            guard let data = FileManager.default.contents(atPath: campaign) else { throw fail("cannot read \(campaign)", code: 64) }
            do { return try PlanCodec.decode(data) } catch { throw fail("\(campaign): \(error)", code: 1) }
        }
        let result: CompilationResult
        do { result = try PolicyCompiler().compile(paths: [workspace]) } catch { throw fail("\(error)", code: 64) }
        if result.errorCount > 0 {
            writeErr(HumanRenderer(color: false).render(DiagnosticReport(result)))
            throw fail("the workspace has errors; fix them first (slotplan check \(workspace))", code: 1)
        }
        guard let plan = result.plans.first(where: { $0.campaign.id == campaign }) else {
            let ids = result.plans.map(\.campaign.id)
            let hint = DidYouMean.suggestion(for: campaign, among: ids).map { " — did you mean `\($0)`?" } ?? ""
            throw fail("no campaign `\(campaign)` in \(workspace)\(hint) (campaigns: \(ids.joined(separator: ", ")))", code: 64)
        }
        return plan
    }

    /// `--now`, or the clock.
    func nowInstant() throws -> UnixTime {
        guard let now else { return UnixTime(Date().timeIntervalSince1970) }
        return try parseInstant(now, option: "--now")
    }

    /// Busy data from every `--busy` file over the plan's horizon.
    func loadBusy(plan: Plan, now: UnixTime) throws -> FreeBusy {
        let zone = plan.booking.schedule?.timezone ?? "UTC"
        let reader = BusyReader(floatingZone: zone, from: now - 2 * 86_400, to: now + UnixTime(plan.booking.lookAheadDays + 3) * 86_400)
        var all = FreeBusy()
        for path in busy {
            guard FileManager.default.fileExists(atPath: path) else { throw fail("no such busy file: \(path)", code: 64) }
            do { all = all.merged(with: try reader.read(path: path)) } catch { throw fail("\(error)", code: 1) }
        }
        return all
    }
}

/// An ISO 8601 instant with a zone (`2026-12-01T15:00:00Z`, `…-05:00`).
func parseInstant(_ text: String, option: String) throws -> UnixTime {
    if let t = Timestamp.parse(text) { return t }
    throw fail("\(option) \(text): expected an ISO 8601 time with a zone, e.g. 2026-12-01T15:00:00Z", code: 64)
}

/// Prints `error: …` and returns the exit code to throw.
func fail(_ message: String, code: Int32) -> ExitCode {
    writeErr("error: \(message)\n")
    return ExitCode(code)
}
