/// An email address with an optional display name, as a header writes it.
public struct MailAddress: Sendable, Hashable {
    public var address: String
    public var name: String?

    public init(_ address: String, name: String? = nil) {
        self.address = address
        self.name = name
    }

    /// `"Name" <address>`, the name RFC 2047 encoded when it is not plain ASCII.
    var header: String {
        guard let name, !name.isEmpty else { return "<\(address)>" }
        if name.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" }) {
            return "\"\(name)\" <\(address)>"
        }
        return EncodedWords.encode(name).joined(separator: " ") + " <\(address)>"
    }

    /// An address an SMTP envelope can carry: one `@`, no spaces, angle brackets or line breaks.
    /// (The bill's contact was checked fully when it was stored.)
    public static func isPlausible(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty && address.count <= 254
            && address.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F && !"<>()[],;:\\\"".unicodeScalars.contains($0) }
    }
}
