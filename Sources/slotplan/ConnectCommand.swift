import ArgumentParser
import Connections
import Foundation
import PlanModel
import Runtime

/// `slotplan connect google|outlook --member ID` (DESIGN §10): sign in once in a browser; the
/// refresh token is sealed into the connection store.
struct ConnectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect", abstract: "Connect a member's Google or Outlook calendar (OAuth in the browser; the token is stored sealed).",
        discussion: """
            Prints the URL to open, waits on 127.0.0.1 for the browser's redirect, exchanges the code (PKCE) and stores the \
            refresh token sealed with the secret key. Client id and secret: SLOTPLAN_GOOGLE_CLIENT_ID / _SECRET, \
            SLOTPLAN_MICROSOFT_CLIENT_ID / _SECRET.
            """)

    @Argument(help: "google or outlook.") var provider: CalendarProvider
    @Option(help: "The team member whose calendar this is.") var member: String
    @Option(help: "The calendar id (default: the team file's, else primary / Calendar).") var calendar: String?
    @Option(help: "Workspace whose team file declares the member's connections.") var workspace = "campaigns"
    @OptionGroup var options: StoreOptions
    @Option(help: "Seconds to wait for the browser.") var timeout = 300

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        // The team file's declaration of this connection (calendar, zone), when there is one.
        var declared: CalendarConnection?
        do {
            declared = try PlanSource.workspace(workspace).load().plans.lazy
                .compactMap { $0.booking.calendarOwner.id == member ? $0.booking.connections.first { $0.provider == provider } : nil }.first
        } catch {
            writeErr("note: the workspace \(workspace) does not load (\(error.message)); the calendar defaults to \(provider == .google ? "primary" : "Calendar")\n")
        }
        let store = try await options.open()
        let flow: AuthorizationFlow
        do { flow = try AuthorizationFlow(provider: provider, settings: OAuthSettings.defaults(environment)) } catch { throw fail(error.message, code: 64) }
        let listener: LoopbackRedirect
        do { listener = try LoopbackRedirect() } catch { throw fail(error.message, code: 1) }
        writeOut("Open this URL to connect \(member)'s \(provider == .google ? "Google" : "Outlook") calendar:\n\n  \(flow.authorizationURL(redirectURI: listener.redirectURI).absoluteString)\n\nwaiting for the browser on \(listener.redirectURI) …\n")
        let granted: AuthorizationFlow.Granted
        do {
            let query = try listener.awaitCallback(timeout: timeout) { query in
                query["error"] == nil ? "slotplan is connected. You can close this window." : "slotplan was not connected: \(HTMLText.escape(query["error"] ?? ""))."
            }
            granted = try await flow.finish(query: query, redirectURI: listener.redirectURI)
        } catch { throw fail(error.message, code: 1) }
        do {
            try await store.add(.init(member: member, provider: provider, refreshToken: granted.refreshToken, account: granted.account,
                                      calendar: calendar ?? declared?.calendar, timezone: declared?.timezone, accountType: granted.accountType),
                                now: Int64(Date().timeIntervalSince1970))
        } catch { throw fail("the connection could not be stored: \(error)", code: 1) }
        var done = "connected \(member)'s \(provider.rawValue) calendar (\(granted.account))"
        if granted.accountType == "personal" {
            done += "; a personal Microsoft account: invites carry no Teams link (a campaign's meeting.link stands in)"
        }
        if let declared, declared.account.lowercased() != granted.account.lowercased() {
            done += "; note: the team file names \(declared.account) for this connection"
        }
        writeOut(done + "\n")
    }
}
