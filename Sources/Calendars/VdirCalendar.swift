import Booking
import Foundation
import FreeBusy
import PlanModel

/// A vdir folder (one `.ics` per event, as vdirsyncer and khal keep them): the embedded default.
public struct VdirCalendar: CalendarTarget {
    public let folder: String
    /// Parsed files kept while unchanged (a long-running runtime shares one); nil reads every time.
    public let cache: BusyFileCache?

    public init(folder: String, cache: BusyFileCache? = nil) {
        self.folder = folder
        self.cache = cache
    }

    public func freeBusy(from: UnixTime, to: UnixTime, floatingZone: String, excludingBooking: String?) async throws -> BusyTime {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        // No folder yet is an empty calendar (the first booking creates it); anything else that
        // cannot be listed is unknown, and unknown is never free.
        guard manager.fileExists(atPath: folder, isDirectory: &isFolder) else { return BusyTime() }
        guard isFolder.boolValue else { return BusyTime(failures: ["vdir calendar \(folder) is not a folder"]) }
        let names: [String]
        do { names = try manager.contentsOfDirectory(atPath: folder) } catch {
            return BusyTime(failures: ["vdir calendar \(folder) cannot be listed: \(error.localizedDescription)"])
        }
        let reader = BusyReader(floatingZone: floatingZone, from: from, to: to)
        var result = BusyTime()
        for name in names.sorted() where name.hasSuffix(".ics") && !name.hasPrefix(".") {
            if let excludingBooking, name == "\(excludingBooking).ics" { continue }
            let path = (folder as NSString).appendingPathComponent(name)
            do {
                let busy = try cache.map { cache throws(BusyReadError) in
                    try cache.read(path: path, floatingZone: floatingZone, from: from, to: to)
                } ?? reader.read(path: path)
                result.intervals += busy.intervals
                result.failures += busy.failures
                result.warnings += busy.warnings
            } catch {
                // A file that cannot be read is unknown time, and unknown is never free.
                result.failures.append("\(error)")
            }
        }
        return result
    }

    public func create(_ draft: EventDraft, now: UnixTime) async throws -> String {
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw LedgerError("cannot create the calendar folder \(folder): \(error.localizedDescription)")
        }
        let name = "\(draft.lineage).ics"
        let target = (folder as NSString).appendingPathComponent(name)
        let temporary = (folder as NSString).appendingPathComponent(".\(name).\(UUID().uuidString).tmp")
        guard manager.createFile(atPath: temporary, contents: Data(ICalendarEvent.calendar(draft, now: now).utf8)) else {
            throw LedgerError("cannot write \(temporary)")
        }
        defer { try? manager.removeItem(atPath: temporary) }
        // link() fails when the target exists: the create is exclusive, like If-None-Match: *.
        guard link(temporary, target) == 0 else {
            throw LedgerError(errno == EEXIST ? "an event \(name) already exists in \(folder)" : "cannot create \(target): errno \(errno)")
        }
        return name
    }

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
        guard FileManager.default.createFile(atPath: temporary, contents: Data(ICalendarEvent.calendar(draft, now: now).utf8)) else {
            throw LedgerError("cannot write \(temporary)")
        }
        // rename() replaces the file atomically: readers see the old event or the new one.
        guard rename(temporary, target) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw LedgerError("cannot replace \(target): errno \(errno)")
        }
    }

    public func delete(reference: String) async throws {
        let path = (folder as NSString).appendingPathComponent((reference as NSString).lastPathComponent)
        if FileManager.default.fileExists(atPath: path) {
            do { try FileManager.default.removeItem(atPath: path) } catch { throw LedgerError("cannot delete \(path): \(error.localizedDescription)") }
        }
    }
}
