import ArgumentParser
import Availability
import Booking
import BookingPostgres
import BookingSQLite
import Foundation
import Plan

/// Where bookings are recorded and written (shared by book and cancel).
struct RuntimeOptions: ParsableArguments {
    @Option(help: "The ledger: sqlite:PATH (default sqlite:slotplan.db) or postgres://user@host:port/database (shared by many runtimes).")
    var ledger = "sqlite:slotplan.db"

    @Option(help: """
        The calendar written to and read as busy data: vdir:DIR (default vdir:calendar), \
        caldav:https://user:password@host/path/ , google:CALENDAR-ID (token in SLOTPLAN_GOOGLE_ACCESS_TOKEN) \
        or outlook:CALENDAR-ID (token in SLOTPLAN_MICROSOFT_ACCESS_TOKEN; `Calendar` is the default calendar), \
        or `auto`: the provider the team's connections choose for the calendar owner (book_on, else the newest).
        """)
    var calendar = "vdir:calendar"

    func openLedger() async throws -> any BookingLedger {
        if ledger.hasPrefix("postgres://") || ledger.hasPrefix("postgresql://") {
            do { return try await PostgresLedger.connect(url: ledger) } catch { throw fail("\(error)", code: 1) }
        }
        guard ledger.hasPrefix("sqlite:") else {
            throw fail("--ledger \(ledger): expected sqlite:PATH or postgres://user@host:port/database", code: 64)
        }
        do { return try SQLiteLedger(path: String(ledger.dropFirst(7))) } catch { throw fail("\(error)", code: 1) }
    }

    /// The calendar target; `plan` supplies the connection (account, zone, account type) for Google and Outlook.
    func openCalendar(plan: Plan? = nil) throws -> any CalendarTarget {
        let env = ProcessInfo.processInfo.environment
        var (scheme, rest) = calendar.firstIndex(of: ":").map { (String(calendar[..<$0]), String(calendar[calendar.index(after: $0)...])) }
            ?? (calendar, "")
        if scheme == "auto" {
            // The plan recorded which connection books: book_on when connected, else the newest.
            guard let plan, let selection = plan.booking.bookOn,
                  let chosen = plan.booking.connections.first(where: { $0.provider == selection.provider }) else {
                throw fail("--calendar auto: the campaign's calendar owner has no connected calendar", code: 1)
            }
            (scheme, rest) = (chosen.provider.rawValue, chosen.calendar)
        }
        let connection = { (provider: CalendarProvider) in plan?.booking.connections.first { $0.provider == provider } }
        switch scheme {
        case "vdir":
            return VdirCalendar(folder: rest)
        case "caldav":
            guard var components = URLComponents(string: rest), components.scheme == "http" || components.scheme == "https" else {
                throw fail("--calendar \(calendar): expected caldav:https://user:password@host/path/", code: 64)
            }
            let user = components.user, password = components.password
            components.user = nil
            components.password = nil
            guard let url = components.url else { throw fail("--calendar \(calendar): not a URL", code: 64) }
            return CalDAVCalendar(collection: url, username: user, password: password)
        case "google":
            let base = env["SLOTPLAN_GOOGLE_API"].flatMap(URL.init(string:)) ?? URL(string: "https://www.googleapis.com") ?? URL(fileURLWithPath: "/")
            return GoogleCalendar(baseURL: base, accessToken: env["SLOTPLAN_GOOGLE_ACCESS_TOKEN"] ?? "",
                                  calendarID: rest.isEmpty ? (connection(.google)?.calendar ?? "primary") : rest,
                                  timeZone: connection(.google)?.timezone ?? plan?.booking.schedule?.timezone ?? "UTC")
        case "outlook":
            let base = env["SLOTPLAN_GRAPH_API"].flatMap(URL.init(string:)) ?? URL(string: "https://graph.microsoft.com") ?? URL(fileURLWithPath: "/")
            let c = connection(.outlook)
            return OutlookCalendar(baseURL: base, accessToken: env["SLOTPLAN_MICROSOFT_ACCESS_TOKEN"] ?? "", account: c?.account ?? "",
                                   calendarID: rest.isEmpty ? (c?.calendar ?? "Calendar") : rest, accountType: c?.accountType ?? .work)
        default:
            throw fail("--calendar \(calendar): expected vdir:DIR, caldav:URL, google:CALENDAR-ID or outlook:CALENDAR-ID", code: 64)
        }
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `slotplan book`: book a slot for a recipient; exit 0 booked, 3 taken or not offered, 1 skipped or failed.
struct BookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "book", abstract: "Book a slot: re-check, claim, write the event, confirm.")

    @OptionGroup var inputs: CampaignInputs
    @OptionGroup var runtime: RuntimeOptions

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

    @Option(help: "Output: text or json.")
    var format: OutputFormat = .text

