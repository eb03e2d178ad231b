import Adoption
import Hummingbird
import Roster

/// A province's report as a spreadsheet for people: UTF-8 with a byte order mark (so Excel reads
/// the diacritics), lines ending CRLF, cells separated by commas and quoted when they hold a comma,
/// a quote or a line break (RFC 4180; `66,4%` is quoted), Vietnamese headers, numbers written the
/// Vietnamese way (``VietnameseNumber``): `2.535.000 đ`, `66,4%`. One line per commune in the
/// order of the ranking, then the province's line.
enum ProvinceCSV {
    static let header = [
        "Hạng", "Xã, phường", "Mã xã", "Đạt mọi tiêu chí", "Số tiêu chí đạt", "Chợ: quầy treo mã QR", "Trường học thu qua mã QR",
        "Cơ sở y tế thu qua mã QR", "Phí thu không dùng tiền mặt", "Tỷ lệ quầy treo mã QR", "Quầy treo mã QR", "Quầy đang hoạt động",
        "Tỷ lệ biên lai không dùng tiền mặt", "Biên lai không dùng tiền mặt", "Tổng số biên lai", "Tỷ lệ tiền thu không dùng tiền mặt",
        "Tiền thu không dùng tiền mặt", "Tổng tiền thu",
    ]

    /// The criteria the columns show, in order: met, not met, or none of that kind.
    static let criteria = ["market_equipped", "schools_collect_by_qr", "clinics_collect_by_qr", "fees_cashless"]

    static func text(_ report: ProvinceReport) -> String {
        var lines = [header.map(CSVTable.cell).joined(separator: ",")]
        for ranked in report.communes {
            let tally = ranked.tally
            let met = criteria.map { id in tally.meets(id).map { $0 ? "Đạt" : "Chưa đạt" } ?? "Không có" }
            lines.append(
                line(
                    [
                        String(ranked.rank), tally.name, String(tally.communeId), tally.meetsAll ? "Có" : "Không",
                        "\(tally.criteriaMet)/\(tally.criteria.count)",
                    ]
                        + met + shares(tally.equipped, tally.cashlessByCount, tally.cashlessByValue)
                )
            )
        }
        let meeting =
            "\(VietnameseNumber.grouped(Int64(report.meetingAll.numerator)))/\(VietnameseNumber.grouped(Int64(report.meetingAll.denominator))) xã"
        lines.append(
            line(
                ["", "Toàn tỉnh", "", meeting, ""] + Array(repeating: "", count: criteria.count)
                    + shares(report.equipped, report.cashlessByCount, report.cashlessByValue)
            )
        )
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    /// The share columns: each share as a percent, then its counts (amounts in đồng).
    private static func shares(_ equipped: Share, _ byCount: Share, _ byValue: Share) -> [String] {
        func count(_ value: Int) -> String { VietnameseNumber.grouped(Int64(value)) }
        func percent(_ share: Share) -> String { VietnameseNumber.percent(share) ?? "—" }
        return [
            percent(equipped), count(equipped.numerator), count(equipped.denominator),
            percent(byCount), count(byCount.numerator), count(byCount.denominator),
            percent(byValue), VietnameseNumber.dong(UInt64(byValue.numerator)), VietnameseNumber.dong(UInt64(byValue.denominator)),
        ]
    }

    private static func line(_ cells: [String]) -> String {
        cells.map(CSVTable.cell).joined(separator: ",")
    }

    /// The CSV as a download named for the province.
    static func response(_ report: ProvinceReport, provinceId: Int64) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"cashless-province-\(provinceId).csv\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text(report)))
        )
    }
}
