import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Operations
import Testing

/// A province's report is read once and served again for a few seconds (CASHLESS_REPORT_SECONDS).
@Suite("A province's report is kept a few seconds")
struct ProvinceReportCacheTests {
    /// The cashless đồng of the province's report.
    static func cashless(_ app: Harness, _ province: Int64) async throws -> Int {
        let report = try await app.call(.get, "/v1/provinces/\(province)/cashless").json()
        return try #require((report["cashlessByValue"] as? [String: Any])?["numerator"] as? Int)
    }

    @Test(
        "kept: a receipt issued just after a read is not in the report served within the lifetime; read anew at 0 s it is",
        arguments: ServerDatabase.all
    )
    func kept(database: ServerDatabase) async throws {
        for seconds in [600, 0] {
            var limits = ServiceLimits.fresh
            limits.reportSeconds = seconds
            try await Harness.run(on: database, limits: limits) { app in
                let (province, _, _) = try await ProvinceReportRouteTests.thanhHoa(app)
                let before = try await Self.cashless(app, province)
                let school = try await app.call(.get, "/v1/units?kind=school").json().objects("items")[0].int("id")
                let receipt = try await app.call(
                    .post,
                    "/v1/units/\(school)/receipts",
                    json: #"{"payerName": "Lê Văn An", "feeType": "Học phí", "amount": 100000, "method": "qr"}"#
                )
                #expect(receipt.status == .created)
                let after = try await Self.cashless(app, province)
                #expect(after == (seconds > 0 ? before : before + 100_000), "kept for \(seconds) s")
            }
        }
    }
}
