import PlanModel
import Testing

@testable import PolicyLanguage

@Suite struct ValueSyntaxTests {
    @Test(arguments: [("30m", 30), ("2h", 120), ("1h30m", 90), ("14d", 20160), ("0m", 0), ("1d2h3m", 1563), ("90m", 90)])
    func durations(_ text: String, _ minutes: Int) {
        #expect(ValueSyntax.durationMinutes(text) == minutes)
    }

    @Test(arguments: ["30", "", "m", "30M", "1m1h", "1h1h", "30 m", "-5m", "1.5h", "30s", "2w", "1234567m"])
    func malformedDurations(_ text: String) {
        #expect(ValueSyntax.durationMinutes(text) == nil)
    }

    @Test(arguments: [("30", "30m"), ("1:30", "1h30m"), ("2 hours", "2h"), ("15mins", "15m"), ("2 weeks", "14d"), ("30 m", "30m")])
    func durationSuggestions(_ text: String, _ fix: String) {
        #expect(ValueSyntax.durationSuggestion(text) == fix)
    }

    @Test func windows() {
        #expect(ValueSyntax.window("09:00-12:00") == Window(startMinute: 540, endMinute: 720))
        #expect(ValueSyntax.window("22:30-02:00") == Window(startMinute: 1350, endMinute: 1560))
        #expect(ValueSyntax.window("00:00-00:00") == Window(startMinute: 0, endMinute: 1440))
        #expect(ValueSyntax.window("13:00-24:00") == Window(startMinute: 780, endMinute: 1440))
        for bad in ["9:00-12:00", "09:00", "09:60-10:00", "24:00-01:00", "09:00-12:00-13:00", "nine-ten"] {
            #expect(ValueSyntax.window(bad) == nil, "\(bad)")
        }
    }

    @Test func dayKeys() {
        #expect(ValueSyntax.days("mon-fri") == [.mon, .tue, .wed, .thu, .fri])
        #expect(ValueSyntax.days("fri-mon") == [.fri, .sat, .sun, .mon])
        #expect(ValueSyntax.days("mon,wed") == [.mon, .wed])
        #expect(ValueSyntax.days("mon-tue,sat") == [.mon, .tue, .sat])
        #expect(ValueSyntax.days("daily")?.count == 7)
        #expect(ValueSyntax.days("weekdays") == nil && ValueSyntax.days("mon-") == nil && ValueSyntax.days("") == nil)
    }

    @Test func dates() {
        #expect(ValueSyntax.isRealDate("2028-02-29") && !ValueSyntax.isRealDate("2026-02-29"))
        #expect(!ValueSyntax.isRealDate("2026-13-01") && !ValueSyntax.isRealDate("2026-1-01") && !ValueSyntax.isRealDate("2026-04-31"))
        #expect(ValueSyntax.isRealDate("2000-02-29") && !ValueSyntax.isRealDate("1900-02-29"))
    }

    @Test func timestampsNormaliseToUTC() {
        #expect(ValueSyntax.utcTimestamp("2026-11-01T00:00:00+01:00")?.normalized == "2026-10-31T23:00:00Z")
        #expect(ValueSyntax.utcTimestamp("2026-10-01T14:03:00Z")?.normalized == "2026-10-01T14:03:00Z")
        #expect(ValueSyntax.utcTimestamp("2026-10-01") == nil && ValueSyntax.utcTimestamp("2026-10-01T14:03:00") == nil)
    }

    @Test func timeZones() {
        #expect(ValueSyntax.isTimeZone("America/New_York") && ValueSyntax.isTimeZone("Asia/Kolkata") && ValueSyntax.isTimeZone("UTC"))
        #expect(!ValueSyntax.isTimeZone("EST") && !ValueSyntax.isTimeZone("GMT+1") && !ValueSyntax.isTimeZone("America/New_Yrok"))
    }

    @Test func didYouMean() {
        #expect(DidYouMean.suggestion(for: "bufers", among: DocumentDecoder.bookingKeys) == "buffers")
        #expect(DidYouMean.suggestion(for: "lookahead", among: DocumentDecoder.bookingKeys) == "look_ahead")
        #expect(DidYouMean.suggestion(for: "zzz", among: DocumentDecoder.bookingKeys) == nil)
        #expect(DidYouMean.distance("ab", "ba") == 1)
    }
}

@Suite struct TemplateParserTests {
    @Test func tokensFallbacksAndLiterals() {
        let (t, problems) = TemplateParser(context: .invite).parse(#"Hi <recipient.firstName ?? "there">, <b>bold</b> <3 <recipient.company>"#)
        #expect(problems.isEmpty)
        #expect(t.parts == [
            .text("Hi "), .token(path: "recipient.firstName", fallback: "there"), .text(", <b>bold</b> <3 "),
            .token(path: "recipient.company", fallback: nil),
        ])
    }

    @Test func messageOnlyTokensAreRefusedInInvites() {
        #expect(TemplateParser(context: .invite).parse("<slot.ownerTime>").1.map(\.id) == [.tokenNotInContext])
        #expect(TemplateParser(context: .message).parse("<slot.ownerTime> <email.spoken>").1.isEmpty)
    }

    @Test func braceFormWarnsWithFix() {
        let problems = TemplateParser(context: .message).parse("Hi {recipient.firstName} and {{owner.name}}, {not.a.token}").1
        #expect(problems.map(\.replacement) == ["<recipient.firstName>", "<owner.name>"])
    }

    @Test func fallbackWithEscapedQuoteAndSingleQuotes() {
        let (t, problems) = TemplateParser(context: .message).parse(#"<owner.name ?? "the \"team\""> <owner.email ?? 'x'>"#)
        #expect(problems.isEmpty)
        #expect(t.parts.first == .token(path: "owner.name", fallback: "the \"team\""))
        #expect(t.parts.last == .token(path: "owner.email", fallback: "x"))
    }

    @Test func unterminatedTokenIsMalformedNotACrash() {
        for text in ["<recipient.firstName", "<recipient.firstName ??", "<recipient.firstName ?? \"x", "<a.b ?? x>", "<", "<<>>"] {
            _ = TemplateParser(context: .message).parse(text)
        }
        #expect(TemplateParser(context: .message).parse("<recipient.firstName ?? x>").1.map(\.id) == [.malformedToken])
    }
}

@Suite struct DiagnosticCatalogTests {
    @Test func codesAreUniqueAndDocumented() throws {
        let codes = DiagnosticID.allCases.map(\.code)
        #expect(Set(codes).count == codes.count, "two ids share a code")
        #expect(!codes.contains("SP000"), "an id has no number")
        let docs = try String(contentsOf: Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/diagnostics.md"), encoding: .utf8)
        for id in DiagnosticID.allCases {
            #expect(docs.contains("</a>\(id.code) | \(id.defaultSeverity.rawValue) | \(id.title) |"), "docs/diagnostics.md lacks \(id.code)")
        }
    }
}
