import Crypto
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PlanModel

/// Seals refresh tokens at rest with AES-GCM (swift-crypto) under a 32-byte key, bound to the
/// member and provider they belong to (as authenticated data), so a sealed token copied to
/// another row does not open.
public struct TokenSealer: Sendable {
    let key: SymmetricKey

    public init(key: [UInt8]) throws(ConnectionError) {
        guard key.count == 32 else { throw ConnectionError("the secret key must be 32 bytes (base64 of 32 random bytes), not \(key.count)") }
        self.key = SymmetricKey(data: key)
    }

    public func seal(_ token: String, member: String, provider: CalendarProvider) throws(ConnectionError) -> Data {
        do {
            guard let combined = try AES.GCM.seal(Data(token.utf8), using: key, authenticating: Self.context(member, provider)).combined else {
                throw ConnectionError("AES-GCM gave no sealed box")
            }
            return combined
        } catch let error as ConnectionError {
            throw error
        } catch {
            throw ConnectionError("cannot seal the token: \(error)")
        }
    }

    public func open(_ sealed: Data, member: String, provider: CalendarProvider) throws(ConnectionError) -> String {
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            return String(decoding: try AES.GCM.open(box, using: key, authenticating: Self.context(member, provider)), as: UTF8.self)
        } catch {
            throw ConnectionError("the stored token of \(member) (\(provider.rawValue)) does not open with this key: "
                                  + "the key changed without `slotplan connections rekey`, or the row was altered")
        }
    }

    static func context(_ member: String, _ provider: CalendarProvider) -> Data { Data("slotplan-connection|\(member)|\(provider.rawValue)".utf8) }

    /// The key: `SLOTPLAN_SECRET_KEY` (base64 of 32 bytes), else the key file (created with mode
    /// 0600 and a fresh random key on first use). Neither: no storing.
    public static func load(environment: [String: String], keyFile: String?) throws(ConnectionError) -> TokenSealer {
        if let text = environment["SLOTPLAN_SECRET_KEY"], !text.isEmpty {
            guard let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw ConnectionError("SLOTPLAN_SECRET_KEY is not base64 (create one with `openssl rand -base64 32`)")
            }
            return try TokenSealer(key: Array(bytes))
        }
        guard let keyFile else {
            throw ConnectionError("no secret key: set SLOTPLAN_SECRET_KEY (base64 of 32 bytes) or give --key-file PATH; tokens are never stored unsealed")
        }
        return try TokenSealer(key: try KeyFile(path: keyFile).loadOrCreate())
    }
}

/// A 0600 file holding the 32-byte key in base64.
struct KeyFile {
    let path: String

    func loadOrCreate() throws(ConnectionError) -> [UInt8] {
        if let data = FileManager.default.contents(atPath: path) {
            var info = stat()
            if stat(path, &info) == 0, info.st_mode & 0o077 != 0 {
                throw ConnectionError("the key file \(path) can be read by others (mode \(String(info.st_mode & 0o777, radix: 8))): chmod 600 \(path)")
            }
            guard let bytes = Data(base64Encoded: String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw ConnectionError("the key file \(path) does not hold a base64 key")
            }
            return Array(bytes)
        }
        let key = (0..<32).map { _ in UInt8.random(in: 0...255) }
        // O_EXCL: two processes creating the key at once cannot both win; mode 0600 from the start.
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST { return try loadOrCreate() }
            throw ConnectionError("cannot create the key file \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let text = Array((Data(key).base64EncodedString() + "\n").utf8)
        guard write(fd, text, text.count) == text.count else { throw ConnectionError("cannot write the key file \(path)") }
        return key
    }
}

/// A connection step that failed: a missing key, a token that does not open, a provider's refusal.
public struct ConnectionError: Error, Sendable, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
