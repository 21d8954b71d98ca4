/// What a check run found, ready to render in any output format.
public struct DiagnosticReport: Sendable {
    public let diagnostics: [Diagnostic]
    public let files: [String]
    public let sources: [String: SourceText]
    /// Warnings count as failures (`--warnings-as-errors`).
    public let warningsAsErrors: Bool

    public init(diagnostics: [Diagnostic], files: [String], sources: [String: SourceText], warningsAsErrors: Bool = false) {
        self.diagnostics = diagnostics
        self.files = files
        self.sources = sources
        self.warningsAsErrors = warningsAsErrors
    }

    public init(_ result: CompilationResult, warningsAsErrors: Bool = false) {
        self.init(diagnostics: result.diagnostics, files: result.files, sources: result.sources, warningsAsErrors: warningsAsErrors)
    }

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }

    /// True when the run fails: errors, or warnings under `--warnings-as-errors`.
    public var failed: Bool { errorCount > 0 || (warningsAsErrors && warningCount > 0) }

    /// The severity a diagnostic is reported with, after `--warnings-as-errors`.
    public func effectiveSeverity(_ d: Diagnostic) -> Severity {
        warningsAsErrors && d.severity == .warning ? .error : d.severity
    }

    /// "1 error, 0 warnings in 6 files".
    public var summary: String {
        func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        return "\(count(errorCount, "error")), \(count(warningCount, "warning")) in \(count(files.count, "file"))"
    }
}

/// The output formats of `slotplan check`.
public enum DiagnosticFormat: String, Sendable, CaseIterable {
    case human, json, github, sarif, junit

    /// Renders the report in this format.
    public func render(_ report: DiagnosticReport, color: Bool = false) -> String {
        switch self {
        case .human: return HumanRenderer(color: color).render(report)
        case .json: return JSONDiagnosticRenderer.render(report)
        case .github: return GitHubRenderer.render(report)
        case .sarif: return SARIFRenderer.render(report)
        case .junit: return JUnitRenderer.render(report)
        }
    }
}
