import Booking
import PlanModel
import PostgresNIO

/// A statement of a booking's path, prepared once on each connection of the pool: PostgreSQL
/// parses and plans it once, not on every booking. Its rows select `PostgresLedger.columns`.
protocol EntryStatement: PostgresPreparedStatement where Row == LedgerEntry {}

extension EntryStatement {
    static var name: String { "slotplan_\(Self.self)" }

    func decodeRow(_ row: PostgresRow) throws -> LedgerEntry { try PostgresLedger.entry(row) }
}

/// Bindings written in order, each of a declared type (the statement's `bindingDataTypes`), so a
/// first execution with a NULL prepares the statement with the same types as any other.
struct Bindings {
    private(set) var values = PostgresBindings()

    mutating func text(_ value: String?) {
        if let value { values.append(value) } else { values.appendNull() }
    }

    mutating func bigint(_ value: Int64?) {
        if let value { values.append(value) } else { values.appendNull() }
    }

    mutating func boolean(_ value: Bool) { values.append(value) }
}

/// A statement whose one parameter is a text value.
protocol OneTextStatement: EntryStatement {
    var value: String { get }
}

extension OneTextStatement {
    static var bindingDataTypes: [PostgresDataType] { [.text] }

    func makeBindings() -> PostgresBindings {
        var b = Bindings()
        b.text(value)
        return b.values
    }
}

/// The entry with this id.
struct EntryByID: OneTextStatement {
    static let sql = "SELECT \(PostgresLedger.columns) FROM booking WHERE id = $1"
    let value: String
}

/// The entry with this idempotency key.
struct EntryByKey: OneTextStatement {
    static let sql = "SELECT \(PostgresLedger.columns) FROM booking WHERE idempotency_key = $1"
    let value: String
}

/// A calendar's claims that outlived their lifetime or were set aside, for the reconciler.
struct ExpiredClaims: EntryStatement {
    static let sql = """
        SELECT \(PostgresLedger.columns) FROM booking
        WHERE calendar = $1 AND status IN ('claimed', 'expired')
          AND (status = 'expired' OR (status = 'claimed' AND COALESCE(hold_until, created_at + $3) <= $2))
        ORDER BY start_at
        """
    static let bindingDataTypes: [PostgresDataType] = [.text, .int8, .int8]
    let calendar: String, now: UnixTime

    func makeBindings() -> PostgresBindings {
        var b = Bindings()
        b.text(calendar)
        b.bigint(now)
        b.bigint(claimLifetime)
        return b.values
    }
}

/// A calendar's entries that hold time in [from, to) at `now`, by the exclusion index.
struct LiveEntries: EntryStatement {
    static let sql = """
        SELECT \(PostgresLedger.columns) FROM booking
        WHERE calendar = $1 AND status IN ('claimed', 'confirmed')
          AND tstzrange(block_start, block_end, '[)') && tstzrange(to_timestamp($2), to_timestamp($3), '[)')
          AND (status = 'confirmed' OR (status = 'claimed' AND COALESCE(hold_until, created_at + $5) > $4))
        ORDER BY start_at
        """
    static let bindingDataTypes: [PostgresDataType] = [.text, .int8, .int8, .int8, .int8]
    let calendar: String, from: UnixTime, to: UnixTime, now: UnixTime

    func makeBindings() -> PostgresBindings {
        var b = Bindings()
        b.text(calendar)
        b.bigint(from)
        b.bigint(to)
        b.bigint(now)
        b.bigint(claimLifetime)
        return b.values
    }
}

/// Confirms a claim (or a claim set aside, whose time nobody took) with its event; no row when
/// the entry is gone or no longer a claim.
struct ConfirmClaim: EntryStatement {
    static let sql = """
        UPDATE booking SET status = 'confirmed', event_reference = $2
        WHERE id = $1 AND status IN ('claimed', 'expired') RETURNING \(PostgresLedger.columns)
        """
    static let bindingDataTypes: [PostgresDataType] = [.text, .text]
    let id: String, eventReference: String

    func makeBindings() -> PostgresBindings {
        var b = Bindings()
        b.text(id)
        b.text(eventReference)
        return b.values
    }
}

