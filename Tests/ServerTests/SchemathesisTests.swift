import Foundation
import Testing
import TestSupport

/// schemathesis (PyPI, in the test venv) against the served `/openapi.json`: generated requests,
/// valid and invalid, bounded in examples and time; no 5xx, and every response conforms to the
/// document (status codes, content types, bodies).
@Suite(.serialized) struct SchemathesisTests {
    static let executable = CommandRunner.packageRoot.appendingPathComponent(".venv/bin/schemathesis")
    static var available: Bool { FileManager.default.isExecutableFile(atPath: executable.path) }

    @Test func schemathesisIsPresentWhenRequired() {
        if ProcessInfo.processInfo.environment["SLOTPLAN_REQUIRE_PEERS"] == "1" { #expect(Self.available, "schemathesis is missing from .venv") }
        if !Self.available { print("note: schemathesis is not installed in .venv (run `make test`); the generated API tests are skipped") }
    }

    @Test(.enabled(if: available, "schemathesis is not installed in .venv: run `make test`"))
    func everyGeneratedRequestGetsAConformingAnswerAndNoServerError() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        // Excluded, by design: `positive_data_acceptance` (a well-formed request the rules refuse is
        // 422 in DESIGN §9: not offered, an unknown time zone, no address in the speech, holds
        // without `booking.hold`), `unsupported_method` (an undeclared method gets 404, not 405).
        // Run in a temporary folder: schemathesis leaves its cache (`.schemathesis/`) where it runs.
        let scratch = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let run = try CommandRunner.runProcess(Self.executable, [
            "run", server.base.absoluteString + "/openapi.json", "--header", "Authorization: Bearer \(server.key)",
            "--checks", "all", "--exclude-checks", "positive_data_acceptance,unsupported_method",
            "--max-examples", "25", "--generation-deterministic", "--request-timeout", "10", "--max-response-time", "10",
        ], in: scratch, environment: ["SCHEMATHESIS_TELEMETRY": "false", "NO_COLOR": "1"])
        #expect(run.status == 0, "\(run.stdout.suffix(4000))\(run.stderr.suffix(2000))")
        #expect(run.stdout.contains("passed") && !run.stdout.contains("Server error"), "\(run.stdout.suffix(2000))")
    }
}
