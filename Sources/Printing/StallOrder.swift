/// The order people expect stall codes in: numbers by value, so Q2 comes before Q10; letters
/// without regard to case; ties kept in the order given. The market sheet prints in this order and
/// the market board's page lists in it.
public enum StallOrder {
    /// Whether stall code `a` comes before `b`.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        let left = chunks(a)
        let right = chunks(b)
        for (x, y) in zip(left, right) where x != y {
            switch (x, y) {
            case let (.number(m), .number(n)):
                // Longer (without leading zeros) is larger; equal lengths compare as text.
                if m.count != n.count { return m.count < n.count }
                return m < n
            case (.number, .text): return true
            case (.text, .number): return false
            case let (.text(s), .text(t)): return s < t
            }
        }
        return left.count < right.count
    }

    private enum Chunk: Equatable {
        case number(String)  // digits without leading zeros
        case text(String)  // lowercased
    }

    private static func chunks(_ code: String) -> [Chunk] {
        var chunks: [Chunk] = []
        var current = ""
        var inNumber = false
        func flush() {
            guard !current.isEmpty else { return }
            if inNumber {
                let trimmed = current.drop(while: { $0 == "0" })
                chunks.append(.number(trimmed.isEmpty ? "0" : String(trimmed)))
            } else {
                chunks.append(.text(current.lowercased()))
            }
            current = ""
        }
        for character in code {
            let isDigit = character.isASCII && character.isNumber
            if isDigit != inNumber {
                flush()
                inNumber = isDigit
            }
            current.append(character)
        }
        flush()
        return chunks
    }
}
