/// One data object found in a payload, by byte offsets: the flat form the parser and the
/// linter work on. A template's children follow it, each pointing back to it.
struct DataObject: Sendable {
    var tag: UInt8
    var isTemplate: Bool
    /// Index of the enclosing template in the list, or -1 at the root.
    var parent: Int32
    /// Byte offsets of the value in the payload's UTF-8.
    var start: Int32
    var end: Int32

    /// Bytes in the value.
    var byteCount: Int { Int(end &- start) }
}

extension Array where Element == DataObject {
    /// The index of the data object `tag` directly inside `parent` (-1, the root, by default).
    func find(_ tag: UInt8, in parent: Int32 = -1) -> Int32? {
        withUnsafeBufferPointer { objects in DataObjects.find(tag, in: parent, among: objects) }
    }
}

/// The payload's bytes and its data objects, with the look-ups the rules need.
///
/// The objects live in storage the caller provides, sized for the most a payload of this many
/// bytes can hold, so reading allocates nothing: a decode is one walk into scratch space. The
/// pointers are valid only inside ``DecodedPayload/init(_:banks:)``, which owns both.
struct DataObjects {
    static let root: Int32 = -1

    let bytes: UnsafeBufferPointer<UInt8>
    private let storage: UnsafeMutableBufferPointer<DataObject>
    /// How many objects have been read.
    private(set) var count = 0
    /// Where each id first occurs at the root, or -1: the linter looks root objects up often.
    /// (A pointer, not an inline array: this struct is passed around and must stay small.)
    private let rootIndex: UnsafeMutableBufferPointer<Int32>

    /// The most data objects `byteCount` bytes can hold: each has its own four bytes of id and
    /// length (a template's value is its children's ids, lengths and values).
    static func capacity(forByteCount byteCount: Int) -> Int { byteCount / 4 + 1 }

    /// Objects of `bytes` kept in `storage`, which must have room for ``capacity(forByteCount:)``
    /// of them; `rootIndex` is scratch space for 100 ids.
    init(
        bytes: UnsafeBufferPointer<UInt8>,
        storage: UnsafeMutableBufferPointer<DataObject>,
        rootIndex: UnsafeMutableBufferPointer<Int32>
    ) {
        precondition(storage.count >= DataObjects.capacity(forByteCount: bytes.count), "storage too small")
        precondition(rootIndex.count >= 100, "one entry per id")
        precondition(bytes.count <= Int(Int32.max), "offsets are kept in 32 bits")
        self.bytes = bytes
        self.storage = storage
        self.rootIndex = rootIndex
        rootIndex.update(repeating: -1)
    }

    /// The objects read, in payload order.
    var list: UnsafeBufferPointer<DataObject> { UnsafeBufferPointer(rebasing: storage[..<count]) }

    /// The index of the data object `tag` directly inside `parent` (the root by default).
    @inline(__always)
    func find(_ tag: UInt8, in parent: Int32 = root) -> Int32? {
        if parent < 0 {
            let index = rootIndex[Int(tag)]
            return index < 0 ? nil : index
        }
        return DataObjects.find(tag, in: parent, among: list)
    }

    /// The first object `tag` directly inside `parent`, searching only where its children can be.
    static func find(_ tag: UInt8, in parent: Int32, among objects: UnsafeBufferPointer<DataObject>) -> Int32? {
        var index = parent < 0 ? 0 : Int(parent) + 1
        let end = parent < 0 ? Int32.max : objects[Int(parent)].end
        while index < objects.count && objects[index].start < end {
            if objects[index].parent == parent && objects[index].tag == tag { return Int32(index) }
            index += 1
        }
        return nil
    }

    /// The indices that can hold `parent`'s children (and their descendants): they follow it, up
    /// to the first object that starts past the end of its value.
    func descendants(of parent: Int32) -> Range<Int32> {
        let end = storage[Int(parent)].end
        var last = Int(parent) + 1
        while last < count && storage[last].start < end { last += 1 }
        return parent + 1..<Int32(last)
    }

