import Booking
import Foundation
import GRDB
import Testing

@testable import BookingSQLite

/// Group commit: writes that share a transaction behave as if each ran alone — one that fails
/// leaves nothing behind and costs the others nothing, and every answer comes after its commit.
@Suite struct GroupCommitTests {
    @Test func aFailingWriteRollsBackOnlyItselfAndEveryOtherCommits() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("group-\(UUID().uuidString).db").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let ledger = try SQLiteLedger(path: path)
        try await ledger.commits.write { db in try db.execute(sql: "CREATE TABLE t (n INTEGER PRIMARY KEY)") }
        // 200 writes at once: every fifth inserts and then fails; every seventh collides with another's key.
        let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
            for i in 0..<200 {
                group.addTask {
                    do {
                        try await ledger.commits.write { db in
                            try db.execute(sql: "INSERT INTO t (n) VALUES (?)", arguments: [i % 7 == 6 ? i - 1 : i])
                            if i % 5 == 0 { throw LedgerError("write \(i) gives up after its insert") }
                        }
                        return (i, true)
                    } catch {
                        return (i, false)
                    }
                }
            }
            var all: [Int: Bool] = [:]
            for await (i, ok) in group { all[i] = ok }
            return all
        }
        let stored = Set(try await ledger.pool.read { db in try Int.fetchAll(db, sql: "SELECT n FROM t") })
        let succeeded = outcomes.filter(\.value).map(\.key)
        // What the writes were told is what the database holds: each success's row, nothing of a failure's.
        #expect(succeeded.count > 100)
        #expect(stored == Set(succeeded.map { $0 % 7 == 6 ? $0 - 1 : $0 }))
        #expect(stored.count == succeeded.count, "no two successes wrote the same key")
        #expect(!outcomes.contains { $0.key % 5 == 0 && $0.value }, "every write that threw was told so")
        // A second connection (another process's view) reads the same: the answers came after the commits.
        let reopened = try SQLiteLedger(path: path)
        #expect(Set(try await reopened.pool.read { db in try Int.fetchAll(db, sql: "SELECT n FROM t") }) == stored)
    }
}
