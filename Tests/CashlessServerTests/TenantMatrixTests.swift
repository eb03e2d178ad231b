import Foundation
import Hummingbird
import HummingbirdTesting
import Ledger
import Testing

/// Every route that needs a key, called on commune A's records with keys that may not change
/// them: another commune's, another unit's, and A's own commune key (which may read A but not change it).
@Suite("Role × tenant: every route refuses keys of another commune or unit")
struct TenantMatrixTests {
    /// What a key gets from a route.
    enum Outcome: CustomStringConvertible {
        /// 404: it is not told the record exists.
        case notFound
        /// 403: the role may not do this, or may read but not change.
        case forbidden
        /// 200 with a list in which nothing of commune A appears.
        case hidden
        /// 2xx: the key may read this.
        case allowed

        var description: String {
            switch self {
            case .notFound: "404"
            case .forbidden: "403"
            case .hidden: "200 without A's records"
            case .allowed: "2xx"
            }
        }
    }

    /// One route, the record of commune A it is called on, and what each key gets.
    struct Row {
        var route: Route
        var id: Int64
        var query = ""
        var json: String?
        var csv: String?
        var otherCommune: Outcome
        var otherUnit: Outcome
        var ownCommune: Outcome
    }

    /// Commune A (a market with a stall that has an account) and commune B (a market), and the keys.
    struct Tenants {
        var commune: Int64
        var market: Int64
        var stall: Int64
        var receipt: Int64
        var bill: Int64
        var payment: Int64
        var unitKey: Int64
        var otherCommune: HTTPFields
        var otherUnit: HTTPFields
        var ownCommune: HTTPFields
        /// Commune A's province, and keys of it and of commune B's province.
        var province: Int64
        var ownProvince: HTTPFields
        var otherProvince: HTTPFields

