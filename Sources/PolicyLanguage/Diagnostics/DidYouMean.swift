/// Spelling suggestions for unknown names.
public enum DidYouMean {
    /// The closest candidate within a small edit distance (case-insensitive), if any.
    public static func suggestion(for word: String, among candidates: [String]) -> String? {
        let lowered = word.lowercased()
        if let exact = candidates.first(where: { $0.lowercased() == lowered }) { return exact }
        let limit = max(1, min(3, word.count / 3))
        var best: (String, Int)?
        let length = lowered.count
        for candidate in candidates where abs(candidate.count - length) <= limit {
            let d = distance(lowered, candidate.lowercased())
            if d <= limit, best.map({ d < $0.1 }) ?? true { best = (candidate, d) }
        }
        return best?.0
    }

    /// Damerau–Levenshtein distance (optimal string alignment).
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[x.count][y.count]
    }

    /// "did you mean `x`?" or nil.
    static func help(for word: String, among candidates: [String]) -> String? {
        suggestion(for: word, among: candidates).map { "did you mean `\($0)`?" }
    }
}
