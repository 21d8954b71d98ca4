import Foundation
import PlanModel

extension DocumentDecoder {
    static let bookingKeys = [
        "enabled", "calendar_owner", "meeting", "availability", "buffers", "minimum_notice", "look_ahead",
        "slot_step", "daily_limit", "tentative", "invite", "messages", "hold", "offering",
    ]

    /// The standard call script; each message of `messages:` replaces one of these.
    public static let defaultMessages: [(key: String, text: String)] = [
        ("propose", "Would you like to set up a <meeting.minutes>-minute meeting?"),
        ("ask_email", "What's your email address?"),
        ("readback", "Let me read that back: <email.spoken> — did I get that right?"),
        ("offer", "I have <slot.ownerTime> available<slot.recipientClause>. Does that work?"),
        ("booked", "Booked. You'll get a calendar invite by email shortly."),
        ("taken", "Sorry, that time was just taken. I have <slot.ownerTime> available<slot.recipientClause> instead. Does that work?"),
        ("rescheduled", "Done. I've moved your meeting to <slot.ownerTime><slot.recipientClause>. You'll get an updated invite by email."),
    ]

    static let defaultInviteTitle = "<meeting.minutes>-minute meeting with <owner.name>"

    /// The defaults, parsed once.
    static let parsedDefaultMessages: [String: Template] = Dictionary(
        uniqueKeysWithValues: defaultMessages.map { ($0.key, TemplateParser(context: .message).parse($0.text).0) })
    static let parsedDefaultInviteTitle = TemplateParser(context: .invite).parse(defaultInviteTitle).0

    mutating func decodeCampaign(_ root: YAMLNode, anchor: SourceRange, file: ParsedFile) {
        guard let fields = schema.fields(root, context: "Campaign", anchor: anchor,
                                         allowed: ["kind", "version", "id", "name", "owner", "booking"]) else { return }
        let id: Located<String>
        if fields["id"] != nil {
            guard let declared = schema.identifier(fields["id"], "campaign id") else { return }
            id = declared
        } else {
            let stem = ((file.path as NSString).lastPathComponent as NSString).deletingPathExtension
            guard ValueSyntax.isIdentifier(stem) else {
                schema.report(Diagnostic(.invalidIdentifier, "file name `\(stem)` cannot serve as the campaign id", at: anchor,
                                         help: "add `id: my-campaign` (letters, digits, `-`, `_`, `.`)"))
                return
            }
            id = Located(stem, anchor)
        }
        let name = schema.text(fields["name"], "name")?.value ?? id.value
        let owner = schema.text(fields["owner"], "owner")
        if fields["owner"] == nil { schema.missing("owner", in: fields, help: "add `owner: <member id>`, the team member who owns the campaign") }

        var booking: Fields?
        if let pair = fields["booking"] {
            booking = schema.fields(pair.value, context: "booking", anchor: pair.key.range, allowed: Self.bookingKeys)
            if booking == nil { return }
        }
        let b = booking ?? Fields(context: "booking", anchor: anchor, pairs: [])
        let enabled = schema.bool(b["enabled"], "enabled")?.value ?? false
        let calendarOwner = schema.text(b["calendar_owner"], "calendar_owner")

        var meeting = Fields(context: "meeting", anchor: b.anchor, pairs: [])
        if let pair = b["meeting"] {
            guard let decoded = schema.fields(pair.value, context: "meeting", anchor: pair.key.range,
                                              allowed: ["length", "type", "address", "link"]) else { return }
            meeting = decoded
        }
        let length = schema.duration(meeting["length"], "length", maximum: 1440, allowZero: false)
            ?? Located(30, meeting.anchor)
        let type = schema.choice(meeting["type"], "type", MeetingType.allCases.map { ($0.rawValue, $0) })
            ?? Located(.video, meeting.anchor)
        let address = schema.text(meeting["address"], "address")
        var link = schema.text(meeting["link"], "link")
        if let given = link, !ValueSyntax.isWebURL(given.value) {
            schema.report(Diagnostic(.invalidURL, "`\(given.value)` is not a web link", at: given.range,
                                     label: "expected https://…", help: "write the full link, e.g. `https://meet.example/acme-sales`"))
            link = nil
        }

        var availability: AvailabilityDeclaration?
        if let pair = b["availability"] {
            if let scalar = pair.value.scalar, !scalar.isNull {
                availability = .named(Located(scalar.text, pair.value.range))
            } else if let inline = schema.fields(pair.value, context: "availability", anchor: pair.key.range,
                                                 allowed: ["timezone", "weekly", "dates"]),
                      let body = decodeScheduleBody(inline, id: nil, anchor: pair.key.range) {
                availability = .inline(body)
            } else {
                availability = .invalid
            }
        }

        var before = 0, after = 0
        if let pair = b["buffers"], let buffers = schema.fields(pair.value, context: "buffers", anchor: pair.key.range, allowed: ["before", "after"]) {
            before = schema.duration(buffers["before"], "before", maximum: 1440)?.value ?? 0
            after = schema.duration(buffers["after"], "after", maximum: 1440)?.value ?? 0
        }
        let notice = schema.duration(b["minimum_notice"], "minimum_notice", maximum: 366 * 1440)
            ?? Located(60, b.anchor)
        var lookAhead = schema.duration(b["look_ahead"], "look_ahead", maximum: 366 * 1440)
            ?? Located(14 * 1440, b.anchor)
        if lookAhead.value % 1440 != 0 {
            let days = (lookAhead.value + 1439) / 1440
            schema.report(Diagnostic(
                .lookAheadNotWholeDays, "look_ahead counts whole days, found \(DurationText.format(minutes: lookAhead.value))",
                at: lookAhead.range, label: "not a whole number of days",
                notes: [DiagnosticNote("a slot is offered when its owner-local date is at most look_ahead days after today")],
                help: "write `\(days)d`", fixIts: [FixIt(range: lookAhead.range, replacement: "\(days)d")]))
            lookAhead = Located(days * 1440, lookAhead.range)
        }
        let step = schema.duration(b["slot_step"], "slot_step", maximum: 1440, allowZero: false) ?? length
        let dailyLimit = schema.integer(b["daily_limit"], "daily_limit", in: 1...1000)?.value
        let tentative = schema.choice(b["tentative"], "tentative", TentativePolicy.allCases.map { ($0.rawValue, $0) })?.value ?? .busy
        // A hold keeps a slot for the call that heard it; longer than half an hour is no longer "on this call".
        let hold = schema.duration(b["hold"], "hold", maximum: 30, allowZero: false)?.value
        var offering = Offering()
        if let pair = b["offering"], let given = schema.fields(pair.value, context: "offering", anchor: pair.key.range, allowed: ["count", "spread"]) {
            let count = schema.integer(given["count"], "count", in: 1...10)?.value ?? offering.count
            let spread = schema.choice(given["spread"], "spread", OfferSpread.allCases.map { ($0.rawValue, $0) })?.value ?? offering.spread
            offering = Offering(count: count, spread: spread)
        }

        var title = Located(Self.parsedDefaultInviteTitle, b.anchor)
        var description = Located(Template(literal: ""), b.anchor)
        if let pair = b["invite"], let invite = schema.fields(pair.value, context: "invite", anchor: pair.key.range, allowed: ["title", "description"]) {
            if let t = template(invite["title"], "title", context: .invite, source: file.source) { title = t }
            if let d = template(invite["description"], "description", context: .invite, source: file.source) { description = d }
        }
        var messages: [String: Located<Template>] = [:]
        if let pair = b["messages"], let given = schema.fields(pair.value, context: "messages", anchor: pair.key.range,
                                                               allowed: Self.defaultMessages.map(\.key)) {
            for key in given.keys {
                if let t = template(given[key], key, context: .message, source: file.source) { messages[key] = t }
            }
        }

        guard let owner else { return }
        declarations.campaigns.append(CampaignDeclaration(
            id: id, name: name, owner: owner, anchor: anchor, enabled: enabled, calendarOwner: calendarOwner,
            meetingMinutes: length, meetingType: type, address: address, link: link, availability: availability,
            bookingAnchor: b.anchor, bufferBefore: before, bufferAfter: after, minimumNotice: notice,
            lookAhead: lookAhead, slotStep: step, dailyLimit: dailyLimit, tentative: tentative,
            inviteTitle: title, inviteDescription: description, messages: messages, holdMinutes: hold, offering: offering))
    }