    func run() async throws {
        let plan = try inputs.loadPlan()
        let now = try inputs.nowInstant()
        let start = try parseInstant(at, option: "--at")
        guard email.contains("@"), !email.contains(where: { $0.isWhitespace }) else { throw fail("--email \(email): not an e-mail address", code: 64) }
        let busy = try inputs.loadBusy(plan: plan, now: now)
        let service = BookingService(plan: plan, ledger: try await runtime.openLedger(), calendar: try runtime.openCalendar(plan: plan), extraBusy: busy)
        let recipient = Recipient(email: email, firstName: firstName, lastName: lastName, phone: phone, company: company)
        let key = idempotencyKey ?? "\(plan.campaign.id)|\(email.lowercased())|\(start)"
        let result = await service.book(start: start, recipient: recipient, idempotencyKey: key, now: now)
        writeOut(BookingOutput.render(result, plan: plan, format: format))
        switch result {
        case .booked: return
        case .taken, .notOffered: throw ExitCode(3)
        case .skipped, .failed: throw ExitCode(1)
        }
    }
}

/// `slotplan cancel`: cancel a booking; its event is deleted and its time is free again.
struct CancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a booking and delete its event.")

    @Argument(help: "The booking id `book` printed.")
    var bookingID: String

    @OptionGroup var runtime: RuntimeOptions

    @Option(help: "Output: text or json.")
    var format: OutputFormat = .text

    func run() async throws {
        let ledger = try await runtime.openLedger()
        let calendar = try runtime.openCalendar()
        guard let entry = try? await ledger.entry(id: bookingID) else { throw fail("no booking \(bookingID) in \(runtime.ledger)", code: 1) }
        // Cancelling needs no plan: the ledger knows the event; a plan is only used to book.
        do {
            if let reference = entry.eventReference { try await calendar.delete(reference: reference) }
            let cancelled = try await ledger.cancel(id: bookingID)
            writeOut(format == .json ? BookingOutput.json(["status": "cancelled", "booking": cancelled.id]) : "cancelled \(cancelled.id)\n")
        } catch {
            throw fail("\(error)", code: 1)
        }
    }
}

/// Text and JSON for booking results.
enum BookingOutput {
    static func json(_ fields: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func render(_ result: BookingResult, plan: Plan, format: OutputFormat) -> String {
        let engine = SlotEngine(plan: plan)
        func local(_ t: UnixTime) -> String { engine.clock.map { Preview.rfc3339(t, $0) } ?? Preview.utc(t) }
        let slots = { (s: [OfferedSlot]) in s.map { local($0.start) } }
        switch (result, format) {
        case (.booked(let e, let replayed), .json):
            return json(["status": "booked", "replayed": replayed, "booking": e.id, "start": Preview.utc(e.start), "end": Preview.utc(e.end),
                         "calendar": e.calendar, "event": e.eventReference ?? NSNull(), "message": (try? plan.messages.booked.render([:])) ?? ""])
        case (.booked(let e, let replayed), .text):
            return "\(replayed ? "already booked" : "booked") \(e.id): \(local(e.start)) to \(local(e.end)) on \(e.calendar)\n"
        case (.taken(let alternatives), .json):
            return json(["status": "slot_taken", "alternatives": slots(alternatives)])
        case (.taken(let alternatives), .text):
            return "slot taken; next offered: \(slots(alternatives).joined(separator: ", "))\n"
        case (.notOffered(let reasons, let alternatives), .json):
            return json(["status": "not_offered", "reasons": reasons, "alternatives": slots(alternatives)])
        case (.notOffered(let reasons, let alternatives), .text):
            return "not offered: \(reasons.joined(separator: "; "))\nnext offered: \(slots(alternatives).joined(separator: ", "))\n"
        case (.skipped(let reason), .json):
            return json(["status": "skipped", "reason": reason])
        case (.skipped(let reason), .text):
            return "booking skipped: \(reason)\n"
        case (.failed(let reason), .json):
            return json(["status": "failed", "reason": reason])
        case (.failed(let reason), .text):
            return "booking failed: \(reason)\n"
        }
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

    @OptionGroup var runtime: RuntimeOptions

    @Option(help: "New start, ISO 8601 with a zone.")
    var at: String

    @Option(help: "Recipient's first name (for the updated invite).") var firstName: String?
    @Option(help: "Recipient's last name.") var lastName: String?

    @Option(help: "Idempotency key of the move (default: booking id and new time).")
    var idempotencyKey: String?

    @Option(help: "Output: text or json.")
    var format: OutputFormat = .text

    func run() async throws {
        let ledger = try await runtime.openLedger()
        guard let old = try? await ledger.entry(id: bookingID) else { throw fail("no booking \(bookingID) in \(runtime.ledger)", code: 1) }
        var inputs = try CampaignInputs.parse([campaign ?? old.campaign, "--workspace", workspace] + busy.flatMap { ["--busy", $0] })
        inputs.now = now
        let plan = try inputs.loadPlan()
        let nowTime = try inputs.nowInstant()
        let start = try parseInstant(at, option: "--at")
        let recipient = (firstName != nil || lastName != nil)
            ? Recipient(email: old.attendeeEmail, firstName: firstName, lastName: lastName) : nil
        let service = BookingService(plan: plan, ledger: ledger, calendar: try runtime.openCalendar(plan: plan),
                                     extraBusy: try inputs.loadBusy(plan: plan, now: nowTime))
        let result = await service.reschedule(id: bookingID, to: start, recipient: recipient,
                                              idempotencyKey: idempotencyKey ?? "\(bookingID)|\(start)", now: nowTime)
        writeOut(BookingOutput.render(result, plan: plan, format: format))
        switch result {
        case .booked: return
        case .taken, .notOffered: throw ExitCode(3)
        case .skipped, .failed: throw ExitCode(1)
        }
    }
}
