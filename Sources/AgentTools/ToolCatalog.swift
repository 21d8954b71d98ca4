import MCP

/// The tools of DESIGN §11 as a model sees them: names, descriptions written for a model, and
/// JSON Schemas of their input with the field names of the HTTP API (§9).
public enum ToolCatalog {
    /// Every tool, in the order a call uses them.
    public static let tools: [Tool] = [
        Tool(name: "list_campaigns", title: "List campaigns",
             description: "Lists the campaigns this runtime books for: id, name, whether booking is on, the owner's time zone, and the policy's opening words (`say.propose`, `say.ask_email`) to use before offering times.",
             inputSchema: object([:]), annotations: .init(readOnlyHint: true, openWorldHint: false)),
        Tool(name: "find_slots", title: "Find meeting slots",
             description: """
                 Finds times the campaign's policy offers now, for this call. Offer only the times it returns, \
                 and say each one with its `say` text, word for word: it names the day and both time zones correctly. \
                 Do not work out days or times yourself — the answer states `now` and both zones. When the caller asks \
                 for another day or part of day ("Wednesday", "in the morning"), call it again with `weekdays` or \
                 `part_of_day`, which are read in the caller's zone. Keep the `id` of each offer: book with it.
                 """,
             inputSchema: object([
                 "campaign": string("The campaign id (from list_campaigns)."),
                 "call_id": string("The id of this phone call; the same for every tool call of the call."),
                 "recipient": object([
                     "phone": string("The caller's number in E.164 (+13125550100): its area code gives their time zone."),
                     "timezone": string("The caller's IANA time zone, only when they confirmed it (America/Chicago)."),
                 ]),
                 "count": .object(["type": "integer", "minimum": 1, "maximum": 10, "description": "How many offers (default: the policy's, else 3)."]),
                 "after": string("Only times at or after this instant (RFC 3339 with a zone)."),
                 "before": string("Only times before this instant (RFC 3339 with a zone)."),
                 "weekdays": .object(["type": "array", "items": ["type": "string", "enum": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]],
                                      "description": "Only these days, in the caller's zone."]),
                 "part_of_day": .object(["type": "string", "enum": ["morning", "afternoon", "evening"],
                                         "description": "Only this part of the caller's day: morning 05–12, afternoon 12–17, evening 17–21."]),
                 "hold": .object(["type": "boolean", "description": "Hold the first offer for this call while the caller decides (only where the policy allows holds)."]),
             ], required: ["campaign", "call_id"]),
             annotations: .init(readOnlyHint: false, idempotentHint: true, openWorldHint: false)),
        Tool(name: "book_slot", title: "Book a slot",
             description: """
                 Books the meeting at an offered time. Pass the `offer_id` the caller accepted (or its exact `start`): \
                 the time is checked again, never assumed free. Before booking, read the e-mail address back to the \
                 caller with read_back_email and have them confirm it. Calling again with the same call and offer \
                 returns the same booking, never a second one. If the answer is `slot_taken`, say so and offer one of \
                 its `alternatives`; if it is `booking_skipped`, tell the caller the invite will follow and go on with the call.
                 """,
             inputSchema: object([
                 "campaign": string("The campaign id."),
                 "call_id": string("The id of this phone call."),
                 "offer_id": string("The `id` of the offer the caller accepted (from find_slots)."),
                 "start": string("Instead of an offer id: the exact start of an offer (RFC 3339)."),
                 "recipient": object([
                     "email": string("The caller's e-mail address, confirmed by read-back."),
                     "first_name": string("The caller's first name."),
                     "last_name": string("The caller's last name."),
                     "phone": string("The caller's number in E.164."),
                     "company": string("The caller's company."),
                 ], required: ["email"]),
             ], required: ["campaign", "call_id", "recipient"]),
             annotations: .init(destructiveHint: false, idempotentHint: true, openWorldHint: true)),
        Tool(name: "reschedule_booking", title: "Move a booking",
             description: """
                 Moves a booking made earlier to another offered time (find_slots first, e.g. with `weekdays` for \
                 "Wednesday"). The name and e-mail stay as booked. The move is all or nothing: if the new time is taken \
                 the meeting stays where it was and the answer lists `alternatives`.
                 """,
             inputSchema: object([
                 "booking_id": string("The `id` of the booking to move."),
                 "call_id": string("The id of this phone call."),
                 "offer_id": string("The `id` of the offer to move it to."),
                 "start": string("Instead of an offer id: the exact start of an offer (RFC 3339)."),
             ], required: ["booking_id", "call_id"]),
             annotations: .init(destructiveHint: false, idempotentHint: true, openWorldHint: true)),
        Tool(name: "cancel_booking", title: "Cancel a booking",
             description: "Cancels a booking and removes its calendar event. Only when the caller asks to cancel; repeating it is harmless.",
             inputSchema: object(["booking_id": string("The `id` of the booking.")], required: ["booking_id"]),
             annotations: .init(destructiveHint: true, idempotentHint: true, openWorldHint: true)),
        Tool(name: "explain_time", title: "Explain a time",
             description: "Explains whether a meeting at a given time is offered, rule by rule, and names the next offered times. Use it when the caller asks for a time find_slots did not offer.",
             inputSchema: object([
                 "campaign": string("The campaign id."),
                 "at": string("The start asked about (RFC 3339 with a zone)."),
             ], required: ["campaign", "at"]),
             annotations: .init(readOnlyHint: true, openWorldHint: false)),
        Tool(name: "read_back_email", title: "Read back an e-mail",
             description: "Spells an e-mail address for reading back to the caller (\"J as in Juliet, … at example dot com\"). With the campaign, `say` is the policy's read-back sentence: say it, and book only after the caller confirms.",
             inputSchema: object([
                 "email": string("The address as you understood it."),
                 "campaign": string("The campaign id, for its read-back sentence."),
             ], required: ["email"]),
             annotations: .init(readOnlyHint: true, openWorldHint: false)),
        Tool(name: "parse_spoken_email", title: "Read a spoken e-mail",
             description: "Turns an address as the caller said it (\"john dot smith at example dot com\") into an e-mail address. Then read it back with read_back_email.",
             inputSchema: object(["spoken": string("The words the caller said.")], required: ["spoken"]),
             annotations: .init(readOnlyHint: true, openWorldHint: false)),
    ]

    static func string(_ description: String) -> Value { .object(["type": "string", "description": .string(description)]) }

    /// An object schema that takes only the properties it names.
    static func object(_ properties: [String: Value], required: [String] = []) -> Value {
        var schema: [String: Value] = ["type": "object", "properties": .object(properties), "additionalProperties": false]
        if !required.isEmpty { schema["required"] = .array(required.map { .string($0) }) }
        return .object(schema)
    }
}
