import Foundation

/// Writes plan files all-or-nothing: every plan is encoded and written to a temporary name first,
/// then each is renamed into place (atomic per file), so a reader never sees a half-written plan
/// and a failed write leaves the folder as it was.
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
        var staged: [(temporary: String, target: String)] = []
        for (name, data) in encoded {
            let target = (folder as NSString).appendingPathComponent(name)
            let temporary = (folder as NSString).appendingPathComponent(".\(name).\(ProcessInfo.processInfo.processIdentifier).tmp")
            do {
                try data.write(to: URL(fileURLWithPath: temporary))
            } catch {
                for file in staged { try? manager.removeItem(atPath: file.temporary) }
                try? manager.removeItem(atPath: temporary)
                throw Failure(description: "cannot write \(target): \(error.localizedDescription); nothing was written")
            }
            staged.append((temporary, target))
        }
        var written: [String] = []
        for file in staged {
            guard rename(file.temporary, file.target) == 0 else {
                for rest in staged where !written.contains(rest.target) { try? manager.removeItem(atPath: rest.temporary) }
                throw Failure(description: "cannot rename \(file.temporary) to \(file.target): errno \(errno)")
            }
            written.append(file.target)
        }
        return written
    }
}
