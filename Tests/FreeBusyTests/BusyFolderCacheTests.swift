import Foundation
import PlanModel
import TestSupport
import Testing

@testable import FreeBusy

/// Calendar folders read through a watch: after every kind of change a writer can make, the
/// answer is the one a fresh read of every file gives — never stale, never missing a file.
@Suite struct BusyFolderCacheTests {
    static let from = utcSeconds("2026-12-01T00:00:00Z"), to = utcSeconds("2026-12-20T00:00:00Z")

    /// A one-event calendar on 2026-12-`day` at `hour` UTC.
    static func event(day: Int, hour: Int, minutes: Int = 60) -> String {
        let start = String(format: "202612%02dT%02d0000Z", day, hour)
        let end = String(format: "202612%02dT%02d%02d00Z", day, hour + minutes / 60, minutes % 60)
        return EventFile.text(start, end)
    }

    /// What reading every counted file afresh gives, in the folder cache's order.
    static func reference(_ folder: String, skipping: String? = nil) throws -> [String] { spans(try referenceBusy(folder, skipping: skipping)) }

    /// The busy time of `reference`, sorted by start.
    static func referenceBusy(_ folder: String, skipping: String? = nil) throws -> BusyTime {
        let reader = BusyReader(floatingZone: "UTC", from: from / 86_400 * 86_400 - 86_400, to: (to / 86_400 + 1) * 86_400)
        var all: [String: BusyTime] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where BusyFolderCache.counts(name) {
            do { all[name] = try reader.read(path: folder + "/" + name) } catch { all[name] = BusyTime(failures: ["\(error)"]) }
        }
        return BusyFolderCache.merge(all, skipping: skipping)
    }

    static func spans(_ busy: BusyTime) -> [String] { busy.intervals.map { "\(Timestamp.utc($0.start))–\(Timestamp.utc($0.end))" } }

