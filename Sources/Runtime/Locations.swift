import Booking
import BookingPostgres
import BookingSQLite
import Calendars
import Foundation
import FreeBusy
import PlanModel

/// A ledger named by URL: `sqlite:PATH` (the embedded default) or `postgres://user@host:port/db`.
public enum LedgerLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(url: String)

    /// Parses the URL; anything else is an `invalid_request` naming the valid forms.
    public init(_ text: String) throws(RuntimeError) {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(url: text)
        } else if text.hasPrefix("sqlite:"), text.count > 7 {
            self = .sqlite(path: String(text.dropFirst(7)))
        } else {
            throw .invalid("ledger", "\(text): expected sqlite:PATH or postgres://user@host:port/database")
        }
    }

    /// Opens (and migrates) the ledger; a failure is reported with the step that failed. A
    /// long-running `service` keeps its PostgreSQL connections open.
    public func open(service: Bool = false) async throws(RuntimeError) -> any BookingLedger {
        do {
            switch self {
            case .sqlite(let path): return try SQLiteLedger(path: path)
            case .postgres(let url): return try await PostgresLedger.connect(url: url, service: service)
            }
        } catch {
            throw RuntimeError(.failed, field: "ledger", "\(error)")
        }
    }
}

/// A calendar named by URI: `vdir:DIR`, `caldav:https://user@host/path/`, `google:CALENDAR-ID`,
/// `outlook:CALENDAR-ID`, or `auto` (the provider the plan's connections choose).
public struct CalendarLocation: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case vdir, caldav, google, outlook, auto
    }

    public let kind: Kind
    /// The folder, URL or calendar id after the scheme (empty: the connection's calendar).
    public let rest: String

    /// Parses the URI; unknown schemes list the valid ones.
    public init(_ text: String) throws(RuntimeError) {
        let (scheme, rest) = text.firstIndex(of: ":").map { (String(text[..<$0]), String(text[text.index(after: $0)...])) } ?? (text, "")
        guard let kind = Kind(rawValue: scheme) else {
            throw .invalid("calendar", "\(text): expected vdir:DIR, caldav:URL, google:CALENDAR-ID, outlook:CALENDAR-ID or auto")
        }
        if kind == .vdir && rest.isEmpty { throw .invalid("calendar", "\(text): vdir needs a folder, e.g. vdir:calendar") }
        self.kind = kind
        self.rest = rest
    }

    /// The calendar client. `plan` supplies the connection (account, zone, account type) for
    /// Google and Outlook and decides `auto`; access tokens and the CalDAV password come from
    /// `environment` (`SLOTPLAN_GOOGLE_ACCESS_TOKEN`, `SLOTPLAN_MICROSOFT_ACCESS_TOKEN`,
    /// `SLOTPLAN_CALDAV_PASSWORD`), never from a URL on the command line.
    /// `folders`: vdir folders kept current by a watch (a long-running runtime's).
    /// `provider`: the connection store's choice for `auto`; `tokens`: its access tokens, used
    /// when the environment gives none.
    /// `accountType`: the store's record of an Outlook account's type, which wins over the team file's.
    public func open(plan: Plan?, environment: [String: String], folders: BusyFolderCache? = nil, provider: CalendarProvider? = nil,
                     tokens: AccessTokenSource? = nil, accountType: OutlookAccountType? = nil) throws(RuntimeError) -> any CalendarTarget {
        var (kind, rest) = (self.kind, self.rest)
        if kind == .auto, let provider, let chosen = plan?.booking.connections.first(where: { $0.provider == provider }) {
            (kind, rest) = (provider == .google ? .google : .outlook, chosen.calendar)
        }
        if kind == .auto {
            // The plan recorded which connection books: book_on when connected, else the newest.
            guard let plan, let selection = plan.booking.bookOn,
                  let chosen = plan.booking.connections.first(where: { $0.provider == selection.provider }) else {
                throw RuntimeError(.bookingSkipped, field: "calendar", "auto: the campaign's calendar owner has no connected calendar")
            }
            (kind, rest) = (chosen.provider == .google ? .google : .outlook, chosen.calendar)
        }
        let connection = { (provider: CalendarProvider) in plan?.booking.connections.first { $0.provider == provider } }
        switch kind {
        case .vdir, .auto:
            return VdirCalendar(folder: rest, cache: folders)
        case .caldav:
            guard var components = URLComponents(string: rest), components.scheme == "http" || components.scheme == "https" else {
                throw .invalid("calendar", "caldav:\(rest): expected caldav:https://user@host/path/")
            }
            let user = components.user, password = components.password ?? environment["SLOTPLAN_CALDAV_PASSWORD"]
            components.user = nil
            components.password = nil
            guard let url = components.url else { throw .invalid("calendar", "caldav:\(rest): not a URL") }
            return CalDAVCalendar(collection: url, username: user, password: password)
        case .google:
            let c = connection(.google)
            return GoogleCalendar(baseURL: Self.apiRoot(environment["SLOTPLAN_GOOGLE_API"], default: "https://www.googleapis.com"),
                                  tokens: Self.tokens(environment["SLOTPLAN_GOOGLE_ACCESS_TOKEN"], stored: tokens),
                                  calendarID: rest.isEmpty ? (c?.calendar ?? "primary") : rest,
                                  timeZone: c?.timezone ?? plan?.booking.schedule?.timezone ?? "UTC")
        case .outlook:
            let c = connection(.outlook)
            return OutlookCalendar(baseURL: Self.apiRoot(environment["SLOTPLAN_GRAPH_API"], default: "https://graph.microsoft.com"),
                                   tokens: Self.tokens(environment["SLOTPLAN_MICROSOFT_ACCESS_TOKEN"], stored: tokens), account: c?.account ?? "",
                                   calendarID: rest.isEmpty ? (c?.calendar ?? "Calendar") : rest,
                                   accountType: accountType ?? c?.accountType ?? .work)
        }
    }

    /// An access token the environment gives wins (a platform that manages tokens itself); else the store's.
    static func tokens(_ given: String?, stored: AccessTokenSource?) -> AccessTokenSource {
        if let given, !given.isEmpty { return .fixed(given) }
        return stored ?? .fixed("")
    }

    static func apiRoot(_ override: String?, default fallback: String) -> URL {
        override.flatMap(URL.init(string:)) ?? URL(string: fallback) ?? URL(fileURLWithPath: "/")
    }
}
