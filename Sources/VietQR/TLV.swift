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

/// Splits payload text into data objects, reporting every structural problem on the way.
///
/// Lengths count Unicode scalars (EMVCo §4.4.1.1), so the walk steps over UTF-8 sequences.
struct TLVReader {
    let text: String
    let bytes: UnsafeBufferPointer<UInt8>

    /// How a template's content is treated when it is not well-formed TLV.
    enum Strictness {
        /// Structural problems are errors (`26`–`51`, `62`, `64`, `38/01`).
        case required
        /// The value is kept as plain text, with a `not_template` warning (`80`–`99`).
        case lenient
    }

    /// Reads the data objects in `bytes[start..<end]`. `path` is the tag path of the enclosing
    /// template (empty at the root). Structural problems end the level: what was read before them is kept.
    func readLevel(
        from start: Int, to end: Int, path: String, problems: inout [Problem]
    ) -> [TLV] {
        var nodes: [TLV] = []
        var seen = (low: UInt64(0), high: UInt64(0))
        var position = start
        while position < end {
            guard end - position >= 4 else {
                problems.append(Problem(.truncated, tag: path.isEmpty ? nil : path,
                    "\(place(path)) ends inside a data object's id and length (\(end - position) characters left)"))
                break
            }
            guard let tag = twoDigits(at: position) else {
                problems.append(Problem(.notNumeric, tag: path.isEmpty ? nil : path,
                    "\(place(path)): the id at character \(scalarOffset(position) + 1) is not two digits (\(snippet(position)))"))
                break
            }
            var tagPath: String { path.isEmpty ? TLV.id(tag) : path + "/" + TLV.id(tag) }
            guard let length = twoDigits(at: position + 2), length > 0 else {
                problems.append(Problem(.badLength, tag: tagPath,
                    "tag \(tagPath): the length must be two digits from 01 to 99 (\(snippet(position + 2)))"))
                break
            }
            let valueStart = position + 4
            guard let valueEnd = advance(valueStart, scalars: Int(length), limit: end) else {
                problems.append(Problem(.truncated, tag: tagPath,
                    "tag \(tagPath) declares \(length) characters but the \(path.isEmpty ? "payload" : "template") ends first"))
                break
            }
            let bit = UInt64(1) << UInt64(tag % 64)
            if tag < 64 ? seen.low & bit != 0 : seen.high & bit != 0 {
                problems.append(Problem(.duplicateTag, tag: tagPath, "tag \(tagPath) appears more than once"))
            }
            if tag < 64 { seen.low |= bit } else { seen.high |= bit }

            let children: [TLV]?
            switch templateStrictness(of: tag, in: path) {
            case nil: children = nil
            case .required?:
                children = readLevel(from: valueStart, to: valueEnd, path: tagPath, problems: &problems)
            case .lenient?:
                var scratch: [Problem] = []
                let read = readLevel(from: valueStart, to: valueEnd, path: tagPath, problems: &scratch)
                if scratch.hasErrors {
                    problems.append(Problem(.notTemplate, tag: tagPath, severity: .warning,
                        "tag \(tagPath) is an unreserved template but its value is not TLV; kept as text"))
                    children = nil
                } else {
                    problems += scratch
                    children = read
                }
            }
            nodes.append(TLV(tag: tag, value: slice(valueStart, valueEnd), children: children))
            position = valueEnd
        }
        return nodes
    }

    /// Which ids hold templates: at the root `26`–`51`, `62`, `64` and (leniently) `80`–`99`;
    /// inside the NAPAS template `38`, its beneficiary `01`.
    private func templateStrictness(of tag: UInt8, in path: String) -> Strictness? {
        switch path {
        case "":
            switch tag {
            case 26...51, 62, 64: return .required
            case 80...99: return .lenient
            default: return nil
            }
        case "38": return tag == 1 ? .required : nil
        default: return nil
        }
    }

    private func twoDigits(at offset: Int) -> UInt8? {
        let high = bytes[offset] &- 0x30, low = bytes[offset + 1] &- 0x30
        guard high < 10, low < 10 else { return nil }
        return high * 10 + low
    }

    /// The byte offset `scalars` Unicode scalars after `offset`, or `nil` past `limit`.
    private func advance(_ offset: Int, scalars: Int, limit: Int) -> Int? {
        var position = offset
        for _ in 0..<scalars {
            guard position < limit else { return nil }
            let lead = bytes[position]
            position += lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        }
        return position <= limit ? position : nil
    }

    func slice(_ start: Int, _ end: Int) -> Substring {
        let utf8 = text.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: start)
        let upper = utf8.index(lower, offsetBy: end - start)
        return Substring(text.unicodeScalars[lower..<upper])
    }

    private func scalarOffset(_ offset: Int) -> Int {
        bytes[..<offset].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    private func snippet(_ offset: Int) -> String {
        "found '" + String(slice(offset, bytes.count).unicodeScalars.prefix(4)) + "'"
    }

    private func place(_ path: String) -> String { path.isEmpty ? "the payload" : "template \(path)" }
}
