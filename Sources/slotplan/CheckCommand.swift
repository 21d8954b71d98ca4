import ArgumentParser
import Foundation
import PolicyLanguage

/// `slotplan check`: report every problem of the workspace.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check policy files and report every problem.")

    @OptionGroup var workspace: WorkspaceOptions

    @Option(help: "Output format: \(DiagnosticFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: DiagnosticFormat = .human

    func run() throws {
        let result = try workspace.compile(buildPlans: false)
        let report = DiagnosticReport(result, warningsAsErrors: workspace.warningsAsErrors)
        writeOut(format.render(report, color: format == .human && workspace.color.enabled(forDescriptor: STDOUT_FILENO)))
        if report.failed { throw ExitCode(1) }
    }
}
