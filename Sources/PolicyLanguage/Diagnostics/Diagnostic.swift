/// How bad a problem is.
public enum Severity: String, Sendable, Comparable, Codable {
    case error, warning, note

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .note: 2
        }
    }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// A secondary place a diagnostic points at, with its own message.
public struct DiagnosticNote: Sendable, Equatable {
    public let message: String
    public let range: SourceRange?
    public init(_ message: String, at range: SourceRange? = nil) {
        self.message = message
        self.range = range
    }
}

/// A suggested edit: replace the text of `range` with `replacement`.
public struct FixIt: Sendable, Equatable {
    public let range: SourceRange
    public let replacement: String
    public init(range: SourceRange, replacement: String) {
        self.range = range
        self.replacement = replacement
    }
}

/// One problem found in the policy files, in the model of swift-syntax's diagnostics: a stable
/// message id, a primary span with a label, notes at other places, help text and fix-its.
public struct Diagnostic: Sendable, Equatable {
    public let id: DiagnosticID
    public let severity: Severity
    public let message: String
    /// Nil only for problems that belong to no file (e.g. an empty workspace).
    public let range: SourceRange?
    /// Short text printed under the underlined span.
    public let label: String?
    public let notes: [DiagnosticNote]
    public let help: String?
    public let fixIts: [FixIt]

    public init(
        _ id: DiagnosticID, _ message: String, at range: SourceRange?, label: String? = nil,
        notes: [DiagnosticNote] = [], help: String? = nil, fixIts: [FixIt] = [],
        severity: Severity? = nil
    ) {
        self.id = id
        self.severity = severity ?? id.defaultSeverity
        self.message = message
        self.range = range
        self.label = label
        self.notes = notes
        self.help = help
        self.fixIts = fixIts
    }

    /// The stable code, e.g. `SP204`.
    public var code: String { id.code }

    /// Report order: file, line, column, then severity and code.
    public static func reportOrder(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        let fa = a.range?.file ?? "", fb = b.range?.file ?? ""
        if fa != fb { return fa < fb }
        let la = a.range?.start ?? SourceLocation(line: 0, column: 0)
        let lb = b.range?.start ?? SourceLocation(line: 0, column: 0)
        if la != lb { return la < lb }
        if a.severity != b.severity { return a.severity < b.severity }
        if a.code != b.code { return a.code < b.code }
        return a.message < b.message
    }
}

/// Collects diagnostics while a pass runs.
public struct DiagnosticBag: Sendable {
    public private(set) var all: [Diagnostic] = []
    public init() {}

    public mutating func add(_ diagnostic: Diagnostic) { all.append(diagnostic) }
    public mutating func add(contentsOf other: [Diagnostic]) { all.append(contentsOf: other) }

    public var hasErrors: Bool { all.contains { $0.severity == .error } }

    /// All diagnostics in report order, exact repeats removed.
    public var sorted: [Diagnostic] {
        var seen: [Diagnostic] = []
        for d in all.sorted(by: Diagnostic.reportOrder) where seen.last != d { seen.append(d) }
        return seen
    }
}
