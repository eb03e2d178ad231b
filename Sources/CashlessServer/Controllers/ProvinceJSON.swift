import Adoption
import Hummingbird

/// A province's report as JSON, written directly into UTF-8 bytes: the same document
/// ``ProvinceController/CashlessView`` encodes (keys sorted, slashes not escaped, a nil `unitId`
/// left out), several times faster than `JSONEncoder` for a province of hundreds of communes, whose
/// encoding was most of the route's time. A test checks both decode to the same value.
struct ProvinceJSON {
    /// The UTF-8 written so far.
    private var bytes: [UInt8] = []

    /// `view` as JSON text.
    static func text(_ view: ProvinceController.CashlessView) -> String {
        String(decoding: utf8(view), as: UTF8.self)
    }

    /// `view` as a JSON response.
    static func response(_ view: ProvinceController.CashlessView) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: utf8(view)))
        )
    }

    /// `view` as JSON, in UTF-8.
    static func utf8(_ view: ProvinceController.CashlessView) -> [UInt8] {
        var json = ProvinceJSON()
        let report = view.report
        json.bytes.reserveCapacity(800 * report.communes.count + 400)
        json.write("{\"cashlessByCount\":")
        json.share(report.cashlessByCount)
        json.write(",\"cashlessByValue\":")
        json.share(report.cashlessByValue)
        json.write(",\"communeCount\":")
        json.integer(report.communes.count)
        json.write(",\"communes\":[")
        for (index, ranked) in report.communes.enumerated() {
            if index > 0 { json.write(",") }
            json.commune(ranked)
        }
        json.write("],\"equipped\":")
        json.share(report.equipped)
        json.write(",\"meetingAll\":")
        json.share(report.meetingAll)
        json.write(",\"province\":")
        json.string(view.province)
        json.write(",\"provinceId\":")
        json.integer(view.provinceId)
        json.write("}")
        return json.bytes
    }

    /// A ``ProvinceController/CommuneLine``.
    private mutating func commune(_ ranked: RankedCommune) {
        let tally = ranked.tally
        write("{\"cashlessByCount\":")
        share(tally.cashlessByCount)
        write(",\"cashlessByValue\":")
        share(tally.cashlessByValue)
        write(",\"commune\":")
        string(tally.name)
        write(",\"communeId\":")
        integer(tally.communeId)
        write(",\"criteria\":[")
        for (index, criterion) in tally.criteria.enumerated() {
            if index > 0 { write(",") }
            self.criterion(criterion)
        }
        write("],\"criteriaMet\":")
        integer(tally.criteriaMet)
        write(",\"equipped\":")
        share(tally.equipped)
        write(tally.meetsAll ? ",\"met\":true,\"rank\":" : ",\"met\":false,\"rank\":")
        integer(ranked.rank)
        write("}")
    }

    /// A ``Criterion``, as its synthesized `Encodable` writes it.
    private mutating func criterion(_ criterion: Criterion) {
        write("{\"computedFrom\":")
        string(criterion.computedFrom)
        write(",\"id\":")
        string(criterion.id)
        write(criterion.met ? ",\"met\":true,\"target\":" : ",\"met\":false,\"target\":")
        write("\(criterion.target)")
        write(",\"title\":")
        string(criterion.title)
        if let unit = criterion.unitId {
            write(",\"unitId\":")
            integer(unit)
        }
        write(",\"value\":")
        share(criterion.value)
        write("}")
    }

    /// A ``Share``, as its `Encodable` writes it: the value rounded to 4 decimals, or null.
    private mutating func share(_ share: Share) {
        write("{\"denominator\":")
        integer(share.denominator)
        write(",\"numerator\":")
        integer(share.numerator)
        write(",\"value\":")
        if let value = share.value { write("\((value * 10_000).rounded() / 10_000)") } else { write("null") }
        write("}")
    }

    /// A JSON string: quotes, backslashes and control characters escaped.
    private mutating func string(_ value: String) {
        write("\"")
        // Names and titles seldom hold anything to escape: appended whole.
        guard value.utf8.contains(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }) else {
            write(value)
            write("\"")
            return
        }
        for byte in value.utf8 {
            switch byte {
            case 0x22: write("\\\"")
            case 0x5C: write("\\\\")
            case 0x0A: write("\\n")
            case 0x0D: write("\\r")
            case 0x09: write("\\t")
            case ..<0x20:
                let hex = String(byte, radix: 16)
                write("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: bytes.append(byte)
            }
        }
        write("\"")
    }

    /// A whole number in decimal.
    private mutating func integer(_ value: some BinaryInteger) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
    }

    /// `text` as it is (already JSON).
    private mutating func write(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }
}
