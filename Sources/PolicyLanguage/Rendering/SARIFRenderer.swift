/// SARIF 2.1.0, one run, with a rule per diagnostic id that occurs.
enum SARIFRenderer {
    struct Text: Encodable { let text: String }
    struct Region: Encodable { let startLine: Int; let startColumn: Int; let endLine: Int; let endColumn: Int }
    struct Artifact: Encodable { let uri: String }
    struct Physical: Encodable { let artifactLocation: Artifact; let region: Region }
    struct Location: Encodable {
        let physicalLocation: Physical
        let message: Text?
        init(_ r: SourceRange, message: String? = nil) {
            physicalLocation = Physical(
                artifactLocation: Artifact(uri: r.file.split(separator: "/").map { $0.addingPercentEncodingForURI() }.joined(separator: "/")),
                region: Region(startLine: r.start.line, startColumn: r.start.column, endLine: r.end.line, endColumn: r.end.column))
            self.message = message.map(Text.init)
        }
    }
    struct Configuration: Encodable { let level: String }
    struct Rule: Encodable {
        let id: String
        let name: String
        let shortDescription: Text
        let defaultConfiguration: Configuration
        let helpUri: String
    }
    struct Replacement: Encodable { let deletedRegion: Region; let insertedContent: Text }
    struct Change: Encodable { let artifactLocation: Artifact; let replacements: [Replacement] }
    struct Fix: Encodable { let description: Text; let artifactChanges: [Change] }
    struct Result: Encodable {
        let ruleId: String
        let ruleIndex: Int
        let level: String
        let message: Text
        let locations: [Location]
        let relatedLocations: [Location]?
        let fixes: [Fix]?
    }
    struct Driver: Encodable {
        let name = "slotplan"
        let informationUri = "https://github.com/slotplan/slotplan"
        let rules: [Rule]
    }
    struct Tool: Encodable { let driver: Driver }
    struct Run: Encodable { let tool: Tool; let results: [Result] }
    struct Log: Encodable {
        let schema = "https://json.schemastore.org/sarif-2.1.0.json"
        let version = "2.1.0"
        let runs: [Run]
        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case version, runs
        }
    }

    static func level(_ s: Severity) -> String {
        switch s {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    static func render(_ report: DiagnosticReport) -> String {
        let ids = Array(Set(report.diagnostics.map(\.id))).sorted { $0.code < $1.code }
        let rules = ids.map {
            Rule(id: $0.code, name: $0.rawValue, shortDescription: Text(text: $0.title),
                 defaultConfiguration: Configuration(level: level($0.defaultSeverity)),
                 helpUri: "https://github.com/slotplan/slotplan/blob/main/docs/diagnostics.md#\($0.code.lowercased())")
        }
        let results = report.diagnostics.map { d -> Result in
            var text = d.message
            if let help = d.help { text += "\nhelp: \(help)" }
            let related = d.notes.compactMap { note in note.range.map { Location($0, message: note.message) } }
            let fixes = d.fixIts.map { fix in
                Fix(description: Text(text: "replace with `\(fix.replacement)`"),
                    artifactChanges: [Change(artifactLocation: Location(fix.range).physicalLocation.artifactLocation, replacements: [
                        Replacement(deletedRegion: Location(fix.range).physicalLocation.region, insertedContent: Text(text: fix.replacement)),
                    ])])
            }
            return Result(ruleId: d.code, ruleIndex: ids.firstIndex(of: d.id) ?? 0, level: level(report.effectiveSeverity(d)),
                          message: Text(text: text), locations: d.range.map { [Location($0)] } ?? [],
                          relatedLocations: related.isEmpty ? nil : related, fixes: fixes.isEmpty ? nil : fixes)
        }
        return encodeJSON(Log(runs: [Run(tool: Tool(driver: Driver(rules: rules)), results: results)]))
    }
}

extension Substring {
    /// Percent-encodes what a relative URI path segment may not hold.
    func addingPercentEncodingForURI() -> String {
        var out = ""
        for byte in self.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 0x80, c.isLetter || c.isNumber || "-._~".contains(c) { out.append(c) } else {
                out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
