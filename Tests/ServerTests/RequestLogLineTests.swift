import Foundation
import Runtime
import Testing

@testable import Server

/// The request log line written by hand is the encoder's line.
@Suite struct RequestLogLineTests {
    @Test(arguments: [0.0, 0.001, 0.25, 1.5, 12.0, 123.456, 9_876.5])
    func theLineIsTheEncodersBytes(milliseconds: Double) {
        for path in ["/healthz", "/v1/campaigns/q4-renewals/offers", "/v1/bookings/\"quoted\"\\back\u{01}", "/ünïcødé/😀"] {
            let line = RequestLogLine(requestID: "req-\(path.count)", method: "POST", path: path, status: 201, durationMS: milliseconds)
            #expect(line.json() == OutcomeJSON.bytes(line), "\(String(decoding: line.json(), as: UTF8.self))")
        }
    }
}
