import Foundation

/// Fresh databases on the throwaway PostgreSQL cluster `make test` starts
/// (scripts/pg-test-cluster.sh): tests that need PostgreSQL skip, visibly, without one.
public enum PostgresTestDatabase {
    /// The cluster's URL: SLOTPLAN_TEST_POSTGRES_URL, or the one the cluster script wrote.
    public static var clusterURL: String? {
        if let url = ProcessInfo.processInfo.environment["SLOTPLAN_TEST_POSTGRES_URL"], !url.isEmpty { return url }
        let file = CommandRunner.packageRoot.appendingPathComponent(".build-pg/url")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return nil }  // no cluster: skipped, and said so
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Says once, visibly, that PostgreSQL tests are skipped.
    public static func noteSkipped() {
        print("note: no PostgreSQL test cluster (run `make test`, or scripts/pg-test-cluster.sh start); PostgreSQL tests skipped")
    }

    /// Creates an empty database and returns its URL.
    public static func create() throws -> String {
        guard let base = clusterURL else { throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "no PostgreSQL test cluster"]) }
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        let result = try CommandRunner.runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["psql", base, "-q", "-c", "CREATE DATABASE \(name)"])
        guard result.status == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "psql could not create \(name): \(result.stderr)"])
        }
        return String(base[..<(base.lastIndex(of: "/") ?? base.endIndex)]) + "/\(name)"
    }
}
