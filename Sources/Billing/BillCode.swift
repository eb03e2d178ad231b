import VietQR

/// The short code a bill's dynamic VietQR carries in its transfer content (tag 62, sub-tag 08),
/// by which the bank transfer that pays the bill is found again: `HP26 7K3QX`.
///
/// Two letters for the kind of bill, the two-digit year, a space, and five characters from an
/// alphabet without look-alikes (digits 2–9 and the letters without I, L, O and U), so a code
/// read aloud or typed by hand from a slip comes out the same. 30⁵ (about 24 million) codes per
/// kind and year.
public struct BillCode: Sendable, Hashable, CustomStringConvertible {
    /// What the bill is for; it gives the code its first two letters.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Học phí: school tuition. `HP`.
        case tuition = "HP"
        /// Viện phí: a clinic's or hospital's fees. `VP`.
        case hospital = "VP"
        /// Thu tiền: any other fee. `TT`.
        case fee = "TT"

        /// The two letters the code starts with.
        public var prefix: String { rawValue }
    }

    /// The characters of the random part: `23456789ABCDEFGHJKMNPQRSTVWXYZ`.
    public static let alphabet: [Character] = Array("23456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// The number of random characters.
    public static let bodyLength = 5

    public let kind: Kind
    /// The last two digits of the year, 0...99.
    public let year: Int
    /// The five random characters, from ``alphabet``.
    public let body: String

    /// A code from its parts; nil when `year` is not 0...99 or `body` is not five characters of ``alphabet``.
    public init?(kind: Kind, year: Int, body: String) {
        guard (0...99).contains(year), body.count == Self.bodyLength,
            body.allSatisfy({ Self.alphabet.contains($0) })
        else { return nil }
        self.kind = kind
        self.year = year
        self.body = body
    }

    /// Reads a code as people write it: `HP26 7K3QX`, `hp267k3qx`, `HP26-7K3QX`, `Hp26.7k3qx`.
    /// Spaces, dashes and dots may stand anywhere; nothing else may be around the code.
    public init?(_ text: String) {
        let scalars = ASCIIFolding.fold(text).uppercased().unicodeScalars.filter { !Self.isJoiner($0) }
        guard let code = Self.code(from: String(String.UnicodeScalarView(scalars))) else { return nil }
        self = code
    }

    /// A new code with a random body, for a bill issued in `year` (2026 or 26 both give `26`).
    public static func random(kind: Kind, year: Int, using generator: inout some RandomNumberGenerator) -> BillCode {
        precondition(year >= 0, "a bill's year cannot be negative")
        let body = String((0..<bodyLength).map { _ in alphabet.randomElement(using: &generator)! })
        return BillCode(kind: kind, year: year % 100, body: body)!
    }

    /// `HP26 7K3QX`: how slips print it and the transfer content carries it.
    public var description: String { compactPrefix + " " + body }

    /// `HP267K3QX`, for fields that must not hold a space.
    public var compact: String { compactPrefix + body }

    private var compactPrefix: String {
        kind.prefix + (year < 10 ? "0" : "") + String(year)
    }

    /// The code spelled by exactly nine characters (uppercase, no separators), or nil.
    static func code(from compact: String) -> BillCode? {
        let characters = Array(compact)
        guard characters.count == 4 + bodyLength,
            let kind = Kind(rawValue: String(characters[0..<2])),
            characters[2...3].allSatisfy({ $0.isASCII && $0.isWholeNumber }),
            let year = Int(String(characters[2..<4]))
        else { return nil }
        return BillCode(kind: kind, year: year, body: String(characters[4...]))
    }

    /// The characters that may stand between the parts of a written code: space, `-`, `.`, `_`.
    static func isJoiner(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "-" || scalar == "." || scalar == "_" || scalar == "\t"
    }
}
