/// An EMV merchant-presented QR payload taken apart: its data objects, every problem found in
/// them, and for a VietQR the payment fields.
///
/// Any EMV MPM payload decodes (VNPAY-QR, PIX, PromptPay, …) to the generic ``tags`` tree;
/// the VietQR fields (bank, account, service) are there when tag `38` carries the NAPAS GUID.
public struct DecodedPayload: Sendable {
    /// Which payment scheme the payload belongs to.
    public enum Scheme: String, Sendable, Hashable, Codable {
        /// NAPAS VietQR: tag `38` with GUID `A000000727`.
        case vietqr
        /// VNPAY-QR merchant code: tag `26` with GUID `A000000775`.
        case vnpayqr
        /// Any other EMV MPM payload.
        case emv
    }

    /// The payload as given.
    public let text: String
    /// Every problem found, errors and warnings, in the order found.
    public let problems: [Problem]
    public let scheme: Scheme
    /// Tag `54` in whole đồng, when the currency is VND and the amount is well-formed.
    public let amount: UInt64?
    private let objects: [DataObject]

    /// `true` when no problem is an error.
    public var isValid: Bool { !problems.hasErrors }

    /// Parses and checks `text`. With a bank directory, a VietQR's BIN is looked up (`unknown_bank`).
    public init(_ text: String, banks: BankDirectory? = nil) {
        var text = text
        text.makeContiguousUTF8()
        var problems: [Problem] = []
        var scheme = Scheme.emv
        var amount: UInt64?
        objects = text.utf8.withContiguousStorageIfAvailable { bytes in
            // The reader fills scratch space (on the stack for any payload a QR code can hold);
            // the objects found are then copied once into an array of exactly their number.
            withUnsafeTemporaryAllocation(of: DataObject.self, capacity: DataObjects.capacity(forByteCount: bytes.count)) { storage in
                withUnsafeTemporaryAllocation(of: Int32.self, capacity: 100) { rootIndex in
                    var reader = PayloadReader(bytes: bytes, storage: storage, rootIndex: rootIndex)
                    reader.read(from: 0, to: bytes.count)
                    scheme = DecodedPayload.scheme(of: reader.objects)
                    reader.lint(scheme: scheme, banks: banks)
                    (problems, amount) = (reader.problems, reader.vndAmount)
                    return Array(reader.objects.list)
                }
            }
        }!
        self.text = text
        self.problems = problems
        self.scheme = scheme
        self.amount = amount
    }

    private static func scheme(of objects: borrowing DataObjects) -> Scheme {
        if let napas = objects.find(38), let guid = objects.find(0, in: napas), objects.value(guid, is: "A000000727") {
            return .vietqr
        }
        if let vnpay = objects.find(26), let guid = objects.find(0, in: vnpay), objects.value(guid, is: "A000000775") {
            return .vnpayqr
        }
        return .emv
    }
}

// MARK: - The tree

extension DecodedPayload {
    /// The root data objects in payload order; templates carry their children.
    /// Built in one walk: the objects are in payload order, each template followed at once by
    /// its children and theirs, so a subtree is the run of objects after it.
    public var tags: [TLV] {
        var next = 0
        var roots: [TLV] = []
        while next < objects.count {
            if objects[next].parent < 0 {
                roots.append(subtree(&next))
            } else {
                next += 1  // never so: every object follows its template
            }
        }
        return roots
    }

    /// The object at `next` with its descendants; `next` moves past them.
    private func subtree(_ next: inout Int) -> TLV {
        let index = next
        let object = objects[index]
        next += 1
        var children: [TLV]?
        if object.isTemplate {
            var found: [TLV] = []
            while next < objects.count && objects[next].parent == Int32(index) { found.append(subtree(&next)) }
            children = found
        }
        return TLV(tag: object.tag, value: value(Int32(index)), children: children)
    }

    /// The value at a tag path, such as `value(at: 62, 8)` for the purpose.
    public func value(at path: UInt8...) -> Substring? {
        var parent: Int32 = -1
        for tag in path {
            guard let index = objects.find(tag, in: parent) else { return nil }
            parent = index
        }
        return value(parent)
    }

    /// ``value(at:)`` for the fields below, without the variadic array.
    private func field(_ tag: UInt8, _ child: UInt8? = nil, _ grandchild: UInt8? = nil) -> Substring? {
        guard var index = objects.find(tag) else { return nil }
        if let child {
            guard let found = objects.find(child, in: index) else { return nil }
            index = found
        }
        if let grandchild {
            guard let found = objects.find(grandchild, in: index) else { return nil }
            index = found
        }
        return value(index)
    }

    private func value(_ index: Int32) -> Substring {
        let object = objects[Int(index)]
        let utf8 = text.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: Int(object.start))
        let upper = utf8.index(lower, offsetBy: Int(object.end - object.start))
        return Substring(text.utf8[lower..<upper])  // offsets are always at character starts
    }
}

// MARK: - Fields

extension DecodedPayload {
    /// Tag `01`: static (`11`) or dynamic (`12`).
    public var initiation: Payload.Initiation? { field(1).flatMap(Payload.Initiation.init(code:)) }
    /// Tag `53`, ISO 4217 numeric (`704` for VND).
    public var currency: Substring? { field(53) }
    /// Tag `58`, ISO 3166 alpha-2 (`VN`).
    public var country: Substring? { field(58) }
    /// Tag `59`.
    public var merchantName: Substring? { field(59) }
    /// Tag `60`.
    public var merchantCity: Substring? { field(60) }
    /// `62/01`.
    public var billNumber: Substring? { field(62, 1) }
    /// `62/03`.
    public var store: Substring? { field(62, 3) }
    /// `62/05`.
    public var reference: Substring? { field(62, 5) }
    /// `62/07`.
    public var terminal: Substring? { field(62, 7) }
    /// `62/08`: the transfer content.
    public var purpose: Substring? { field(62, 8) }
    /// Tag `63` as written.
    public var crc: Substring? { field(63) }

    /// `38/01/00`, the beneficiary bank's BIN (VietQR only).
    public var bankBIN: Substring? { scheme == .vietqr ? field(38, 1, 0) : nil }
    /// `38/01/01`, the account or card number (VietQR only).
    public var account: Substring? { scheme == .vietqr ? field(38, 1, 1) : nil }
    /// `38/02` (VietQR only).
    public var service: Payload.Service? { scheme == .vietqr ? field(38, 2).flatMap(Payload.Service.init(code:)) : nil }

    /// Tag `64`, merchant information in another language.
    public var alternateLanguage: Payload.AlternateLanguage? {
        guard let language = field(64, 0), let name = field(64, 1) else { return nil }
        return Payload.AlternateLanguage(language: String(language), name: String(name), city: field(64, 2).map(String.init))
    }

    /// The VietQR fields, ready to encode again; `nil` unless this is a VietQR with a bank and an account.
    public var payload: Payload? {
        guard let bankBIN, let account else { return nil }
        func string(_ value: Substring?) -> String? { value.map(String.init) }
        return Payload(
            bankBIN: String(bankBIN),
            account: String(account),
            service: service ?? .account,
            initiation: initiation,
            amount: amount,
            merchantName: string(merchantName),
            merchantCity: string(merchantCity),
            billNumber: string(billNumber),
            store: string(store),
            reference: string(reference),
            terminal: string(terminal),
            purpose: string(purpose),
            alternateLanguage: alternateLanguage
        )
    }
}