        init(_ app: Harness) async throws {
            (commune, market) = try await app.commune("Phường Điện Biên")
            let (communeB, marketB) = try await app.commune("Phường Nam Ngạn")
            // Commune B moves to another province (an admin may move it).
            let provinceB = try await app.call(.patch, "/v1/communes/\(communeB)", json: #"{"province": "Nghệ An"}"#).json().int("provinceId")
            province = try await app.call(.get, "/v1/communes/\(commune)").json().int("provinceId")
            stall = try await app.call(
                .post,
                "/v1/markets/\(market)/vendors",
                json:
                    #"{"stall": "Q1", "name": "Nguyễn Thị Hoà", "bank": "VCB", "account": "0011001800879", "holder": "NGUYEN THI HOA"}"#
            ).json().int("id")
            try await app.call(
                .patch,
                "/v1/units/\(market)",
                json:
                    #"{"address": "Chợ Điện Biên", "bankBin": "970436", "bankAccount": "0011009999999", "bankHolder": "BAN QUAN LY CHO"}"#
            )
            try await app.signingKey(unit: market)
            receipt = try await app.call(.post, "/v1/units/\(market)/receipts", json: TenantMatrixTests.fee).json().int("id")
            bill = try await app.call(.post, "/v1/units/\(market)/bills", json: TenantMatrixTests.bill).json().int("id")
            try await app.call(.put, "/v1/units/\(market)/callback", json: #"{"url": "https://gateway.example.vn/bien-lai"}"#)
            let bank = Bank(secret: try await app.call(.post, "/v1/units/\(market)/hook-secret").json().string("secret") ?? "")
            let notice = #"{"transactionId": "FT1", "amount": 5000, "content": "ung ho"}"#
            payment = try await app.call(.post, "/v1/hooks/bank/\(market)", headers: try bank.headers(notice), raw: notice).json().int("paymentId")
            unitKey = try await app.ledger.createKey(role: .unit, scopeId: market).key.id
            otherCommune = try await app.key(.commune, scope: communeB)
            otherUnit = try await app.key(.unit, scope: marketB)
            ownCommune = try await app.key(.commune, scope: commune)
            ownProvince = try await app.key(.province, scope: province)
            otherProvince = try await app.key(.province, scope: provinceB)
        }
    }

    /// A market fee paid in cash.
    static let fee = #"{"payerName": "Nguyễn Thị Hoà", "payerReference": "Q1", "feeType": "Phí chợ T9", "amount": 150000, "method": "cash"}"#

    /// A market's bill.
    static let bill = #"{"payerName": "Nguyễn Thị Hoà", "payerReference": "Q1", "feeType": "Phí chợ T10", "amount": 150000}"#

    /// A stall's static VietQR (the README's placard example): valid, so only the key can refuse it.
    static let payload =
        "00020101021138570010A00000072701270006970436011300110018008790208QRIBFTTA53037045802VN5924Nguyen Thi Hoa - Quay 1262070303Q1264340002vi0124Nguyễn Thị Hoà – Quầy 126304D43C"

    /// Every `/v1` route that needs a key. A route added to the router without a row here fails ``everyRouteHasARow``.
    static func rows(_ a: Tenants) -> [Row] {
        func row(
            _ method: String,
            _ path: String,
            _ id: Int64,
            query: String = "",
            json: String? = nil,
            csv: String? = nil,
            _ otherCommune: Outcome,
            _ otherUnit: Outcome,
            _ ownCommune: Outcome
        ) -> Row {
            Row(
                route: Route(method: method, path: path),
                id: id,
                query: query,
                json: json,
                csv: csv,
                otherCommune: otherCommune,
                otherUnit: otherUnit,
                ownCommune: ownCommune
            )
        }
        let status = #"{"status": "qr_displayed"}"#
        return [
            row("POST", "/v1/communes", 0, json: #"{"name": "Phường Mới", "province": "Thanh Hóa"}"#, .forbidden, .forbidden, .forbidden),
            row("GET", "/v1/communes", a.commune, .hidden, .hidden, .allowed),
            row("GET", "/v1/communes/{id}", a.commune, .notFound, .notFound, .allowed),
            row("PATCH", "/v1/communes/{id}", a.commune, json: #"{"name": "Đổi tên"}"#, .forbidden, .forbidden, .forbidden),
            row(
                "POST",
                "/v1/units",
                0,
                json: #"{"kind": "market", "name": "Chợ Mới", "communeId": \#(a.commune)}"#,
                .forbidden,
                .forbidden,
                .forbidden
            ),
            row("GET", "/v1/units", a.commune, query: "?communeId=\(a.commune)", .hidden, .hidden, .allowed),
            row("GET", "/v1/units/{id}", a.market, .notFound, .notFound, .allowed),
            row("PATCH", "/v1/units/{id}", a.market, json: #"{"name": "Đổi tên"}"#, .notFound, .notFound, .forbidden),
            row("POST", "/v1/markets/{id}/vendors", a.market, json: #"{"stall": "Q2", "name": "Trần Văn Đức"}"#, .notFound, .notFound, .forbidden),
            row("GET", "/v1/markets/{id}/vendors", a.market, .notFound, .notFound, .allowed),
            row("POST", "/v1/markets/{id}/vendors/import", a.market, csv: "stall,name\nQ3,Lê Thị Ánh\n", .notFound, .notFound, .forbidden),
            row(
                "POST",
                "/v1/markets/{id}/vendors/from-qr",
                a.market,
                json: #"{"stall": "Q4", "payload": "\#(payload)"}"#,
                .notFound,
                .notFound,
                .forbidden
            ),
            row("GET", "/v1/vendors/{id}", a.stall, .notFound, .notFound, .allowed),
            row("PATCH", "/v1/vendors/{id}", a.stall, json: #"{"name": "Đổi tên"}"#, .notFound, .notFound, .forbidden),
            row("POST", "/v1/vendors/{id}/status", a.stall, json: status, .notFound, .notFound, .forbidden),
            row("POST", "/v1/vendors/{id}/close", a.stall, .notFound, .notFound, .forbidden),
            row("GET", "/v1/vendors/{id}/history", a.stall, .notFound, .notFound, .allowed),
            row("GET", "/v1/vendors/{id}/qr.png", a.stall, .notFound, .notFound, .allowed),
            row("GET", "/v1/vendors/{id}/qr.svg", a.stall, .notFound, .notFound, .allowed),
            row("GET", "/v1/vendors/{id}/placard.pdf", a.stall, .notFound, .notFound, .allowed),
            row("GET", "/v1/markets/{id}/sheet.pdf", a.market, .notFound, .notFound, .allowed),
            row("GET", "/v1/markets/{id}/adoption", a.market, .notFound, .notFound, .allowed),
            row("GET", "/v1/communes/{id}/cashless", a.commune, .notFound, .notFound, .allowed),
            row("GET", "/v1/communes/{id}/cashless/history", a.commune, .notFound, .notFound, .allowed),
            row("POST", "/v1/keys", 0, json: #"{"role": "admin"}"#, .forbidden, .forbidden, .forbidden),
            row("GET", "/v1/keys", 0, .forbidden, .forbidden, .forbidden),
            row("POST", "/v1/keys/{id}/revoke", a.unitKey, .forbidden, .forbidden, .forbidden),
            row("POST", "/v1/signing-keys/{kid}/revoke", 0, .forbidden, .forbidden, .forbidden),
            row("POST", "/v1/units/{id}/receipts", a.market, json: TenantMatrixTests.fee, .notFound, .notFound, .forbidden),
            row("GET", "/v1/units/{id}/receipts", a.market, .notFound, .notFound, .allowed),
            row("GET", "/v1/receipts/{id}", a.receipt, .notFound, .notFound, .allowed),
            row("POST", "/v1/receipts/{id}/replace", a.receipt, json: TenantMatrixTests.fee, .notFound, .notFound, .forbidden),
            row("POST", "/v1/receipts/{id}/adjust", a.receipt, json: TenantMatrixTests.fee, .notFound, .notFound, .forbidden),
            row("GET", "/v1/receipts/{id}.pdf", a.receipt, .notFound, .notFound, .allowed),
            row("GET", "/v1/receipts/{id}.html", a.receipt, .notFound, .notFound, .allowed),
            row("POST", "/v1/units/{id}/bills", a.market, json: TenantMatrixTests.bill, .notFound, .notFound, .forbidden),
            row(
                "POST",
                "/v1/units/{id}/bills/import",
                a.market,
                csv: "payer,fee,amount\nLê Thị Ánh,Phí chợ,150000\n",
                .notFound,
                .notFound,
                .forbidden
            ),
            row("GET", "/v1/units/{id}/bills", a.market, .notFound, .notFound, .allowed),
            row("GET", "/v1/units/{id}/bills.pdf", a.market, .notFound, .notFound, .allowed),
            row("GET", "/v1/bills/{id}", a.bill, .notFound, .notFound, .allowed),
            row("GET", "/v1/bills/{id}/qr.png", a.bill, .notFound, .notFound, .allowed),
            row("POST", "/v1/bills/{id}/cancel", a.bill, json: #"{"reason": "lập nhầm"}"#, .notFound, .notFound, .forbidden),
            row("POST", "/v1/bills/{id}/link/renew", a.bill, .notFound, .notFound, .forbidden),
            row("POST", "/v1/bills/{id}/link/revoke", a.bill, .notFound, .notFound, .forbidden),
            row("GET", "/v1/bills/{id}/deliveries", a.bill, .notFound, .notFound, .allowed),
            row("POST", "/v1/bills/{id}/deliveries", a.bill, json: "{}", .notFound, .notFound, .forbidden),
            row("GET", "/v1/units/{id}/callback", a.market, .notFound, .notFound, .allowed),
            row("PUT", "/v1/units/{id}/callback", a.market, json: #"{"url": "https://khac.example.vn/x"}"#, .notFound, .notFound, .forbidden),
            row("DELETE", "/v1/units/{id}/callback", a.market, .notFound, .notFound, .forbidden),
            row("POST", "/v1/units/{id}/hook-secret", a.market, .notFound, .notFound, .forbidden),
            row(
                "POST",
                "/v1/units/{id}/statements",
                a.market,
                csv: "Ngày,Mã giao dịch,Ghi có,Nội dung\n01/10/2026,FT2,5000,x\n",
                .notFound,
                .notFound,
                .forbidden
            ),
            row("GET", "/v1/units/{id}/payments", a.market, .notFound, .notFound, .allowed),
            row(
                "POST",
                "/v1/users",
                0,
                json: #"{"username": "x", "displayName": "X", "role": "admin", "password": "0123456789"}"#,
                .forbidden,
                .forbidden,
                .forbidden
            ),
            row("GET", "/v1/users", 0, .forbidden, .forbidden, .forbidden),
            row("POST", "/v1/users/{id}/disable", 0, .forbidden, .forbidden, .forbidden),
            row("POST", "/v1/users/{id}/enable", 0, .forbidden, .forbidden, .forbidden),
            row("POST", "/v1/users/{id}/password", 0, .forbidden, .forbidden, .forbidden),
            row("GET", "/v1/communes/{id}/bank-changes", a.commune, .notFound, .notFound, .allowed),
            row("POST", "/v1/payments/{id}/match", a.payment, json: #"{"feeType": "Ủng hộ"}"#, .notFound, .notFound, .forbidden),
            row("POST", "/v1/payments/{id}/receipt", a.payment, .notFound, .notFound, .forbidden),
            row("GET", "/v1/provinces", 0, .hidden, .hidden, .allowed),
            row("GET", "/v1/provinces/{id}", a.province, .notFound, .notFound, .notFound),
            row("GET", "/v1/provinces/{id}/cashless", a.province, .notFound, .notFound, .notFound),
            row("GET", "/v1/provinces/{id}/cashless/history", a.province, .notFound, .notFound, .notFound),
        ]
    }

    /// What a key of commune A's province gets: what A's own commune key gets (it reads the
    /// commune, its units and reports, and changes nothing), and the province's own routes.
    static func ownProvinceOutcome(_ row: Row) -> Outcome {
        row.route.path.hasPrefix("/v1/provinces/") ? .allowed : row.ownCommune
    }

    /// What a key of another province gets: what another commune's key gets.
    static func otherProvinceOutcome(_ row: Row) -> Outcome {
        row.otherCommune
    }

    @Test("Every route the router registers has a row in the matrix, unless the OpenAPI document marks it public", arguments: ServerDatabase.all)
    func everyRouteHasARow(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let tenants = try await Tenants(app)
            let documented = try await app.openAPI()
            let covered = Set(Self.rows(tenants).map(\.route))
            #expect(covered.count == Self.rows(tenants).count, "one row per route")
            let missing = app.routes.subtracting(documented.publicRoutes).subtracting(documented.signedRoutes).subtracting(covered).sorted()
            #expect(missing.isEmpty, "routes that need a key but have no row in the matrix: \(missing)")
            let unknown = covered.subtracting(app.routes).sorted()
            #expect(unknown.isEmpty, "rows for routes the router does not have: \(unknown)")
        }
    }

    @Test("Keys of another commune and of another unit get 404 or 403 from every route, and change nothing", arguments: ServerDatabase.all)
    func otherTenantsRefused(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let a = try await Tenants(app)
            let before = try await Self.snapshot(app, a)
            for row in Self.rows(a) {
                try await Self.expect(row.otherCommune, from: row, with: a.otherCommune, in: app, a, "another commune's key")
                try await Self.expect(row.otherUnit, from: row, with: a.otherUnit, in: app, a, "another unit's key")
            }
            #expect(try await Self.snapshot(app, a) == before, "nothing of commune A changed")
        }
    }

    @Test("A commune's own key reads its markets and stalls but changes nothing (403)", arguments: ServerDatabase.all)
    func communeKeyReadsOnly(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let a = try await Tenants(app)
            let before = try await Self.snapshot(app, a)
            for row in Self.rows(a) {
                try await Self.expect(row.ownCommune, from: row, with: a.ownCommune, in: app, a, "the commune's own key")
            }
            #expect(try await Self.snapshot(app, a) == before, "nothing of commune A changed")
        }
    }

    @Test(
        "A province's key reads its communes, their units and reports, and changes nothing (403); another province's key gets 404",
        arguments: ServerDatabase.all
    )
    func provinceKeys(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let a = try await Tenants(app)
            let before = try await Self.snapshot(app, a)
            for row in Self.rows(a) {
                try await Self.expect(Self.ownProvinceOutcome(row), from: row, with: a.ownProvince, in: app, a, "the province's own key")
                try await Self.expect(Self.otherProvinceOutcome(row), from: row, with: a.otherProvince, in: app, a, "another province's key")
            }
            #expect(try await Self.snapshot(app, a) == before, "nothing of commune A changed")
        }
    }

    @Test(
        "Without a key, every route the OpenAPI document does not mark public answers 401 problem JSON (pages: to /login), and the public ones do not",
        arguments: ServerDatabase.all
    )
    func withoutKey(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let a = try await Tenants(app)
            let documented = try await app.openAPI()
            for route in app.routes.sorted() {
                let id =
                    route.path.contains("vendors/{id}")
                    ? a.stall
                    : route.path.contains("communes/{id}")
                        ? a.commune
                        : route.path.contains("receipts/{id}")
                            ? a.receipt
                            : route.path.contains("bills/{id}")
                                ? a.bill
                                : route.path.contains("payments/{id}") ? a.payment : a.market
                let response = try await app.client.execute(uri: route.uri(id: id), method: .init(route.method)!, headers: [:], body: nil)
                if documented.publicRoutes.contains(route) {
                    #expect(response.status != .unauthorized, "\(route)")
                } else if documented.sessionRoutes.contains(route) {
                    #expect(response.status == .seeOther && response.headers[.location] == "/login", "\(route): to the sign-in page")
                } else {
                    #expect(response.status == .unauthorized, "\(route)")
                    #expect(response.headers[.contentType] == "application/problem+json", "\(route)")
                }
            }
        }
    }

    /// Calls `row` with `key` and checks the outcome.
    static func expect(
        _ outcome: Outcome,
        from row: Row,
        with key: HTTPFields,
        in app: Harness,
        _ a: Tenants,
        _ who: String
    ) async throws {
        let uri = row.route.uri(id: row.id) + row.query
        let response = try await app.call(.init(row.route.method)!, uri, headers: key, json: row.json, csv: row.csv)
        let context = Comment(rawValue: "\(row.route) with \(who): expected \(outcome), got \(response.status.code)")
        switch outcome {
        case .notFound:
            #expect(response.status == .notFound, context)
            #expect(response.headers[.contentType] == "application/problem+json", context)
        case .forbidden:
            #expect(response.status == .forbidden, context)
            #expect(response.headers[.contentType] == "application/problem+json", context)
        case .hidden:
            #expect(response.status == .ok, context)
            let items = try response.json().objects("items")
            #expect(!items.contains { $0.int("id") == a.commune && row.route.path == "/v1/communes" }, context)
            #expect(!items.contains { $0.int("communeId") == a.commune }, context)
        case .allowed:
            #expect((200..<300).contains(response.status.code), context)
        }
    }

    /// Commune A as an admin sees it: its records, stalls (open and closed), history, units and keys.
    static func snapshot(_ app: Harness, _ a: Tenants) async throws -> [String] {
        var bodies: [String] = []
        for uri in [
            "/v1/communes?limit=500", "/v1/communes/\(a.commune)", "/v1/units?limit=500", "/v1/units/\(a.market)",
            "/v1/markets/\(a.market)/vendors?closed=any&limit=500", "/v1/vendors/\(a.stall)",
            "/v1/vendors/\(a.stall)/history", "/v1/keys?revoked=any&limit=500", "/v1/units/\(a.market)/receipts?limit=500",
            "/v1/units/\(a.market)/bills?limit=500", "/v1/units/\(a.market)/payments?limit=500",
        ] {
            let response = try await app.call(.get, uri)
            #expect(response.status == .ok, "\(uri)")
            bodies.append(response.text)
        }
        return bodies
    }
}
