import ArgumentParser
import Booking
import Connections
import Foundation
import PlanModel
import Runtime

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

    /// The plans the campaign is looked up in: its plan file, or the compiled workspace.
    func catalog() throws -> PlanCatalog {
        try adapt { () throws(RuntimeError) in try PlanSource.forCampaign(campaign, workspace: workspace).load() }
    }

    /// `--now`, or the clock.
    func nowInstant() throws -> UnixTime { try parseNow(now) }

    /// The dry run over these inputs (no ledger, no calendar writes).
    func dryRun() throws -> DryRun { DryRun(plans: try catalog(), busyFiles: busy) }
}


/// `--now`, or the clock.
func parseNow(_ now: String?) throws -> UnixTime {
    guard let now else { return UnixTime(Date().timeIntervalSince1970) }
    return try parseInstant(now, option: "--now")
}

/// An ISO 8601 instant with a zone (`2026-12-01T15:00:00Z`, `…-05:00`).
func parseInstant(_ text: String, option: String) throws -> UnixTime {
    if let t = Timestamp.parse(text) { return t }
    throw fail("\(option) \(text): expected an ISO 8601 time with a zone, e.g. 2026-12-01T15:00:00Z", code: 64)
}

/// Runs a runtime step; its error is printed with the exit code its outcome code carries
/// (unreadable input exits 64, as everywhere on the command line).
func adapt<T>(_ body: () throws(RuntimeError) -> T) throws -> T {
    do { return try body() } catch { throw fail(error) }
}

/// Prints `error: …` and returns the exit code of a runtime error.
func fail(_ error: RuntimeError) -> ExitCode {
    if let details = error.details { writeErr(details) }
    return fail(error.message, code: error.code == .invalidRequest || error.code == .notFound ? 64 : 1)
}

/// Prints `error: …` and returns the exit code to throw.
func fail(_ message: String, code: Int32) -> ExitCode {
    writeErr("error: \(message)\n")
    return ExitCode(code)
}

/// `--calendar` for preview and explain: a read-only dry run against the live calendar.
struct LiveCalendarOptions: ParsableArguments {
    @Option(help: "Also read the live calendar (a dry run: nothing is written): vdir:DIR, caldav:URL, google:ID, outlook:ID or auto.")
    var calendar: String?

    @Option(help: "With --calendar: the connection store (default sqlite:slotplan.db), used when a secret key is given.")
    var store = "sqlite:slotplan.db"

    @Option(help: "With --calendar: the key file sealing the stored tokens.")
    var keyFile: String?

    /// The live calendar's busy time when `--calendar` is given (tokens from the store when a key is).
    func liveBusy(_ dryRun: DryRun, campaign: String, now: UnixTime) async throws -> BusyTime? {
        guard let calendar else { return nil }
        let location = try adapt { () throws(RuntimeError) in try CalendarLocation(calendar) }
        let plan = try adapt { () throws(RuntimeError) in try dryRun.plans.plan(campaign) }
        let environment = ProcessInfo.processInfo.environment
        let tokens = try await storedTokens(store: store, keyFile: keyFile)
        do { return try await DryRun.liveBusy(plan: plan, calendar: location, environment: environment, tokens: tokens, now: now) } catch {
            throw fail(error)
        }
    }
}

/// The stored connections' access tokens when a secret key is given (`SLOTPLAN_SECRET_KEY` or
/// `--key-file`); nil without one (tokens from the environment, as before connections).
/// `ledger`: the opened ledger, reused when the store is in its database.
func storedTokens(store: String, keyFile: String?, ledger: (location: String, opened: any BookingLedger)? = nil) async throws -> AccessTokens? {
    let environment = ProcessInfo.processInfo.environment
    guard keyFile != nil || !(environment["SLOTPLAN_SECRET_KEY"] ?? "").isEmpty else { return nil }
    let location = try adapt { () throws(RuntimeError) in try LedgerLocation(store) }
    do {
        let reused = ledger.flatMap { $0.location == store ? $0.opened : nil }
        return AccessTokens(store: try await location.openConnectionStore(environment: environment, keyFile: keyFile, reusing: reused),
                            settings: OAuthSettings.defaults(environment))
    } catch { throw fail(error) }
}
