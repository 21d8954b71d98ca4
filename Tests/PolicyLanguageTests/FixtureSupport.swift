import Foundation
import PolicyLanguage

/// Locates fixtures beside the tests and compares golden files.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// Set `SLOTPLAN_UPDATE_GOLDEN=1` to rewrite golden files instead of comparing them.
    static var updating: Bool { ProcessInfo.processInfo.environment["SLOTPLAN_UPDATE_GOLDEN"] == "1" }

    /// Names of the case folders under `group`.
    static func cases(_ group: String) -> [String] {
        let dir = root.appendingPathComponent(group).path
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// The policy files of a case (relative to Fixtures/), plus the shared team unless the case
    /// holds a `standalone` marker.
    static func files(group: String, name: String) -> [(path: String, bytes: [UInt8])] {
        let manager = FileManager.default
        let caseDir = root.appendingPathComponent(group).appendingPathComponent(name)
        let names = ((try? manager.contentsOfDirectory(atPath: caseDir.path)) ?? []).sorted()
        var paths = names.filter { !$0.hasPrefix("expected") && ["yaml", "yml", "json"].contains(($0 as NSString).pathExtension) }
            .map { "\(group)/\(name)/\($0)" }
        if !names.contains("standalone") { paths.insert("base/team.yaml", at: 0) }
        return paths.map { path in
            (path, [UInt8]((try? Data(contentsOf: root.appendingPathComponent(path))) ?? Data()))
        }
    }

    /// Compares `actual` with the golden file, or rewrites it when updating. Returns a failure
    /// message or nil.
    static func golden(_ relativePath: String, _ actual: String) -> String? {
        let url = root.appendingPathComponent(relativePath)
        if updating {
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            return nil
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            return "missing golden file \(relativePath); run with SLOTPLAN_UPDATE_GOLDEN=1 and review it"
        }
        return expected == actual ? nil : "\(relativePath) differs:\n--- expected\n\(expected)\n--- actual\n\(actual)"
    }

    /// `SP204 invalid/x/c.yaml:6:3` for each diagnostic.
    static func codeLines(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { d in
            "\(d.code) \(d.severity.rawValue) " + (d.range.map { "\($0.file):\($0.start.line):\($0.start.column)" } ?? "-")
        }.joined(separator: "\n") + "\n"
    }
}
