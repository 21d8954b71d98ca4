import Crypto
import Foundation
import PlanModel

/// Offer ids: opaque and unguessable, bound to campaign, plan hash and start, signed with the
/// ledger's shared secret (HMAC-SHA-256), so every instance sharing the ledger reads them, across
/// restarts. `of_<payload>.<mac>`, both base64url.
public struct OfferSigner: Sendable {
    /// HMAC keyed once (the padded key hashed into its inner and outer states); each id copies it.
    let keyed: HMAC<SHA256>
    /// Ids signed lately: every lookup of a campaign offers mostly the same starts again.
    let recent = RecentIDs()

    public init(secret: [UInt8]) {
        keyed = HMAC<SHA256>(key: SymmetricKey(data: secret))
    }

    /// The MAC of `payload`, from the keyed state.
    func mac(_ payload: Data) -> Data {
        var hmac = keyed
        hmac.update(data: payload)
        return Data(hmac.finalize())
    }

    /// What an offer id stands for.
    public struct Claim: Sendable, Hashable {
        public let campaign: String
        public let planHash: String
        public let start: UnixTime

        public init(campaign: String, planHash: String, start: UnixTime) {
            self.campaign = campaign
            self.planHash = planHash
            self.start = start
        }
    }

    public func id(campaign: String, planHash: String, start: UnixTime) -> String {
        let claim = Claim(campaign: campaign, planHash: planHash, start: start)
        if let known = recent[claim] { return known }
        let payload = Data("\(campaign)\n\(planHash)\n\(start)".utf8)
        let mac = mac(payload)
        let id = "of_" + Base64URL.encode(payload) + "." + Base64URL.encode(mac.prefix(16))
        recent[claim] = id
        return id
    }

    /// The claim of a well-formed id whose signature holds; nil for anything malformed or tampered.
    public func verify(_ id: String) -> Claim? {
        guard id.hasPrefix("of_"), id.count < 1024 else { return nil }
        let parts = id.dropFirst(3).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let payload = Base64URL.decode(String(parts[0])), let mac = Base64URL.decode(String(parts[1])),
              mac.count == 16 else { return nil }
        let expected = self.mac(payload).prefix(16)
        // Constant time: every byte is compared whatever the first difference.
        guard zip(expected, mac).reduce(UInt8(0), { $0 | ($1.0 ^ $1.1) }) == 0 else { return nil }
        let fields = String(decoding: payload, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard fields.count == 3, let start = UnixTime(fields[2]) else { return nil }
        return Claim(campaign: String(fields[0]), planHash: String(fields[1]), start: start)
    }
}

/// The ids an `OfferSigner` made lately, by what they stand for. An id is a pure function of its
/// claim and the secret, so a kept one is the one signing would make. Bounded: it starts over when full.
final class RecentIDs: @unchecked Sendable {
    static let capacity = 4_096
    private let lock = NSLock()
    private var ids: [OfferSigner.Claim: String] = [:]

    subscript(claim: OfferSigner.Claim) -> String? {
        get { lock.withLock { ids[claim] } }
        set {
            lock.withLock {
                if ids.count >= Self.capacity { ids.removeAll(keepingCapacity: true) }
                ids[claim] = newValue
            }
        }
    }

    var count: Int { lock.withLock { ids.count } }
}
