import AgentTools
import ArgumentParser
import Foundation
import PlanModel
import Runtime

/// `slotplan mcp`: the runtime's operations as MCP tools over standard input/output (DESIGN §11),
/// for an agent that starts slotplan itself.
struct McpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp", abstract: "Serve the booking tools to an AI agent over MCP (stdio).",
        discussion: "Standard output carries only MCP messages; problems go to standard error. `serve --mcp` offers the same tools over HTTP.")

    @Option(help: "A folder of compiled *.plan.json files (see `slotplan compile`).")
    var plans: String?

    @Option(help: "A workspace compiled at start (default: campaigns/ when --plans is not given).")
    var workspace: String?

    @OptionGroup var options: RuntimeOptions

    @Option(help: "Freeze the clock at this time, ISO 8601 (demos, tests); no tool call can set it.")
    var now: String?

    func run() async throws {
        let frozen = try now.map { try parseInstant($0, option: "--now") }
        let runtime = try await options.serviceRuntime(source: .served(plans: plans, workspace: workspace), busyTTL: .seconds(30))
        let tools = AgentTools(runtime: { runtime }, now: { frozen ?? UnixTime(Date().timeIntervalSince1970) })
        do { try await tools.runStdio() } catch { throw fail("MCP over standard input/output: \(error)", code: 1) }
    }
}

extension PlanSource {
    /// The plans a service serves: `--plans` (compiled), else `--workspace` (default campaigns/).
    static func served(plans: String?, workspace: String?) -> PlanSource {
        plans.map { .planFolder($0) } ?? .workspace(workspace ?? "campaigns")
    }
}

extension RuntimeOptions {
    /// The runtime of a long-running service: the plans loaded, the ledger opened, offer ids
    /// signed with the ledger's shared secret, free/busy cached for `busyTTL`.
    func serviceRuntime(source: PlanSource, busyTTL: Duration) async throws -> Runtime {
        let catalog = try adapt { () throws(RuntimeError) in try source.load() }
        let base = try await runtime(plans: catalog, service: true)
        let secret: [UInt8]
        do { secret = try await base.ledger.sharedSecret() } catch { throw fail("the ledger's offer-id secret: \(error)", code: 1) }
        return Runtime(plans: catalog, ledger: base.ledger, calendar: base.calendar, busyCache: BusyCache(ttl: busyTTL),
                       offerSigner: OfferSigner(secret: secret), tokens: base.tokens)
    }
}
