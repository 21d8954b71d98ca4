import ArgumentParser
import Availability
import Foundation

extension PreviewFormat: ExpressibleByArgument {}

/// `slotplan preview`: the exact slots the AI would offer.
struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview", abstract: "Show the slots the AI would offer, as a table, JSON, iCalendar or HTML.")

    @OptionGroup var inputs: CampaignInputs

    @Option(help: "Recipient's phone number (E.164); its North American area code gives the recipient's time zone.")
    var phone: String?

    @Option(help: "Recipient's time zone (IANA), e.g. confirmed on the call; wins over --phone.")
    var recipientTz: String?

    @Option(help: "Show only the first N days (default: the whole look-ahead).")
    var days: Int?

    @Option(help: "Output format: \(PreviewFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: PreviewFormat = .table

    func run() throws {
        let plan = try inputs.loadPlan()
        let now = try inputs.nowInstant()
        if let recipientTz, TimeZone(identifier: recipientTz) == nil || !recipientTz.contains("/") && recipientTz != "UTC" {
            throw fail("--recipient-tz \(recipientTz): not an IANA time zone (e.g. America/Chicago)", code: 64)
        }
        if let days, days < 1 { throw fail("--days must be at least 1", code: 64) }
        let busy = try inputs.loadBusy(plan: plan, now: now)
        let ownerZone = plan.booking.schedule?.timezone ?? "UTC"
        let recipient = RecipientTimeZone.resolve(phone: phone, explicit: recipientTz, ownerZone: ownerZone)
        let notes = inputs.busy.isEmpty ? ["no --busy data given: the slots show the hours only, not the calendar"] : []
        let preview = Preview.build(engine: SlotEngine(plan: plan), now: now, freeBusy: busy, recipient: recipient, days: days, notes: notes)
        writeOut(format.render(preview))
    }
}