    /// The id and the length at `offset` when all four characters are digits and the length is
    /// not `00`; `nil` otherwise. Reads the four bytes at once (there must be four).
    @inline(__always)
    func header(at offset: Int) -> (tag: UInt8, length: Int)? {
        let word = UInt32(littleEndian: UnsafeRawPointer(bytes.baseAddress!).loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        // A byte is a digit when its high nibble is 3 both as it is and with 6 added (0x30–0x39).
        // A carry out of a byte only comes from a byte that already fails.
        guard word & 0xF0F0_F0F0 | (word &+ 0x0606_0606) >> 4 & 0x0F0F_0F0F == 0x3333_3333 else { return nil }
        let digits = word & 0x0F0F_0F0F
        let length = Int(digits >> 16 & 0xFF) &* 10 &+ Int(digits >> 24)
        guard length > 0 else { return nil }
        return (UInt8(truncatingIfNeeded: digits) &* 10 &+ UInt8(truncatingIfNeeded: digits >> 8), length)
    }

    mutating func append(_ object: DataObject) {
        if object.parent < 0, rootIndex[Int(object.tag)] < 0 {
            rootIndex[Int(object.tag)] = Int32(count)
        }
        precondition(count < storage.count, "more data objects than the payload has bytes for")
        storage[count] = object
        count += 1
    }

    /// Forgets the objects from `index` on (a lenient template's children).
    mutating func removeAll(from index: Int) { count = index }

    /// Marks an object as plain text.
    mutating func clearTemplate(_ index: Int32) { storage[Int(index)].isTemplate = false }

    subscript(index: Int32) -> DataObject { storage[Int(index)] }

    /// The value's bytes.
    func value(_ index: Int32) -> UnsafeBufferPointer<UInt8> {
        let object = storage[Int(index)]
        return UnsafeBufferPointer(rebasing: bytes[Int(object.start)..<Int(object.end)])
    }

    /// The value as text, for messages.
    func string(_ index: Int32) -> String { String(decoding: value(index), as: UTF8.self) }

    /// Whether the value is exactly `text`. Inlined, so the length of `text` is a constant.
    @inline(__always)
    func value(_ index: Int32, is text: StaticString) -> Bool {
        let object = storage[Int(index)]
        let count = text.utf8CodeUnitCount
        guard Int(object.end - object.start) == count, let base = bytes.baseAddress else { return false }
        // Eight bytes at a time (the expected values are 2–10 bytes), then byte by byte.
        let value = UnsafeRawPointer(base + Int(object.start))
        let expected = UnsafeRawPointer(text.utf8Start)
        var offset = 0
        while count - offset >= 8 {
            if value.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                != expected.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            {
                return false
            }
            offset += 8
        }
        while offset < count {
            if value.load(fromByteOffset: offset, as: UInt8.self) != expected.load(fromByteOffset: offset, as: UInt8.self) {
                return false
            }
            offset += 1
        }
        return true
    }

    /// The tag path of an object, such as `"38/01/00"`.
    func path(_ index: Int32) -> String {
        let object = storage[Int(index)]
        return object.parent < 0 ? TLV.id(object.tag) : path(object.parent) + "/" + TLV.id(object.tag)
    }

    /// Whether the value is all digits `0`–`9`.
    func isDigits(_ index: Int32) -> Bool { value(index, within: 0x30, 0x39) }

    /// Whether the value is all printable ASCII (0x20–0x7E), the EMV "ans" set.
    func isPrintableASCII(_ index: Int32) -> Bool { value(index, within: 0x20, 0x7E) }

    /// Whether every byte of the value lies in `low...high` (`low` ≤ 0x80, `high` < 0x80),
    /// eight bytes at a time: a byte below `low` borrows into its high bit when `low` is
    /// subtracted, a byte above `high` carries into it when `0x7F - high` is added. The first
    /// byte out of range is always caught; what it does to the bytes above it does not matter.
    @inline(__always)
    private func value(_ index: Int32, within low: UInt8, _ high: UInt8) -> Bool {
        let value = UnsafeRawBufferPointer(self.value(index))
        let ones: UInt64 = 0x0101_0101_0101_0101
        let below = ones &* UInt64(low)
        let above = ones &* UInt64(0x7F - high)
        let highBits = ones &* 0x80
        func outside(_ word: UInt64) -> UInt64 { ((word &- below) & ~word | (word &+ above) | word) & highBits }
        guard value.count >= 8 else { return value.allSatisfy { $0 &- low <= high &- low } }
        var offset = 0
        var found: UInt64 = 0
        while value.count &- offset > 8 {
            found |= outside(value.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset &+= 8
        }
        found |= outside(value.loadUnaligned(fromByteOffset: value.count &- 8, as: UInt64.self))  // the last eight
        return found == 0
    }

    /// Characters in the value (Unicode scalars: every byte that does not continue a UTF-8 sequence).
    func length(_ index: Int32) -> Int { value(index).reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) } }
}

