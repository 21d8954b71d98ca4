import Dispatch
import Foundation
import Runtime
import Server

/// Reloads the served plans on SIGHUP and when the plans folder changes: a plan set that loads is
/// swapped in whole; one that does not is refused, logged, and the old one keeps serving.
struct PlanReloader: Sendable {
    let source: PlanSource
    let server: SlotplanServer
    /// The folder watched for changes.
    let folder: String

    /// Starts watching; returns the task that polls (cancel it to stop).
    func start() -> Task<Void, Never> {
        signal(SIGHUP, SIG_IGN)
        let hangups = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        let reloader = self
        hangups.setEventHandler { Task { await reloader.reload(why: "SIGHUP") } }
        hangups.resume()
        return Task {
            var last = Self.fingerprint(folder)
            while !Task.isCancelled {
                do { try await Task.sleep(for: .seconds(1)) } catch { break }
                let now = Self.fingerprint(folder)
                if now != last {
                    last = now
                    await reload(why: "the plans folder changed")
                }
            }
            hangups.cancel()
        }
    }

    func reload(why: String) async {
        do {
            let catalog = try source.load()
            await server.replacePlans(catalog)
            log(["event": "plans_reloaded", "why": why, "campaigns": String(catalog.plans.count),
                 "plan_hashes": catalog.plans.map { "\($0.campaign.id)=\($0.contentHash ?? "")" }.joined(separator: " ")])
        } catch {
            log(["event": "plans_refused", "why": why, "error": error.description, "details": error.details ?? ""])
        }
    }

    func log(_ fields: [String: String]) {
        FileHandle.standardError.write(Data(OutcomeJSON.encode(fields).utf8))
    }

    /// Names, sizes and modification times of the folder's files, recursively.
    static func fingerprint(_ folder: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }  // gone: nothing to compare
        var out: [String] = []
        while let name = walker.nextObject() as? String {
            let attributes = walker.fileAttributes ?? [:]
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            out.append("\(name)|\(attributes[.size] ?? 0)|\(modified)")
        }
        return out.sorted()
    }
}
