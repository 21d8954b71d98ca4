import Foundation
import GRDB

/// Read-only connections of the ledger's own for the reads on the calling thread, one per core.
/// GRDB's reader pool hands out its connections through a barrier queue and a semaphore; with a
/// request on every core, threads slept on them for longer than the read itself took. Here a
/// reader takes the first connection no other thread holds, and waits only when every one is busy.
final class ReadConnections: @unchecked Sendable {
    private let connections: [(lock: NSLock, queue: DatabaseQueue)]

    init(path: String, count: Int = min(8, max(2, ProcessInfo.processInfo.activeProcessorCount))) throws {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(30)
        connections = try (0..<count).map { _ in (NSLock(), try DatabaseQueue(path: path, configuration: configuration)) }
    }

    /// `body` on a connection no other thread uses meanwhile.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        for connection in connections where connection.lock.try() {
            defer { connection.lock.unlock() }
            return try connection.queue.inDatabase(body)
        }
        let connection = connections[Int.random(in: 0..<connections.count)]
        connection.lock.lock()
        defer { connection.lock.unlock() }
        return try connection.queue.inDatabase(body)
    }
}
