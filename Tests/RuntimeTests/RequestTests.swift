import Booking
import Foundation
import PlanModel
import Runtime
import Testing

/// Requests validate their fields the way every front end must, and own the idempotency rules.
@Suite struct RequestTests {
    static let ana = Recipient(email: "Ana@Example.com", firstName: "Ana")

    @Test func theDefaultIdempotencyKeyIsCampaignEmailAndStart() throws {
        let a = BookRequest(campaign: "q4", start: 100, recipient: Self.ana)
        let b = BookRequest(campaign: "q4", start: 100, recipient: Recipient(email: "ana@example.com", firstName: "Anna"))
        #expect(a.idempotencyKey == "q4|ana@example.com|100" && a.idempotencyKey == b.idempotencyKey, "the same confirmation, e-mail case aside")
        #expect(BookRequest(campaign: "q4", start: 100, recipient: Self.ana, idempotencyKey: "call-7").idempotencyKey == "call-7")
        #expect(RescheduleRequest(bookingID: "bk_1", start: 200).idempotencyKey == "bk_1|200")
    }

    @Test(arguments: [
        ("nobody", "email"), ("a@b", "email"), ("a b@example.com", "email"), ("a@example.com\r\nBcc: x@example.com", "email"),
        ("", "email"),
    ])
    func badAddressesAreRefusedWithTheirField(_ email: String, _ field: String) {
        #expect(throws: RuntimeError.self) { try BookRequest(campaign: "q4", start: 0, recipient: Recipient(email: email)).validated() }
        do { _ = try BookRequest(campaign: "q4", start: 0, recipient: Recipient(email: email)).validated() } catch {
            #expect(error.code == .invalidRequest && error.field == field)
        }
    }

    @Test func namesPhonesAndKeysAreChecked() {
        let long = String(repeating: "x", count: 201)
        for (recipient, field) in [(Recipient(email: "a@example.com", firstName: long), "first_name"),
                                   (Recipient(email: "a@example.com", lastName: "Smith\nBcc"), "last_name"),
                                   (Recipient(email: "a@example.com", phone: "3125550100"), "phone"),
                                   (Recipient(email: "a@example.com", company: ""), "company")] {
            do {
                _ = try BookRequest(campaign: "q4", start: 0, recipient: recipient).validated()
                Issue.record("\(field) was accepted")
            } catch {
                #expect(error.field == field)
            }
        }
        #expect(throws: RuntimeError.self) { try RescheduleRequest(bookingID: "bk 1", start: 0).validated() }
        #expect(throws: RuntimeError.self) {
            try BookRequest(campaign: "q4", start: 0, recipient: Self.ana, idempotencyKey: String(repeating: "k", count: 256)).validated()
        }
    }

    @Test func ledgerAndCalendarLocationsParseOrListTheValidForms() throws {
        #expect(try LedgerLocation("sqlite:out/x.db") == .sqlite(path: "out/x.db"))
        #expect(try LedgerLocation("postgres://u@h:5432/d") == .postgres(url: "postgres://u@h:5432/d"))
        for bad in ["mysql://x", "sqlite:", "x.db"] {
            do { _ = try LedgerLocation(bad); Issue.record("\(bad) accepted") } catch {
                #expect(error.code == .invalidRequest && error.message.contains("sqlite:PATH or postgres://"))
            }
        }
        #expect(try CalendarLocation("vdir:cal").kind == .vdir)
        #expect(try CalendarLocation("auto").kind == .auto)
        do { _ = try CalendarLocation("ftp:x"); Issue.record("ftp accepted") } catch {
            #expect(error.message.contains("vdir:DIR, caldav:URL, google:CALENDAR-ID, outlook:CALENDAR-ID or auto"))
        }
    }

    @Test func outcomeCodesKnowTheirHTTPStatusAndExitCode() {
        #expect(OutcomeCode.slotTaken.httpStatus == 409 && OutcomeCode.slotTaken.exitCode == 3)
        #expect(OutcomeCode.notOffered.httpStatus == 422 && OutcomeCode.notOffered.exitCode == 3)
        #expect(OutcomeCode.bookingSkipped.httpStatus == 409 && OutcomeCode.bookingSkipped.exitCode == 1)
        #expect(OutcomeCode.calendarUnavailable.httpStatus == 503 && OutcomeCode.notFound.httpStatus == 404)
        #expect(OutcomeCode.booked.exitCode == 0 && OutcomeCode.invalidRequest.exitCode == 64)
    }
}
