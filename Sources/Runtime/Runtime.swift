import Availability
import Booking
import Connections
import Foundation
import FreeBusy
import PlanModel

/// What every front end shares: the plans, the ledger, the calendar and extra busy data, and the
/// operations on them. A front end parses its input into a request, calls one of these, and
/// renders the typed outcome — the same request gives the same outcome everywhere.
public struct Runtime: Sendable {
    public let plans: PlanCatalog
    public let ledger: any BookingLedger
    public let calendar: CalendarLocation
    /// Busy-data files read on every evaluation (`--busy`).
    public let busyFiles: [String]
    /// Where access tokens and passwords come from (the process environment in production).
    public let environment: [String: String]
    /// Recent free/busy for offer lookups (booking always fetches afresh).
    public let busyCache: BusyCache
    /// Signs offer ids (with the ledger's shared secret); nil: answers carry no ids (the CLI).
    public let offerSigner: OfferSigner?
    /// Engines and zone clocks prepared once.
    public let prepared: Prepared
    /// Access tokens of the connection store (DESIGN §10); nil: tokens from the environment.
    public let tokens: AccessTokens?

    public init(plans: PlanCatalog, ledger: any BookingLedger, calendar: CalendarLocation, busyFiles: [String] = [],
                environment: [String: String] = ProcessInfo.processInfo.environment, busyCache: BusyCache = BusyCache(),
                offerSigner: OfferSigner? = nil, prepared: Prepared = Prepared(), tokens: AccessTokens? = nil) {
        self.plans = plans
        self.ledger = ledger
        self.calendar = calendar
        self.busyFiles = busyFiles
        self.environment = environment
        self.busyCache = busyCache
        self.offerSigner = offerSigner
        self.prepared = prepared
        self.tokens = tokens
    }

    /// The same runtime with another plan set (a reload): ledger, cache and signer stay.
    public func with(plans: PlanCatalog) -> Runtime {
        Runtime(plans: plans, ledger: ledger, calendar: calendar, busyFiles: busyFiles, environment: environment, busyCache: busyCache,
                offerSigner: offerSigner, prepared: prepared, tokens: tokens)
    }

    /// The booking service of one campaign; with a connection store, on the connection it chooses.
    func service(_ plan: Plan, now: UnixTime) async throws(RuntimeError) -> BookingService {
        let choice = try await storedChoice(plan)
        let opened = try calendar.open(plan: plan, environment: environment, folders: prepared.folders, provider: choice?.provider,
                                       tokens: tokenSource(plan, provider: choice?.provider), accountType: choice?.outlookAccountType)
        return BookingService(plan: plan, ledger: ledger, calendar: opened, extraBusy: try BusyFiles(busyFiles).read(plan: plan, now: now),
                              engine: prepared.engine(plan), choice: choice, reconciles: prepared.reconciles)
    }

    /// Books a slot: validates the request, re-checks, claims, writes the event, confirms.
    public func book(_ request: BookRequest, now: UnixTime) async -> BookingOutcome {
        do {
            let request = try request.validated()
            let plan = try plans.plan(request.campaign)
            let service = try await service(plan, now: now)
            let result = await service.book(start: request.start, recipient: request.recipient, idempotencyKey: request.idempotencyKey, now: now,
                                            holdKey: request.callID.map { holdKey(callID: $0) })
            let messages = SpokenMessages(plan: plan, engine: service.engine, now: now, recipient: request.recipient, prepared: prepared)
            return outcome(result, messages: messages, done: plan.messages.booked)
        } catch {
            return BookingOutcome(error)
        }
    }

    /// Moves a booking: the campaign is the booking's own unless the request names one.
    public func reschedule(_ request: RescheduleRequest, now: UnixTime) async -> BookingOutcome {
        do {
            let request = try request.validated()
            let found: LedgerEntry?
            do { found = try await ledger.entry(id: request.bookingID) } catch {
                return BookingOutcome(status: .failed, reason: Refusal(.ledgerFailed, "cannot look up booking \(request.bookingID): \(error)"))
            }
            guard let old = found else {
                return BookingOutcome(status: .notFound, reason: Refusal(.bookingNotFound, "no booking \(request.bookingID)"))
            }
            let plan = try plans.plan(request.campaign ?? old.campaign)
            let service = try await service(plan, now: now)
            let result = await service.reschedule(id: request.bookingID, to: request.start, amendment: request.amendment,
                                                  idempotencyKey: request.idempotencyKey, now: now)
            let messages = SpokenMessages(plan: plan, engine: service.engine, now: now, recipient: request.amendment.applied(to: old.recipient), prepared: prepared)
            return outcome(result, messages: messages, done: plan.messages.rescheduled)
        } catch {
            return BookingOutcome(error)
        }
    }

