import Adoption
import Foundation
import Testing

@testable import CashlessServer

@Suite("The province report's JSON, written directly")
struct ProvinceJSONTests {
    @Test("it decodes to the same document JSONEncoder makes of the report, names with quotes, slashes and control characters included")
    func sameAsEncoder() throws {
        let criteria = [
            Criterion(
                id: "market_equipped",
                title: "Chợ \"Điện Biên\": quầy treo mã QR",
                unitId: 7,
                value: Share(2, of: 3),
                target: 0.7,
                met: false,
                computedFrom: "2 quầy / 3 quầy"
            ),
            Criterion(
                id: "fees_cashless",
                title: "Tỷ lệ phí\\lệ phí\n\t\u{1}",
                unitId: nil,
                value: .empty,
                target: 0.7,
                met: false,
                computedFrom: "a/b"
            ),
        ]
        let report = ProvinceReport(communes: [
            CommuneTally(
                communeId: 1,
                name: "Phường Điện Biên",
                criteria: criteria,
                equipped: Share(2, of: 3),
                cashlessByCount: Share(1, of: 2),
                cashlessByValue: Share(2_535_000, of: 3_820_000)
            ),
            CommuneTally(communeId: 2, name: "Xã </script> \"Q\"", criteria: [], equipped: .empty, cashlessByCount: .empty, cashlessByValue: .empty),
        ])
        let view = ProvinceController.CashlessView(provinceId: 3, province: "Thanh Hóa / tỉnh", report: report)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = try JSONSerialization.jsonObject(with: try encoder.encode(view)) as? NSDictionary
        let written = ProvinceJSON.text(view)
        let actual = try JSONSerialization.jsonObject(with: Data(written.utf8)) as? NSDictionary
        #expect(actual != nil && actual == expected)
        #expect(written.contains("\"province\":\"Thanh Hóa / tỉnh\""), "slashes are not escaped, as the API's encoder does not")
    }
}
