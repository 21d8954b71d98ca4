import Crypto
import Foundation

/// The API keys the server accepts, kept only as SHA-256 digests and compared in constant time.
public struct APIKeys: Sendable {
    let digests: [[UInt8]]

    /// Keys from `SLOTPLAN_API_KEYS` (comma-separated) and a file (one a line; `#` comments).
    public init(environment: String?, fileContents: String?) {
        let fromEnvironment = (environment ?? "").split(separator: ",")
        let fromFile = (fileContents ?? "").split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("#") }
        digests = (fromEnvironment + fromFile).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .map { Array(SHA256.hash(data: Data($0.utf8))) }
    }

    public var isEmpty: Bool { digests.isEmpty }

    /// Whether `Authorization: Bearer KEY` names a configured key.
    func accepts(authorization: String?) -> Bool {
        guard let authorization, authorization.hasPrefix("Bearer ") else { return false }
        let given = Array(SHA256.hash(data: Data(authorization.dropFirst(7).utf8)))
        var matched = false
        for digest in digests {
            // Every digest is compared in full: the time does not tell which key nearly matched.
            let difference = zip(digest, given).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) }
            matched = matched || difference == 0
        }
        return matched
    }
}
