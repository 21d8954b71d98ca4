/// Two runs, each sorted by `areInIncreasingOrder`, as one sorted run; on a tie the element of `a`
/// comes first. Linear: what a sorted calendar and a few new intervals need instead of a sort.
public func mergeSorted<A: Collection, B: Collection>(_ a: A, _ b: B, by areInIncreasingOrder: (A.Element, A.Element) -> Bool)
    -> [A.Element] where B.Element == A.Element {
    var out: [A.Element] = []
    out.reserveCapacity(a.count + b.count)
    var i = a.startIndex, j = b.startIndex
    while i != a.endIndex || j != b.endIndex {
        if j == b.endIndex || (i != a.endIndex && !areInIncreasingOrder(b[j], a[i])) {
            out.append(a[i])
            a.formIndex(after: &i)
        } else {
            out.append(b[j])
            b.formIndex(after: &j)
        }
    }
    return out
}
