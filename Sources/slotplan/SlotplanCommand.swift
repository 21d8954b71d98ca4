import ArgumentParser
import Foundation
import PolicyLanguage

/// The `slotplan` command line: a thin layer over the libraries (started from main.swift).
struct SlotplanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slotplan",
        abstract: "Meeting-booking policies for AI calling campaigns, as code.",
        discussion: """
            Exit codes: 0 clean (or booked), 1 errors found (or warnings with --warnings-as-errors, \
            or a failed booking), 2 differences found, 3 slot taken or not offered, 64 usage or unreadable input.
            """,
        version: "0.1.0",
        subcommands: [CheckCommand.self, CompileCommand.self, PreviewCommand.self, ExplainCommand.self, BookCommand.self,
                      RescheduleCommand.self, CancelCommand.self, DiffCommand.self, ServeCommand.self, McpCommand.self, ConnectCommand.self, ConnectionsCommand.self, InitCommand.self]
    )
}

/// Terminal colour choice shared by the commands that print diagnostics.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    /// Colour only on a terminal, and never when `NO_COLOR` is set to anything non-empty.
    func enabled(forDescriptor fd: Int32) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            if let noColor = ProcessInfo.processInfo.environment["NO_COLOR"], !noColor.isEmpty { return false }
            return isatty(fd) == 1
        }
    }
}

extension DiagnosticFormat: ExpressibleByArgument {}

/// Options every command that reads a workspace shares.
struct WorkspaceOptions: ParsableArguments {
    @Argument(help: "Policy files or folders (default: campaigns/).")
    var paths: [String] = []

    @Flag(help: "Treat warnings as errors (exit 1).")
    var warningsAsErrors = false

    @Option(help: "Colour: auto (a terminal without NO_COLOR), always, never.")
    var color: ColorChoice = .auto

    var resolvedPaths: [String] { paths.isEmpty ? ["campaigns"] : paths }

    /// Compiles the workspace (plans only when asked); unreadable paths exit 64.
    func compile(buildPlans: Bool = true) throws -> CompilationResult {
        do {
            return try PolicyCompiler().compile(paths: resolvedPaths, buildPlans: buildPlans)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(64)
        }
    }
}

func writeOut(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }
func writeErr(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
