import Foundation
import PlanModel

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
    /// The file each campaign id was declared in (the first, when an id is declared twice).
    public let campaignFiles: [String: String]

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
}

/// The policy compiler: YAML files in, diagnostics and immutable plans out.
public struct PolicyCompiler: Sendable {
    public let limits: InputLimits

    public init(limits: InputLimits = .standard) {
        self.limits = limits
    }

    /// Checks and compiles the workspace made of the given files and folders. Files are read,
    /// parsed and decoded on all cores; references are resolved afterwards, in file order.
    /// With `buildPlans: false` every check still runs but no plan is built (`slotplan check`).
    public func compile(paths: [String], buildPlans: Bool = true) throws(WorkspaceError) -> CompilationResult {
        let files = try WorkspaceFiles.discover(paths)
        let parser = YAMLParser(limits: limits)
        return compile(decoded: ParallelWork.map(files) { path in DecodedFile(parser.parseFile(atPath: path)) }, buildPlans: buildPlans)
    }

    /// Checks and compiles in-memory files (path → bytes), e.g. for tests, editors and fuzzing.
    public func compile(files: [(path: String, bytes: [UInt8])]) -> CompilationResult {
        let parser = YAMLParser(limits: limits)
        return compile(decoded: files.map { DecodedFile(parser.parse(path: $0.path, bytes: $0.bytes)) })
    }

    func compile(decoded: consuming [DecodedFile], buildPlans: Bool = true) -> CompilationResult {
        var bag = DiagnosticBag()
        var declarations = WorkspaceDeclarations()
        for index in decoded.indices {
            bag.add(contentsOf: decoded[index].diagnostics)
            declarations.append(decoded[index].declarations)
        }
        var resolver = WorkspaceResolver(declarations: declarations, buildPlans: buildPlans)
        let plans = resolver.resolve()
        bag.add(contentsOf: resolver.bag.all)
        if decoded.isEmpty {
            bag.add(Diagnostic(.noCampaigns, "no policy files found", at: nil,
                               help: "point slotplan at a folder of .yaml files, or run `slotplan init`"))
        }
        let campaignFiles = Dictionary(declarations.campaigns.map { ($0.id.value, $0.id.range.file) }, uniquingKeysWith: { a, _ in a })
        let sources = Dictionary(decoded.map { ($0.source.path, $0.source) }, uniquingKeysWith: { a, _ in a })
        let result = CompilationResult(
            files: decoded.map(\.source.path), sources: sources, diagnostics: bag.sorted,
            plans: bag.hasErrors ? [] : plans.sorted { $0.campaign.id < $1.campaign.id }, campaignFiles: campaignFiles)
        // Freeing ten thousand declarations takes longer than resolving them: the last references
        // move to a background queue, so the memory is returned off the caller's path.
        let done = (consume decoded, consume declarations, consume resolver)
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(done) {} }
        return result
    }
}

/// One file parsed and decoded on its own (no references resolved yet). The YAML tree is not
/// kept: once decoded, only the declarations, the problems and the text (for excerpts) matter.
struct DecodedFile: Sendable {
    let source: SourceText
    let declarations: WorkspaceDeclarations
    let diagnostics: [Diagnostic]

    init(_ parsed: ParsedFile) {
        var decoder = DocumentDecoder()
        decoder.decode(parsed)
        self.source = parsed.source
        self.declarations = decoder.declarations
        self.diagnostics = parsed.diagnostics + decoder.schema.bag.all
    }
}

/// Runs independent work items on all cores, keeping the input order.
enum ParallelWork {
    /// Each slot is written by exactly one worker, and read only after all have finished.
    private final class Slots<T>: @unchecked Sendable {
        var values: [T?]
        init(count: Int) { values = Array(repeating: nil, count: count) }
    }

    static func map<Item: Sendable, T: Sendable>(_ items: [Item], _ body: @Sendable (Item) -> T) -> [T] {
        let slots = Slots<T>(count: items.count)
        let chunk = 64
        let chunks = (items.count + chunk - 1) / chunk
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            for i in (c * chunk)..<min(items.count, (c + 1) * chunk) { slots.values[i] = body(items[i]) }
        }
        return slots.values.compactMap { $0 }
    }
}
