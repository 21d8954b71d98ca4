import ArgumentParser
import Runtime

/// `slotplan explain`: is this moment offered, and if not, which rule says no.
struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain", abstract: "Explain whether a start time is offered, rule by rule.")

    @OptionGroup var inputs: CampaignInputs
    @OptionGroup var live: LiveCalendarOptions

    @Option(help: "The start time to explain, ISO 8601 with a zone.")
    var at: String

    func run() async throws {
        let now = try inputs.nowInstant(), moment = try parseInstant(at, option: "--at")
        let dryRun = try inputs.dryRun()
        let busy = try await live.liveBusy(dryRun, campaign: inputs.campaign, now: now)
        let answer = try adapt { () throws(RuntimeError) in try dryRun.explain(campaign: inputs.campaign, at: moment, now: now, live: busy) }
        for warning in answer.warnings { writeErr("warning: \(warning)\n") }
        writeOut(ExplanationText.render(answer.explanation, engine: answer.engine))
    }
}
