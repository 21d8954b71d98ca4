import ArgumentParser
import Booking
import Connections
import Foundation
import Runtime

/// Where bookings are recorded and written (shared by book, reschedule and cancel).
struct RuntimeOptions: ParsableArguments {
    @Option(help: "The ledger: sqlite:PATH (default sqlite:slotplan.db) or postgres://user@host:port/database (shared by many runtimes).")
    var ledger = "sqlite:slotplan.db"

    @Option(name: .customLong("calendar"), help: """
        The calendar written to and read as busy data: vdir:DIR (default vdir:calendar), \
        caldav:https://user@host/path/ (password in SLOTPLAN_CALDAV_PASSWORD), google:CALENDAR-ID (token in \
        SLOTPLAN_GOOGLE_ACCESS_TOKEN) or outlook:CALENDAR-ID (token in SLOTPLAN_MICROSOFT_ACCESS_TOKEN; `Calendar` is \
        the default calendar), or `auto`: the provider the team's connections choose for the calendar owner. \
        Default: vdir:calendar; for serve and mcp with a secret key, auto (the stored connections).
        """)
    var calendarOption: String?

    /// Whether a secret key is given, so the connection store is in use.
    var hasKey: Bool { keyFile != nil || !(ProcessInfo.processInfo.environment["SLOTPLAN_SECRET_KEY"] ?? "").isEmpty }

    /// `--calendar`, else vdir:calendar (a long-running service with a key: auto).
    func calendar(service: Bool = false) -> String { calendarOption ?? (service && hasKey ? "auto" : "vdir:calendar") }

    @Option(help: "Output: text or json.")
    var format: OutcomeFormat = .text

    @Option(help: "The connection store (default: the ledger's database). Used when a secret key is given (SLOTPLAN_SECRET_KEY or --key-file).")
    var store: String?

    @Option(help: "The 32-byte key file sealing the stored tokens (base64, mode 0600).")
    var keyFile: String?

    /// The runtime over these locations and the given plans; with a secret key, on the stored
    /// connections (tokens refreshed on demand).
    func runtime(plans: PlanCatalog, busy: [String] = [], service: Bool = false) async throws -> Runtime {
        let ledgerLocation = try adapt { () throws(RuntimeError) in try LedgerLocation(ledger) }
        let calendarLocation = try adapt { () throws(RuntimeError) in try CalendarLocation(calendar(service: service)) }
        let opened: any BookingLedger
        do { opened = try await ledgerLocation.open(service: service) } catch { throw fail(error) }
        let tokens = try await storedTokens(store: store ?? ledger, keyFile: keyFile, ledger: (ledger, opened))
        return Runtime(plans: plans, ledger: opened, calendar: calendarLocation, busyFiles: busy, tokens: tokens)
    }
}

extension OutcomeFormat: ExpressibleByArgument {}

/// `slotplan book`: book a slot for a recipient; exit 0 booked, 3 taken or not offered, 1 skipped or failed.
struct BookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "book", abstract: "Book a slot: re-check, claim, write the event, confirm.")

    @OptionGroup var inputs: CampaignInputs
    @OptionGroup var options: RuntimeOptions

    @Option(help: "Start of the meeting, ISO 8601 with a zone.")
    var at: String

    @Option(help: "The recipient's e-mail address (the attendee).")
    var email: String

    @Option(help: "Recipient's first name.") var firstName: String?
    @Option(help: "Recipient's last name.") var lastName: String?
    @Option(help: "Recipient's phone number (E.164).") var phone: String?
    @Option(help: "Recipient's company.") var company: String?

    @Option(help: "Idempotency key: a retried confirmation with the same key returns the same booking (default: campaign, e-mail and time).")
    var idempotencyKey: String?

    func run() async throws {
        let now = try inputs.nowInstant(), start = try parseInstant(at, option: "--at")
        let recipient = Recipient(email: email, firstName: firstName, lastName: lastName, phone: phone, company: company)
        let request = try adapt { () throws(RuntimeError) in
            try BookRequest(campaign: inputs.campaign, start: start, recipient: recipient, idempotencyKey: idempotencyKey).validated()
        }
        let runtime = try await options.runtime(plans: try inputs.catalog(), busy: inputs.busy)
        let outcome = await runtime.book(request, now: now)
        writeOut(OutcomeText.render(outcome, format: options.format))
        if outcome.status.exitCode != 0 { throw ExitCode(outcome.status.exitCode) }
    }
}

/// `slotplan reschedule`: move a booking on the same call; exit 0 moved, 3 taken or not offered, 1 failed.
struct RescheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reschedule",
                                                    abstract: "Move a booking: its own time does not block the new slot; the event moves in place.")

    @Argument(help: "The booking id `book` printed.")
    var bookingID: String

    @Option(help: "A campaign id in the workspace, or a compiled plan JSON file (default: the booking's campaign in the workspace).")
    var campaign: String?

    @Option(help: "Workspace folder the campaign id is looked up in.")
    var workspace = "campaigns"

    @Option(help: "Busy data files (repeatable), as for book.")
    var busy: [String] = []

    @Option(help: "The current time, ISO 8601 (default: the clock).")
    var now: String?

    @OptionGroup var options: RuntimeOptions

    @Option(help: "New start, ISO 8601 with a zone.")
    var at: String

    @Option(help: "Recipient's first name, when the call corrected it (default: the one given at booking).") var firstName: String?
    @Option(help: "Recipient's last name, when the call corrected it.") var lastName: String?

    @Option(help: "Idempotency key of the move (default: booking id and new time).")
    var idempotencyKey: String?

    func run() async throws {
        let nowTime = try parseNow(now), start = try parseInstant(at, option: "--at")
        let request = try adapt { () throws(RuntimeError) in
            try RescheduleRequest(bookingID: bookingID, start: start, campaign: campaign,
                                  amendment: RecipientAmendment(firstName: firstName, lastName: lastName), idempotencyKey: idempotencyKey).validated()
        }
        let source = campaign.map { PlanSource.forCampaign($0, workspace: workspace) } ?? .workspace(workspace)
        let plans = try adapt { () throws(RuntimeError) in try source.load() }
        let runtime = try await options.runtime(plans: plans, busy: busy)
        let outcome = await runtime.reschedule(request, now: nowTime)
        writeOut(OutcomeText.render(outcome, format: options.format))
        if outcome.status.exitCode != 0 { throw ExitCode(outcome.status.exitCode) }
    }
}

/// `slotplan cancel`: cancel a booking; its event is deleted and its time is free again.
struct CancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a booking and delete its event.")

    @Argument(help: "The booking id `book` printed.")
    var bookingID: String

    @Option(help: "Workspace folder of the booking's campaign (used only by --calendar auto).")
    var workspace = "campaigns"

    @OptionGroup var options: RuntimeOptions

    func run() async throws {
        // Cancelling needs no plan unless `auto` must find the booking's calendar in one.
        let plans = try options.calendar() == "auto" ? adapt { () throws(RuntimeError) in try PlanSource.workspace(workspace).load() }
            : PlanCatalog(plans: [], origin: workspace)
        let runtime = try await options.runtime(plans: plans)
        let outcome = await runtime.cancel(bookingID: bookingID)
        writeOut(OutcomeText.render(outcome, format: options.format))
        if outcome.status.exitCode != 0 { throw ExitCode(outcome.status.exitCode) }
    }
}
