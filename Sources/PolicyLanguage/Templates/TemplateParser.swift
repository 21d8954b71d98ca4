import PlanModel

/// Parses `<path>` and `<path ?? "fallback">` tokens out of template text and checks each path
/// against its context's catalog. Anything else in angle brackets (`<b>`, `<3`) is literal text.
///
/// The grammar is ASCII, so the parser works on UTF-8 bytes; text between tokens is copied whole.
struct TemplateParser {
    /// A problem found in a template; `snippet` is the offending text, used to place it.
    struct Problem {
        let id: DiagnosticID
        let message: String
        let label: String
        let help: String
        let snippet: String
        let replacement: String?
    }

    let context: TemplateContext

    private static let lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">"), lbrace = UInt8(ascii: "{"), rbrace = UInt8(ascii: "}")
    private static let space = UInt8(ascii: " "), dot = UInt8(ascii: "."), question = UInt8(ascii: "?")
    private static let quote = UInt8(ascii: "\""), apostrophe = UInt8(ascii: "'"), backslash = UInt8(ascii: "\\")

    /// The parsed template and its problems.
    func parse(_ text: String) -> (Template, [Problem]) {
        let b = Array(text.utf8)
        var parts: [Template.Part] = []
        var problems: [Problem] = []
        var literalStart = 0
        var i = 0
        func flush(upTo end: Int) {
            if end > literalStart { parts.append(.text(Self.string(b, literalStart, end))) }
        }
        while i < b.count {
            let c = b[i]
            if c == Self.lt, let token = scanToken(b, from: i) {
                switch token {
                case .valid(let path, let fallback, let end):
                    flush(upTo: i)
                    parts.append(.token(path: path, fallback: fallback))
                    if let problem = check(path: path, snippet: Self.string(b, i, end)) { problems.append(problem) }
                    i = end
                    literalStart = end
                    continue
                case .malformed(let path, let end):
                    let snippet = Self.string(b, i, end)
                    problems.append(Problem(
                        id: .malformedToken, message: "token `\(snippet)` is malformed", label: "not a valid token",
                        help: "write `<\(path)>` or `<\(path) ?? \"fallback\">` (the fallback in double quotes)",
                        snippet: snippet, replacement: nil))
                }
            } else if c == Self.lbrace, let (path, end) = scanBrace(b, from: i) {
                let snippet = Self.string(b, i, end)
                problems.append(Problem(
                    id: .braceToken, message: "`\(snippet)` uses the brace form and is read as literal text",
                    label: "spoken as written", help: "write `<\(path)>`", snippet: snippet, replacement: "<\(path)>"))
                i = end
                continue
            }
            i += 1
        }
        flush(upTo: b.count)
        return (Template(source: text, parts: parts), problems)
    }

    private static func string(_ b: [UInt8], _ start: Int, _ end: Int) -> String {
        String(decoding: b[start..<end], as: UTF8.self)
    }

    private func check(path: String, snippet: String) -> Problem? {
        if context.paths.contains(path) { return nil }
        if TemplateContext.messageOnlyPaths.contains(path) {
            return Problem(
                id: .tokenNotInContext, message: "`<\(path)>` is not available in an invite",
                label: "only messages know the slot and the spoken e-mail",
                help: "use it in `messages`, or remove it from the invite", snippet: snippet, replacement: nil)
        }
        let suggestion = DidYouMean.suggestion(for: path, among: context.paths)
        return Problem(
            id: .unknownToken, message: "unknown token `<\(path)>`", label: "not in the catalog",
            help: suggestion.map { "did you mean `<\($0)>`?" } ?? "available: \(context.paths.joined(separator: ", "))",
            snippet: snippet, replacement: suggestion.map { snippet.replacingOccurrences(of: path, with: $0) })
    }

    private enum Scan {
        case valid(path: String, fallback: String?, end: Int)
        case malformed(path: String, end: Int)
    }

    private static func isIdentifierStart(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c == 0x5F
    }

    private static func isIdentifierPart(_ c: UInt8) -> Bool { isIdentifierStart(c) || (c >= 0x30 && c <= 0x39) }

    /// Reads a dotted path (at least one dot) starting at `start`; returns it and the index after.
    private func scanPath(_ b: [UInt8], from start: Int) -> (String, Int)? {
        var i = start
        var segments = 0
        while i < b.count, Self.isIdentifierStart(b[i]) {
            i += 1
            while i < b.count, Self.isIdentifierPart(b[i]) { i += 1 }
            segments += 1
            guard i + 1 < b.count, b[i] == Self.dot, Self.isIdentifierStart(b[i + 1]) else { break }
            i += 1
        }
        return segments >= 2 ? (Self.string(b, start, i), i) : nil
    }

    private func skipSpaces(_ b: [UInt8], _ i: inout Int) { while i < b.count, b[i] == Self.space { i += 1 } }

    private func scanToken(_ b: [UInt8], from start: Int) -> Scan? {
        var i = start + 1
        skipSpaces(b, &i)
        guard let (path, afterPath) = scanPath(b, from: i) else { return nil }
        i = afterPath
        skipSpaces(b, &i)
        if i < b.count, b[i] == Self.gt { return .valid(path: path, fallback: nil, end: i + 1) }
        let close = b[i...].firstIndex(of: Self.gt).map { $0 + 1 } ?? b.count
        guard i + 1 < b.count, b[i] == Self.question, b[i + 1] == Self.question else { return .malformed(path: path, end: close) }
        i += 2
        skipSpaces(b, &i)
        guard i < b.count, b[i] == Self.quote || b[i] == Self.apostrophe else { return .malformed(path: path, end: close) }
        let quote = b[i]
        i += 1
        var fallback: [UInt8] = []
        while i < b.count, b[i] != quote {
            if b[i] == Self.backslash, i + 1 < b.count { i += 1 }
            fallback.append(b[i])
            i += 1
        }
        guard i < b.count else { return .malformed(path: path, end: b.count) }
        i += 1
        skipSpaces(b, &i)
        guard i < b.count, b[i] == Self.gt else { return .malformed(path: path, end: close) }
        return .valid(path: path, fallback: String(decoding: fallback, as: UTF8.self), end: i + 1)
    }

    /// `{a.b}` or `{{a.b}}` whose path is in the catalog.
    private func scanBrace(_ b: [UInt8], from start: Int) -> (String, Int)? {
        var i = start + 1
        let double = i < b.count && b[i] == Self.lbrace
        if double { i += 1 }
        skipSpaces(b, &i)
        guard let (path, after) = scanPath(b, from: i) else { return nil }
        i = after
        skipSpaces(b, &i)
        guard i < b.count, b[i] == Self.rbrace else { return nil }
        i += 1
        if double {
            guard i < b.count, b[i] == Self.rbrace else { return nil }
            i += 1
        }
        return context.paths.contains(path) ? (path, i) : nil
    }
}
