import Foundation

/// Base64url (RFC 4648 §5) without padding: offer ids, PKCE verifiers and challenges, JWT payloads.
public enum Base64URL {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Base64url without padding (RFC 4648 §5), by bytes (offer ids are made on every offer).
    public static func encode(_ data: Data) -> String {
        data.withUnsafeBytes { input in
            String(unsafeUninitializedCapacity: (input.count * 4 + 2) / 3) { output in
                var written = 0, i = 0
                func put(_ sextet: UInt32) {
                    output[written] = alphabet[Int(sextet & 63)]
                    written += 1
                }
                while i + 3 <= input.count {
                    let group = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8 | UInt32(input[i + 2])
                    put(group >> 18); put(group >> 12); put(group >> 6); put(group)
                    i += 3
                }
                switch input.count - i {
                case 1:
                    let group = UInt32(input[i]) << 16
                    put(group >> 18); put(group >> 12)
                case 2:
                    let group = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8
                    put(group >> 18); put(group >> 12); put(group >> 6)
                default: break
                }
                return written
            }
        }
    }

    /// The bytes of unpadded base64url text; nil for any other character.
    public static func decode(_ text: String) -> Data? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 3)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "-"): bytes.append(UInt8(ascii: "+"))
            case UInt8(ascii: "_"): bytes.append(UInt8(ascii: "/"))
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): bytes.append(byte)
            default: return nil
            }
        }
        while bytes.count % 4 != 0 { bytes.append(UInt8(ascii: "=")) }
        return Data(base64Encoded: Data(bytes))
    }
}
