import Booking
import Foundation
import GRDB

/// One write waiting for its transaction: it runs in a savepoint of a shared IMMEDIATE
/// transaction, and hears its outcome once that transaction is on the disk.
protocol BatchedWrite: Sendable {
    /// Runs the write; its own failure rolls back its own savepoint only.
    func run(_ db: Database)
    /// Answers the caller: its own outcome, or the commit's failure.
    func finish(commitError: (any Error)?)
}

/// A write of a `T` and the caller waiting for it.
final class PendingWrite<T: Sendable>: BatchedWrite, @unchecked Sendable {
    private let body: @Sendable (Database) throws -> T
    private let continuation: CheckedContinuation<T, any Error>
    /// Set by `run` and read by `finish`, both on the writer's queue, one after the other.
    private var outcome: Result<T, any Error> = .failure(LedgerError("the write did not run"))

    init(_ body: @escaping @Sendable (Database) throws -> T, continuation: CheckedContinuation<T, any Error>) {
        self.body = body
        self.continuation = continuation
    }

    func run(_ db: Database) {
        // An earlier write's error that made SQLite roll the whole transaction back: nothing of
        // this one may run outside it.
        guard db.isInsideTransaction else {
            outcome = .failure(LedgerError("the shared transaction was rolled back by an earlier write"))
            return
        }
        do {
            var value: T?
            try db.inSavepoint {
                value = try body(db)
                return .commit
            }
            outcome = value.map { .success($0) } ?? .failure(LedgerError("the write produced no result"))
        } catch {
            outcome = .failure(error)
        }
    }

    func finish(commitError: (any Error)?) {
        continuation.resume(with: commitError.map { .failure($0) } ?? outcome)
    }
}

/// Group commit: writes that arrive while a transaction is being flushed to the disk go together
/// into the next one, each in its own savepoint, in arrival order — as if they ran one after the
/// other, but with one flush for all of them (a flush is the ledger's cost: SQLite syncs the WAL
/// at every commit). Every caller hears its answer only after its transaction is durable.
final class GroupCommit: @unchecked Sendable {
    private let pool: DatabasePool
    private let lock = NSLock()
    private var pending: [any BatchedWrite] = []
    private var draining = false

    init(pool: DatabasePool) { self.pool = pool }

    /// Runs `body` in the next transaction and returns its result once that transaction committed.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let write = PendingWrite(body, continuation: continuation)
            let start = lock.withLock {
                pending.append(write)
                defer { draining = true }
                return !draining
            }
            if start { drain() }
        }
    }

    /// Commits everything waiting, then whatever arrived meanwhile, until nothing waits.
    private func drain() {
        let batch: [any BatchedWrite] = lock.withLock {
            let taken = pending
            pending = []
            if taken.isEmpty { draining = false }
            return taken
        }
        guard !batch.isEmpty else { return }
        pool.asyncWriteWithoutTransaction { db in
            var commitError: (any Error)?
            do {
                try db.inTransaction(.immediate) {
                    for write in batch { write.run(db) }
                    return .commit
                }
            } catch {
                commitError = error
            }
            for write in batch { write.finish(commitError: commitError) }
            self.drain()
        }
    }
}
