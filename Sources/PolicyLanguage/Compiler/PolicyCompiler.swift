import Foundation
import Plan

/// The outcome of checking a workspace: every problem, and the plans when there are no errors.
public struct CompilationResult: Sendable {
    /// The files read, in order.
    public let files: [String]
    /// The text of every file read, for excerpts.
    public let sources: [String: SourceText]
    /// Every problem of the run, sorted.
    public let diagnostics: [Diagnostic]
    /// One plan per campaign, sorted by id; empty when any error was found.
    public let plans: [Plan]

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
}

/// The policy compiler: YAML files in, diagnostics and immutable plans out.
public struct PolicyCompiler: Sendable {
    public let limits: InputLimits

    public init(limits: InputLimits = .standard) {
        self.limits = limits
    }

    /// Checks and compiles the workspace made of the given files and folders.
    public func compile(paths: [String]) throws(WorkspaceError) -> CompilationResult {
        let files = try WorkspaceFiles.discover(paths)
        let parser = YAMLParser(limits: limits)
        return compile(parsed: files.map { parser.parseFile(atPath: $0) })
    }

    /// Checks and compiles in-memory files (path → bytes), e.g. for tests, editors and fuzzing.
    public func compile(files: [(path: String, bytes: [UInt8])]) -> CompilationResult {
        let parser = YAMLParser(limits: limits)
        return compile(parsed: files.map { parser.parse(path: $0.path, bytes: $0.bytes) })
    }

    func compile(parsed: [ParsedFile]) -> CompilationResult {
        var bag = DiagnosticBag()
        var decoder = DocumentDecoder()
        for file in parsed {
            bag.add(contentsOf: file.diagnostics)
            decoder.decode(file)
        }
        bag.add(contentsOf: decoder.schema.bag.all)
        var resolver = WorkspaceResolver(declarations: decoder.declarations)
        let plans = resolver.resolve()
        bag.add(contentsOf: resolver.bag.all)
        if parsed.isEmpty {
            bag.add(Diagnostic(.noCampaigns, "no policy files found", at: nil,
                               help: "point slotplan at a folder of .yaml files, or run `slotplan init`"))
        }
        let sources = Dictionary(parsed.map { ($0.path, $0.source) }, uniquingKeysWith: { a, _ in a })
        return CompilationResult(
            files: parsed.map(\.path), sources: sources, diagnostics: bag.sorted,
            plans: bag.hasErrors ? [] : plans.sorted { $0.campaign.id < $1.campaign.id })
    }
}
