import Booking
import FreeBusy
import Foundation
import PlanModel
import PolicyLanguage

/// One side of a diff: the compiled workspace of a git revision or of the work tree.
public struct PolicySide: Sendable {
    /// How the side is named in output: an abbreviated commit hash, or `work tree`.
    public let label: String
    /// What the user asked for (`main`, `HEAD`, `work tree`).
    public let revision: String
    /// The compilation; nil when the side has no policy files at all (nothing to compare yet).
    public let compilation: CompilationResult?

    public init(label: String, revision: String, compilation: CompilationResult?) {
        self.label = label
        self.revision = revision
        self.compilation = compilation
    }

    /// The side's campaigns by id (none when it has no files).
    var plans: [String: Plan] {
        Dictionary((compilation?.plans ?? []).map { ($0.campaign.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The compiled files of a revision.
    public static func revision(_ revision: GitRevision, paths: [String], compiler: PolicyCompiler = PolicyCompiler()) throws(GitError) -> PolicySide {
        let files = try revision.files(under: paths)
        return PolicySide(label: revision.shortHash, revision: revision.name, compilation: files.isEmpty ? nil : compiler.compile(files: files))
    }
}

/// A side that does not compile: which, and its diagnostics (`slotplan diff` exits 1).
public struct SideFailure: Error, Sendable {
    /// `base` or `head`.
    public let role: String
    public let side: PolicySide
    public let compilation: CompilationResult
}

/// What changes for callers between two sides (DESIGN §12); encodes as `slotplan.diff/1`.
public struct PolicyDiff: Sendable, Codable {
    /// How campaigns are counted.
    public struct Summary: Sendable, Equatable, Codable {
        public let added: Int
        public let removed: Int
        public let changed: Int
        public let unchanged: Int
    }

    /// One campaign that was added, removed or changed.
    public struct CampaignChange: Sendable, Codable {
        public enum Kind: String, Sendable, Codable { case added, removed, changed }
        /// The files that declared the campaign on each side (nil where it is absent).
        public struct Files: Sendable, Equatable, Codable {
            public let before: String?
            public let after: String?
        }
        /// Hours covered by offered meetings over all the weeks.
        public struct Hours: Sendable, Equatable, Codable {
            public let before: Double
            public let after: Double
        }

        public let id: String
        public let name: String
        public let change: Kind
        public let files: Files
        public let fields: [FieldChange]
        public let slots: SlotDelta
        public let bookableHours: Hours

        enum CodingKeys: String, CodingKey {
            case id, name, change, files, fields, slots
            case bookableHours = "bookable_hours"
        }
    }

    public static let format = "slotplan.diff/1"

    public let format: String
    public let base: String
    public let head: String
    /// RFC 3339 UTC.
    public let now: String
    public let weeks: Int
    /// Whether slots were counted against busy data (`--busy`) or the hours alone.
    public let busyFiles: [String]
    public let summary: Summary
    public let campaigns: [CampaignChange]

    enum CodingKeys: String, CodingKey {
        case format, base, head, now, weeks, summary, campaigns
        case busyFiles = "busy_files"
    }

    /// True when anything differs (`--exit-code` exits 2).
    public var hasChanges: Bool { !campaigns.isEmpty }

    /// Slots a week, after minus before, over every campaign (rounded).
    public var slotsPerWeekDelta: Int {
        guard weeks > 0 else { return 0 }
        let delta = campaigns.reduce(0) { $0 + $1.slots.totalAfter - $1.slots.totalBefore }
        return Int((Double(delta) / Double(weeks)).rounded())
    }

    /// Compares two compiled sides; a side with errors is a `SideFailure` (the base is checked first).
    /// `busy` reads a plan's busy data (the same files for every campaign).
    public static func compare(base: PolicySide, head: PolicySide, now: UnixTime, weeks: Int, busyFiles: [String],
                               busy: (Plan) throws(BusyReadError) -> BusyTime) throws -> PolicyDiff {
        for (role, side) in [("base", base), ("head", head)] {
            if let c = side.compilation, c.errorCount > 0 { throw SideFailure(role: role, side: side, compilation: c) }
        }
        let before = base.plans, after = head.plans
        var changes: [CampaignChange] = []
        var unchanged = 0
        for id in Set(before.keys).union(after.keys).sorted() {
            let x = before[id], y = after[id]
            // Equal plans are equal canonical encodings, so the same content hash: "no changes".
            if let x, let y, x.withContentHash(nil) == y.withContentHash(nil) {
                unchanged += 1
                continue
            }
            var readFailure: (any Error)?
            let delta = SlotDelta.between(x, y, now: now, weeks: weeks) { plan in
                do { return try busy(plan) } catch {
                    readFailure = error
                    return BusyTime()
                }
            }
            if let readFailure { throw readFailure }
            let kind: CampaignChange.Kind = x == nil ? .added : y == nil ? .removed : .changed
            let fields = x.flatMap { x in y.map { FieldChanges.between(x, $0) } } ?? []
            changes.append(CampaignChange(
                id: id, name: (y ?? x)?.campaign.name ?? id, change: kind,
                files: .init(before: x.flatMap { _ in base.compilation?.campaignFiles[id] }, after: y.flatMap { _ in head.compilation?.campaignFiles[id] }),
                fields: fields, slots: delta,
                bookableHours: .init(before: delta.hoursBefore, after: delta.hoursAfter)))
        }
        let count = { (kind: CampaignChange.Kind) in changes.filter { $0.change == kind }.count }
        return PolicyDiff(
            format: format, base: base.label, head: head.label, now: Timestamp.utc(now), weeks: weeks, busyFiles: busyFiles,
            summary: Summary(added: count(.added), removed: count(.removed), changed: count(.changed), unchanged: unchanged),
            campaigns: changes)
    }

    /// Reads the busy files for a plan over its horizon and zone (what `preview --busy` reads).
    public static func busyReader(_ paths: [String], cache: BusyFileCache = BusyFileCache(), now: UnixTime) -> (Plan) throws(BusyReadError) -> BusyTime {
        { (plan: Plan) throws(BusyReadError) -> BusyTime in
            let zone = plan.booking.schedule?.timezone ?? "UTC"
            let (from, to) = BookingService.horizon(plan, now: now)
            var all = BusyTime()
            for path in paths { all = all.merged(with: try cache.read(path: path, floatingZone: zone, from: from, to: to)) }
            return all
        }
    }
}
