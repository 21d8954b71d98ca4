import PlanModel
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A busy-data file that could not be read: which file, where, and why.
public struct BusyReadError: Error, Sendable, CustomStringConvertible, Equatable {
    public let file: String
    /// `line:column` or a JSON path, when known.
    public let place: String?
    public let message: String

    public init(file: String, place: String? = nil, message: String) {
        self.file = file
        self.place = place
        self.message = message
    }

    public var description: String { "\(file)\(place.map { ":\($0)" } ?? ""): \(message)" }
}

/// The busy-data formats `--busy` accepts, told apart by content.
public enum BusyFormat: String, Sendable, CaseIterable {
    case iCalendar = "ics"
    case googleFreeBusy = "google-freebusy"
    case graphSchedule = "graph-getschedule"
    case plainJSON = "json"
}

/// Reads free/busy from files: iCalendar (libical), Google freeBusy, Graph getSchedule, plain JSON.
public struct BusyReader: Sendable {
    /// Zone for floating and all-day times when the file names none (the calendar owner's zone).
    public let floatingZone: String
    /// Recurrences are expanded over `[from, to)`.
    public let from: UnixTime
    public let to: UnixTime

    public init(floatingZone: String, from: UnixTime, to: UnixTime) {
        self.floatingZone = floatingZone
        self.from = from
        self.to = to
    }

    /// Tells the format from the first meaningful bytes and keys.
    public static func detect(_ bytes: [UInt8]) -> BusyFormat? {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        let first: UInt8
        if let lead = asciiLead(body.prefix(4096)) {
            // The common case, read as bytes: ASCII white space, then seven ASCII bytes (or the end).
            guard let byte = lead.first else { return nil }
            let upper = lead.map { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") ? $0 - 32 : $0 }
            if upper.elementsEqual("BEGIN:V".utf8) { return .iCalendar }
            first = byte
        } else {
            let text = String(decoding: body.prefix(4096), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if text.prefix(32).uppercased().hasPrefix("BEGIN:V") { return .iCalendar }
            first = text.utf8.first ?? 0
        }
        if first == UInt8(ascii: "[") { return .plainJSON }
        guard first == UInt8(ascii: "{") else { return nil }
        // Which documented shape the object has: its keys decide, before any value is checked.
        let keys: FormatProbe
        do { keys = try JSONDecoder().decode(FormatProbe.self, from: Data(body)) } catch { return nil }  // not a JSON object: no format
        if keys.calendars != nil || keys.kind == "calendar#freeBusy" { return .googleFreeBusy }
        if let value = keys.value, value.allSatisfy({ $0.scheduleId != nil }) { return .graphSchedule }
        return nil
    }

    /// The bytes after leading ASCII white space, at most seven, when all of them are ASCII: what
    /// `detect` decides on without decoding. Nil when a byte of them is not ASCII (Unicode white
    /// space, or a letter whose capital is ASCII): the decoded text decides then.
    static func asciiLead(_ head: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        let start = head.firstIndex { !(($0 >= 9 && $0 <= 13) || $0 == 32) } ?? head.endIndex
        let lead = head[start...].prefix(7)
        return lead.allSatisfy { $0 < 0x80 } ? lead : nil
    }

    /// Reads one file (at most 64 MiB).
    public func read(path: String) throws(BusyReadError) -> BusyTime {
        try read(bytes: Self.bytes(of: path, limit: 64 << 20), name: path)
    }

    /// The bytes of a file of at most `limit` bytes, read with one `open`, `fstat` and `read` (a
    /// server of a shared folder reads every booking's file; Foundation's read was half the cost).
    static func bytes(of path: String, limit: Int) throws(BusyReadError) -> [UInt8] {
        func failure(_ what: String) -> BusyReadError { BusyReadError(file: path, message: "\(what): \(String(cString: strerror(errno)))") }
        let tooLarge = BusyReadError(file: path, message: "file is larger than \(limit % (1 << 20) == 0 ? "\(limit >> 20) MiB" : "\(limit) bytes")")
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("cannot read the file") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure("cannot read the file") }
        guard Int(status.st_size) <= limit else { throw tooLarge }
        // Read straight into one buffer a byte larger than the file (the end shows as a read of 0),
        // doubled if the file grew since fstat, to the end (bounded by the limit).
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size) + 1), filled = 0
        while true {
            if filled == bytes.count { bytes += [UInt8](repeating: 0, count: bytes.count) }
            let count = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(descriptor, buffer.baseAddress.map { $0 + filled }, buffer.count - filled)
            }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw failure("cannot read the file") }
            if count == 0 {
                bytes.removeSubrange(filled...)
                return bytes
            }
            filled += count
            guard filled <= limit else { throw tooLarge }
        }
    }

    /// Reads bytes that came from `name`.
    public func read(bytes: [UInt8], name: String) throws(BusyReadError) -> BusyTime {
        guard let format = Self.detect(bytes) else {
            throw BusyReadError(file: name, message: "not a busy-data file: expected iCalendar (BEGIN:VCALENDAR), a Google freeBusy response, a Microsoft Graph getSchedule response, or a JSON list of {\"start\", \"end\"}")
        }
        switch format {
        case .iCalendar: return try ICalendarBusyReader(reader: self).read(bytes, name: name)
        case .googleFreeBusy: return try JSONBusyReaders.google(bytes, name: name)
        case .graphSchedule: return try JSONBusyReaders.graph(bytes, name: name)
        case .plainJSON: return try JSONBusyReaders.plain(bytes, name: name)
        }
    }
}

/// The keys that tell the JSON busy formats apart.
struct FormatProbe: Decodable {
    struct Schedule: Decodable { let scheduleId: String? }
    struct Present: Decodable {}
    let kind: String?
    let calendars: Present?
    let value: [Schedule]?
}
