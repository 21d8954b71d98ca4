import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the files to check could not be found (exit code 64, not a policy problem).
public struct WorkspaceError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

/// Finds the policy files of a workspace.
public enum WorkspaceFiles {
    /// The file extensions read when a folder is scanned.
    public static let extensions: Set<String> = ["yaml", "yml", "json"]

    /// Every policy file under the given paths, sorted per folder, without repeats. A folder is
    /// searched recursively for `.yaml`, `.yml` and `.json` files (compiled `*.plan.json` and hidden
    /// entries skipped; symbolic links to folders are not followed); a file named directly is
    /// always read.
    public static func discover(_ paths: [String]) throws(WorkspaceError) -> [String] {
        var found: [String] = []
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else { throw WorkspaceError(description: "no such file or folder: \(path)") }
            if info.st_mode & S_IFMT != S_IFDIR {
                found.append(path)
                continue
            }
            var inFolder: [String] = []
            try walk(path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path, into: &inFolder, depth: 0)
            found.append(contentsOf: inFolder.sorted())
        }
        var seen = Set<String>()
        return found.filter { seen.insert($0.hasPrefix("./") ? String($0.dropFirst(2)) : $0).inserted }
    }

    private static func walk(_ folder: String, into files: inout [String], depth: Int) throws(WorkspaceError) {
        guard depth < 32 else { return }
        guard let dir = opendir(folder) else { throw WorkspaceError(description: "cannot read folder: \(folder)") }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix(".") { continue }
            let full = folder + "/" + name
            var type = entry.pointee.d_type
            if type == UInt8(DT_UNKNOWN) || type == UInt8(DT_LNK) {
                var info = stat()
                guard stat(full, &info) == 0 else { continue }
                let isDirectory = info.st_mode & S_IFMT == S_IFDIR
                if isDirectory && type == UInt8(DT_LNK) { continue }
                type = isDirectory ? UInt8(DT_DIR) : UInt8(DT_REG)
            }
            if type == UInt8(DT_DIR) {
                try walk(full, into: &files, depth: depth + 1)
            } else if type == UInt8(DT_REG), let dot = name.lastIndex(of: "."),
                      extensions.contains(name[name.index(after: dot)...].lowercased()), !name.hasSuffix(".plan.json") {
                files.append(full)
            }
        }
    }
}