    /// Cancels a booking: the event goes, the time is free; cancelling again answers the same.
    public func cancel(bookingID: String) async -> CancelOutcome {
        do {
            try RequestChecks.identifier(bookingID, field: "booking_id")
            let found: LedgerEntry?
            do { found = try await ledger.entry(id: bookingID) } catch {
                return CancelOutcome(status: .failed, reason: Refusal(.ledgerFailed, "cannot look up booking \(bookingID): \(error)"))
            }
            guard let entry = found else { return CancelOutcome(status: .notFound, reason: Refusal(.bookingNotFound, "no booking \(bookingID)")) }
            // The booking's plan decides `auto`; a booking whose campaign is gone still cancels on
            // an explicit calendar.
            let plan = plans.plans.first { $0.campaign.id == entry.campaign }
            // The event is where the booking was made: its ledger calendar names the provider.
            let provider = entry.calendar.split(separator: ":").first.flatMap { CalendarProvider(rawValue: String($0)) }
            let opened = try calendar.open(plan: plan, environment: environment, provider: provider,
                                           tokens: plan.flatMap { tokenSource($0, provider: provider) })
            let canceller = BookingCanceller(ledger: ledger, calendar: opened)
            switch await canceller.cancel(id: bookingID) {
            case .cancelled(let e, let replayed): return CancelOutcome(status: .cancelled, booking: BookingRecord(e), replayed: replayed)
            case .notFound(let r): return CancelOutcome(status: .notFound, reason: r)
            case .failed(let r): return CancelOutcome(status: .failed, reason: r)
            }
        } catch {
            return CancelOutcome(status: error.code, reason: Refusal(error))
        }
    }

    /// A booking result as the typed outcome every front end renders.
    func outcome(_ result: BookingResult, messages: SpokenMessages, done: Template) -> BookingOutcome {
        let signer = offerSigner, planHash = messages.plan.contentHash ?? ""
        switch result {
        case .booked(let entry, let replayed):
            return BookingOutcome(status: .booked, booking: BookingRecord(entry), replayed: replayed, say: messages.say(done, start: entry.start))
        case .taken(let alternatives):
            return BookingOutcome(status: .slotTaken, alternatives: messages.offers(alternatives, signer: signer, planHash: planHash))
        case .notOffered(let reasons, let alternatives):
            return BookingOutcome(status: .notOffered, alternatives: messages.offers(alternatives, signer: signer, planHash: planHash),
                                  reasons: reasons)
        case .skipped(let reason): return BookingOutcome(status: .bookingSkipped, reason: reason)
        case .unavailable(let reason): return BookingOutcome(status: .calendarUnavailable, reason: reason)
        case .notFound(let reason): return BookingOutcome(status: .notFound, reason: reason)
        case .failed(let reason):
            // A move the rules refuse (a cancelled booking, another campaign's) is the caller's to fix.
            let refused: Set<ReasonCode> = [.notMovable, .otherCampaign]
            return BookingOutcome(status: refused.contains(reason.code) ? .invalidRequest : .failed, reason: reason)
        }
    }
}

/// Busy data from files (`--busy`): `.ics`, Google freeBusy, Graph getSchedule or a plain list.
public struct BusyFiles: Sendable {
    public let paths: [String]

    public init(_ paths: [String]) { self.paths = paths }

    /// Every file over the plan's horizon; a missing file is `invalid_request`, an unreadable one `failed`.
    public func read(plan: Plan, now: UnixTime) throws(RuntimeError) -> BusyTime {
        let zone = plan.booking.schedule?.timezone ?? "UTC"
        let (from, to) = BookingService.horizon(plan, now: now)
        let reader = BusyReader(floatingZone: zone, from: from, to: to)
        var all = BusyTime()
        for path in paths {
            guard FileManager.default.fileExists(atPath: path) else { throw .invalid("busy", "no such busy file: \(path)") }
            do { all = all.merged(with: try reader.read(path: path)) } catch { throw RuntimeError(.failed, field: "busy", "\(error)") }
        }
        return all
    }
}
