import Dispatch
import NIOCore
import NIOPosix

/// SwiftNIO's shared event loops, handed out in turn even to a caller that runs on one of them.
/// The pool opens its connections from its own task, and in `serve` every task runs on an event
/// loop, where the group's `any()` answers the caller's own loop: every connection would be on one
/// loop, and the rest of each booking after its first query would follow it onto that one thread.
final class SpreadEventLoops: EventLoopGroup {
    let group: MultiThreadedEventLoopGroup

    init(group: MultiThreadedEventLoopGroup = .singleton) { self.group = group }

    /// The group's next loop; `any()` is this too (EventLoopGroup's default), never the caller's own.
    func next() -> EventLoop { group.next() }

    func makeIterator() -> EventLoopIterator { group.makeIterator() }

    /// The shared group is never shut down: it refuses, as it does for any caller.
    func shutdownGracefully(queue: DispatchQueue, _ callback: @escaping @Sendable (Error?) -> Void) {
        group.shutdownGracefully(queue: queue, callback)
    }
}
