import Foundation

/// Reads and writes plans in their canonical JSON form and checks their content hash.
public enum PlanCodec {
    /// Canonical bytes of a plan: sorted keys, two-space indentation, no escaped slashes, and a
    /// final newline. The `content_hash` field is recomputed, whatever the plan carried.
    public static func encode(_ plan: Plan) throws -> Data {
        let hash = try contentHash(of: plan)
        var data = try encoder.encode(plan.withContentHash(hash))
        data.append(0x0A)
        return data
    }

    /// `sha256:<hex>` of the canonical encoding of the plan without its hash.
    public static func contentHash(of plan: Plan) throws -> String {
        let body = try encoder.encode(plan.withContentHash(nil))
        return "sha256:" + ContentHash.sha256Hex(of: [UInt8](body))
    }

    /// Reads a plan file's bytes, checking its format version and content hash.
    public static func decode(_ data: Data) throws(PlanDecodingError) -> Plan {
        let plan: Plan
        do {
            plan = try JSONDecoder().decode(Plan.self, from: data)
        } catch {
            if let format = try? JSONDecoder().decode(FormatProbe.self, from: data).format,
                format != Plan.currentFormat
            {
                throw .unsupportedFormat(format)
            }
            throw .malformed(String(describing: error))
        }
        guard plan.format == Plan.currentFormat else { throw .unsupportedFormat(plan.format) }
        let expected: String
        do { expected = try contentHash(of: plan) } catch { throw .malformed(String(describing: error)) }
        guard let stored = plan.contentHash else { throw .missingHash }
        guard stored == expected else { throw .hashMismatch(stored: stored, computed: expected) }
        return plan
    }

    private struct FormatProbe: Decodable { let format: String }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return encoder
    }
}

/// Why a plan file was refused.
public enum PlanDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(String)
    case unsupportedFormat(String)
    case missingHash
    case hashMismatch(stored: String, computed: String)

    public var description: String {
        switch self {
        case .malformed(let why):
            return "not a slotplan plan: \(why)"
        case .unsupportedFormat(let format):
            return "plan format `\(format)` is not supported; this slotplan reads `\(Plan.currentFormat)` (recompile the campaign)"
        case .missingHash:
            return "plan has no content_hash; recompile it with `slotplan compile`"
        case .hashMismatch(let stored, let computed):
            return "plan content does not match its content_hash (stored \(stored), computed \(computed)); it was edited after compiling — recompile it"
        }
    }
}
