#if canImport(Glibc)
import Glibc
#endif

/// What changed in a watched folder since the last look.
enum FolderChanges: Equatable {
    /// These entries were created, written, renamed or removed.
    case names(Set<String>)
    /// The kernel could not say (its queue overflowed, the folder itself went away): read it all again.
    case everything
}

/// The changes to one folder's entries as Linux reports them (inotify). An event is queued by the
/// system call that makes the change, before that call returns, so once a writer's `rename` or
/// `write` has returned, the next `drain` names the file: a folder read through a watch is as
/// fresh as one that lists and stats every file. Not on Linux, or out of watches: no watch (nil),
/// and the caller stats every file as before.
final class FolderWatch {
    private let descriptor: Int32

    #if canImport(Glibc)
    private static let mask = UInt32(IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_ATTRIB | IN_MOVED_FROM | IN_MOVED_TO
        | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
    #endif

    /// Watches `folder` from now on; nil when the system gives no watch.
    init?(folder: String) {
        #if canImport(Glibc)
        let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { return nil }
        guard inotify_add_watch(descriptor, folder, Self.mask) >= 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        #else
        return nil
        #endif
    }

    deinit { close(descriptor) }

    /// Every change queued since the last call (none: an empty set).
    func drain() -> FolderChanges {
        #if canImport(Glibc)
        var names = Set<String>()
        let capacity = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: MemoryLayout<inotify_event>.alignment)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer, capacity)
            if count < 0 {
                if errno == EINTR { continue }
                // EAGAIN: the queue is empty. Anything else: the watch cannot be trusted.
                return errno == EAGAIN ? .names(names) : .everything
            }
            if count == 0 { return .everything }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                let whole = UInt32(IN_Q_OVERFLOW | IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT)
                if event.mask & whole != 0 { return .everything }
                let nameStart = offset + MemoryLayout<inotify_event>.size
                let nameLength = Int(event.len)
                guard nameStart + nameLength <= count else { return .everything }
                if nameLength > 0 {
                    let bytes = UnsafeRawBufferPointer(start: buffer + nameStart, count: nameLength)
                    // The name is padded with NULs to the record's length.
                    names.insert(String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self))
                }
                offset = nameStart + nameLength
            }
        }
        #else
        return .everything
        #endif
    }
}
