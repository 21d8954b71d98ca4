import Foundation
import PlanModel

/// Decodes the documents of parsed files into declarations, one kind at a time.
struct DocumentDecoder {
    var schema = SchemaDecoder()
    var declarations = WorkspaceDeclarations()

    static let kinds = ["Team", "Schedule", "Campaign"]

    /// Decodes every document of a parsed file.
    mutating func decode(_ file: ParsedFile) {
        for document in file.documents {
            decode(document, of: file)
        }
    }

    private mutating func decode(_ document: YAMLDocument, of file: ParsedFile) {
        let root = document.root
        if let scalar = root.scalar, scalar.isNull {
            schema.report(Diagnostic(.emptyDocument, "document \(document.index + 1) is empty", at: root.range,
                                     help: "remove the empty `---` section, or start it with `kind:`"))
            return
        }
        guard let pairs = root.mapping else {
            schema.report(Diagnostic(.wrongType, "a document must be a mapping starting with `kind:`, found \(root.kindDescription)",
                                     at: root.range, help: "start the document with `kind: Campaign` (or Team, Schedule) and `version: 1`"))
            return
        }
        guard let kindPair = pairs.first(where: { $0.keyText == "kind" }) else {
            schema.report(Diagnostic(.missingKind, "document has no `kind`", at: SourceRange(file: file.path, at: root.range.start),
                                     label: "document starts here", help: "add `kind: Campaign`, `kind: Team` or `kind: Schedule` as its first line"))
            return
        }
        guard let kindText = kindPair.value.scalar?.text, Self.kinds.contains(kindText) else {
            let written = kindPair.value.scalar?.text ?? ""
            let suggestion = DidYouMean.suggestion(for: written, among: Self.kinds)
            schema.report(Diagnostic(
                .unknownKind, "unknown kind \(kindPair.value.kindDescription)", at: kindPair.value.range,
                label: "not a slotplan kind", notes: [DiagnosticNote("kinds: \(Self.kinds.joined(separator: ", "))")],
                help: suggestion.map { "did you mean `\($0)`?" } ?? "use one of: \(Self.kinds.joined(separator: ", "))",
                fixIts: suggestion.map { [FixIt(range: kindPair.value.range, replacement: $0)] } ?? []))
            return
        }
        let kind = Located(kindText, kindPair.value.range)
        checkVersion(pairs.first { $0.keyText == "version" }, kindRange: kindPair.key.range)
        switch kind.value {
        case "Team": decodeTeam(root, anchor: kindPair.key.range)
        case "Schedule": decodeScheduleDocument(root, anchor: kindPair.key.range)
        default: decodeCampaign(root, anchor: kindPair.key.range, file: file)
        }
    }

    private mutating func checkVersion(_ pair: YAMLPair?, kindRange: SourceRange) {
        guard let pair else {
            schema.report(Diagnostic(.missingVersion, "document has no `version`", at: kindRange,
                                     label: "add `version: 1` after this", help: "add `version: 1`"))
            return
        }
        guard let scalar = pair.value.scalar, scalar.text == "1" else {
            schema.report(Diagnostic(.unsupportedVersion, "version \(pair.value.kindDescription) is not supported",
                                     at: pair.value.range, label: "this slotplan reads version 1",
                                     help: "write `version: 1`", fixIts: [FixIt(range: pair.value.range, replacement: "1")]))
            return
        }
    }

    // MARK: Team

    private mutating func decodeTeam(_ root: YAMLNode, anchor: SourceRange) {
        guard let fields = schema.fields(root, context: "Team", anchor: anchor, allowed: ["kind", "version", "members"]) else { return }
        declarations.teamAnchors.append(anchor)
        guard let membersPair = fields["members"] else {
            schema.missing("members", in: fields, help: "list the team under `members:`, keyed by member id")
            return
        }
        guard let members = membersPair.value.mapping else {
            schema.report(Diagnostic(.wrongType, "`members` must be a mapping of member id to member, found \(membersPair.value.kindDescription)",
                                     at: membersPair.value.range, help: "write `members:` then `  maria:` with the member's fields indented below"))
            return
        }
        for pair in members {
            guard let id = schema.identifier(YAMLPair(key: pair.key, value: pair.key), "member id") else { continue }
            if let member = decodeMember(id: id, node: pair.value) { declarations.members.append(member) }
        }
    }

