import Foundation
import PlanModel
import Testing

/// Base64url without padding (RFC 4648 §5): offer ids, PKCE, JWT payloads.
@Suite struct Base64URLTests {
    /// RFC 4648 §10's vectors, in the URL alphabet and without padding.
    @Test(arguments: [("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy")])
    func rfc4648Vectors(text: String, encoded: String) {
        #expect(Base64URL.encode(Data(text.utf8)) == encoded)
        #expect(Base64URL.decode(encoded) == Data(text.utf8))
    }

    @Test func everyLengthAndByteAgreesWithFoundationsBase64() {
        var state: UInt64 = 0x5EED
        for length in 0..<200 {
            let bytes = (0..<length).map { _ -> UInt8 in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return UInt8(truncatingIfNeeded: state >> 56)
            }
            let data = Data(bytes)
            let foundation = data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            #expect(Base64URL.encode(data) == foundation, "length \(length)")
            #expect(Base64URL.decode(foundation) == data, "length \(length)")
        }
        // The bytes that map to the two URL-specific characters.
        #expect(Base64URL.encode(Data([0xFB, 0xFF])) == "-_8")
    }
}
