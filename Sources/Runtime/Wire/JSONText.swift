import Foundation

/// JSON written by hand for the answer every call asks for (offers): byte for byte what
/// `OutcomeJSON` writes — keys sorted, absent optionals left out, slashes as they are, control
/// characters as `\u00xx` — without building an encoder's tree of boxed values first. Also the
/// server's request log line.
public struct JSONText: Sendable {
    public private(set) var bytes: [UInt8] = []
    /// Whether the object being written has no member yet.
    private var empty = true

    public init(capacity: Int) { bytes.reserveCapacity(capacity) }

    public mutating func open(_ bracket: UInt8) {
        bytes.append(bracket)
        empty = true
    }

    public mutating func close(_ bracket: UInt8) {
        bytes.append(bracket)
        empty = false
    }

    /// `"key":` after a comma when the object has members already.
    public mutating func key(_ name: StaticString) {
        if !empty { bytes.append(UInt8(ascii: ",")) }
        empty = false
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    /// A member whose value is a string, left out when nil.
    public mutating func member(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    /// An element of an array: a comma before every one but the first.
    /// A member whose value is a number: integral values without a fraction, as the encoder writes them.
    public mutating func member(_ name: StaticString, _ value: Double) {
        key(name)
        let text = value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
        bytes.append(contentsOf: Array(text.utf8))
    }

    /// A member whose value is an integer.
    public mutating func member(_ name: StaticString, _ value: Int) {
        key(name)
        bytes.append(contentsOf: Array(String(value).utf8))
    }

    public mutating func element() {
        if !empty { bytes.append(UInt8(ascii: ",")) }
        empty = false
    }

    /// The text written, ended by a newline (as `OutcomeJSON` ends every outcome).
    public var line: Data {
        var data = Data(bytes)
        data.append(0x0A)
        return data
    }

    public mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        // The usual text needs no escape: copied whole.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: text.utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

extension OffersOutcome {
    /// The answer as `OutcomeJSON.bytes` writes it (a test holds the two to the same bytes).
    public func json() -> Data {
        var out = JSONText(capacity: 512 + offers.count * 640)
        out.open(UInt8(ascii: "{"))
        out.member("now", now)
        out.key("offers")
        out.open(UInt8(ascii: "["))
        for offer in offers {
            out.element()
            out.open(UInt8(ascii: "{"))
            out.member("end", offer.end)
            out.member("held_until", offer.heldUntil)
            out.member("id", offer.id)
            out.member("owner_local", offer.ownerLocal)
            out.member("recipient_local", offer.recipientLocal)
            out.member("say", offer.say)
            out.member("start", offer.start)
            out.close(UInt8(ascii: "}"))
        }
        out.close(UInt8(ascii: "]"))
        out.member("plan_hash", planHash)
        out.key("recipient")
        out.open(UInt8(ascii: "{"))
        out.key("candidates")
        out.open(UInt8(ascii: "["))
        for candidate in recipient.candidates {
            out.element()
            out.string(candidate)
        }
        out.close(UInt8(ascii: "]"))
        out.member("source", recipient.source)
        out.member("timezone", recipient.timezone)
        out.close(UInt8(ascii: "}"))
        out.member("timezone", timezone)
        out.close(UInt8(ascii: "}"))
        return out.line
    }
}
