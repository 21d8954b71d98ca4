/// How a scalar was written; the schema uses it to tell `true` from `"true"`.
public enum ScalarStyle: Sendable, Equatable {
    case plain, singleQuoted, doubleQuoted, literal, folded

    public var isPlain: Bool { self == .plain }
}

/// A scalar as written: its text (after YAML's own escapes) and style. No type is guessed.
public struct YAMLScalar: Sendable, Equatable {
    public let text: String
    public let style: ScalarStyle

    /// A plain empty scalar, `~` or `null`: YAML's null.
    public var isNull: Bool { style.isPlain && (text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL") }
}

/// One key and its value in a mapping.
public struct YAMLPair: Sendable {
    public let key: YAMLNode
    public let value: YAMLNode
    /// The key's text (keys are always scalars after parsing), kept for lookups.
    public let keyText: String

    init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
        if case .scalar(let s) = key.content { keyText = s.text } else { keyText = "" }
    }
}

/// A node of the positioned document tree.
public struct YAMLNode: Sendable {
    public enum Content: Sendable {
        case scalar(YAMLScalar)
        case mapping([YAMLPair])
        case sequence([YAMLNode])
    }

    public let content: Content
    public let range: SourceRange
    /// Nodes in this subtree, this one included (the alias budget counts these).
    let size: Int

    init(_ content: Content, range: SourceRange) {
        self.content = content
        self.range = range
        switch content {
        case .scalar: size = 1
        case .mapping(let pairs): size = 1 + pairs.reduce(0) { $0 + $1.key.size + $1.value.size }
        case .sequence(let items): size = 1 + items.reduce(0) { $0 + $1.size }
        }
    }

    public var scalar: YAMLScalar? { if case .scalar(let s) = content { return s } else { return nil } }
    public var mapping: [YAMLPair]? { if case .mapping(let p) = content { return p } else { return nil } }
    public var sequence: [YAMLNode]? { if case .sequence(let s) = content { return s } else { return nil } }

    /// "a mapping", "a list", "text `x`", for messages.
    public var kindDescription: String {
        switch content {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let s): return s.isNull ? "nothing (null)" : "`\(s.text.count > 40 ? String(s.text.prefix(40)) + "…" : s.text)`"
        }
    }
}

/// One YAML document of a file.
public struct YAMLDocument: Sendable {
    public let root: YAMLNode
    /// 0-based position of the document in its file.
    public let index: Int
}

/// A parsed file: its documents (only those parsed without errors) and the problems found.
public struct ParsedFile: Sendable {
    public let path: String
    public let source: SourceText
    public let documents: [YAMLDocument]
    public let diagnostics: [Diagnostic]
}
