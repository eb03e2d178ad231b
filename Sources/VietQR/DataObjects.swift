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
/// bytes can hold, so reading allocates nothing: a decode is one walk into one array. The
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
    init(bytes: UnsafeBufferPointer<UInt8>, storage: UnsafeMutableBufferPointer<DataObject>,
         rootIndex: UnsafeMutableBufferPointer<Int32>) {
        precondition(storage.count >= DataObjects.capacity(forByteCount: bytes.count), "storage too small")
        precondition(rootIndex.count >= 100, "one entry per id")
        self.bytes = bytes
        self.storage = storage
        self.rootIndex = rootIndex
        rootIndex.update(repeating: -1)
    }

    /// The objects read, in payload order.
    var list: UnsafeBufferPointer<DataObject> { UnsafeBufferPointer(rebasing: storage[..<count]) }

    /// The index of the data object `tag` directly inside `parent` (the root by default).
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

    /// Whether the value is exactly `text`.
    func value(_ index: Int32, is text: StaticString) -> Bool {
        let object = storage[Int(index)]
        let count = text.utf8CodeUnitCount
        guard Int(object.end - object.start) == count, let base = bytes.baseAddress else { return false }
        // Eight bytes at a time (the expected values are 2–10 bytes), then byte by byte.
        let value = UnsafeRawPointer(base + Int(object.start)), expected = UnsafeRawPointer(text.utf8Start)
        var offset = 0
        while count - offset >= 8 {
            if value.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                != expected.loadUnaligned(fromByteOffset: offset, as: UInt64.self) { return false }
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
    private let ascii: Bool

    /// A reader of `bytes` that puts the objects in `storage`, which must have room for
    /// ``DataObjects/capacity(forByteCount:)`` of them; `rootIndex` is scratch space for 100 ids.
    init(bytes: UnsafeBufferPointer<UInt8>, storage: UnsafeMutableBufferPointer<DataObject>,
         rootIndex: UnsafeMutableBufferPointer<Int32>) {
        objects = DataObjects(bytes: bytes, storage: storage, rootIndex: rootIndex)
        ascii = PayloadReader.isASCII(bytes)
    }

    /// Reads the data objects in `[start, end)` inside `parent`. A structural problem ends the
    /// level: what was read before it is kept.
    mutating func read(from start: Int, to end: Int, in parent: Int32 = DataObjects.root) {
        let bytes = objects.bytes
        var seen = (low: UInt64(0), high: UInt64(0))
        var position = start
        func tagPath(_ tag: UInt8) -> String {
            parent < 0 ? TLV.id(tag) : objects.path(parent) + "/" + TLV.id(tag)
        }
        func place() -> String { parent < 0 ? "the payload" : "template \(objects.path(parent))" }
        func found(_ offset: Int) -> String {
            "found '" + String(decoding: bytes[offset..<min(offset + 4, end)], as: UTF8.self) + "'"
        }
        while position < end {
            guard end - position >= 4 else {
                problems.append(Problem(.truncated, tag: parent < 0 ? nil : objects.path(parent),
                    "\(place()) ends inside a data object's id and length (\(end - position) characters left)"))
                return
            }
            guard let tag = twoDigits(position) else {
                problems.append(Problem(.notNumeric, tag: parent < 0 ? nil : objects.path(parent),
                    "the id at character \(characters(before: position) + 1) of \(place()) is not two digits (\(found(position)))"))
                return
            }
            guard let length = twoDigits(position + 2), length > 0 else {
                problems.append(Problem(.badLength, tag: tagPath(tag),
                    "tag \(tagPath(tag)): the length must be two digits from 01 to 99 (\(found(position + 2)))"))
                return
            }
            let valueStart = position + 4
            guard let valueEnd = advance(valueStart, characters: Int(length), limit: end) else {
                problems.append(Problem(.truncated, tag: tagPath(tag),
                    "tag \(tagPath(tag)) declares \(length) characters but \(place()) ends first"))
                return
            }
            let bit = UInt64(1) << UInt64(tag & 63)
            if tag < 64 ? seen.low & bit != 0 : seen.high & bit != 0 {
                problems.append(Problem(.duplicateTag, tag: tagPath(tag), "tag \(tagPath(tag)) appears more than once"))
            }
            if tag < 64 { seen.low |= bit } else { seen.high |= bit }

            let index = Int32(objects.count)
            let strictness = templateStrictness(of: tag, in: parent)
            objects.append(DataObject(tag: tag, isTemplate: strictness != nil, parent: parent,
                                      start: Int32(valueStart), end: Int32(valueEnd)))
            switch strictness {
            case nil: break
            case .required?: read(from: valueStart, to: valueEnd, in: index)
            case .lenient?:
                let problemCount = problems.count
                read(from: valueStart, to: valueEnd, in: index)
                if problems[problemCount...].contains(where: { $0.severity == .error }) {
                    problems.removeSubrange(problemCount...)
                    objects.removeAll(from: Int(index + 1))
                    objects.clearTemplate(index)
                    problems.append(Problem(.notTemplate, tag: tagPath(tag), severity: .warning,
                        "tag \(tagPath(tag)) is an unreserved template but its value is not TLV; kept as text"))
                }
            }
            position = valueEnd
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

    private func twoDigits(_ offset: Int) -> UInt8? {
        let high = objects.bytes[offset] &- 0x30, low = objects.bytes[offset + 1] &- 0x30
        guard high < 10, low < 10 else { return nil }
        return high * 10 + low
    }

    /// The byte offset `characters` Unicode scalars after `offset`, or `nil` past `limit`.
    private func advance(_ offset: Int, characters: Int, limit: Int) -> Int? {
        if ascii { return offset + characters <= limit ? offset + characters : nil }
        var position = offset
        for _ in 0..<characters {
            guard position < limit else { return nil }
            let lead = objects.bytes[position]
            position += lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        }
        return position <= limit ? position : nil
    }

    private func characters(before offset: Int) -> Int {
        objects.bytes[..<offset].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    /// Whether every byte is below 0x80, eight at a time.
    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0, high: UInt64 = 0
        let raw = UnsafeRawBufferPointer(bytes)
        while index + 8 <= bytes.count {
            high |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < bytes.count { high |= UInt64(bytes[index]); index += 1 }
        return high & 0x8080_8080_8080_8080 == 0
    }
}
