/// One EMV MPM data object: a two-digit id, and either a plain value or, for a template, the data
/// objects it contains.
///
/// The value is a slice of the payload it was parsed from, so parsing copies no text.
public struct TLV: Sendable, Hashable {
    /// The id as a number, `0`–`99`.
    public let tag: UInt8
    /// The value exactly as it stands in the payload (for a template, its whole content).
    public let value: Substring
    /// The data objects inside a template, in payload order; `nil` for a plain value.
    public let children: [TLV]?

    public init(tag: UInt8, value: Substring, children: [TLV]? = nil) {
        self.tag = tag
        self.value = value
        self.children = children
    }

    /// The id as written: two digits, such as `"38"`.
    public var id: String { TLV.id(tag) }

    /// The child with this id, if this is a template that has it.
    public subscript(tag: UInt8) -> TLV? { children?.first { $0.tag == tag } }

    static func id(_ tag: UInt8) -> String {
        String(unsafeUninitializedCapacity: 2) { buffer in
            buffer[0] = 0x30 + tag / 10
            buffer[1] = 0x30 + tag % 10
            return 2
        }
    }
}

extension TLV: Encodable {
    private enum CodingKeys: String, CodingKey { case id, value, children }

    /// Encodes as `{"id": "38", "value": "…", "children": [...]}`; `children` only for templates.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(String(value), forKey: .value)
        try container.encodeIfPresent(children, forKey: .children)
    }
}

extension Array where Element == TLV {
    /// The first data object with this id.
    public subscript(tag tag: UInt8) -> TLV? { first { $0.tag == tag } }
}
