import Availability
import PlanModel

/// Preview and explain: the slot engine on a plan and busy-data files, with no ledger and no
/// calendar writes — what a person runs before launch, and what CI can run.
public struct DryRun: Sendable {
    public let plans: PlanCatalog
    public let busyFiles: [String]

    public init(plans: PlanCatalog, busyFiles: [String]) {
        self.plans = plans
        self.busyFiles = busyFiles
    }

    /// Whether a meeting starting `at` is offered, rule by rule.
    /// `live`: the live calendar's busy time (`--calendar`), with the files'.
    public func explain(campaign: String, at: UnixTime, now: UnixTime, live: BusyTime? = nil) throws(RuntimeError) -> ExplainAnswer {
        let plan = try plans.plan(campaign)
        let busy = try BusyFiles(busyFiles).read(plan: plan, now: now).merged(with: live ?? BusyTime())
        let engine = SlotEngine(plan: plan)
        return ExplainAnswer(explanation: engine.explain(at: at, now: now, freeBusy: busy), engine: engine, warnings: busy.warnings)
    }

    /// The slots the AI would offer, phrased for the recipient (`phone` or an explicit zone).
    public func preview(campaign: String, now: UnixTime, phone: String?, recipientZone: String?, days: Int?,
                        live: BusyTime? = nil) throws(RuntimeError) -> Preview {
        if let recipientZone, !ZoneNames.isIANA(recipientZone) {
            throw .invalid("recipient-tz", "\(recipientZone): not an IANA time zone (e.g. America/Chicago)")
        }
        if let days, days < 1 { throw .invalid("days", "must be at least 1") }
        let plan = try plans.plan(campaign)
        let busy = try BusyFiles(busyFiles).read(plan: plan, now: now).merged(with: live ?? BusyTime())
        let ownerZone = plan.booking.schedule?.timezone ?? "UTC"
        let recipient = RecipientTimeZone.resolve(phone: phone, explicit: recipientZone, ownerZone: ownerZone)
        let notes = busyFiles.isEmpty && live == nil ? ["no --busy data given: the slots show the hours only, not the calendar"] : []
        return Preview.build(engine: SlotEngine(plan: plan), now: now, freeBusy: busy, recipient: recipient, days: days, notes: notes)
    }
}

/// An explanation with the engine that made it (its clock renders the times).
public struct ExplainAnswer: Sendable {
    public let explanation: Explanation
    public let engine: SlotEngine
    /// What the busy data held that could not be read (skipped events, ignored properties).
    public let warnings: [String]
}

/// Time-zone names a person may type.
enum ZoneNames {
    /// An IANA name the system knows (`America/Chicago`, `UTC`), not an abbreviation like `EST`.
    static func isIANA(_ name: String) -> Bool {
        (name.contains("/") || name == "UTC") && ZoneClock(identifier: name, from: 0, to: 0) != nil
    }
}