    /// A template field, parsed and checked; problems are placed on the token inside the scalar.
    private mutating func template(_ pair: YAMLPair?, _ name: String, context: TemplateContext, source: SourceText) -> Located<Template>? {
        guard let pair else { return nil }
        guard let scalar = pair.value.scalar, !scalar.isNull else {
            schema.report(Diagnostic(.wrongType, "`\(name)` must be text, found \(pair.value.kindDescription)", at: pair.value.range,
                                     help: "write the text in quotes; tokens like `<recipient.firstName>` are filled in"))
            return nil
        }
        let (template, problems) = TemplateParser(context: context).parse(scalar.text)
        var occurrences: [String: Int] = [:]
        for problem in problems {
            let n = occurrences[problem.snippet, default: 0]
            occurrences[problem.snippet] = n + 1
            let range = Self.locate(problem.snippet, occurrence: n, in: pair.value.range, source: source) ?? pair.value.range
            schema.report(Diagnostic(
                problem.id, problem.message, at: range, label: problem.label, help: problem.help,
                fixIts: problem.replacement.map { [FixIt(range: range, replacement: $0)] } ?? []))
        }
        return Located(template, pair.value.range)
    }

    /// The range of the `occurrence`-th appearance of `snippet` in the source within `range`
    /// (nil when it cannot be found, e.g. because YAML escapes changed it, or is too long to look for).
    static func locate(_ snippet: String, occurrence: Int, in range: SourceRange, source: SourceText) -> SourceRange? {
        guard !snippet.isEmpty, snippet.utf8.count <= 512, !snippet.contains("\n") else { return nil }
        var remaining = occurrence
        for lineNumber in range.start.line...max(range.start.line, range.end.line) {
            guard let line = source.line(lineNumber) else { break }
            var searchFrom = line.startIndex
            if lineNumber == range.start.line {
                searchFrom = line.index(line.startIndex, offsetBy: range.start.column - 1, limitedBy: line.endIndex) ?? line.endIndex
            }
            while let found = line[searchFrom...].firstRange(of: snippet) {
                if remaining == 0 {
                    let column = line.distance(from: line.startIndex, to: found.lowerBound) + 1
                    return SourceRange(file: range.file, start: SourceLocation(line: lineNumber, column: column),
                                       end: SourceLocation(line: lineNumber, column: column + snippet.count))
                }
                remaining -= 1
                searchFrom = found.upperBound
            }
        }
        return nil
    }
}
