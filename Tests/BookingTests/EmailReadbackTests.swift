import Booking
import Testing

/// NATO read-back and spoken e-mail parsing on real-world addresses and phrasings.
@Suite struct EmailReadbackTests {
    @Test func designExample() {
        #expect(EmailReadback.spoken("john@example.com") == "J as in Juliet, O as in Oscar, H as in Hotel, N as in November at example dot com")
    }

    @Test(arguments: [
        ("maria.lopez+renewals@acme.example", "M as in Mike, A as in Alfa, R as in Romeo, I as in India, A as in Alfa, dot, L as in Lima, O as in Oscar, P as in Papa, E as in Echo, Z as in Zulu, plus, R as in Romeo, E as in Echo, N as in November, E as in Echo, W as in Whiskey, A as in Alfa, L as in Lima, S as in Sierra at acme dot example"),
        ("J_Doe-42@mail-2.co.uk", "J as in Juliet, underscore, D as in Delta, O as in Oscar, E as in Echo, dash, four, two at mail dash two dot co dot uk"),
    ])
    func readbackSpellsSymbolsAndDigits(_ email: String, _ spoken: String) {
        #expect(EmailReadback.spoken(email) == spoken)
    }

    @Test(arguments: [
        ("john at example dot com", "john@example.com"),
        ("my email is john dot smith at gmail dot com", "john.smith@gmail.com"),
        ("J as in Juliet, O as in Oscar, H as in Hotel, N as in November at example dot com", "john@example.com"),
        ("jane underscore doe at outlook dot com", "jane_doe@outlook.com"),
        ("jane under score doe at outlook dot com", "jane_doe@outlook.com"),
        ("mary dash ann at acme dash corp dot io", "mary-ann@acme-corp.io"),
        ("bob plus newsletters at fastmail dot fm", "bob+newsletters@fastmail.fm"),
        ("it's sam one two three at yahoo dot com", "sam123@yahoo.com"),
        ("k l m at sign example dot org", "klm@example.org"),
        ("alpha bravo charlie at example dot co dot uk", "abc@example.co.uk"),
        ("double u at example dot net", "w@example.net"),
        ("a double n a at example dot net", "anna@example.net"),
        ("John.Smith@Example.com", "john.smith@example.com"),
        ("zoe hyphen li at uni period edu", "zoe-li@uni.edu"),
        ("info at 3m dot com", "info@3m.com"),
        ("oh seven jenny at example dot com", "07jenny@example.com"),
    ])
    func spokenAddressesParse(_ said: String, _ email: String) {
        #expect(EmailReadback.parse(spoken: said) == email)
    }

    @Test(arguments: ["", "john", "john at", "at example dot com", "john at example", "john at example dot", "john dot at example dot com", "john at exa mple dot c"])
    func nonsenseIsNotAnAddress(_ said: String) {
        #expect(EmailReadback.parse(spoken: said) == nil)
    }

    @Test(arguments: ["john@example.com", "maria.lopez+renewals@acme.example", "j_doe-42@mail-2.co.uk", "a1@b2.io"])
    func readbackParsesBack(_ email: String) {
        #expect(EmailReadback.parse(spoken: EmailReadback.spoken(email)) == email)
    }
}