    func withFolder(_ body: (String) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("busy-folder-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try body(folder)
    }

    /// Files added one by one, more than the cache keeps apart before merging them in, days-long
    /// events among them: after each, a read of a range gives what a fresh read of every file cut
    /// to it gives (the file that cannot be read is a failure over any range).
    @Test func addedFilesAreInEveryRangeReadBeforeAndAfterTheyAreMergedIn() throws {
        try withFolder { folder in
            let cache = BusyFolderCache(files: BusyFileCache())
            let ranges = [(utcSeconds("2026-12-02T09:30:00Z"), utcSeconds("2026-12-02T11:00:00Z")),
                          (utcSeconds("2026-12-05T00:00:00Z"), utcSeconds("2026-12-06T00:00:00Z")), (Self.from, Self.to)]
            let reader = BusyReader(floatingZone: "UTC", from: Self.from / 86_400 * 86_400 - 86_400, to: (Self.to / 86_400 + 1) * 86_400)
            var expected: [String: BusyTime] = [:], random = SplitMix(seed: 3)
            let limit = BusyFolderCache.Snapshot.recentLimit
            for i in 0..<(limit + 60) {
                let text = switch i {
                case 150: "BEGIN:VCALENDAR\r\nnot a calendar"
                case 20: EventFile.text("20261201T000000Z", "20261205T120000Z")  // four and a half days, merged early
                case 700: EventFile.text("20261204T060000Z", "20261206T000000Z")  // two days, among the recent
                default: Self.event(day: Int(random.next() % 18) + 1, hour: Int(random.next() % 22), minutes: Int(random.next() % 4 + 1) * 30)
                }
                let path = folder + "/e\(i).ics"
                try text.write(toFile: path, atomically: true, encoding: .utf8)
                do { expected["e\(i).ics"] = try reader.read(path: path) } catch { expected["e\(i).ics"] = BusyTime(failures: ["\(error)"]) }
                // One whole read merges what came before; the rest pile up past the limit.
                if i == 30 { #expect(try cache.read(folder: folder, floatingZone: "UTC", from: Self.from, to: Self.to).intervals.count == 31) }
                guard i % 9 == 0 || i > limit - 10 else { continue }
                let reference = BusyFolderCache.merge(expected, skipping: nil)
                for range in ranges {
                    let read = try cache.read(folder: folder, floatingZone: "UTC", from: Self.from, to: Self.to, overlapping: range.0..<range.1)
                    #expect(Self.spans(read) == Self.spans(reference.overlapping(from: range.0, to: range.1)), "after e\(i).ics")
                    #expect(read.failures.count == (i >= 150 ? 1 : 0), "after e\(i).ics")
                }
            }
            #expect(Self.spans(try cache.read(folder: folder, floatingZone: "UTC", from: Self.from, to: Self.to))
                    == Self.spans(BusyFolderCache.merge(expected, skipping: nil)))
        }
    }

    @Test func everyKindOfChangeIsSeenByTheNextRead() throws {
        try withFolder { folder in
            let cache = BusyFolderCache(files: BusyFileCache())
            func read(skipping: String? = nil) throws -> [String] {
                Self.spans(try cache.read(folder: folder, floatingZone: "UTC", from: Self.from, to: Self.to, skipping: skipping))
            }
            try Self.event(day: 3, hour: 10).write(toFile: folder + "/b.ics", atomically: true, encoding: .utf8)
            try Self.event(day: 2, hour: 9).write(toFile: folder + "/a.ics", atomically: true, encoding: .utf8)
            #expect(try read() == ["2026-12-02T09:00:00Z–2026-12-02T10:00:00Z", "2026-12-03T10:00:00Z–2026-12-03T11:00:00Z"])
            #expect(try read() == (try Self.reference(folder)))

            // Created by a link from a hidden temporary file (how slotplan writes an event).
            try Self.event(day: 2, hour: 14).write(toFile: folder + "/.c.ics.tmp", atomically: false, encoding: .utf8)
            #expect(link(folder + "/.c.ics.tmp", folder + "/c.ics") == 0)
            #expect(try read() == (try Self.reference(folder)))
            #expect(try read().count == 3, "the hidden temporary file does not count")
            try FileManager.default.removeItem(atPath: folder + "/.c.ics.tmp")

            // Rewritten in place with the same size (the same tick of the file system's clock is possible).
            try Self.event(day: 4, hour: 10).write(toFile: folder + "/b.ics", atomically: false, encoding: .utf8)
            #expect(try read() == (try Self.reference(folder)))
            #expect(try read().contains("2026-12-04T10:00:00Z–2026-12-04T11:00:00Z"))

            // Replaced by a rename, renamed away, removed; a file that is not a calendar; one that cannot be read.
            try Self.event(day: 5, hour: 8).write(toFile: folder + "/a.ics", atomically: true, encoding: .utf8)
            #expect(try read() == (try Self.reference(folder)))
            #expect(rename(folder + "/c.ics", folder + "/c.ics.bak") == 0)
            #expect(try read() == (try Self.reference(folder)))
            try FileManager.default.removeItem(atPath: folder + "/a.ics")
            try "not a calendar".write(toFile: folder + "/notes.txt", atomically: true, encoding: .utf8)
            #expect(try read() == ["2026-12-04T10:00:00Z–2026-12-04T11:00:00Z"])
            try "garbage".write(toFile: folder + "/d.ics", atomically: true, encoding: .utf8)
            let broken = try cache.read(folder: folder, floatingZone: "UTC", from: Self.from, to: Self.to)
            #expect(broken.failures.count == 1, "a file that cannot be read is unknown time: \(broken.failures)")
            try FileManager.default.removeItem(atPath: folder + "/d.ics")
            #expect(try cache.read(folder: folder, floatingZone: "UTC", from: Self.from, to: Self.to).failures.isEmpty)

            // A booking being moved does not block itself; the snapshot keeps it for the next read.
            try Self.event(day: 6, hour: 9).write(toFile: folder + "/bk_1.ics", atomically: true, encoding: .utf8)
            #expect(try read(skipping: "bk_1.ics") == (try Self.reference(folder, skipping: "bk_1.ics")))
            #expect(try read() == (try Self.reference(folder)))
        }
    }

    @Test func aFileWrittenJustBeforeAReadIsAlwaysInIt() throws {
        try withFolder { folder in
            let cache = BusyFolderCache(files: BusyFileCache())
            _ = try cache.read(folder: folder, floatingZone: "UTC", from: Self.from, to: Self.to)
            for i in 0..<300 {
                try Self.event(day: 1 + i % 18, hour: i % 20, minutes: 15).write(toFile: folder + "/e\(i).ics", atomically: i % 2 == 0, encoding: .utf8)
                let read = try cache.read(folder: folder, floatingZone: "UTC", from: Self.from, to: Self.to)
                #expect(read.intervals.count == i + 1, "after file \(i)")
            }
            #expect(Self.spans(try cache.read(folder: folder, floatingZone: "UTC", from: Self.from, to: Self.to)) == (try Self.reference(folder)))
        }
    }

    @Test func aFolderRemovedAndMadeAgainIsReadAgain() throws {
        try withFolder { folder in
            let cache = BusyFolderCache(files: BusyFileCache())
            try Self.event(day: 2, hour: 9).write(toFile: folder + "/a.ics", atomically: true, encoding: .utf8)
            #expect(try cache.read(folder: folder, floatingZone: "UTC", from: Self.from, to: Self.to).intervals.count == 1)
            try FileManager.default.removeItem(atPath: folder)
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Self.event(day: 3, hour: 9).write(toFile: folder + "/b.ics", atomically: true, encoding: .utf8)
            #expect(Self.spans(try cache.read(folder: folder, floatingZone: "UTC", from: Self.from, to: Self.to)) == (try Self.reference(folder)))
            try FileManager.default.removeItem(atPath: folder)
            #expect(throws: (any Error).self) { try cache.read(folder: folder, floatingZone: "UTC", from: Self.from, to: Self.to) }
        }
    }
}
