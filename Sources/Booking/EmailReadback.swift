import PlanModel
import Foundation

/// Reading an e-mail address back to the caller in the NATO alphabet, and turning what a caller
/// said ("john dot smith at example dot com") into the address.
public enum EmailReadback {
    static let nato: [Character: String] = [
        "a": "Alfa", "b": "Bravo", "c": "Charlie", "d": "Delta", "e": "Echo", "f": "Foxtrot", "g": "Golf",
        "h": "Hotel", "i": "India", "j": "Juliet", "k": "Kilo", "l": "Lima", "m": "Mike", "n": "November",
        "o": "Oscar", "p": "Papa", "q": "Quebec", "r": "Romeo", "s": "Sierra", "t": "Tango", "u": "Uniform",
        "v": "Victor", "w": "Whiskey", "x": "X-ray", "y": "Yankee", "z": "Zulu",
    ]
    static let digitNames = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    static let symbolNames: [Character: String] = [".": "dot", "_": "underscore", "-": "dash", "+": "plus", "'": "apostrophe"]

    /// "J as in Juliet, O as in Oscar, H as in Hotel, N as in November at example dot com".
    /// The local part is spelled letter by letter; the domain is said as words (labels with
    /// digits or dashes have those spoken one by one).
    public static func spoken(_ email: String) -> String {
        let lowered = email.lowercased()
        guard let at = lowered.lastIndex(of: "@") else { return spell(lowered) }
        let local = lowered[..<at], domain = lowered[lowered.index(after: at)...]
        return spell(local) + " at " + domain.split(separator: ".", omittingEmptySubsequences: false).map(sayLabel).joined(separator: " dot ")
    }

    static func spell<S: StringProtocol>(_ text: S) -> String {
        text.map { c -> String in
            if let word = nato[c] { return "\(c.uppercased()) as in \(word)" }
            if let digit = c.wholeNumberValue, c.isASCII { return digitNames[digit] }
            if let name = symbolNames[c] { return name }
            return String(c)
        }.joined(separator: ", ")
    }

    static func sayLabel(_ label: Substring) -> String {
        var words: [String] = []
        var run = ""
        for c in label {
            if c.isLetter { run.append(c); continue }
            if !run.isEmpty { words.append(run); run = "" }
            if let digit = c.wholeNumberValue, c.isASCII { words.append(digitNames[digit]) } else { words.append(symbolNames[c] ?? String(c)) }
        }
        if !run.isEmpty { words.append(run) }
        return words.joined(separator: " ")
    }

    /// Words a caller uses for the symbols of an address.
    static let spokenSymbols: [String: String] = [
        "at": "@", "dot": ".", "period": ".", "point": ".", "underscore": "_", "under": "_", "dash": "-", "hyphen": "-",
        "minus": "-", "plus": "+",
    ]
    static let spokenDigits: [String: String] = [
        "zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
        "seven": "7", "eight": "8", "nine": "9",
    ]
    static let natoWords: [String: Character] = {
        var out: [String: Character] = [:]
        for (letter, word) in nato { out[word.lowercased()] = letter }
        out["alpha"] = "a"; out["xray"] = "x"; out["whisky"] = "w"; out["juliett"] = "j"
        return out
    }()

    /// The address a caller said, or nil when the words do not make one. Understands "at", "dot",
    /// "underscore", "dash"/"hyphen", "plus", digit words, NATO words ("J as in Juliet" or just
    /// "Juliet"), spelled letters, "at sign", "dot com", and leading fillers ("my email is").
    public static func parse(spoken: String) -> String? {
        var words = spoken.lowercased()
            .replacingOccurrences(of: "@", with: " at ").replacingOccurrences(of: ",", with: " ")
            .split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        for filler in [["my", "email", "is"], ["my", "email", "address", "is"], ["it's"], ["it", "is"], ["email"], ["that's"], ["it"]] {
            if words.starts(with: filler) { words.removeFirst(filler.count) }
        }
        var out = ""
        var i = 0
        while i < words.count {
            var w = words[i].trimmingCharacters(in: CharacterSet(charactersIn: ".?!;:\"'"))
            if w.isEmpty { i += 1; continue }
            // "J as in Juliet": the letter, then skip "as in <word>".
            if w.count == 1, i + 3 < words.count, words[i + 1] == "as", words[i + 2] == "in" {
                out += w
                i += 4
                continue
            }
            if (w == "at") && i + 1 < words.count && (words[i + 1] == "sign" || words[i + 1] == "symbol") { i += 1 }
            if w == "dot" || w == "period" || w == "point" || w == "at" || w == "underscore" || w == "dash" || w == "hyphen" || w == "minus" || w == "plus" {
                out += spokenSymbols[w] ?? ""
            } else if w == "under" && i + 1 < words.count && words[i + 1] == "score" {
                out += "_"; i += 1
            } else if let digit = spokenDigits[w] {
                out += digit
            } else if let letter = natoWords[w] {
                out.append(letter)
            } else if w == "double", i + 1 < words.count, words[i + 1] == "u" || words[i + 1] == "you" {
                out += "w"; i += 1  // the letter W
            } else if w == "double", i + 1 < words.count, words[i + 1].count == 1 {
                out += words[i + 1] + words[i + 1]; i += 1
            } else {
                w = w.filter { $0.isLetter || $0.isNumber || "._-+".contains($0) }
                out += w
            }
            i += 1
        }
        return isPlausibleAddress(out) ? out : nil
    }

    /// One `@`, a non-empty local part, a dotted domain of letters, digits and dashes.
    static func isPlausibleAddress(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[0].hasPrefix("."), !parts[0].hasSuffix("."), !parts[0].contains("..") else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } && !$0.hasPrefix("-") && !$0.hasSuffix("-") }
            && (labels.last?.count ?? 0) >= 2
    }
}
