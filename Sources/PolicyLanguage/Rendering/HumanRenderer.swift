/// rustc-style text: header, location arrow, source excerpt with the span underlined, notes, help.
public struct HumanRenderer: Sendable {
    public let color: Bool

    public init(color: Bool) {
        self.color = color
    }

    private func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    private func bold(_ text: String) -> String { paint(text, "1") }
    private func blue(_ text: String) -> String { paint(text, "1;34") }

    private func severityColor(_ severity: Severity) -> String {
        switch severity {
        case .error: "1;31"
        case .warning: "1;33"
        case .note: "1;36"
        }
    }

    public func render(_ report: DiagnosticReport) -> String {
        var out = ""
        for d in report.diagnostics { out += render(d, report: report) + "\n" }
        let status: Severity = report.failed ? .error : report.warningCount > 0 ? .warning : .note
        let word = report.failed ? "error" : report.warningCount > 0 ? "warning" : "ok"
        out += paint(word, severityColor(status)) + bold(": " + report.summary) + "\n"
        return out
    }

    /// One diagnostic as a block of lines (no trailing newline).
    public func render(_ d: Diagnostic, report: DiagnosticReport) -> String {
        let severity = report.effectiveSeverity(d)
        var lines = [paint("\(severity.rawValue)[\(d.code)]", severityColor(severity)) + bold(": \(d.message)")]
        let gutterWidth = max(
            String(d.range?.start.line ?? 1).count,
            d.notes.compactMap { $0.range.map { String($0.start.line).count } }.max() ?? 1)
        let pad = String(repeating: " ", count: gutterWidth)
        if let range = d.range {
            lines.append(pad + blue("--> ") + "\(range.file):\(range.start)")
            lines += excerpt(range, label: d.label, marker: "^", markerColor: severityColor(severity), source: report.sources[range.file], gutterWidth: gutterWidth)
        }
        for note in d.notes {
            if let range = note.range {
                lines.append(pad + blue(" = ") + bold("note") + ": \(note.message)")
                lines.append(pad + blue("--> ") + "\(range.file):\(range.start)")
                lines += excerpt(range, label: nil, marker: "-", markerColor: "1;34", source: report.sources[range.file], gutterWidth: gutterWidth)
            } else {
                lines.append(pad + blue(" = ") + bold("note") + ": \(note.message)")
            }
        }
        if let help = d.help { lines.append(pad + blue(" = ") + bold("help") + ": \(help)") }
        return lines.joined(separator: "\n")
    }

    private func excerpt(_ range: SourceRange, label: String?, marker: Character, markerColor: String, source: SourceText?, gutterWidth: Int) -> [String] {
        guard let source, let text = source.line(range.start.line) else { return [] }
        let number = String(range.start.line)
        let gutter = String(repeating: " ", count: gutterWidth - number.count) + number
        let empty = String(repeating: " ", count: gutterWidth) + " " + blue("|")
        let shown = text.replacingOccurrences(of: "\t", with: " ")
        let startColumn = min(range.start.column, shown.count + 1)
        let endColumn = range.end.line == range.start.line ? range.end.column : shown.count + 1
        let width = max(1, min(endColumn, shown.count + 1) - startColumn)
        var underline = String(repeating: " ", count: startColumn - 1) + paint(String(repeating: marker, count: width), markerColor)
        if let label { underline += " " + paint(label, markerColor) }
        return [empty, blue(gutter + " |") + " " + shown, empty + " " + underline, empty]
    }
}