    private mutating func decodeMember(id: Located<String>, node: YAMLNode) -> MemberDeclaration? {
        guard let fields = schema.fields(node, context: "members.\(id.value)", anchor: id.range,
                                         allowed: ["name", "email", "calendars", "book_on"]) else { return nil }
        let name = schema.text(fields["name"], "name")
        let email = schema.email(fields["email"], "email")
        if fields["name"] == nil { schema.missing("name", in: fields, help: "add `name: Full Name`") }
        if fields["email"] == nil { schema.missing("email", in: fields, help: "add `email: name@example.com`") }
        var connections: [ConnectionDeclaration] = []
        if let calendars = fields["calendars"], !(calendars.value.scalar?.isNull ?? false) {
            if let calendarFields = schema.fields(calendars.value, context: "calendars", anchor: calendars.key.range,
                                                  allowed: CalendarProvider.allCases.map(\.rawValue)) {
                for provider in CalendarProvider.allCases {
                    guard let pair = calendarFields[provider.rawValue] else { continue }
                    if let connection = decodeConnection(provider, pair) { connections.append(connection) }
                }
            }
        }
        let bookOn = schema.choice(fields["book_on"], "book_on", CalendarProvider.allCases.map { ($0.rawValue, $0) })
        guard let name, let email else { return nil }
        return MemberDeclaration(id: id, name: name.value, email: email.value, connections: connections, bookOn: bookOn)
    }

    private static let personalDomains: Set<String> = ["outlook.com", "hotmail.com", "live.com", "msn.com", "passport.com"]

    private mutating func decodeConnection(_ provider: CalendarProvider, _ pair: YAMLPair) -> ConnectionDeclaration? {
        var allowed = ["account", "calendar", "timezone", "connected_at", "status"]
        if provider == .outlook { allowed.insert("account_type", at: 1) }
        guard let fields = schema.fields(pair.value, context: provider.rawValue, anchor: pair.key.range, allowed: allowed) else { return nil }
        let account = schema.email(fields["account"], "account")
        if fields["account"] == nil { schema.missing("account", in: fields, help: "add `account: name@example.com`, the connected account") }
        let calendar = schema.text(fields["calendar"], "calendar")?.value ?? (provider == .google ? "primary" : "Calendar")
        let timezone = schema.timeZone(fields["timezone"], "timezone")
        if fields["timezone"] == nil { schema.missing("timezone", in: fields, help: "add the calendar's time zone, e.g. `timezone: America/New_York`") }
        var connectedAt: (String, Located<Date>)?
        if let raw = schema.text(fields["connected_at"], "connected_at") {
            if let parsed = ValueSyntax.utcTimestamp(raw.value) {
                connectedAt = (parsed.normalized, Located(parsed.date, raw.range))
            } else {
                schema.report(Diagnostic(.invalidTimestamp, "`\(raw.value)` is not an RFC 3339 timestamp", at: raw.range,
                                         label: "expected e.g. 2026-10-01T14:03:00Z", help: "write the instant with a time zone: `2026-10-01T14:03:00Z`"))
            }
        } else if fields["connected_at"] == nil {
            schema.missing("connected_at", in: fields, help: "add `connected_at: 2026-10-01T14:03:00Z`; the latest connection is booked on when `book_on` is not set")
        }
        let status = schema.choice(fields["status"], "status", ConnectionStatus.allCases.map { ($0.rawValue, $0) })
            ?? Located(.active, pair.key.range)
        var accountType: OutlookAccountType?
        if provider == .outlook {
            if let declared = schema.choice(fields["account_type"], "account_type", OutlookAccountType.allCases.map { ($0.rawValue, $0) }) {
                accountType = declared.value
            } else if fields["account_type"] == nil, let account {
                let domain = account.value.split(separator: "@").last.map { $0.lowercased() } ?? ""
                accountType = Self.personalDomains.contains(domain) ? .personal : .work
            }
        }
        guard let account, let timezone, let connectedAt else { return nil }
        if provider == .outlook && accountType == nil { return nil }
        return ConnectionDeclaration(
            provider: provider, keyRange: pair.key.range, account: account, accountType: accountType, calendar: calendar,
            timezone: timezone, connectedAt: connectedAt.1, connectedAtText: connectedAt.0, status: status)
    }

    // MARK: Schedule

    private mutating func decodeScheduleDocument(_ root: YAMLNode, anchor: SourceRange) {
        guard let fields = schema.fields(root, context: "Schedule", anchor: anchor,
                                         allowed: ["kind", "version", "id", "timezone", "weekly", "dates"]) else { return }
        let id = schema.identifier(fields["id"], "schedule id")
        if fields["id"] == nil { schema.missing("id", in: fields, help: "add `id: us-east-business`; campaigns refer to schedules by id") }
        guard let id else { return }
        if let schedule = decodeScheduleBody(fields, id: id, anchor: anchor) { declarations.schedules.append(schedule) }
    }

