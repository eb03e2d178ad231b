import VietQR

extension BillCode {
    /// The bill codes in the content of a bank transfer, each once, in the order they appear.
    ///
    /// Bank apps mangle the content the payer's app filled in from the QR code: they fold away
    /// diacritics, change case, drop or add spaces, dashes and dots, and put words before and after
    /// it (`MBVCB.1234567.HP26 7K3QX.NGUYEN THI HOA chuyen tien`, `IBFT HP267K3QX hoc phi`). So the
    /// content is folded to ASCII and uppercased, cut into words (runs of letters and digits), and a
    /// code is looked for in every run of whole words that starts with the kind's two letters and
    /// the year's two digits and spells exactly nine characters: `HP26 7K3QX`, `HP26-7K3QX`,
    /// `HP26 7 K3QX`, `HP267K3QX`. Words may be joined only by spaces, `-`, `.` or `_`.
    ///
    /// A code glued to other letters or digits (`ABCHP267K3QX`, `HP267K3QXNGUYEN`) is not found:
    /// that keeps ordinary words and numbers from passing for codes, along with the alphabet
    /// (no I, L, O, U, 0 or 1) and the prefix-and-year shape.
    public static func codes(in content: String) -> [BillCode] {
        let words = TransferWords(ASCIIFolding.fold(content).uppercased())
        var found: [BillCode] = []
        var start = 0
        while start < words.words.count {
            let first = words.words[start]
            guard first.count >= 4, Kind(rawValue: String(first.prefix(2))) != nil,
                first.dropFirst(2).prefix(2).allSatisfy({ $0.isASCII && $0.isWholeNumber })
            else {
                start += 1
                continue
            }
            var spelled = first
            var end = start
            while spelled.count < 4 + bodyLength, end + 1 < words.words.count, words.joined[end] {
                end += 1
                spelled += words.words[end]
            }
            if spelled.count == 4 + bodyLength, let code = code(from: spelled) {
                if !found.contains(code) { found.append(code) }
                start = end + 1
            } else {
                start += 1
            }
        }
        return found
    }
}

/// Transfer content cut into words: maximal runs of ASCII letters and digits.
private struct TransferWords {
    var words: [String] = []
    /// `joined[i]`: only joiners (space, `-`, `.`, `_`) stand between word `i` and word `i + 1`.
    var joined: [Bool] = []

    init(_ text: String) {
        var word = ""
        var gapJoins = true
        for character in text {
            if character.isASCII && (character.isLetter || character.isWholeNumber) {
                if word.isEmpty, !words.isEmpty { joined.append(gapJoins) }
                word.append(character)
            } else {
                if !word.isEmpty {
                    words.append(word)
                    word = ""
                    gapJoins = true
                }
                if !(character.unicodeScalars.count == 1 && BillCode.isJoiner(character.unicodeScalars.first!)) {
                    gapJoins = false
                }
            }
        }
        if !word.isEmpty { words.append(word) }
    }
}
