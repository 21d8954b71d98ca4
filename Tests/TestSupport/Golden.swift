import Foundation
import Testing

/// Golden files for rendered output. `SLOTPLAN_UPDATE_GOLDEN=1` rewrites them *and fails the
/// test*, so a recording run never passes silently; review the diff, then run again.
public enum Golden {
    public static var recording: Bool { ProcessInfo.processInfo.environment["SLOTPLAN_UPDATE_GOLDEN"] == "1" }

    /// Compares `actual` with the file at `url` (or records it, failing).
    public static func check(_ actual: String, against url: URL, sourceLocation: SourceLocation = #_sourceLocation) {
        if let failure = compare(actual, against: url) { Issue.record(Comment(rawValue: failure), sourceLocation: sourceLocation) }
    }

    /// The failure message, or nil when `actual` matches.
    public static func compare(_ actual: String, against url: URL) -> String? {
        if recording {
            do {
                try actual.write(to: url, atomically: true, encoding: .utf8)
                return "recorded \(url.lastPathComponent) (SLOTPLAN_UPDATE_GOLDEN=1): review it and run the tests again without the variable"
            } catch {
                return "cannot record \(url.path): \(error)"
            }
        }
        guard FileManager.default.fileExists(atPath: url.path), let data = FileManager.default.contents(atPath: url.path) else {
            return "missing golden file \(url.path); run with SLOTPLAN_UPDATE_GOLDEN=1 and review it"
        }
        let expected = String(decoding: data, as: UTF8.self)
        return expected == actual ? nil : "\(url.lastPathComponent) differs:\n--- expected\n\(expected)\n--- actual\n\(actual)"
    }
}

/// Case folders of parameterized tests. A folder that is missing or empty yields one case that
/// fails (`require`), never zero cases that pass.
public enum FixtureFolders {
    static let missingPrefix = "MISSING FIXTURES: "

    /// The one failing case that stands for fixtures that are not there.
    public static func missing(_ what: String) -> String { missingPrefix + what }

    /// The names of the entries of `folder` (hidden ones left out), sorted.
    public static func cases(in folder: URL) -> [String] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder.path) } catch {
            return [missingPrefix + folder.path]
        }
        let visible = names.filter { !$0.hasPrefix(".") }.sorted()
        return visible.isEmpty ? [missingPrefix + folder.path + " (empty)"] : visible
    }

    /// Fails the test for the stand-in case of a missing folder.
    public static func require(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if name.hasPrefix(missingPrefix) {
            Issue.record(Comment(rawValue: name), sourceLocation: sourceLocation)
            throw CocoaError(.fileNoSuchFile)
        }
    }
}
