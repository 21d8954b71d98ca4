import Foundation
import PlanModel
import Testing

/// RFC 5545's text rules for what slotplan writes: UTC stamps and content lines folded at 75 octets.
@Suite struct ICalendarTextTests {
    @Test(arguments: [
        (Int64(0), "19700101T000000Z"), (1_796_138_100, "20261201T151500Z"), (1_798_761_599, "20261231T235959Z"),
        (-1, "19691231T235959Z"), (253_402_300_799, "99991231T235959Z"),
    ])
    func utcStampIsTheBasicFormat(time: Int64, stamp: String) {
        #expect(ICalendarText.utcStamp(time) == stamp)
    }

    /// Lines of 74, 75 and 76 octets, ASCII and with two- and four-byte characters at the fold:
    /// every physical line is at most 75 octets, no UTF-8 sequence is split, and unfolding (RFC 5545
    /// §3.1: drop each CRLF and the one space after it) gives the line back.
    @Test(arguments: [74, 75, 76, 150, 151, 400])
    func foldingKeepsEveryLineWithin75OctetsAndUnfoldsToTheLine(length: Int) {
        for filler in ["a", "é", "😀"] {
            var line = "SUMMARY:"
            while line.utf8.count + filler.utf8.count <= length { line += filler }
            let folded = ICalendarText.fold(line)
            #expect(folded.hasSuffix("\r\n"))
            let physical = String(decoding: folded.utf8.dropLast(2), as: UTF8.self).components(separatedBy: "\r\n")
            #expect(physical.allSatisfy { $0.utf8.count <= 75 }, "\(physical.map { $0.utf8.count })")
            #expect((physical.count > 1) == (line.utf8.count > 75))
            let unfolded = physical.first.map { first in physical.dropFirst().reduce(first) { $0 + $1.dropFirst() } }
            #expect(unfolded == line)
            #expect(physical.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        }
    }
}