    /// The `timezone`, `weekly` and `dates` of a Schedule document or an inline schedule.
    mutating func decodeScheduleBody(_ fields: Fields, id: Located<String>?, anchor: SourceRange) -> ScheduleDeclaration? {
        let problemsBefore = schema.bag.all.count
        let timezone = schema.timeZone(fields["timezone"], "timezone")
        if fields["timezone"] != nil && timezone == nil { return nil }
        var weekly: [DayHoursDeclaration] = []
        if let pair = fields["weekly"] {
            if let entries = mappingEntries(pair, "weekly", help: "write `weekly:` then lines like `  mon-fri: [09:00-12:00, 13:00-17:00]`") {
                var seen: [Weekday: Located<String>] = [:]
                for entry in entries {
                    let key = Located(entry.keyText, entry.key.range)
                    guard let days = ValueSyntax.days(entry.keyText) else {
                        schema.report(Diagnostic(
                            .invalidDayKey, "`\(entry.keyText)` is not a day key", at: entry.key.range, label: "unknown day",
                            notes: [DiagnosticNote("day keys: mon, tue, wed, thu, fri, sat, sun, ranges like `mon-fri`, lists like `mon,wed`, and `daily`")],
                            help: DidYouMean.help(for: entry.keyText, among: ["mon", "tue", "wed", "thu", "fri", "sat", "sun", "daily", "mon-fri"])
                                ?? "use `mon`…`sun`, a range like `mon-fri`, a list like `mon,wed`, or `daily`"))
                        continue
                    }
                    for day in days {
                        if let first = seen[day] {
                            schema.report(Diagnostic(
                                .duplicateDay, "`\(day.rawValue)` gets hours from both `\(first.value)` and `\(entry.keyText)`",
                                at: entry.key.range, label: "second mention of \(day.rawValue)",
                                notes: [DiagnosticNote("first given here", at: first.range)],
                                help: "give each day its hours in one place; split the range, e.g. `mon-thu` and `fri`"))
                        } else {
                            seen[day] = key
                        }
                    }
                    guard let windows = windowList(entry, allowClosed: false) else { continue }
                    weekly.append(DayHoursDeclaration(days: days.filter { seen[$0]?.range == key.range }, key: key, windows: windows))
                }
            }
        }
        var dates: [DateOverrideDeclaration] = []
        if let pair = fields["dates"] {
            if let entries = mappingEntries(pair, "dates", help: "write `dates:` then lines like `  2026-12-25: closed`") {
                for entry in entries {
                    guard ValueSyntax.isRealDate(entry.keyText) else {
                        schema.report(Diagnostic(
                            .invalidDate, "`\(entry.keyText)` is not a real date", at: entry.key.range,
                            label: "expected YYYY-MM-DD", help: "write an existing date as `YYYY-MM-DD`, e.g. `2026-12-24`"))
                        continue
                    }
                    guard let windows = windowList(entry, allowClosed: true) else { continue }
                    dates.append(DateOverrideDeclaration(date: Located(entry.keyText, entry.key.range), windows: windows))
                }
            }
        }
        return ScheduleDeclaration(id: id, timezone: timezone, weekly: weekly, dates: dates, anchor: anchor,
                                   hadErrors: schema.bag.all.count > problemsBefore)
    }

    private mutating func mappingEntries(_ pair: YAMLPair, _ name: String, help: String) -> [YAMLPair]? {
        if pair.value.scalar?.isNull == true { return [] }
        guard let entries = pair.value.mapping else {
            schema.report(Diagnostic(.wrongType, "`\(name)` must be a mapping, found \(pair.value.kindDescription)",
                                     at: pair.value.range, help: help))
            return nil
        }
        return entries
    }

    /// A window, a list of windows, or (for dates) `closed`; windows of the entry must not overlap.
    private mutating func windowList(_ entry: YAMLPair, allowClosed: Bool) -> [Located<Window>]? {
        var scalars: [YAMLNode] = []
        if let items = entry.value.sequence {
            scalars = items
        } else if let scalar = entry.value.scalar {
            if allowClosed && scalar.text == "closed" { return [] }
            scalars = [entry.value]
        }
        var windows: [Located<Window>] = []
        for node in scalars {
            guard let text = node.scalar?.text, let window = ValueSyntax.window(text) else {
                let closedHint = allowClosed ? ", or `closed`" : ""
                schema.report(Diagnostic(
                    .invalidWindow, "\(node.kindDescription) is not a time window", at: node.range,
                    label: "expected HH:MM-HH:MM", help: "write a window like `09:00-12:00`, a list of them\(closedHint); an end at or before the start crosses midnight"))
                return nil
            }
            windows.append(Located(window, node.range))
        }
        if scalars.isEmpty && entry.value.sequence == nil {
            schema.report(Diagnostic(.invalidWindow, "`\(entry.keyText)` has no windows", at: entry.key.range,
                                     help: allowClosed ? "write windows like `09:00-12:00`, or `closed`" : "write windows like `09:00-12:00`, or remove the day"))
            return nil
        }
        let sorted = windows.sorted { $0.value < $1.value }
        for (a, b) in zip(sorted, sorted.dropFirst()) where b.value.startMinute < a.value.endMinute {
            schema.report(Diagnostic(
                .overlappingWindows, "windows \(a.value) and \(b.value) of `\(entry.keyText)` overlap", at: b.range,
                label: "overlaps", notes: [DiagnosticNote("overlapping window", at: a.range)],
                help: "merge them into one window or make them disjoint"))
        }
        return windows
    }
}
