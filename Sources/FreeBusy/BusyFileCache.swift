import Foundation
import PlanModel

/// Busy data of files already read, kept while the file is unchanged (same inode, size and
/// modification time) and for the same zone and day range: re-reading a calendar folder for every booking then
/// costs a directory listing and a `stat` per file, not a parse. A file that changes is read again,
/// so the data is as fresh as the folder.
public final class BusyFileCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: BusyTime] = [:]

    public init() {}

    /// The file's busy time over whole days covering `[from, to)` (a superset: the extra hours never
    /// make a slot free), from the cache when the file is unchanged; `fresh` parses it whatever the
    /// cache holds (a watch said it changed).
    public func read(path: String, floatingZone: String, from: UnixTime, to: UnixTime, fresh: Bool = false) throws(BusyReadError) -> BusyTime {
        // stat(2) directly: FileManager's attributes cost an open and a dozen lookups per file.
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw BusyReadError(file: path, message: "cannot read the file: \(String(cString: strerror(errno)))")
        }
        let modified = "\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        // A file replaced by a rename is a new inode; one rewritten in place has a new time or size.
        let firstDay = from / 86_400 - 1, lastDay = to / 86_400 + 1
        let key = "\(path)|\(info.st_ino)|\(info.st_size)|\(modified)|\(floatingZone)|\(firstDay)|\(lastDay)"
        if !fresh, let hit = lock.withLock({ entries[key] }) { return hit }
        let busy = try BusyReader(floatingZone: floatingZone, from: firstDay * 86_400, to: lastDay * 86_400).read(path: path)
        lock.withLock {
            if entries.count > 50_000 { entries.removeAll() }  // bounded
            entries[key] = busy
        }
        return busy
    }
}
