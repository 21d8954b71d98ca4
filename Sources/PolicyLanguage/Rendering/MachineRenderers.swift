import Foundation

/// Versioned JSON: `{"format": "slotplan.diagnostics/1", ...}`.
enum JSONDiagnosticRenderer {
    struct Location: Encodable {
        let file: String
        let line: Int
        let column: Int
        let endLine: Int
        let endColumn: Int
        init(_ r: SourceRange) {
            file = r.file; line = r.start.line; column = r.start.column; endLine = r.end.line; endColumn = r.end.column
        }
        enum CodingKeys: String, CodingKey {
            case file, line, column
            case endLine = "end_line"
            case endColumn = "end_column"
        }
    }
    struct Note: Encodable { let message: String; let location: Location? }
    struct Fix: Encodable { let location: Location; let replacement: String }
    struct Item: Encodable {
        let code: String
        let severity: String
        let title: String
        let message: String
        let location: Location?
        let label: String?
        let help: String?
        let notes: [Note]
        let fixes: [Fix]
    }
    struct Document: Encodable {
        let format = "slotplan.diagnostics/1"
        let files: [String]
        let errors: Int
        let warnings: Int
        let diagnostics: [Item]
    }

    static func render(_ report: DiagnosticReport) -> String {
        let document = Document(
            files: report.files, errors: report.errorCount, warnings: report.warningCount,
            diagnostics: report.diagnostics.map { d in
                Item(code: d.code, severity: report.effectiveSeverity(d).rawValue, title: d.id.title, message: d.message,
                     location: d.range.map(Location.init), label: d.label, help: d.help,
                     notes: d.notes.map { Note(message: $0.message, location: $0.range.map(Location.init)) },
                     fixes: d.fixIts.map { Fix(location: Location($0.range), replacement: $0.replacement) })
            })
        return encodeJSON(document)
    }
}

/// Encodes with sorted keys and a final newline.
func encodeJSON<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(value) else { return "{}\n" }
    return String(decoding: data, as: UTF8.self) + "\n"
}

/// GitHub Actions workflow commands (`::error file=…,line=…::message`), escaped as the runner expects.
enum GitHubRenderer {
    static func escapeData(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

    static func render(_ report: DiagnosticReport) -> String {
        var out = ""
        for d in report.diagnostics {
            let command = report.effectiveSeverity(d) == .error ? "error" : report.effectiveSeverity(d) == .warning ? "warning" : "notice"
            var properties: [String] = []
            if let r = d.range {
                properties += ["file=\(escapeProperty(r.file))", "line=\(r.start.line)", "col=\(r.start.column)",
                               "endLine=\(r.end.line)", "endColumn=\(r.end.column)"]
            }
            properties.append("title=\(escapeProperty("\(d.code) \(d.id.title)"))")
            var message = d.message
            if let help = d.help { message += "\nhelp: \(help)" }
            out += "::\(command) \(properties.joined(separator: ","))::\(escapeData(message))\n"
        }
        out += "slotplan: \(report.summary)\n"
        return out
    }
}
