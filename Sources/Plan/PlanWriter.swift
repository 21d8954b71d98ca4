import Foundation

/// Writes plan files all-or-nothing: every plan is encoded first, then each file is written to a
/// temporary name and renamed into place, so a reader never sees a half-written plan.
public enum PlanWriter {
    /// A plan file could not be written.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Writes `<campaign-id>.plan.json` for each plan into `folder` (created when missing) and
    /// returns the paths written.
    public static func write(_ plans: [Plan], to folder: String) throws(Failure) -> [String] {
        var encoded: [(String, Data)] = []
        for plan in plans {
            do {
                encoded.append(("\(plan.campaign.id).plan.json", try PlanCodec.encode(plan)))
            } catch {
                throw Failure(description: "cannot encode plan \(plan.campaign.id): \(error)")
            }
        }
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw Failure(description: "cannot create \(folder): \(error.localizedDescription)")
        }
        var written: [String] = []
        for (name, data) in encoded {
            let target = (folder as NSString).appendingPathComponent(name)
            let temporary = (folder as NSString).appendingPathComponent(".\(name).\(ProcessInfo.processInfo.processIdentifier).tmp")
            do {
                try data.write(to: URL(fileURLWithPath: temporary))
                if manager.fileExists(atPath: target) {
                    _ = try manager.replaceItemAt(URL(fileURLWithPath: target), withItemAt: URL(fileURLWithPath: temporary))
                } else {
                    try manager.moveItem(atPath: temporary, toPath: target)
                }
            } catch {
                try? manager.removeItem(atPath: temporary)
                throw Failure(description: "cannot write \(target): \(error.localizedDescription)")
            }
            written.append(target)
        }
        return written
    }
}
