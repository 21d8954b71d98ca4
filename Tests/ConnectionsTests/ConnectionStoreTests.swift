import BookingPostgres
import BookingSQLite
import Connections
import Foundation
import PlanModel
import Testing
import TestSupport

/// The connection store of DESIGN §10 on SQLite and PostgreSQL: tokens sealed at rest (never in
/// the database's bytes), bound to their row, rotated by a refresh, re-sealed under a new key.
@Suite struct ConnectionStoreTests {
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case sqlite, postgres
        var testDescription: String { rawValue }
        static var available: [Kind] {
            if PostgresTestDatabase.clusterURL == nil {
                PostgresTestDatabase.noteSkipped()
                return [.sqlite]
            }
            return allCases
        }
    }

    static let token = "1//0gRefreshTokenThatMustNeverBeSeen-\(UUID().uuidString)"
    static let key = (0..<32).map { UInt8($0 * 7 % 256) }

    /// A fresh store and, for SQLite, the database file's path.
    static func make(_ kind: Kind) async throws -> (store: ConnectionStore, file: String?, url: String?) {
        let sealer = try TokenSealer(key: key)
        switch kind {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("connections-\(UUID().uuidString).db").path
            return (ConnectionStore(records: try SQLiteLedger(path: path), sealer: sealer), path, nil)
        case .postgres:
            let url = try PostgresTestDatabase.create()
            return (ConnectionStore(records: try await PostgresLedger.connect(url: url), sealer: sealer), nil, url)
        }
    }

    @Test(arguments: Kind.available)
    func addListRotateExpireRemove(_ kind: Kind) async throws {
        let (store, _, _) = try await Self.make(kind)
        try await store.add(.init(member: "maria", provider: .google, refreshToken: Self.token, account: "maria@acme.example",
                                  timezone: "America/New_York"), now: 1_000)
        try await store.add(.init(member: "maria", provider: .outlook, refreshToken: "outlook-token", account: "maria@acme.example",
                                  accountType: "personal"), now: 2_000)
        let listed = try await store.records.connections()
        #expect(listed.map { "\($0.member)/\($0.provider.rawValue)/\($0.calendar)/\($0.accountType ?? "-")" }
                == ["maria/google/primary/-", "maria/outlook/Calendar/personal"])
        #expect(try await store.refreshToken(member: "maria", provider: .google)?.token == Self.token)
        // A refresh that rotates the token replaces it; one that does not keeps it.
        try await store.refreshed(member: "maria", provider: .outlook, at: 3_000, newRefreshToken: "rotated")
        #expect(try await store.refreshToken(member: "maria", provider: .outlook)?.token == "rotated")
        try await store.refreshed(member: "maria", provider: .outlook, at: 3_100, newRefreshToken: nil)
        let outlook = try #require(try await store.records.connection(member: "maria", provider: .outlook))
        #expect(outlook.refreshedAt == 3_100 && outlook.status == .active)
        try await store.records.expireConnection(member: "maria", provider: .google, reason: "invalid_grant: Token has been expired or revoked.", at: 4_000)
        let google = try #require(try await store.records.connection(member: "maria", provider: .google))
        #expect(google.status == .expired && google.expiredAt == 4_000 && google.expiredReason?.hasPrefix("invalid_grant") == true)
        // Reconnecting makes it active again.
        try await store.add(.init(member: "maria", provider: .google, refreshToken: "fresh", account: "maria@acme.example"), now: 5_000)
        #expect(try await store.records.connection(member: "maria", provider: .google)?.status == .active)
        #expect(try await store.records.removeConnection(member: "maria", provider: .google))
        #expect(try await !store.records.removeConnection(member: "maria", provider: .google))
        #expect(try await store.records.connections().map(\.provider) == [.outlook])
    }

    @Test(arguments: Kind.available)
    func theDatabaseHoldsNoTokenInItsBytes(_ kind: Kind) async throws {
        let (store, file, url) = try await Self.make(kind)
        try await store.add(.init(member: "maria", provider: .google, refreshToken: Self.token, account: "maria@acme.example"), now: 1_000)
        let needle = Data(Self.token.utf8), part = Data(Self.token.utf8.suffix(20))
        switch kind {
        case .sqlite:
            let path = try #require(file)
            // The database file and its write-ahead log, as they lie on disk.
            for name in [path, path + "-wal"] {
                guard let bytes = FileManager.default.contents(atPath: name) else { continue }
                #expect(bytes.range(of: needle) == nil && bytes.range(of: part) == nil, "\(name) holds the token")
            }
        case .postgres:
            let dump = try CommandRunner.runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["pg_dump", "--data-only", try #require(url)])
            #expect(dump.status == 0, "\(dump.stderr)")
            #expect(dump.stdout.contains("maria@acme.example") && !dump.stdout.contains(Self.token), "the dump holds the token")
            #expect(!dump.stdout.contains(String(Self.token.suffix(20))))
        }
    }

    @Test(arguments: Kind.available)
    func rekeyResealsEveryTokenAndTheOldKeyNoLongerOpensThem(_ kind: Kind) async throws {
        let (store, _, _) = try await Self.make(kind)
        try await store.add(.init(member: "maria", provider: .google, refreshToken: Self.token, account: "maria@acme.example"), now: 1_000)
        try await store.add(.init(member: "dave", provider: .outlook, refreshToken: "dave-token", account: "dave@acme.example"), now: 1_000)
        let newSealer = try TokenSealer(key: (0..<32).map { UInt8(255 - $0) })
        #expect(try await store.rekey(to: newSealer) == 2)
        let rekeyed = ConnectionStore(records: store.records, sealer: newSealer)
        #expect(try await rekeyed.refreshToken(member: "maria", provider: .google)?.token == Self.token)
        #expect(try await rekeyed.refreshToken(member: "dave", provider: .outlook)?.token == "dave-token")
        await #expect(throws: ConnectionError.self) { try await store.refreshToken(member: "maria", provider: .google) }
    }

    @Test func aSealedTokenOpensOnlyForItsOwnRowAndKey() throws {
        let sealer = try TokenSealer(key: Self.key)
        let sealed = try sealer.seal(Self.token, member: "maria", provider: .google)
        #expect(sealed.range(of: Data(Self.token.utf8)) == nil)
        #expect(try sealer.open(sealed, member: "maria", provider: .google) == Self.token)
        #expect(throws: ConnectionError.self) { try sealer.open(sealed, member: "dave", provider: .google) }
        #expect(throws: ConnectionError.self) { try sealer.open(sealed, member: "maria", provider: .outlook) }
        #expect(throws: ConnectionError.self) { try TokenSealer(key: Array(Self.key.prefix(16))) }
        var tampered = sealed
        tampered[tampered.count - 1] ^= 1
        #expect(throws: ConnectionError.self) { try sealer.open(tampered, member: "maria", provider: .google) }
    }

    @Test func theKeyComesFromTheEnvironmentOrAPrivateKeyFile() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("secret.key").path
        // Nothing given: no storing.
        #expect(throws: ConnectionError.self) { try TokenSealer.load(environment: [:], keyFile: nil) }
        // A key file is created with mode 0600 on first use and read back the same.
        let first = try TokenSealer.load(environment: [:], keyFile: file)
        let sealed = try first.seal("t", member: "m", provider: .google)
        #expect(try TokenSealer.load(environment: [:], keyFile: file).open(sealed, member: "m", provider: .google) == "t")
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber)
        #expect(mode.intValue == 0o600)
        // A key file others can read is refused, with the fix.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        #expect(throws: ConnectionError.self) { try TokenSealer.load(environment: [:], keyFile: file) }
        // SLOTPLAN_SECRET_KEY wins; it must be base64 of 32 bytes.
        let env = ["SLOTPLAN_SECRET_KEY": Data(Self.key).base64EncodedString()]
        #expect(try TokenSealer.load(environment: env, keyFile: file).open(try TokenSealer(key: Self.key).seal("x", member: "m", provider: .google),
                                                                           member: "m", provider: .google) == "x")
        #expect(throws: ConnectionError.self) { try TokenSealer.load(environment: ["SLOTPLAN_SECRET_KEY": "not base64!"], keyFile: nil) }
        #expect(throws: ConnectionError.self) { try TokenSealer.load(environment: ["SLOTPLAN_SECRET_KEY": "c2hvcnQ="], keyFile: nil) }
    }
}
