import PlanModel

/// The person booked, as the call learned them.
public struct Recipient: Sendable, Equatable, Codable {
    public let email: String
    public let firstName: String?
    public let lastName: String?
    public let phone: String?
    public let company: String?

    public init(email: String, firstName: String? = nil, lastName: String? = nil, phone: String? = nil, company: String? = nil) {
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.phone = phone
        self.company = company
    }

    public var fullName: String? {
        let parts = [firstName, lastName].compactMap { $0 }.filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }
}

/// The values of the template catalog for one booking (slot values are added by the caller).
public enum TemplateValues {
    /// The values of a message's tokens; without a recipient (an offers lookup), no `recipient.*` ones.
    public static func values(plan: Plan, recipient: Recipient?) -> [String: String] {
        let m = plan.booking.meeting
        var v: [String: String] = [
            "campaign.id": plan.campaign.id, "campaign.name": plan.campaign.name,
            "owner.name": plan.owner.name, "owner.email": plan.owner.email,
            "meeting.minutes": String(m.minutes), "meeting.length": lengthText(m.minutes),
            "meeting.type": m.type == .inPerson ? "in person" : m.type.rawValue,
        ]
        v["meeting.address"] = m.address
        v["meeting.link"] = m.link
        guard let recipient else { return v }
        v["recipient.email"] = recipient.email
        v["recipient.firstName"] = recipient.firstName
        v["recipient.lastName"] = recipient.lastName
        v["recipient.fullName"] = recipient.fullName
        v["recipient.phone"] = recipient.phone
        v["recipient.company"] = recipient.company
        return v
    }

    /// "30 minutes", "1 hour", "1 hour 30 minutes".
    static func lengthText(_ minutes: Int) -> String {
        let h = minutes / 60, m = minutes % 60
        let hours = h == 0 ? "" : "\(h) hour\(h == 1 ? "" : "s")"
        let mins = m == 0 ? "" : "\(m) minute\(m == 1 ? "" : "s")"
        return [hours, mins].filter { !$0.isEmpty }.joined(separator: " ")
    }
}
