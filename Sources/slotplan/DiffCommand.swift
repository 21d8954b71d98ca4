import ArgumentParser
import Foundation
import FreeBusy
import PolicyDiff
import PolicyLanguage

extension DiffFormat: ExpressibleByArgument {}

/// `slotplan diff`: what a change to the policies does to callers (DESIGN §12).
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "Show what a policy change does to the slots callers are offered.",
        discussion: """
            The base is read from git objects (nothing is checked out; the work tree and index are untouched); \
            the head is the work tree unless --head names a revision. Exit 0, 1 when a side does not compile \
            or a revision cannot be read, 2 with --exit-code when anything differs.
            """)

    @Argument(help: "Policy files or folders (default: campaigns/).")
    var paths: [String] = []

    @Option(help: "The revision compared against (default: HEAD).")
    var base = "HEAD"

    @Option(help: "The revision of the new side (default: the work tree).")
    var head: String?

    @Option(help: "Busy data the slots are counted against (repeatable; default: the hours alone).")
    var busy: [String] = []

    @Option(help: "The current time, ISO 8601 (default: the clock); weeks start on its owner-local date.")
    var now: String?

    @Option(help: "How many 7-day weeks of slots to compare (1–26).")
    var weeks = 2

    @Option(help: "Output format: \(DiffFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: DiffFormat = .human

    @Flag(help: "Exit 2 when anything differs.")
    var exitCode = false

    @Option(help: "Colour of diagnostics when a side does not compile: auto, always, never.")
    var color: ColorChoice = .auto

    func validate() throws {
        guard (1...26).contains(weeks) else { throw ValidationError("--weeks \(weeks): expected 1 to 26") }
    }

    func run() throws {
        let instant = try parseNow(now)
        let paths = self.paths.isEmpty ? ["campaigns"] : self.paths
        let here = FileManager.default.currentDirectoryPath
        for file in busy where !FileManager.default.fileExists(atPath: file) {
            throw fail("--busy \(file): no such file", code: 64)
        }
        let baseSide: PolicySide, headSide: PolicySide
        do {
            baseSide = try PolicySide.revision(GitRevision(base, in: here), paths: paths)
            if let head {
                headSide = try PolicySide.revision(GitRevision(head, in: here), paths: paths)
            } else {
                let compiled: CompilationResult
                do { compiled = try PolicyCompiler().compile(paths: paths) } catch { throw fail("\(error)", code: 64) }
                headSide = PolicySide(label: "work tree", revision: "work tree", compilation: compiled)
            }
        } catch let error as GitError {
            throw fail(error.description, code: 1)
        }
        let diff: PolicyDiff
        do {
            diff = try PolicyDiff.compare(base: baseSide, head: headSide, now: instant, weeks: weeks, busyFiles: busy,
                                          busy: PolicyDiff.busyReader(busy, now: instant))
        } catch let failure as SideFailure {
            let report = DiagnosticReport(failure.compilation, warningsAsErrors: false)
            writeErr(HumanRenderer(color: color.enabled(forDescriptor: STDERR_FILENO)).render(report))
            let name = failure.side.revision == failure.side.label ? failure.side.label : "\(failure.side.revision) (\(failure.side.label))"
            throw fail("the \(failure.role), \(name), does not compile (\(failure.compilation.errorCount) error\(failure.compilation.errorCount == 1 ? "" : "s")); nothing compared", code: 1)
        } catch let error as BusyReadError {
            throw fail("--busy: \(error)", code: 1)
        }
        writeOut(try format.render(diff))
        if exitCode && diff.hasChanges { throw ExitCode(2) }
    }
}
