import CYAML
import Foundation

/// Turns YAML bytes into positioned document trees through libyaml's event API.
///
/// Every failure becomes one diagnostic at the right place; nothing here traps on bad input.
/// Scalars keep their text and style: deciding types is the schema's job.
public struct YAMLParser: Sendable {
    public let limits: InputLimits

    public init(limits: InputLimits = .standard) {
        self.limits = limits
    }

    /// Reads and parses a file, refusing files over the size limit before reading them whole.
    public func parseFile(atPath path: String) -> ParsedFile {
        let empty = SourceText(path: path, text: "")
        let origin = SourceRange(file: path, at: SourceLocation(line: 1, column: 1))
        guard let bytes = Self.readPrefix(path, limit: limits.maxFileBytes + 1) else {
            return ParsedFile(path: path, source: empty, documents: [], diagnostics: [
                Diagnostic(.unreadableFile, "cannot read `\(path)`: \(String(cString: strerror(errno)))", at: origin,
                           help: "check that the file exists and is readable"),
            ])
        }
        return parse(path: path, bytes: bytes)
    }

    /// At most `limit` bytes of a file, or nil when it cannot be opened or read.
    static func readPrefix(_ path: String, limit: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        let expected = fstat(fd, &info) == 0 ? min(Int(info.st_size), limit) : 0
        var bytes = [UInt8](repeating: 0, count: max(expected, 4096))
        var count = 0
        while count < limit {
            if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: min(bytes.count, limit - count))) }
            let n = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return -1 }
                return Glibc.read(fd, base + count, buffer.count - count)
            }
            if n < 0 { return nil }
            if n == 0 { break }
            count += n
        }
        bytes.removeSubrange(count...)
        return bytes
    }

    /// Parses bytes that claim to be the file at `path`.
    public func parse(path: String, bytes: [UInt8]) -> ParsedFile {
        let origin = SourceRange(file: path, at: SourceLocation(line: 1, column: 1))
        if bytes.count > limits.maxFileBytes {
            return ParsedFile(path: path, source: SourceText(path: path, text: ""), documents: [], diagnostics: [
                Diagnostic(.fileTooLarge, "file is larger than \(limits.maxFileBytes / 1024) KiB", at: origin,
                           help: "policy files are small; split it, or check that this is the file you meant"),
            ])
        }
        if let bad = UTF8Check.firstInvalidOffset(bytes) {
            let location = UTF8Check.location(ofByte: bad, in: bytes)
            let valid = String(decoding: bytes[0..<bad], as: UTF8.self)
            let hex = String(bytes[bad], radix: 16, uppercase: true)
            return ParsedFile(path: path, source: SourceText(path: path, text: valid), documents: [], diagnostics: [
                Diagnostic(.invalidUTF8, "file is not valid UTF-8: byte 0x\(hex) at offset \(bad)",
                           at: SourceRange(file: path, at: location), label: "invalid byte here",
                           help: "save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)"),
            ])
        }
        let source = SourceText(path: path, text: String(decoding: bytes, as: UTF8.self))
        var builder = TreeBuilder(path: path, source: source, limits: limits)
        bytes.withUnsafeBufferPointer { buffer in builder.run(buffer) }
        if builder.documents.isEmpty && builder.diagnostics.isEmpty {
            builder.diagnostics.append(Diagnostic(
                .emptyFile, "file holds no YAML document", at: origin,
                help: "add a document starting with `kind:`, or remove the file"))
        }
        return ParsedFile(path: path, source: source, documents: builder.documents, diagnostics: builder.diagnostics)
    }
}

/// Builds trees from libyaml events; one instance per file.
private struct TreeBuilder {
    let path: String
    let source: SourceText
    let limits: InputLimits
    var documents: [YAMLDocument] = []
    var diagnostics: [Diagnostic] = []

    /// An open mapping or list; mutated in place at the top of the stack.
    private struct Frame {
        let isMapping: Bool
        let start: SourceLocation
        let anchor: String?
        var pairs: [YAMLPair] = []
        var items: [YAMLNode] = []
        var key: YAMLNode?
    }

    private var stack: [Frame] = []
    private var anchors: [String: YAMLNode] = [:]
    private var expanded = 0
    private var root: YAMLNode?

    init(path: String, source: SourceText, limits: InputLimits) {
        self.path = path
        self.source = source
        self.limits = limits
    }