/// A claim, a hold or a move's new range in one statement: `slotplan_claim` (migration v8). Its
/// row is the entry that already had the idempotency key (an id other than `id`; only when
/// `replays`) or the new claim with `id`.
struct ClaimSlot: EntryStatement {
    static let sql = """
        SELECT \(PostgresLedger.columns)
        FROM slotplan_claim($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
        """
    static let bindingDataTypes: [PostgresDataType] = [.text, .text, .text, .text, .int8, .int8, .int8, .int8, .text,
                                                       .text, .text, .text, .text, .text, .int8, .int8, .text, .int8, .bool]
    let id: String, request: ClaimRequest
    /// A move's new range joins the booking's lineage; a new booking starts its own (nil).
    var lineage: String? = nil
    /// The idempotency key whose hold goes first (a booking of a held offer, a hold made again).
    let replacingHold: String?
    /// A hold's end; nil for a claim.
    var holdUntil: UnixTime? = nil
    /// Whether an entry that has the key already comes back instead of a new claim (a booking's
    /// retry); otherwise the key's uniqueness refuses it (23505).
    var replays = true

    func makeBindings() -> PostgresBindings {
        let r = request
        var b = Bindings()
        b.text(id)
        b.text(lineage)
        b.text(r.calendar)
        b.text(r.campaign)
        b.bigint(r.start)
        b.bigint(r.end)
        b.bigint(r.blockStart)
        b.bigint(r.blockEnd)
        b.text(r.idempotencyKey)
        b.text(r.recipient.email)
        b.text(r.recipient.firstName)
        b.text(r.recipient.lastName)
        b.text(r.recipient.phone)
        b.text(r.recipient.company)
        b.bigint(r.now)
        b.bigint(claimLifetime)
        b.text(replacingHold)
        b.bigint(holdUntil)
        b.boolean(replays)
        return b.values
    }

    /// The function, created (or replaced) by the migration. Within one statement: with
    /// `p_replays`, the entry that has the key already comes back alone; else the replaced hold
    /// goes, claims past their lifetime over this time are set aside, and the new claim is
    /// inserted and comes back. The exclusion constraint still decides a race (23P01), the key's
    /// uniqueness a concurrent retry (23505): the statement then changes nothing. (v7's function of
    /// 16 parameters stays in a ledger that had it, for instances not yet upgraded.)
    static let function = """
        CREATE OR REPLACE FUNCTION slotplan_claim(
            p_id text, p_lineage text, p_calendar text, p_campaign text, p_start bigint, p_end bigint,
            p_block_start bigint, p_block_end bigint, p_key text, p_email text, p_first_name text, p_last_name text,
            p_phone text, p_company text, p_now bigint, p_lifetime bigint, p_replacing_hold text, p_hold_until bigint,
            p_replays boolean)
        RETURNS SETOF booking LANGUAGE plpgsql AS $claim$
        BEGIN
            IF p_replays THEN
                RETURN QUERY SELECT * FROM booking WHERE idempotency_key = p_key;
                IF FOUND THEN RETURN; END IF;
            END IF;
            IF p_replacing_hold IS NOT NULL THEN
                DELETE FROM booking
                WHERE idempotency_key = p_replacing_hold AND status IN ('claimed', 'expired') AND hold_until IS NOT NULL;
            END IF;
            UPDATE booking SET status = 'expired'
            WHERE calendar = p_calendar AND status = 'claimed' AND COALESCE(hold_until, created_at + p_lifetime) <= p_now
              AND tstzrange(block_start, block_end, '[)') && tstzrange(to_timestamp(p_block_start), to_timestamp(p_block_end), '[)');
            RETURN QUERY INSERT INTO booking (
                id, lineage, calendar, campaign, start_at, end_at, block_start, block_end, status, idempotency_key,
                attendee_email, recipient_first_name, recipient_last_name, recipient_phone, recipient_company, event_reference, created_at, hold_until)
            VALUES (p_id, COALESCE(p_lineage, p_id), p_calendar, p_campaign, p_start, p_end, to_timestamp(p_block_start),
                    to_timestamp(p_block_end), 'claimed', p_key, p_email, p_first_name, p_last_name, p_phone, p_company, NULL, p_now,
                    p_hold_until)
            RETURNING *;
        END
        $claim$
        """
}
