import Foundation
import Plan
import PolicyLanguage
import Testing

/// Every folder under Fixtures/invalid is a malformed workspace; `expected.codes` lists the exact
/// diagnostics (code, severity, place) and `expected.txt` is the rendered report (golden).
@Suite struct InvalidPolicyTests {
    @Test(arguments: Fixtures.cases("invalid"))
    func reportsExpectedDiagnostics(_ name: String) throws {
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
