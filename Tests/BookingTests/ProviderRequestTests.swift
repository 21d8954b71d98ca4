import Availability
import Booking
import Calendars
import Foundation
import PlanModel
import Testing

/// The event requests for Google Calendar and Microsoft Graph, checked against their documented shapes.
@Suite struct ProviderRequestTests {
    static let start: UnixTime = 1_796_138_100  // 2026-12-01T15:15:00Z

    static func draft(_ campaign: String, recipient: Recipient = BookingServiceTests.ana) throws -> (EventDraft, Plan) {
        let plan = try BookingServiceTests.plan(campaign)
        let draft = try EventDraft.make(plan: plan, recipient: recipient, bookingID: "bk_0123456789abcdef0123",
                                        start: start, end: start + UnixTime(plan.booking.meeting.minutes * 60))
        return (draft, plan)
    }

    static func json(_ request: ProviderRequest) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: request.bodyData) as? [String: Any])
    }

    @Test func googleVideoAsksForAMeetWithConferenceDataVersion1() throws {
        let (draft, _) = try Self.draft("q4-renewals")
        let request = ProviderRequests.google(draft, calendarID: "primary", timeZone: "America/New_York")
        #expect(request.method == "POST")
        #expect(request.path == "/calendar/v3/calendars/primary/events?conferenceDataVersion=1&sendUpdates=all")
        let body = try Self.json(request)
        #expect(body["id"] as? String == "bk0123456789abcdef0123", "a base32hex client id: a retry is a duplicate, not a second event")
        #expect(body["summary"] as? String == "Renewal chat: Ana × Acme")
        #expect((body["start"] as? [String: String]) == ["dateTime": "2026-12-01T15:15:00Z", "timeZone": "America/New_York"])
        #expect((body["attendees"] as? [[String: String]]) == [["email": "ana@example.com", "displayName": "Ana Silva"]])
        let create = ((body["conferenceData"] as? [String: Any])?["createRequest"] as? [String: Any])
        #expect((create?["conferenceSolutionKey"] as? [String: String]) == ["type": "hangoutsMeet"])
        #expect(create?["requestId"] as? String == "bk_0123456789abcdef0123")
        let id = try #require(body["id"] as? String)
        #expect(id.count >= 5 && id.allSatisfy { ("0"..."9").contains($0) || ("a"..."v").contains($0) })
    }

    @Test func googleCalendarIdsAreEscapedInThePath() throws {
        let (draft, _) = try Self.draft("onsite-visit")
        let request = ProviderRequests.google(draft, calendarID: "lena-visits@group.calendar.google.com", timeZone: "Europe/Berlin")
        #expect(request.path.hasPrefix("/calendar/v3/calendars/lena-visits%40group.calendar.google.com/events?"))
        let body = try Self.json(request)
        #expect(body["conferenceData"] == nil, "in person: no Meet")
        #expect(body["location"] as? String == "Acme Showroom, Torstraße 49, 10119 Berlin")
    }

    @Test func graphWorkAccountsGetTeamsPersonalOnesTheConfiguredLink() throws {
        let (work, _) = try Self.draft("enterprise-demo")
        let teams = try Self.json(ProviderRequests.graph(work, calendarID: "Calendar", accountType: .work))
        #expect(teams["isOnlineMeeting"] as? Bool == true && teams["onlineMeetingProvider"] as? String == "teamsForBusiness")
        #expect(teams["transactionId"] as? String == "bk_0123456789abcdef0123")
        #expect((teams["start"] as? [String: String]) == ["dateTime": "2026-12-01T15:15:00.0000000", "timeZone": "UTC"])
        #expect(((teams["attendees"] as? [[String: Any]])?.first?["emailAddress"] as? [String: String]) == ["address": "ana@example.com", "name": "Ana Silva"])
        #expect(ProviderRequests.graph(work, calendarID: "Calendar", accountType: .work).path == "/v1.0/me/events")

        let (personal, _) = try Self.draft("freelancer-intro")
        let request = ProviderRequests.graph(personal, calendarID: "AAMkAGI2/x=", accountType: .personal)
        let body = try Self.json(request)
        #expect(body["isOnlineMeeting"] == nil, "Outlook.com cannot create Teams meetings")
        #expect(((body["body"] as? [String: String])?["content"] ?? "").contains("<a href=\"https://meet.example/priya-intro\">"))
        #expect(request.path == "/v1.0/me/calendars/AAMkAGI2%2Fx=/events", "a slash inside an id is escaped")
    }

    @Test func outlookBodiesAreHTMLEscapedAndPhoneMeetingsCarryTheNumber() throws {
        let (draft, _) = try Self.draft("enterprise-demo", recipient: Recipient(email: "x@example.com", firstName: "<script>alert(1)</script> & co",
                                                                                company: "A\r\nB"))
        let content = try #require((Self.json(ProviderRequests.graph(draft, calendarID: "Calendar", accountType: .work))["body"] as? [String: String])?["content"])
        #expect(content.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co") && !content.contains("<script>"))
        #expect(content.contains("<br>") && !content.contains("\n"))
        let subject = try #require(try Self.json(ProviderRequests.graph(draft, calendarID: "Calendar", accountType: .work))["subject"] as? String)
        #expect(!subject.contains("\n") && !subject.contains("\r"))
        let (phone, _) = try Self.draft("phone-followup")
        #expect(try Self.json(ProviderRequests.google(phone, calendarID: "primary", timeZone: "America/Denver"))["location"] as? String == "Phone: +13125550100")
    }
}
