import Foundation
import PlanModel
import PolicyLanguage

/// Where a runtime's plans come from: a workspace compiled on load, a folder of compiled
/// `*.plan.json` files, or one plan file. Loading again picks up changes (reload).
public enum PlanSource: Sendable, Equatable {
    case workspace(String)
    case planFolder(String)
    case planFile(String)

    /// The command line's CAMPAIGN argument: a `*.json` file that exists is a plan file,
    /// anything else a campaign id in `workspace`.
    public static func forCampaign(_ campaign: String, workspace: String) -> PlanSource {
        campaign.hasSuffix(".json") && FileManager.default.fileExists(atPath: campaign) ? .planFile(campaign) : .workspace(workspace)
    }

    /// Every plan of the source, or the reason there are none: a workspace with errors (the
    /// rendered diagnostics in the message), an unreadable or tampered plan file.
    public func load() throws(RuntimeError) -> PlanCatalog {
        switch self {
        case .planFile(let path):
            return PlanCatalog(plans: [try Self.decode(path)], origin: path)
        case .planFolder(let folder):
            let names: [String]
            do { names = try FileManager.default.contentsOfDirectory(atPath: folder) } catch {
                throw .invalid("plans", "cannot read the plans folder \(folder): \(error.localizedDescription)")
            }
            var plans: [Plan] = []
            for name in names.sorted() where name.hasSuffix(".plan.json") && !name.hasPrefix(".") {
                plans.append(try Self.decode((folder as NSString).appendingPathComponent(name)))
            }
            return PlanCatalog(plans: plans, origin: folder)
        case .workspace(let folder):
            let result: CompilationResult
            do { result = try PolicyCompiler().compile(paths: [folder]) } catch {
                throw .invalid("workspace", "\(error)")
            }
            guard result.errorCount == 0 else {
                let report = HumanRenderer(color: false).render(DiagnosticReport(result))
                throw RuntimeError(.failed, field: "workspace", "the workspace has errors; fix them first (slotplan check \(folder))",
                                   details: report)
            }
            // Compiled here rather than read from a file: give each plan its content hash, as a plan file has.
            var hashed: [Plan] = []
            for plan in result.plans {
                do { hashed.append(plan.withContentHash(try PlanCodec.contentHash(of: plan))) } catch {
                    throw RuntimeError(.failed, field: "workspace", "cannot hash the plan of \(plan.campaign.id): \(error)")
                }
            }
            return PlanCatalog(plans: hashed, origin: folder)
        }
    }

    static func decode(_ path: String) throws(RuntimeError) -> Plan {
        guard let data = FileManager.default.contents(atPath: path) else { throw .invalid("plan", "cannot read \(path)") }
        do { return try PlanCodec.decode(data) } catch { throw RuntimeError(.failed, field: "plan", "\(path): \(error)") }
    }
}

/// A loaded set of plans, looked up by campaign id.
public struct PlanCatalog: Sendable {
    public let plans: [Plan]
    /// The folder or file they came from (for messages).
    public let origin: String

    public init(plans: [Plan], origin: String) {
        self.plans = plans
        self.origin = origin
    }

    /// The plan of `campaign`; a plan file answers for its own campaign whatever the id given.
    public func plan(_ campaign: String) throws(RuntimeError) -> Plan {
        if plans.count == 1, origin == campaign, let only = plans.first { return only }
        if let plan = plans.first(where: { $0.campaign.id == campaign }) { return plan }
        let ids = plans.map(\.campaign.id)
        let hint = DidYouMean.suggestion(for: campaign, among: ids).map { " — did you mean `\($0)`?" } ?? ""
        throw RuntimeError(.notFound, field: "campaign", "no campaign `\(campaign)` in \(origin)\(hint) (campaigns: \(ids.joined(separator: ", ")))")
    }
}
