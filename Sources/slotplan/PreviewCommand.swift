import ArgumentParser
import Runtime

extension PreviewFormat: ExpressibleByArgument {}

/// `slotplan preview`: the exact slots the AI would offer.
struct PreviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview", abstract: "Show the slots the AI would offer, as a table, JSON, iCalendar or HTML.")

    @OptionGroup var inputs: CampaignInputs
    @OptionGroup var live: LiveCalendarOptions

    @Option(help: "Recipient's phone number (E.164); its North American area code gives the recipient's time zone.")
    var phone: String?

    @Option(help: "Recipient's time zone (IANA), e.g. confirmed on the call; wins over --phone.")
    var recipientTz: String?

    @Option(help: "Show only the first N days (default: the whole look-ahead).")
    var days: Int?

    @Option(help: "Output format: \(PreviewFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: PreviewFormat = .table

    func run() async throws {
        let now = try inputs.nowInstant()
        let dryRun = try inputs.dryRun()
        let busy = try await live.liveBusy(dryRun, campaign: inputs.campaign, now: now)
        let preview = try adapt { () throws(RuntimeError) in
            try dryRun.preview(campaign: inputs.campaign, now: now, phone: phone, recipientZone: recipientTz, days: days, live: busy)
        }
        writeOut(format.render(preview))
    }
}
