import Crypto

/// SHA-256 content hashes of canonical plan encodings (swift-crypto).
enum ContentHash {
    /// The digest of `bytes` as 64 lower-case hex digits.
    static func sha256Hex(of bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { byte in
            let s = String(byte, radix: 16)
            return s.count == 1 ? "0" + s : s
        }.joined()
    }
}