/// Splits payload bytes into data objects, reporting every structural problem on the way
/// (``read(from:to:in:)``), then applies the rules of the standard to them (`lint`, in Linter.swift).
///
/// Lengths count Unicode scalars (EMVCo §4.4.1.1); for all-ASCII payloads, the usual case,
/// a character is a byte and the walk jumps from object to object.
struct PayloadReader {
    var objects: DataObjects
    var problems: [Problem] = []
    /// CRC-16/CCITT-FALSE of every byte but the last four: what tag `63` holds in a payload that
    /// ends in it. Computed in the same pass that finds whether the payload is ASCII.
    let checksum: UInt16
    private let ascii: Bool

    /// A reader of `bytes` that puts the objects in `storage`, which must have room for
    /// ``DataObjects/capacity(forByteCount:)`` of them; `rootIndex` is scratch space for 100 ids.
    init(
        bytes: UnsafeBufferPointer<UInt8>,
        storage: UnsafeMutableBufferPointer<DataObject>,
        rootIndex: UnsafeMutableBufferPointer<Int32>
    ) {
        objects = DataObjects(bytes: bytes, storage: storage, rootIndex: rootIndex)
        let checked = max(0, bytes.count - 4)
        let scan = CRC16.scan(UnsafeBufferPointer(rebasing: bytes[..<checked]))
        checksum = scan.crc
        ascii = scan.isASCII && bytes[checked...].allSatisfy { $0 < 0x80 }
    }

    /// Reads the data objects in `[start, end)` inside `parent`. A structural problem ends the
    /// level: what was read before it is kept.
    mutating func read(from start: Int, to end: Int, in parent: Int32 = DataObjects.root) {
        var seen = TagSet()
        var position = start
        while position < end {
            guard end &- position >= 4, let (tag, length) = objects.header(at: position) else {
                return reportBadHeader(at: position, end: end, in: parent)
            }
            let valueStart = position &+ 4
            let valueEnd = ascii ? valueStart &+ length : advance(valueStart, characters: length, limit: end)
            guard valueEnd <= end else {
                return report(.truncated, tag, in: parent) { "tag \($0) declares \(length) characters but \($1) ends first" }
            }
            if !seen.insert(tag) {
                report(.duplicateTag, tag, in: parent) { path, _ in "tag \(path) appears more than once" }
            }
            let index = Int32(truncatingIfNeeded: objects.count)
            let strictness = templateStrictness(of: tag, in: parent)
            objects.append(
                DataObject(
                    tag: tag,
                    isTemplate: strictness != nil,
                    parent: parent,
                    start: Int32(truncatingIfNeeded: valueStart),
                    end: Int32(truncatingIfNeeded: valueEnd)
                )
            )
            if let strictness { readTemplate(index, strictness) }
            position = valueEnd
        }
    }

    /// Reads a template's children; a lenient one whose value is not TLV is kept as text.
    private mutating func readTemplate(_ index: Int32, _ strictness: Strictness) {
        let object = objects[index]
        let problemCount = problems.count
        read(from: Int(object.start), to: Int(object.end), in: index)
        guard strictness == .lenient, problems[problemCount...].contains(where: { $0.severity == .error }) else { return }
        problems.removeSubrange(problemCount...)
        objects.removeAll(from: Int(index + 1))
        objects.clearTemplate(index)
        report(.notTemplate, object.tag, in: object.parent, severity: .warning) { path, _ in
            "tag \(path) is an unreserved template but its value is not TLV; kept as text"
        }
    }

