import PlanModel
import Foundation
import Testing

@testable import FreeBusy

/// Google, Graph and plain JSON readers against the documented shapes and the shared samples.
@Suite struct BusyReaderTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/conformance/api-samples")
    static var available: Bool { FileManager.default.fileExists(atPath: samples.path) }
    static let reader = BusyReader(floatingZone: "America/New_York", from: 0, to: 4_102_444_800)

    static func read(_ text: String, name: String = "busy.json") throws -> BusyTime {
        try reader.read(bytes: Array(text.utf8), name: name)
    }

    /// A file is read whole, however it is chunked; a missing file, a folder and one past the limit
    /// are errors that say which and why.
    @Test func filesAreReadWholeAndWhatCannotBeReadSaysWhy() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("busy-bytes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for size in [0, 1, 4_095, 4_096, 70_000] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }, path = folder.appendingPathComponent("f\(size)").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            #expect(try BusyReader.bytes(of: path, limit: 1 << 20) == bytes, "\(size) bytes")
        }
        func message(_ path: String, limit: Int = 1 << 20) -> String {
            do { _ = try BusyReader.bytes(of: path, limit: limit); return "read" } catch { return error.message }
        }
        #expect(message(folder.appendingPathComponent("absent").path) == "cannot read the file: No such file or directory")
        #expect(message(folder.path) == "cannot read the file: Is a directory")
        #expect(message(folder.appendingPathComponent("f70000").path, limit: 65_535) == "file is larger than 65535 bytes")
        #expect(message(folder.appendingPathComponent("f70000").path, limit: 1 << 20) == "read")
    }

    @Test func formatIsToldByContent() {
        #expect(BusyReader.detect(Array("\u{FEFF}BEGIN:VCALENDAR\r\n".utf8)) == .iCalendar)
        #expect(BusyReader.detect(Array(" [ {\"start\": \"2026-12-01T14:00:00Z\", \"end\": \"2026-12-01T15:00:00Z\"} ]".utf8)) == .plainJSON)
        #expect(BusyReader.detect(Array("{\"kind\": \"calendar#freeBusy\", \"calendars\": {}}".utf8)) == .googleFreeBusy)
        #expect(BusyReader.detect(Array("{\"value\": [{\"scheduleId\": \"a@b.c\", \"scheduleItems\": []}]}".utf8)) == .graphSchedule)
        #expect(BusyReader.detect(Array("{\"foo\": 1}".utf8)) == nil)
        #expect(BusyReader.detect(Array("hello".utf8)) == nil)
    }

    /// The leading bytes decide as the decoded, trimmed text does: ASCII read as bytes, anything
    /// else (Unicode white space, a letter whose capital is ASCII) through the text.
    @Test(arguments: [
        ("\r\n\t begin:vCalendar\r\n", BusyFormat.iCalendar), ("\u{A0}\u{2028}BEGIN:VCALENDAR", .iCalendar),
        ("BEGİN:V", nil), ("begın:vcalendar", .iCalendar), ("BEGIN:", nil), ("BEGIN\u{1A}V", nil), ("B", nil),
        ("\u{85}[]", .plainJSON), (String(repeating: " ", count: 4096) + "[]", nil), ("", nil), ("   ", nil),
        ("\u{0}BEGIN:V", nil), ("\t{\"kind\": \"calendar#freeBusy\"}", .googleFreeBusy),
    ] as [(String, BusyFormat?)])
    func leadingBytesDecideAsTheText(text: String, format: BusyFormat?) {
        #expect(BusyReader.detect(Array(text.utf8)) == format)
    }

    @Test(.enabled(if: available, "../shared/conformance is absent"))
    func googleSampleWithErrorsIsUnknownNotFree() throws {
        let result = try Self.reader.read(path: Self.samples.appendingPathComponent("google-freebusy-gcsa-test-with-errors.json").path)
        #expect(result.intervals.count == 3)
        #expect(result.failures == ["Google calendar non-existing-calendar: notFound", "Google group non-existing-group: notFound"])
        #expect(result.intervals.first?.start == utcSeconds("2023-03-24T14:22:00Z"), "naive Google times are read as UTC")
    }

    @Test(.enabled(if: available, "../shared/conformance is absent"))
    func graphSampleWithWindowsZonesAndTentative() throws {
        let result = try Self.reader.read(path: Self.samples.appendingPathComponent("msgraph-getSchedule-api-reference.json").path)
        #expect(result.failures.isEmpty)
        #expect(result.intervals.count == 6)
        // 2019-03-15 08:30 Pacific Standard Time is PDT (-7): 15:30Z.
        #expect(result.intervals.contains { $0.start == utcSeconds("2019-03-15T15:30:00Z") && $0.status == .busy })
        #expect(result.intervals.filter { $0.status == .tentative }.count == 2)
        #expect(result.intervals.first?.summary == "Let's go for lunch")
        let concept = try Self.reader.read(path: Self.samples.appendingPathComponent("msgraph-getSchedule-concept-15min.json").path)
        #expect(!concept.intervals.isEmpty && concept.intervals.allSatisfy { $0.status != .unknown }, "capitalised statuses parse")
    }

    @Test func graphScheduleErrorIsAFailure() throws {
        let result = try Self.read(#"{"value": [{"scheduleId": "x@y.z", "error": {"message": "mailbox not found", "responseCode": "ErrorMailboxNotFound"}}]}"#)
        #expect(result.failures == ["Outlook schedule x@y.z: mailbox not found"])
    }

    @Test func plainListWithStatusAndSummary() throws {
        let result = try Self.read(#"[{"start": "2026-12-01T14:00:00Z", "end": "2026-12-01T15:00:00+01:00"}, {"start": "2026-12-01T16:00:00Z", "end": "2026-12-01T17:00:00Z", "status": "tentative", "summary": "Maybe"}]"#)
        #expect(result.intervals.map(\.status) == [.busy, .tentative])
        #expect(result.intervals[0].end - result.intervals[0].start == 0, "15:00+01:00 is 14:00Z")
    }

    @Test(arguments: [
        (#"[{"start": "2026-12-01T14:00:00", "end": "2026-12-01T15:00:00Z"}]"#, "[0].start", "not an RFC 3339 time"),
        (#"[{"start": "2026-12-01T15:00:00Z", "end": "2026-12-01T14:00:00Z"}]"#, "[0]", "end is before start"),
        (#"[{"start": "2026-12-01T14:00:00Z"}]"#, "[0].end", "missing `end`"),
        (#"[{"start": "2026-12-01T14:00:00Z", "end": "2026-12-01T15:00:00Z", "status": "maybe"}]"#, "[0].status", "unknown status"),
        (#"[1, 2"#, nil, "malformed JSON"),
        (#"{"value": [{"scheduleId": "a", "scheduleItems": [{"status": "busy", "start": {"dateTime": "2019-03-15T08:30:00", "timeZone": "Mars Standard Time"}, "end": {"dateTime": "2019-03-15T09:30:00", "timeZone": "UTC"}}]}]}"#,
         "value[0].scheduleItems[0].start.timeZone", "unknown time zone"),
    ] as [(String, String?, String)])
    func malformedInputNamesFileAndPlace(_ text: String, _ place: String?, _ message: String) {
        #expect {
            try Self.read(text, name: "bad.json")
        } throws: { error in
            guard let e = error as? BusyReadError else { return false }
            return e.file == "bad.json" && e.place == place && e.message.contains(message)
        }
    }

    @Test func notABusyFileIsRefused() {
        #expect(throws: BusyReadError.self) { try Self.read("hello", name: "x.txt") }
    }

    @Test func windowsZoneNames() {
        #expect(WindowsZones.ianaName("Pacific Standard Time") == "America/Los_Angeles")
        #expect(WindowsZones.ianaName("W. Europe Standard Time") == "Europe/Berlin")
        #expect(WindowsZones.ianaName("Europe/Berlin") == "Europe/Berlin")
        #expect(WindowsZones.ianaName("Nowhere Time") == nil)
    }
}

func utcSeconds(_ text: String) -> UnixTime { Timestamp.parse(text) ?? -1 }