    mutating func run(_ buffer: UnsafeBufferPointer<UInt8>) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) != 0 else {
            diagnostics.append(Diagnostic(.unreadableFile, "libyaml could not start (out of memory)", at: nil))
            return
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, buffer.baseAddress ?? UnsafePointer(bitPattern: 1), buffer.count)
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) != 0 else {
                reportSyntaxError(parser)
                return
            }
            if event.type == YAML_SCALAR_EVENT { checkGluedComment(event, in: buffer) }
            let keepGoing = handle(event)
            let done = event.type == YAML_STREAM_END_EVENT
            yaml_event_delete(&event)
            if !keepGoing || done { return }
        }
    }

    /// YAML 1.2 needs whitespace before a comment's `#`; libyaml accepts one glued to a closing
    /// quote (`name: "Q4 renewals"# note`), which other YAML tools reject. Reported, with the fix.
    private mutating func checkGluedComment(_ event: yaml_event_t, in buffer: UnsafeBufferPointer<UInt8>) {
        let style = event.data.scalar.style
        guard style == YAML_SINGLE_QUOTED_SCALAR_STYLE || style == YAML_DOUBLE_QUOTED_SCALAR_STYLE else { return }
        let after = Int(event.end_mark.index)
        guard after < buffer.count, buffer[after] == UInt8(ascii: "#") else { return }
        let at = SourceRange(file: path, at: location(event.end_mark))
        diagnostics.append(Diagnostic(
            .yamlSyntax, "YAML syntax error: a comment must be separated from the value by a space", at: at,
            label: "`#` right after the closing quote", help: "put a space before `#`",
            fixIts: [FixIt(range: at, replacement: " #")]))
    }

    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private func range(_ start: yaml_mark_t, _ end: yaml_mark_t) -> SourceRange {
        SourceRange(file: path, start: location(start), end: location(end))
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?, length: Int? = nil) -> String? {
        guard let pointer else { return nil }
        let count = length ?? strlen(UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// Handles one event; false stops the file.
    private mutating func handle(_ event: yaml_event_t) -> Bool {
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            anchors = [:]
            expanded = 0
            root = nil
        case YAML_DOCUMENT_END_EVENT:
            if let root { documents.append(YAMLDocument(root: root, index: documents.count)) }
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            let style: ScalarStyle
            switch s.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
            let r = range(event.start_mark, event.end_mark)
            checkTag(Self.string(s.tag), allowed: "tag:yaml.org,2002:str", at: r)
            let text = Self.string(s.value, length: s.length) ?? ""
            let node = YAMLNode(.scalar(YAMLScalar(text: text, style: style)), range: r)
            if let anchor = Self.string(s.anchor) { anchors[anchor] = node }
            return attach(node)
        case YAML_ALIAS_EVENT:
            let name = Self.string(event.data.alias.anchor) ?? ""
            let r = range(event.start_mark, event.end_mark)
            guard let target = anchors[name] else {
                diagnostics.append(Diagnostic(
                    .undefinedAlias, "alias `*\(name)` refers to no anchor", at: r, label: "undefined alias",
                    help: DidYouMean.help(for: name, among: Array(anchors.keys))
                        ?? "define `&\(name)` on a node earlier in the same document"))
                return false
            }
            expanded += target.size
            if expanded > limits.maxAliasExpansion {
                diagnostics.append(Diagnostic(
                    .aliasBudgetExceeded,
                    "aliases expand to more than \(limits.maxAliasExpansion) nodes in this document",
                    at: r, label: "expansion passes the budget here",
                    help: "aliases that copy aliases grow exponentially (\"billion laughs\"); write the values out or use fewer levels"))
                return false
            }
            return attach(target)
        case YAML_MAPPING_START_EVENT, YAML_SEQUENCE_START_EVENT:
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let start = location(event.start_mark)
            if stack.count >= limits.maxDepth {
                diagnostics.append(Diagnostic(
                    .nestingTooDeep, "nesting is deeper than \(limits.maxDepth) levels",
                    at: SourceRange(file: path, at: start), label: "level \(stack.count + 1) starts here",
                    help: "policy documents need only a few levels; check for runaway brackets or indentation"))
                return false
            }
            let anchor = Self.string(isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor)
            let tag = Self.string(isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag)
            checkTag(tag, allowed: isMapping ? "tag:yaml.org,2002:map" : "tag:yaml.org,2002:seq",
                     at: SourceRange(file: path, at: start))
            stack.append(Frame(isMapping: isMapping, start: start, anchor: anchor))
        case YAML_MAPPING_END_EVENT, YAML_SEQUENCE_END_EVENT:
            guard let frame = stack.popLast() else { return true }
            let range = SourceRange(file: path, start: frame.start, end: location(event.end_mark))
            let node = frame.isMapping
                ? YAMLNode(.mapping(resolveMerges(frame.pairs)), range: range)
                : YAMLNode(.sequence(frame.items), range: range)
            if let anchor = frame.anchor { anchors[anchor] = node }
            return attach(node)
        default:
            break
        }
        return true
    }

    private mutating func checkTag(_ tag: String?, allowed: String, at range: SourceRange) {
        guard let tag, tag != "!", tag != allowed else { return }
        diagnostics.append(Diagnostic(
            .unsupportedYAML, "YAML tag `\(tag)` is not supported", at: range,
            help: "remove the tag: slotplan reads each value as its field requires"))
    }

    /// Adds a finished node to its parent, or makes it the document root.
    private mutating func attach(_ node: YAMLNode) -> Bool {
        guard !stack.isEmpty else {
            root = node
            return true
        }
        let top = stack.count - 1
        if !stack[top].isMapping {
            stack[top].items.append(node)
        } else if let key = stack[top].key {
            stack[top].pairs.append(YAMLPair(key: key, value: node))
            stack[top].key = nil
        } else {
            guard node.scalar != nil else {
                diagnostics.append(Diagnostic(
                    .unsupportedYAML, "a key must be plain text, not \(node.kindDescription)", at: node.range,
                    help: "write the key as text; complex keys (`? [a, b]`) are not part of the policy language"))
                return false
            }
            stack[top].key = node
        }
        return true
    }

    /// Reports duplicate keys (pointing at both) and applies `<<` merge keys.
    private mutating func resolveMerges(_ pairs: [YAMLPair]) -> [YAMLPair] {
        if pairs.count <= 16, !hasDuplicateOrMerge(pairs) { return pairs }
        var seen: [String: YAMLPair] = [:]
        var explicit: [YAMLPair] = []
        var merges: [YAMLPair] = []
        for pair in pairs {
            let key = pair.keyText
            if key == "<<", pair.key.scalar?.style.isPlain == true {
                merges.append(pair)
                continue
            }
            if let first = seen[key] {
                diagnostics.append(Diagnostic(
                    .duplicateKey, "key `\(key)` appears twice in this mapping", at: pair.key.range,
                    label: "second definition", notes: [DiagnosticNote("first defined here", at: first.key.range)],
                    help: "remove one of them; YAML does not say which would win"))
                continue
            }
            seen[key] = pair
            explicit.append(pair)
        }
        for merge in merges {
            let sources: [YAMLNode]
            if merge.value.mapping != nil {
                sources = [merge.value]
            } else if let items = merge.value.sequence, items.allSatisfy({ $0.mapping != nil }) {
                sources = items
            } else {
                diagnostics.append(Diagnostic(
                    .unsupportedYAML, "`<<` merges a mapping or a list of mappings, not \(merge.value.kindDescription)",
                    at: merge.value.range, help: "write `<<: *anchor` where `&anchor` names a mapping"))
                continue
            }
            for source in sources {
                for pair in source.mapping ?? [] where seen[pair.keyText] == nil {
                    seen[pair.keyText] = pair
                    explicit.append(pair)
                }
            }
        }
        return explicit
    }

    /// Quadratic but allocation-free check for the common small mapping.
    private func hasDuplicateOrMerge(_ pairs: [YAMLPair]) -> Bool {
        for i in pairs.indices {
            let key = pairs[i].keyText
            if key == "<<" { return true }
            for j in pairs.indices where j > i && pairs[j].keyText == key { return true }
        }
        return false
    }

    private mutating func reportSyntaxError(_ parser: yaml_parser_t) {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        let context = parser.context.map { String(cString: $0) }
        let at = location(parser.problem_mark)
        if let tab = tabInIndentation(near: at.line) {
            diagnostics.append(Diagnostic(
                .tabIndentation, "tab character used for indentation",
                at: SourceRange(file: path, at: tab), label: "tab here",
                help: "YAML indents with spaces only; replace the tab with spaces"))
            return
        }
        var notes: [DiagnosticNote] = []
        if let context, parser.context_mark.line != parser.problem_mark.line || parser.context_mark.column != parser.problem_mark.column {
            notes.append(DiagnosticNote(context, at: SourceRange(file: path, at: location(parser.context_mark))))
        }
        diagnostics.append(Diagnostic(
            .yamlSyntax, "YAML syntax error: \(problem)", at: SourceRange(file: path, at: at),
            label: problem, notes: notes, help: Self.syntaxHelp(problem)))
    }

    /// The first tab in the leading whitespace of the given line or the two before it.
    private func tabInIndentation(near line: Int) -> SourceLocation? {
        for number in [line, line - 1, line + 1] {
            guard let text = source.line(number) else { continue }
            var column = 1
            for ch in text {
                if ch == "\t" { return SourceLocation(line: number, column: column) }
                if ch != " " { break }
                column += 1
            }
        }
        return nil
    }

    private static func syntaxHelp(_ problem: String) -> String {
        if problem.contains("mapping values are not allowed") {
            return "a value containing `: ` must be quoted, e.g. `title: \"Demo: part 2\"`"
        }
        if problem.contains("did not find expected key") || problem.contains("did not find expected '-'") {
            return "check the indentation: keys of one mapping line up in the same column"
        }
        if problem.contains("found undefined tag handle") {
            return "remove the tag: slotplan reads each value as its field requires"
        }
        if problem.contains("cannot start any token") {
            return "quote the value; `@` and `` ` `` cannot start plain text in YAML"
        }
        if problem.contains("found unexpected end of stream") || problem.contains("while scanning a quoted scalar") {
            return "close the quote or bracket that was opened"
        }
        return "check the indentation and quoting around this place"
    }
}
