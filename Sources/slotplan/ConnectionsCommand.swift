import ArgumentParser
import Connections
import Foundation
import PlanModel
import Runtime

/// `slotplan connections`: the connection store of DESIGN §10 (tokens sealed; none is ever printed).
struct ConnectionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connections", abstract: "List, import, remove and re-key stored calendar connections.",
        subcommands: [ListConnections.self, ImportConnections.self, RemoveConnection.self, RekeyConnections.self])
}

/// Where the store is and how its tokens are sealed.
struct StoreOptions: ParsableArguments {
    @Option(help: "The connection store: sqlite:PATH (default sqlite:slotplan.db, the ledger's database) or postgres://…")
    var store = "sqlite:slotplan.db"

    @Option(help: "The 32-byte key file (base64; created with mode 0600 on first use). SLOTPLAN_SECRET_KEY wins when set.")
    var keyFile: String?

    func open() async throws -> ConnectionStore {
        let location = try adapt { () throws(RuntimeError) in try LedgerLocation(store) }
        do { return try await location.openConnectionStore(environment: ProcessInfo.processInfo.environment, keyFile: keyFile) } catch {
            throw fail(error)
        }
    }
}

struct ListConnections: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Show every connection: member, provider, account, status, times.")
    @OptionGroup var options: StoreOptions
    @Option(help: "text or json (`{\"connections\": [...]}`).") var format: OutcomeFormat = .text

    func run() async throws {
        let records: [ConnectionRecord]
        do { records = try await options.open().records.connections() } catch let error as ExitCode { throw error } catch {
            throw fail("cannot read the connection store: \(error)", code: 1)
        }
        let listing = records.map { ConnectionListing($0, stamp: Timestamp.utc) }
        switch format {
        case .json:
            writeOut(OutcomeJSON.encode(["connections": listing]))
        case .text:
            guard !listing.isEmpty else { return writeOut("no connections (add them with `slotplan connections import` or `slotplan connect`)\n") }
            for c in listing {
                var line = "\(c.member)\t\(c.provider)\t\(c.account)\t\(c.calendar)\t\(c.status)\tconnected \(c.connectedAt)"
                if let refreshed = c.refreshedAt { line += "\trefreshed \(refreshed)" }
                if let reason = c.expiredReason { line += "\texpired \(c.expiredAt ?? "-"): \(reason) — reconnect: slotplan connect \(c.provider) --member \(c.member)" }
                writeOut(line + "\n")
            }
        }
    }
}

struct ImportConnections: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Store connections read as JSON on standard input (tokens never on the command line).",
        discussion: #"Input: [{"member", "provider": "google"|"outlook", "refresh_token", "account", "calendar"?, "timezone"?, "account_type"?}]"#)
    @OptionGroup var options: StoreOptions
    @Option(help: "The connection time, ISO 8601 (default: the clock).") var now: String?

    func run() async throws {
        let input = FileHandle.standardInput.readDataToEndOfFile()
        let entries: [ConnectionStore.NewConnection]
        do { entries = try JSONDecoder().decode([ConnectionStore.NewConnection].self, from: input) } catch {
            throw fail("standard input is not a JSON list of connections (\(Self.describe(error))); expected "
                       + #"[{"member": "maria", "provider": "google", "refresh_token": "…", "account": "maria@acme.example"}]"#, code: 64)
        }
        for (index, entry) in entries.enumerated() {
            do { try entry.validate() } catch { throw fail("entry \(index): \(error.message); nothing was stored", code: 64) }
        }
        let store = try await options.open()
        let at = try parseNow(now)
        for (index, entry) in entries.enumerated() {
            do { try await store.add(entry, now: at) } catch {
                throw fail("entry \(index) (\(entry.member), \(entry.provider.rawValue)): \(error); the entries before it are stored", code: 1)
            }
        }
        writeOut("stored \(entries.count) connection\(entries.count == 1 ? "" : "s")\n")
    }

    /// Where a decoding error is, without echoing the input (it holds tokens).
    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let c): return "missing `\(key.stringValue)` at \(path(c.codingPath))"
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c): return "wrong type at \(path(c.codingPath + []))"
        case DecodingError.dataCorrupted(let c): return c.codingPath.isEmpty ? "not JSON" : "invalid value at \(path(c.codingPath))"
        default: return "unreadable"
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "the top" : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}

struct RemoveConnection: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Disconnect: delete a member's connection and its token.")
    @OptionGroup var options: StoreOptions
    @Option(help: "The team member.") var member: String
    @Option(help: "google or outlook.") var provider: CalendarProvider

    func run() async throws {
        let store = try await options.open()
        let removed: Bool, others: [ConnectionRecord]
        do {
            removed = try await store.records.removeConnection(member: member, provider: provider)
            others = try await store.records.connections().filter { $0.member == member && $0.status == .active }
        } catch { throw fail("cannot change the connection store: \(error)", code: 1) }
        guard removed else { throw fail("\(member) has no \(provider.rawValue) connection", code: 1) }
        let next = others.first.map { "; \($0.provider.rawValue) (\($0.account)) books for \(member) from now on" } ?? "; \(member) has no other connection"
        writeOut("removed \(member)'s \(provider.rawValue) connection and its token\(next)\n")
    }
}

struct RekeyConnections: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rekey", abstract: "Re-seal every stored token under a new key (all or none).",
        discussion: "The current key as for the other commands; the new one from SLOTPLAN_NEW_SECRET_KEY or --new-key-file (created 0600 when missing).")
    @OptionGroup var options: StoreOptions
    @Option(help: "The new key file.") var newKeyFile: String?

    func run() async throws {
        let store = try await options.open()
        var environment = [String: String]()
        if let key = ProcessInfo.processInfo.environment["SLOTPLAN_NEW_SECRET_KEY"] { environment["SLOTPLAN_SECRET_KEY"] = key }
        let newSealer: TokenSealer
        do { newSealer = try TokenSealer.load(environment: environment, keyFile: newKeyFile) } catch {
            throw fail("the new key: \(error.message)", code: 64)
        }
        do {
            let count = try await store.rekey(to: newSealer)
            writeOut("re-sealed \(count) token\(count == 1 ? "" : "s") under the new key; use it from now on\n")
        } catch { throw fail("nothing was re-sealed: \(error)", code: 1) }
    }
}

extension CalendarProvider: ExpressibleByArgument {}