    /// Ids seen at one level, one bit each.
    private struct TagSet {
        private var low: UInt64 = 0, high: UInt64 = 0

        /// Adds `tag`; `false` when it was there already.
        mutating func insert(_ tag: UInt8) -> Bool {
            let bit = UInt64(1) << UInt64(tag & 63)
            if tag < 64 {
                defer { low |= bit }
                return low & bit == 0
            }
            defer { high |= bit }
            return high & bit == 0
        }
    }

    /// How a template's content is treated when it is not well-formed TLV.
    private enum Strictness {
        /// Structural problems are errors (`26`–`51`, `62`, `64`, `38/01`).
        case required
        /// The value is kept as plain text, with a `not_template` warning (`80`–`99`).
        case lenient
    }

    /// Which ids hold templates: at the root `26`–`51`, `62`, `64` and (leniently) `80`–`99`;
    /// inside the NAPAS template `38`, its beneficiary `01`.
    private func templateStrictness(of tag: UInt8, in parent: Int32) -> Strictness? {
        if parent < 0 {
            switch tag {
            case 26...51, 62, 64: return .required
            case 80...99: return .lenient
            default: return nil
            }
        }
        let enclosing = objects[parent]
        return enclosing.parent < 0 && enclosing.tag == 38 && tag == 1 ? .required : nil
    }

    /// The byte offset `characters` Unicode scalars after `offset`, or `Int.max` past `limit`.
    private func advance(_ offset: Int, characters: Int, limit: Int) -> Int {
        var position = offset
        for _ in 0..<characters {
            guard position < limit else { return .max }
            let lead = objects.bytes[position]
            position += lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        }
        return position
    }

    // MARK: - Structural problems (the cold path: only broken payloads come here)

    /// The id and length at `position` are not four digits with a length from 01, or `end` comes first.
    @inline(never)
    private mutating func reportBadHeader(at position: Int, end: Int, in parent: Int32) {
        let bytes = objects.bytes
        func twoDigits(_ offset: Int) -> UInt8? {
            let high = bytes[offset] &- 0x30
            let low = bytes[offset + 1] &- 0x30
            return high < 10 && low < 10 ? high * 10 + low : nil
        }
        let place = parent < 0 ? "the payload" : "template \(objects.path(parent))"
        func found(_ offset: Int) -> String {
            "found '" + String(decoding: bytes[offset..<min(offset + 4, end)], as: UTF8.self) + "'"
        }
        guard end - position >= 4 else {
            problems.append(
                Problem(
                    .truncated,
                    tag: parent < 0 ? nil : objects.path(parent),
                    "\(place) ends inside a data object's id and length (\(end - position) characters left)"
                )
            )
            return
        }
        guard let tag = twoDigits(position) else {
            let character = bytes[..<position].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) } + 1
            problems.append(
                Problem(
                    .notNumeric,
                    tag: parent < 0 ? nil : objects.path(parent),
                    "the id at character \(character) of \(place) is not two digits (\(found(position)))"
                )
            )
            return
        }
        report(.badLength, tag, in: parent) { path, _ in
            "tag \(path): the length must be two digits from 01 to 99 (\(found(position + 2)))"
        }
    }

    /// Appends a problem about the data object `tag` inside `parent`; `message` gets its path and
    /// the place it is in ("the payload", "template 38").
    @inline(never)
    private mutating func report(
        _ code: Problem.Code,
        _ tag: UInt8,
        in parent: Int32,
        severity: Problem.Severity = .error,
        _ message: (_ path: String, _ place: String) -> String
    ) {
        let path = parent < 0 ? TLV.id(tag) : objects.path(parent) + "/" + TLV.id(tag)
        let place = parent < 0 ? "the payload" : "template \(objects.path(parent))"
        problems.append(Problem(code, tag: path, severity: severity, message(path, place)))
    }
}
