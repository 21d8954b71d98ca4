import Plan

/// Parses `<path>` and `<path ?? "fallback">` tokens out of template text and checks each path
/// against its context's catalog. Anything else in angle brackets (`<b>`, `<3`) is literal text.
struct TemplateParser {
    /// A problem found in a template, located by its offset and length in the template text.
    struct Problem {
        let id: DiagnosticID
        let message: String
        let label: String
        let help: String
        let snippet: String
        let replacement: String?
    }

    let context: TemplateContext

    /// The parsed template and its problems.
    func parse(_ text: String) -> (Template, [Problem]) {
        var parts: [Template.Part] = []
        var literal = ""
        var problems: [Problem] = []
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            if chars[i] == "<", let token = scanToken(chars, from: i) {
                switch token {
                case .valid(let path, let fallback, let end):
                    if !literal.isEmpty { parts.append(.text(literal)); literal = "" }
                    parts.append(.token(path: path, fallback: fallback))
                    if let problem = check(path: path, snippet: String(chars[i..<end])) { problems.append(problem) }
                    i = end
                    continue
                case .malformed(let path, let end):
                    let snippet = String(chars[i..<end])
                    problems.append(Problem(
                        id: .malformedToken, message: "token `\(snippet)` is malformed", label: "not a valid token",
                        help: "write `<\(path)>` or `<\(path) ?? \"fallback\">` (the fallback in double quotes)",
                        snippet: snippet, replacement: nil))
                }
            }
            if chars[i] == "{", let (path, end) = scanBrace(chars, from: i) {
                let snippet = String(chars[i..<end])
                problems.append(Problem(
                    id: .braceToken, message: "`\(snippet)` uses the brace form and is read as literal text",
                    label: "spoken as written", help: "write `<\(path)>`", snippet: snippet, replacement: "<\(path)>"))
                literal += snippet
                i = end
                continue
            }
            literal.append(chars[i])
            i += 1
        }
        if !literal.isEmpty { parts.append(.text(literal)) }
        return (Template(source: text, parts: parts), problems)
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

    /// Reads a dotted path (at least one dot) starting at `i`; returns it and the index after.
    private func scanPath(_ c: [Character], from start: Int) -> (String, Int)? {
        var i = start
        var segments = 0
        while true {
            guard i < c.count, c[i].isASCII, c[i].isLetter || c[i] == "_" else { return nil }
            var j = i + 1
            while j < c.count, c[j].isASCII, c[j].isLetter || c[j].isNumber || c[j] == "_" { j += 1 }
            segments += 1
            i = j
            if i < c.count, c[i] == ".", i + 1 < c.count, c[i + 1].isASCII, c[i + 1].isLetter || c[i + 1] == "_" {
                i += 1
                continue
            }
            break
        }
        return segments >= 2 ? (String(c[start..<i]), i) : nil
    }

    private func skipSpaces(_ c: [Character], _ i: inout Int) { while i < c.count, c[i] == " " { i += 1 } }

    private func scanToken(_ c: [Character], from start: Int) -> Scan? {
        var i = start + 1
        skipSpaces(c, &i)
        guard let (path, afterPath) = scanPath(c, from: i) else { return nil }
        i = afterPath
        skipSpaces(c, &i)
        if i < c.count, c[i] == ">" { return .valid(path: path, fallback: nil, end: i + 1) }
        let close = c[i...].firstIndex(of: ">").map { $0 + 1 } ?? c.count
        guard i + 1 < c.count, c[i] == "?", c[i + 1] == "?" else { return .malformed(path: path, end: close) }
        i += 2
        skipSpaces(c, &i)
        guard i < c.count, c[i] == "\"" || c[i] == "'" else { return .malformed(path: path, end: close) }
        let quote = c[i]
        i += 1
        var fallback = ""
        while i < c.count, c[i] != quote {
            if c[i] == "\\", i + 1 < c.count { i += 1 }
            fallback.append(c[i])
            i += 1
        }
        guard i < c.count else { return .malformed(path: path, end: c.count) }
        i += 1
        skipSpaces(c, &i)
        guard i < c.count, c[i] == ">" else { return .malformed(path: path, end: close) }
        return .valid(path: path, fallback: fallback, end: i + 1)
    }

    /// `{a.b}` or `{{a.b}}` whose path is in the catalog.
    private func scanBrace(_ c: [Character], from start: Int) -> (String, Int)? {
        var i = start + 1
        let double = i < c.count && c[i] == "{"
        if double { i += 1 }
        skipSpaces(c, &i)
        guard let (path, after) = scanPath(c, from: i) else { return nil }
        i = after
        skipSpaces(c, &i)
        guard i < c.count, c[i] == "}" else { return nil }
        i += 1
        if double {
            guard i < c.count, c[i] == "}" else { return nil }
            i += 1
        }
        return context.paths.contains(path) ? (path, i) : nil
    }
}
