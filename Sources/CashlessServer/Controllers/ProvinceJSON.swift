import Adoption
import Hummingbird

/// A province's report as JSON, written directly: the same document ``ProvinceController/CashlessView``
/// encodes (keys sorted, slashes not escaped, nil `unitId` left out), several times faster than
/// `JSONEncoder` for a province of hundreds of communes, whose encoding was most of the route's
/// time. A test checks both decode to the same value.
struct ProvinceJSON {
    private var text = ""

    /// `view` as JSON text.
    static func text(_ view: ProvinceController.CashlessView) -> String {
        var writer = ProvinceJSON()
        writer.text.reserveCapacity(800 * view.report.communes.count + 400)
        let report = view.report
        writer.text += "{\"cashlessByCount\":"
        writer.share(report.cashlessByCount)
        writer.text += ",\"cashlessByValue\":"
        writer.share(report.cashlessByValue)
        writer.text += ",\"communeCount\":\(report.communes.count),\"communes\":["
        for (index, ranked) in report.communes.enumerated() {
            if index > 0 { writer.text += "," }
            writer.commune(ranked)
        }
        writer.text += "],\"equipped\":"
        writer.share(report.equipped)
        writer.text += ",\"meetingAll\":"
        writer.share(report.meetingAll)
        writer.text += ",\"province\":"
        writer.string(view.province)
        writer.text += ",\"provinceId\":\(view.provinceId)}"
        return writer.text
    }

    /// `view` as a JSON response.
    static func response(_ view: ProvinceController.CashlessView) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text(view)))
        )
    }

    /// A ``ProvinceController/CommuneLine``.
    private mutating func commune(_ ranked: RankedCommune) {
        let tally = ranked.tally
        text += "{\"cashlessByCount\":"
        share(tally.cashlessByCount)
        text += ",\"cashlessByValue\":"
        share(tally.cashlessByValue)
        text += ",\"commune\":"
        string(tally.name)
        text += ",\"communeId\":\(tally.communeId),\"criteria\":["
        for (index, criterion) in tally.criteria.enumerated() {
            if index > 0 { text += "," }
            self.criterion(criterion)
        }
        text += "],\"criteriaMet\":\(tally.criteriaMet),\"equipped\":"
        share(tally.equipped)
        text += ",\"met\":\(tally.meetsAll),\"rank\":\(ranked.rank)}"
    }

    /// A ``Criterion``, as its synthesized `Encodable` writes it.
    private mutating func criterion(_ criterion: Criterion) {
        text += "{\"computedFrom\":"
        string(criterion.computedFrom)
        text += ",\"id\":"
        string(criterion.id)
        text += ",\"met\":\(criterion.met),\"target\":\(criterion.target),\"title\":"
        string(criterion.title)
        if let unit = criterion.unitId { text += ",\"unitId\":\(unit)" }
        text += ",\"value\":"
        share(criterion.value)
        text += "}"
    }

    /// A ``Share``, as its `Encodable` writes it: the value rounded to 4 decimals, or null.
    private mutating func share(_ share: Share) {
        text += "{\"denominator\":\(share.denominator),\"numerator\":\(share.numerator),\"value\":"
        if let value = share.value { text += "\((value * 10_000).rounded() / 10_000)" } else { text += "null" }
        text += "}"
    }

    /// A JSON string: quotes, backslashes and control characters escaped.
    private mutating func string(_ value: String) {
        // Names and titles seldom hold anything to escape: appended whole.
        guard value.utf8.contains(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }) else {
            text += "\"" + value + "\""
            return
        }
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
