import Foundation
import PolicyLanguage

/// Why a git revision could not be read (exit 1, with a fix).
public struct GitError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The policy files of one git revision, read from git's objects: nothing is checked out, and
/// neither the work tree nor the index changes (`git ls-tree` and `git cat-file --batch`).
public struct GitRevision: Sendable {
    /// The revision as given (`HEAD`, `main`, a hash).
    public let name: String
    /// Its commit's abbreviated hash.
    public let shortHash: String
    /// The repository's top folder.
    let root: String
    /// The current folder relative to `root` (`""` or `sub/dir/`).
    let prefix: String
    let commit: String

    /// Resolves `revision` in the repository that holds the folder `directory`.
    public init(_ revision: String, in directory: String) throws(GitError) {
        guard !revision.hasPrefix("-") else { throw GitError("\(revision): not a revision") }
        let inside = try Git.run(["rev-parse", "--show-toplevel", "--show-prefix"], in: directory)
        guard inside.status == 0 else {
            throw GitError("\(directory) is not inside a git repository (\(inside.errorText)); run slotplan diff in the repository of the policies")
        }
        let lines = String(decoding: inside.output, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        root = lines.first.map(String.init) ?? directory
        prefix = lines.count > 1 ? String(lines[1]) : ""
        let verified = try Git.run(["rev-parse", "--verify", "--quiet", "\(revision)^{commit}"], in: root)
        guard verified.status == 0, let hash = String(bytes: verified.output, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines), !hash.isEmpty else {
            let shallow = try Git.run(["rev-parse", "--is-shallow-repository"], in: root)
            let isShallow = String(decoding: shallow.output, as: UTF8.self).hasPrefix("true")
            throw GitError(isShallow
                ? "revision \(revision) is not in this shallow clone; fetch it (`git fetch --deepen=50 origin`, or `fetch-depth: 0` in actions/checkout)"
                : "unknown revision \(revision); name a branch, tag or commit (`git log --oneline` lists them)")
        }
        name = revision
        commit = hash
        shortHash = String(hash.prefix(7))
    }

    /// The policy files under `paths` (relative to the folder this revision was opened in) as
    /// `WorkspaceFiles.discover` would find them in a checkout: `.yaml`, `.yml`, `.json`, without
    /// `*.plan.json` and hidden entries, sorted, with paths spelled relative to that folder.
    /// A path the revision does not have holds no files (a pull request may add the first ones).
    public func files(under paths: [String]) throws(GitError) -> [(path: String, bytes: [UInt8])] {
        let inRepository = paths.map { path in
            // An absolute path inside the repository is spelled from its top folder.
            path.hasPrefix("/") ? Self.normalized(path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path)
                                : Self.normalized(prefix + path)
        }
        let listing = try Git.run(["ls-tree", "-r", "-z", "--full-tree", commit, "--"] + inRepository.map { $0.isEmpty ? "." : $0 }, in: root)
        guard listing.status == 0 else { throw GitError("git ls-tree \(name): \(listing.errorText)") }
        var entries: [(path: String, object: String)] = []
        for record in listing.output.split(separator: 0) {
            // `<mode> SP <type> SP <object> TAB <path>`
            guard let tab = record.firstIndex(of: 9) else { continue }
            let header = String(decoding: record[..<tab], as: UTF8.self).split(separator: " ")
            let path = String(decoding: record[record.index(after: tab)...], as: UTF8.self)
            guard header.count == 3, header[1] == "blob", Self.isPolicyFile(path) else { continue }
            entries.append((path, String(header[2])))
        }
        let blobs = try Git.catFiles(entries.map(\.object), in: root)
        return zip(entries, blobs).map { (Self.relative($0.0.path, to: prefix), $0.1) }.sorted { $0.path < $1.path }
    }

    static func isPolicyFile(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        guard let name = parts.last, !parts.contains(where: { $0.hasPrefix(".") }), !name.hasSuffix(".plan.json"),
              let dot = name.lastIndex(of: ".") else { return false }
        return WorkspaceFiles.extensions.contains(name[name.index(after: dot)...].lowercased())
    }

    /// `a/./b/../c/` → `a/c`.
    static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == "..", !parts.isEmpty { parts.removeLast() } else { parts.append(part) }
        }
        return parts.joined(separator: "/")
    }

    /// A repository path as seen from the folder `prefix` (`campaigns/a.yaml`, `../other/b.yaml`).
    static func relative(_ path: String, to prefix: String) -> String {
        if path.hasPrefix(prefix) { return String(path.dropFirst(prefix.count)) }
        let up = prefix.split(separator: "/").count
        return String(repeating: "../", count: up) + path
    }
}

/// Runs git and collects its output.
enum Git {
    struct Result {
        let status: Int32
        let output: [UInt8]
        let error: [UInt8]
        var errorText: String { String(decoding: error, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// Runs `git ARGS` in `directory`; `input` is written to its standard input.
    static func run(_ arguments: [String], in directory: String, input: [UInt8] = []) throws(GitError) -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "core.quotepath=off"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_OPTIONAL_LOCKS"] = "0"  // a read must not even refresh the index
        environment["LC_ALL"] = "C"
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do { try process.run() } catch { throw GitError("cannot run git (\(error.localizedDescription)); install git") }
        // Input is written on its own thread: git answers while it reads, and a full pipe on
        // either side would otherwise stop both.
        let writer = Thread {
            if !input.isEmpty { stdin.fileHandleForWriting.write(Data(input)) }
            stdin.fileHandleForWriting.closeFile()
        }
        writer.start()
        let errors = ErrorCollector(stderr.fileHandleForReading)
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: [UInt8](output), error: errors.finish())
    }

    /// The contents of the given blobs, in order (`git cat-file --batch`).
    static func catFiles(_ objects: [String], in directory: String) throws(GitError) -> [[UInt8]] {
        guard !objects.isEmpty else { return [] }
        let result = try run(["cat-file", "--batch"], in: directory, input: Array(objects.joined(separator: "\n").utf8) + [10])
        guard result.status == 0 else { throw GitError("git cat-file: \(result.errorText)") }
        var blobs: [[UInt8]] = []
        blobs.reserveCapacity(objects.count)
        let out = result.output
        var at = 0
        for object in objects {
            // `<object> SP <type> SP <size> LF <contents> LF`
            guard let newline = out[at...].firstIndex(of: 10) else { throw GitError("git cat-file: output ended before \(object)") }
            let header = String(decoding: out[at..<newline], as: UTF8.self).split(separator: " ")
            guard header.count == 3, let size = Int(header[2]), newline + 1 + size <= out.count else {
                throw GitError("git cat-file: cannot read \(object): \(String(decoding: out[at..<newline], as: UTF8.self))")
            }
            blobs.append(Array(out[(newline + 1)..<(newline + 1 + size)]))
            at = newline + 1 + size + 1
        }
        return blobs
    }
}

/// Reads a pipe to its end on another thread (so that a chatty standard error never blocks).
private final class ErrorCollector: @unchecked Sendable {
    private var bytes: [UInt8] = []
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread { [self] in
            bytes = [UInt8](handle.readDataToEndOfFile())
            done.signal()
        }.start()
    }

    /// Waits for the end of the pipe; the bytes are read only after the thread has signalled.
    func finish() -> [UInt8] {
        done.wait()
        return bytes
    }
}
