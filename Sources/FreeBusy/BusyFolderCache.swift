import Foundation
import PlanModel

/// The busy time of calendar folders (one `.ics` per event, a vdir), kept current by a folder
/// watch: a read after the first costs the changes since the last one — a booking that adds one
/// file re-reads one file, not a listing and a `stat` per file of a folder that grows with every
/// booking. Without a watch (not Linux, no inotify instance left), every read lists the folder and
/// checks each file against the file cache, as fresh either way.
public final class BusyFolderCache: @unchecked Sendable {
    /// One folder over one zone and day range: each file's busy time and all of it, sorted by start.
    final class Snapshot {
        let watch: FolderWatch
        var files: [String: BusyTime] = [:]
        /// Every file's busy time sorted by start, but for `recent`.
        private var merged = BusyTime()
        /// Files added since `merged` was last completed, sorted by start: inserting into a few is
        /// cheap, where each insert into thousands moves their tail (every server of a shared folder
        /// takes in every booking's file). Merged in when a whole read needs them, or past `recentLimit`.
        private var recent = BusyTime()
        /// The longest interval of each list: a range read starts where one could first reach it.
        private var mergedLongest: UnixTime = 0, recentLongest: UnixTime = 0
        static let recentLimit = 1_024

        init(watch: FolderWatch) { self.watch = watch }

        /// Everything again from `files` (a file changed or went).
        func rebuild() {
            merged = BusyFolderCache.merge(files, skipping: nil)
            mergedLongest = merged.longest
            recent = BusyTime()
            recentLongest = 0
        }

        /// A new file's busy time (sorted by start).
        func add(_ busy: BusyTime) {
            recent.insertSorted(busy)
            recentLongest = max(recentLongest, busy.longest)
            if recent.intervals.count > Self.recentLimit { complete() }
        }

        /// All of it, sorted by start.
        func whole() -> BusyTime {
            complete()
            return merged
        }

        /// The intervals that overlap `range`, sorted by start, with every failure and warning.
        func overlapping(_ range: Range<UnixTime>) -> BusyTime {
            var cut = merged.overlapping(from: range.lowerBound, to: range.upperBound, longest: mergedLongest)
            cut.insertSorted(recent.overlapping(from: range.lowerBound, to: range.upperBound, longest: recentLongest))
            return cut
        }

        private func complete() {
            guard !recent.isEmpty else { return }
            merged.insertSorted(recent)
            mergedLongest = max(mergedLongest, recentLongest)
            recent = BusyTime()
            recentLongest = 0
        }
    }

    private let lock = NSLock()
    private var snapshots: [String: Snapshot] = [:]
    let files: BusyFileCache

    /// Folder reads on top of `files` (the parsed files, kept while unchanged).
    public init(files: BusyFileCache) { self.files = files }

    /// Whether a folder entry is an event file: `.ics`, not hidden (a writer's temporary file is).
    public static func counts(_ name: String) -> Bool { name.hasSuffix(".ics") && !name.hasPrefix(".") }

    /// Every counted file of `folder` over whole days covering `[from, to)`, sorted by start, without
    /// the file named `skipping` (a booking being moved); a file that cannot be read is a failure.
    /// With `overlapping`, only the intervals that overlap it (a booking's re-check of one slot): a
    /// copy of a few, and the folder's own lists stay unshared, so the next file is inserted in
    /// place instead of copying every interval. Throws when the folder cannot be listed.
    public func read(folder: String, floatingZone: String, from: UnixTime, to: UnixTime, skipping: String? = nil,
                     overlapping: Range<UnixTime>? = nil) throws -> BusyTime {
        func cut(_ busy: BusyTime) -> BusyTime { overlapping.map { busy.overlapping(from: $0.lowerBound, to: $0.upperBound) } ?? busy }
        let key = "\(folder)|\(floatingZone)|\(from / 86_400)|\(to / 86_400)"
        return try lock.withLock {
            let snapshot: Snapshot
            if let known = snapshots[key], case .names(let changed) = known.watch.drain() {
                if !changed.isEmpty { update(known, folder: folder, changed: changed, floatingZone: floatingZone, from: from, to: to) }
                snapshot = known
            } else if let watch = FolderWatch(folder: folder) {
                // Watched before listed: a change made while the folder is read is in the next drain.
                snapshot = Snapshot(watch: watch)
                snapshot.files = try Self.readEach(folder: folder) { readFile(folder: folder, name: $0, floatingZone: floatingZone, from: from, to: to) }
                snapshot.rebuild()
                if snapshots.count >= 64 { snapshots.removeAll() }  // bounded: each holds an inotify descriptor
                snapshots[key] = snapshot
            } else {
                let read = try Self.readEach(folder: folder) { readFile(folder: folder, name: $0, floatingZone: floatingZone, from: from, to: to) }
                return cut(Self.merge(read, skipping: skipping))
            }
            if let skipping, snapshot.files[skipping] != nil { return cut(Self.merge(snapshot.files, skipping: skipping)) }
            return overlapping.map { snapshot.overlapping($0) } ?? snapshot.whole()
        }
    }

    /// Reads again the files a watch named: new ones are merged in, a changed or removed one rebuilds the whole.
    private func update(_ snapshot: Snapshot, folder: String, changed: Set<String>, floatingZone: String, from: UnixTime, to: UnixTime) {
        var added: [BusyTime] = [], rebuild = false
        for name in changed.sorted() where Self.counts(name) {
            let path = (folder as NSString).appendingPathComponent(name)
            let exists = FileManager.default.fileExists(atPath: path)
            if snapshot.files[name] != nil { rebuild = true }
            if exists {
                let busy = readFile(folder: folder, name: name, floatingZone: floatingZone, from: from, to: to, fresh: true)
                if snapshot.files.updateValue(busy, forKey: name) == nil { added.append(busy) }
            } else {
                snapshot.files[name] = nil
            }
        }
        if rebuild {
            snapshot.rebuild()
        } else if !added.isEmpty {
            snapshot.add(added.reduce(BusyTime()) { $0.merged(with: $1) }.sortedByStart())
        }
    }

    private func readFile(folder: String, name: String, floatingZone: String, from: UnixTime, to: UnixTime, fresh: Bool = false) -> BusyTime {
        let path = (folder as NSString).appendingPathComponent(name)
        // A file the watch named is parsed afresh: rewritten in place within one tick of the
        // file system's clock, it may keep its size and modification time.
        do { return try files.read(path: path, floatingZone: floatingZone, from: from, to: to, fresh: fresh) } catch {
            // A file that cannot be read is unknown time, and unknown is never free.
            return BusyTime(failures: ["\(error)"])
        }
    }

    /// Each counted file of `folder`, by name, as `read` gives it (a file that cannot be read gives its
    /// failure). Throws when the folder cannot be listed.
    public static func readEach(folder: String, _ read: (String) -> BusyTime) throws -> [String: BusyTime] {
        var files: [String: BusyTime] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where counts(name) { files[name] = read(name) }
        return files
    }

    /// All files but `skipping`, in name order, sorted by start.
    public static func merge(_ files: [String: BusyTime], skipping: String?) -> BusyTime {
        var all = BusyTime()
        for (name, busy) in files.sorted(by: { $0.key < $1.key }) where name != skipping {
            all.intervals += busy.intervals
            all.failures += busy.failures
            all.warnings += busy.warnings
        }
        return all.sortedByStart()
    }
}
