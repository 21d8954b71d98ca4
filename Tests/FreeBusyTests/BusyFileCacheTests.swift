import Foundation
import PlanModel
import Testing
import TestSupport

@testable import FreeBusy

/// The parsed-file cache of a long-running runtime: as fresh as the folder, never stale.
@Suite struct BusyFileCacheTests {
    @Test func aChangedOrReplacedFileIsReadAgainAndAMissingOneIsAnError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("busy-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("e.ics").path
        let cache = BusyFileCache()
        let from = utcSeconds("2026-12-01T00:00:00Z"), to = utcSeconds("2026-12-10T00:00:00Z")
        func spans() throws -> [String] {
            try cache.read(path: path, floatingZone: "UTC", from: from, to: to).intervals.map { "\(Timestamp.utc($0.start))" }
        }
        try EventFile.text("20261202T100000Z", "20261202T110000Z").write(toFile: path, atomically: false, encoding: .utf8)
        #expect(try spans() == ["2026-12-02T10:00:00Z"])
        #expect(try spans() == ["2026-12-02T10:00:00Z"], "unchanged: the same answer from the cache")
        // Rewritten in place with the same size: a new modification time.
        try EventFile.text("20261203T100000Z", "20261203T110000Z").write(toFile: path, atomically: false, encoding: .utf8)
        #expect(try spans() == ["2026-12-03T10:00:00Z"])
        // Replaced by a rename (vdir writers do this): a new inode.
        try EventFile.text("20261204T100000Z", "20261204T110000Z").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try spans() == ["2026-12-04T10:00:00Z"])
        try FileManager.default.removeItem(atPath: path)
        #expect(throws: BusyReadError.self) { try spans() }
    }
}
