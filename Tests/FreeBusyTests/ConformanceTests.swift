import PlanModel
import Foundation
import Testing
import TestSupport

@testable import FreeBusy

/// Busy intervals of ../shared/conformance/ics compared with the peer's `.expected.json`.
/// Where slotplan decides differently on purpose, the file is listed in `knownDifferences` with the
/// reason (also in docs/conformance.md).
@Suite struct ICSConformanceTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/conformance/ics")
    static var available: Bool { FileManager.default.fileExists(atPath: folder.path) }
    /// The corpus files; a corpus folder that is there but holds none is one failing case, never zero.
    static var files: [String] {
        guard available else { return [] }  // absent: the trait below skips, and says so
        let ics = FixtureFolders.cases(in: folder).filter { $0.hasSuffix(".ics") }
        return ics.isEmpty ? [FixtureFolders.missing("no .ics files in \(folder.path)")] : ics
    }

    /// File → why slotplan's answer differs from the peer's.
    static let knownDifferences: [String: String] = [
        "icalendar__event_with_recurrence.ics":
            "a floating event with UTC EXDATEs: the peer reads the whole event as UTC; slotplan pins floating times to the calendar owner's zone (here America/New_York) and matches the EXDATEs by wall-clock time",
    ]

    static func formatted(_ t: UnixTime) -> String {
        let f = ISO8601DateFormatter()
        return f.string(from: Date(timeIntervalSince1970: TimeInterval(t)))
    }

    static func merged(_ intervals: [BusyInterval]) -> [[String]] {
        var out: [(UnixTime, UnixTime)] = []
        for i in intervals.filter({ $0.blocks(tentativeIsBusy: true) }).sorted(by: { $0.start < $1.start }) {
            if let last = out.last, i.start <= last.1 {
                out[out.count - 1].1 = max(last.1, i.end)
            } else {
                out.append((i.start, i.end))
            }
        }
        return out.map { [formatted($0.0), formatted($0.1)] }
    }

    static func midnight(_ date: String, zone: String) -> UnixTime {
        LocalTime.instant(date + "T00:00:00", in: TimeZone(identifier: zone)!) ?? 0
    }


    @Test(.enabled(if: available, "../shared/conformance is absent"), arguments: files)
    func busyMatchesThePeer(_ file: String) throws {
        try FixtureFolders.require(file)
        let expectedURL = Self.folder.appendingPathComponent(file.replacingOccurrences(of: ".ics", with: ".expected.json"))
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: expectedURL)) as? [String: Any])
        let window = try #require(expected["window"] as? [String: Any])
        let zone = expected["floating_and_all_day_pinned_to"] as? String ?? "America/New_York"
        // The peer's window is a pair of dates it compares in each event's own zone: from the
        // earliest reading of the first date (UTC) to the pinned zone's reading of the last.
        let reader = BusyReader(floatingZone: zone, from: Self.midnight(window["start"] as? String ?? "", zone: "UTC"),
                                to: Self.midnight(window["end"] as? String ?? "", zone: zone))
        let result: BusyTime
        do {
            result = try reader.read(path: Self.folder.appendingPathComponent(file).path)
        } catch {
            #expect(expected["vevent_error"] != nil || Self.knownDifferences[file] != nil, "\(file): \(error)")
            return
        }
        let peer = (expected["busy_merged_utc"] as? [[String]] ?? [])
            + ((expected["vfreebusy_periods"] as? [[String: Any]])?.compactMap { p -> [String]? in
                guard (p["fbtype"] as? String ?? "BUSY") != "FREE", let s = p["start"] as? String, let e = p["end"] as? String else { return nil }
                return [s, e]
            } ?? [])
        let ours = Self.merged(result.intervals)
        let peerMerged = Self.merged(peer.compactMap { pair -> BusyInterval? in
            // The peer writes floating FREEBUSY periods without a zone: they are in the pinned zone.
            func time(_ text: String) -> UnixTime? { Timestamp.parse(text) ?? LocalTime.instant(text, in: TimeZone(identifier: zone)!) }
            guard pair.count == 2, let s = time(pair[0]), let e = time(pair[1]) else { return nil }
            return BusyInterval(start: s, end: e)
        })
        if let reason = Self.knownDifferences[file] {
            #expect(ours != peerMerged, "\(file) now agrees with the peer; remove it from knownDifferences (\(reason))")
        } else {
            #expect(ours == peerMerged, "\(file):\nours: \(ours)\npeer: \(peerMerged)")
        }
    }
}
