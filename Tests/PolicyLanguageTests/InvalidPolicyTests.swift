import Foundation
import PlanModel
import PolicyLanguage
import Testing
import TestSupport

/// Every folder under Fixtures/invalid is a malformed workspace; `expected.codes` lists the exact
/// diagnostics (code, severity, place) and `expected.txt` is the rendered report (golden).
@Suite struct InvalidPolicyTests {
    @Test(arguments: Fixtures.cases("invalid"))
    func reportsExpectedDiagnostics(_ name: String) throws {
        try FixtureFolders.require(name)
        let result = PolicyCompiler().compile(files: Fixtures.files(group: "invalid", name: name))
        #expect(!result.diagnostics.isEmpty, "\(name) produced no diagnostics")
        if let failure = Fixtures.golden("invalid/\(name)/expected.codes", Fixtures.codeLines(result.diagnostics)) {
            Issue.record(Comment(rawValue: failure))
        }
        let rendered = HumanRenderer(color: false).render(DiagnosticReport(result))
        if let failure = Fixtures.golden("invalid/\(name)/expected.txt", rendered) {
            Issue.record(Comment(rawValue: failure))
        }
        if result.errorCount > 0 { #expect(result.plans.isEmpty, "a workspace with errors must compile to no plans") }
    }

    @Test func fileOverOneMebibyteIsOneDiagnostic() {
        let big = [UInt8]("kind: Campaign\nname: \"".utf8) + [UInt8](repeating: 0x61, count: 3 << 20) + [UInt8]("\"\n".utf8)
        let result = PolicyCompiler().compile(files: [("big.yaml", big)])
        #expect(result.diagnostics.map(\.code) == ["SP002"])
        #expect(result.diagnostics.first?.range?.start == SourceLocation(line: 1, column: 1))
    }

    @Test func deepNestingAtAnyDepthIsOneDiagnosticWithoutCrash() {
        for depth in [65, 1_000, 200_000] {
            let text = "kind: Team\nx: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
            let result = PolicyCompiler().compile(files: [("deep.yaml", Array(text.utf8))])
            #expect(result.diagnostics.map(\.code) == ["SP006"], "depth \(depth)")
        }
    }

    @Test func truncatedUTF8AtEndOfFileIsReported() {
        let result = PolicyCompiler().compile(files: [("t.yaml", Array("kind: Team\nname: x".utf8) + [0xE2, 0x82])])
        #expect(result.diagnostics.map(\.code) == ["SP003"])
        #expect(result.diagnostics.first?.range?.start == SourceLocation(line: 2, column: 8))
    }
}

/// Inputs found by fuzzing or built to defeat quadratic paths; each must give diagnostics, not a trap or a hang.
@Suite struct HostileInputTests {
    static func campaign(_ booking: String) -> [(path: String, bytes: [UInt8])] {
        [("c.yaml", Array("kind: Campaign\nversion: 1\nowner: maria\nbooking:\n\(booking)".utf8))]
    }

    @Test(arguments: [
        "  minimum_notice: 99999999999999999999 weeks\n", "  minimum_notice: 9999999999999999:99\n",
        "  minimum_notice: 999999999999999w\n", "  minimum_notice: 9223372036854775807\n",
        "  daily_limit: 99999999999999999999999\n", "  minimum_notice: 1:-5\n",
    ])
    func hugeNumbersAreDiagnosedNotTrapped(_ booking: String) {
        let result = PolicyCompiler().compile(files: Self.campaign(booking))
        #expect(result.diagnostics.contains { $0.code == "SP207" || $0.code == "SP206" || $0.code == "SP211" })
    }

    @Test func megabyteScalarsDoNotTurnSuggestionsQuadratic() {
        let long = String(repeating: "x", count: 900_000)
        for booking in [
            "  availability:\n    timezone: \(long)\n    weekly: { mon: 09:00-10:00 }\n",
            "  invite:\n    title: \"<a.b ?? \(long)\"\n",
            "  bufers\(long): 1\n",
        ] {
            let result = PolicyCompiler().compile(files: Self.campaign(booking))
            #expect(!result.diagnostics.isEmpty)
        }
    }
}
