import Foundation

/// Why the files to check could not be found (exit code 64, not a policy problem).
public struct WorkspaceError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

/// Finds the policy files of a workspace.
public enum WorkspaceFiles {
    /// The file extensions read when a folder is scanned.
    public static let extensions = ["yaml", "yml", "json"]

    /// Every policy file under the given paths, sorted, without repeats. A folder is searched
    /// recursively for `.yaml`, `.yml` and `.json` files (compiled `*.plan.json` and hidden entries
    /// skipped); a file named directly is always read.
    public static func discover(_ paths: [String]) throws(WorkspaceError) -> [String] {
        var found: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw WorkspaceError(description: "no such file or folder: \(path)")
            }
            guard isDirectory.boolValue else {
                found.append(path)
                continue
            }
            guard let enumerator = manager.enumerator(atPath: path) else {
                throw WorkspaceError(description: "cannot read folder: \(path)")
            }
            var inFolder: [String] = []
            while let relative = enumerator.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") {
                    enumerator.skipDescendants()
                    continue
                }
                let ext = (name as NSString).pathExtension.lowercased()
                guard extensions.contains(ext), !name.hasSuffix(".plan.json") else { continue }
                let full = path.hasSuffix("/") ? path + relative : path + "/" + relative
                var childIsDirectory: ObjCBool = false
                if manager.fileExists(atPath: full, isDirectory: &childIsDirectory), !childIsDirectory.boolValue {
                    inFolder.append(full)
                }
            }
            found.append(contentsOf: inFolder.sorted())
        }
        var seen = Set<String>()
        return found.filter { seen.insert(($0 as NSString).standardizingPath).inserted }
    }
}
