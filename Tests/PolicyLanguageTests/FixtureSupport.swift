import Foundation
import PolicyLanguage
import TestSupport

/// Locates fixtures beside the tests and compares golden files.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// Names of the case folders under `group` (a missing folder is one failing case, never none).
    static func cases(_ group: String) -> [String] {
        FixtureFolders.cases(in: root.appendingPathComponent(group))
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

    /// Compares `actual` with the golden file (`SLOTPLAN_UPDATE_GOLDEN=1` records it and fails).
    /// Returns a failure message or nil.
    static func golden(_ relativePath: String, _ actual: String) -> String? {
        Golden.compare(actual, against: root.appendingPathComponent(relativePath))
    }

    /// `SP204 invalid/x/c.yaml:6:3` for each diagnostic.
    static func codeLines(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { d in
            "\(d.code) \(d.severity.rawValue) " + (d.range.map { "\($0.file):\($0.start.line):\($0.start.column)" } ?? "-")
        }.joined(separator: "\n") + "\n"
    }
}
