import ArgumentParser
import Foundation
import PlanModel
import PolicyLanguage

/// `slotplan compile`: one canonical `<campaign-id>.plan.json` per campaign, or nothing on errors.
struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile", abstract: "Compile each campaign to a canonical plan JSON file.")

    @OptionGroup var workspace: WorkspaceOptions

    @Option(help: "Folder to write the plans to (created when missing).")
    var out: String

    func run() throws {
        let result = try workspace.compile()
        let report = DiagnosticReport(result, warningsAsErrors: workspace.warningsAsErrors)
        if !report.diagnostics.isEmpty || report.failed {
            writeErr(HumanRenderer(color: workspace.color.enabled(forDescriptor: STDERR_FILENO)).render(report))
        }
        if report.failed {
            writeErr("error: nothing written to \(out)\n")
            throw ExitCode(1)
        }
        do {
            let written = try PlanWriter.write(result.plans, to: out)
            for path in written { writeOut("wrote \(path)\n") }
        } catch {
            writeErr("error: \(error)\n")
            throw ExitCode(1)
        }
    }
}
