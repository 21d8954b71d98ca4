import Booking
import Foundation
import FreeBusy
import PlanModel

/// A vdir folder (one `.ics` per event, as vdirsyncer and khal keep them): the embedded default.
public struct VdirCalendar: CalendarTarget {
    public let folder: String
    /// Folder reads kept current by a watch (a long-running runtime shares one); nil reads every time.
    public let cache: BusyFolderCache?

    public init(folder: String, cache: BusyFolderCache? = nil) {
        self.folder = folder
        self.cache = cache
    }

    public func freeBusy(from: UnixTime, to: UnixTime, floatingZone: String, excludingBooking: String?) async throws -> BusyTime {
        read(from: from, to: to, floatingZone: floatingZone, excludingBooking: excludingBooking, overlapping: nil)
    }

    /// With a cache, the watched horizon's intervals that overlap `[from, to)`; without, the folder
    /// read over `[from, to)`.
    public func freeBusy(overlapping from: UnixTime, to: UnixTime, horizon: Range<UnixTime>, floatingZone: String,
                         excludingBooking: String?) async throws -> BusyTime {
        guard cache != nil else { return read(from: from, to: to, floatingZone: floatingZone, excludingBooking: excludingBooking, overlapping: nil) }
        return read(from: horizon.lowerBound, to: horizon.upperBound, floatingZone: floatingZone, excludingBooking: excludingBooking,
                    overlapping: from..<to)
    }

    /// The folder over `[from, to)`, cut down to `overlapping` when given.
    private func read(from: UnixTime, to: UnixTime, floatingZone: String, excludingBooking: String?, overlapping: Range<UnixTime>?) -> BusyTime {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        // No folder yet is an empty calendar (the first booking creates it); anything else that
        // cannot be listed is unknown, and unknown is never free.
        guard manager.fileExists(atPath: folder, isDirectory: &isFolder) else { return BusyTime() }
        guard isFolder.boolValue else { return BusyTime(failures: ["vdir calendar \(folder) is not a folder"]) }
        let skipping = excludingBooking.map { "\($0).ics" }
        do {
            if let cache {
                return try cache.read(folder: folder, floatingZone: floatingZone, from: from, to: to, skipping: skipping, overlapping: overlapping)
            }
            let reader = BusyReader(floatingZone: floatingZone, from: from, to: to)
            let files = try BusyFolderCache.readEach(folder: folder) { name in
                // A file that cannot be read is unknown time, and unknown is never free.
                do { return try reader.read(path: (folder as NSString).appendingPathComponent(name)) } catch { return BusyTime(failures: ["\(error)"]) }
            }
            return BusyFolderCache.merge(files, skipping: skipping)
        } catch {
            return BusyTime(failures: ["vdir calendar \(folder) cannot be listed: \(error.localizedDescription)"])
        }
    }

    public func create(_ draft: EventDraft, now: UnixTime) async throws -> String {
        let name = "\(draft.lineage).ics", folder = folder
        let bytes = Array(ICalendarEvent.calendar(draft, now: now).utf8)
        // The disk's flush blocks a thread for a while: not one of the few that run tasks.
        return try await BlockingIO.run {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw LedgerError("cannot create the calendar folder \(folder): \(error.localizedDescription)")
            }
            let target = (folder as NSString).appendingPathComponent(name)
            let temporary = (folder as NSString).appendingPathComponent(".\(name).\(UUID().uuidString).tmp")
            try Self.writeDurably(bytes, to: temporary)
            defer { _ = unlink(temporary) }
            // link() fails when the target exists: the create is exclusive, like If-None-Match: *.
            guard link(temporary, target) == 0 else {
                throw LedgerError(errno == EEXIST ? "an event \(name) already exists in \(folder)" : "cannot create \(target): \(Self.reason(errno))")
            }
            return name
        }
    }

    /// Writes a new file (never one that exists) and flushes it to the disk before it gets its
    /// real name: an event a booking confirms is on the disk. One file, one inode: no second
    /// temporary file as an atomic write would make.
    static func writeDurably(_ bytes: [UInt8], to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw LedgerError("cannot write \(path): \(reason(errno))") }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                let failure = reason(errno)
                _ = unlink(path)
                throw LedgerError("cannot write \(path): \(failure)")
            }
            written += count
        }
        guard fsync(descriptor) == 0 else {
            let failure = reason(errno)
            _ = unlink(path)
            throw LedgerError("cannot write \(path) to the disk: \(failure)")
        }
    }

    static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }

    public func find(entry: LedgerEntry) async throws -> String? {
        let name = "\(entry.lineage).ics"
        let path = (folder as NSString).appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        // A file that is there but cannot be read is unknown, not "no event".
        guard let data = FileManager.default.contents(atPath: path) else { throw LedgerError("cannot read the event \(path)") }
        let text = String(decoding: data, as: UTF8.self)
        return text.contains("X-SLOTPLAN-BOOKING:\(ICalendarEvent.text(entry.id))\r\n") ? name : nil
    }

    public func update(reference: String, with draft: EventDraft, now: UnixTime) async throws {
        let target = (folder as NSString).appendingPathComponent((reference as NSString).lastPathComponent)
        guard FileManager.default.fileExists(atPath: target) else { throw LedgerError("the event \(reference) is gone from \(folder)") }
        let temporary = (folder as NSString).appendingPathComponent(".\(reference).\(UUID().uuidString).tmp")
        let bytes = Array(ICalendarEvent.calendar(draft, now: now).utf8)
        // On the disk before it takes the event's name, as a new event is; rename() replaces the
        // file atomically: readers see the old event or the new one.
        try await BlockingIO.run {
            try Self.writeDurably(bytes, to: temporary)
            guard rename(temporary, target) == 0 else {
                let failure = Self.reason(errno)
                _ = unlink(temporary)  // the new text goes; the event keeps its old time, and the error says why
                throw LedgerError("cannot replace \(target): \(failure)")
            }
        }
    }

    public func delete(reference: String) async throws {
        let path = (folder as NSString).appendingPathComponent((reference as NSString).lastPathComponent)
        if FileManager.default.fileExists(atPath: path) {
            do { try FileManager.default.removeItem(atPath: path) } catch { throw LedgerError("cannot delete \(path): \(error.localizedDescription)") }
        }
    }
}

/// File-system work that can block (a flush waits for the disk), run on a queue of its own so the
/// threads that run tasks — as many as there are cores: Swift's pool, or SwiftNIO's event loops in
/// `serve` — keep serving other requests meanwhile.
enum BlockingIO {
    static let queue = DispatchQueue(label: "slotplan.blocking-io", attributes: .concurrent)

    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
