import Accounts
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import ReadBack
import Testing

/// A browser's part in the page tests: its cookies and the last form token it saw.
struct Browser {
    let app: Harness
    var cookies: [String: String] = [:]

    var headers: HTTPFields {
        var fields: HTTPFields = [:]
        if !cookies.isEmpty { fields[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        return fields
    }

    /// A GET, keeping the cookies the answer sets.
    mutating func get(_ uri: String) async throws -> TestResponse {
        keep(try await app.call(.get, uri, headers: headers))
    }

    /// A form post (urlencoded), keeping the cookies.
    mutating func post(_ uri: String, _ fields: [(String, String)]) async throws -> TestResponse {
        let body = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        var fields = headers
        fields[.contentType] = "application/x-www-form-urlencoded"
        return keep(try await app.call(.post, uri, headers: fields, raw: body))
    }

    /// A multipart post with one CSV file.
    mutating func upload(_ uri: String, csrf: String, file: String, name: String = "stalls.csv") async throws -> TestResponse {
        try await upload(uri, csrf: csrf, bytes: Array(file.utf8), field: "file", name: name, type: "text/csv")
    }

    /// A multipart post with one file of any kind (and the form token when given).
    mutating func upload(_ uri: String, csrf: String?, bytes: [UInt8], field: String, name: String, type: String) async throws -> TestResponse {
        let boundary = "----cashless\(UUID().uuidString)"
        var body = ByteBuffer()
        if let csrf { body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n") }
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(name)\"\r\nContent-Type: \(type)\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        var fields = headers
        fields[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return keep(try await app.client.execute(uri: uri, method: .post, headers: fields, body: body))
    }

    /// Signs in as `username` with `password`; the answer of the form post.
    mutating func signIn(_ username: String, _ password: String) async throws -> TestResponse {
        let form = try await get("/login")
        return try await post("/login", [("_csrf", try Self.csrf(in: form.text)), ("username", username), ("password", password)])
    }

    /// The anti-forgery token of the page's first form.
    static func csrf(in page: String) throws -> String {
        try #require(page.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1).description
    }

    /// The one-time token of the page's form that posts to `action`.
    static func once(in page: String, action: String) throws -> String {
        let form = try #require(page.range(of: "action=\"\(action)\""), "no form posts to \(action)")
        let rest = page[form.upperBound...]
        let end = rest.range(of: "</form>")?.lowerBound ?? rest.endIndex
        return try #require(rest[..<end].firstMatch(of: /name="_once" value="([^"]+)"/)?.1, "the form to \(action) has no one-time token")
            .description
    }

    private mutating func keep(_ response: TestResponse) -> TestResponse {
        for field in response.headers where field.name == .setCookie {
            let pair = field.value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            if pair[1].isEmpty { cookies[String(pair[0])] = nil } else { cookies[String(pair[0])] = String(pair[1]) }
        }
        return response
    }
}

extension Harness {
    /// A user of the pages with this password.
    @discardableResult
    func user(_ username: String, role: APIKey.Role, scope: Int64?, password: String = "mật-khẩu-dài-2026") async throws -> User {
        try await ledger.createUser(
            NewUser(username: username, displayName: "Nguyễn Thị Hoà", role: role, scopeId: scope),
            passwordHash: try PasswordHash(password: password).description
        )
    }
}

@Suite("Web pages: signing in, the market board")
struct PageTests {
    @Test("signing in sets a session cookie (HttpOnly, SameSite=Lax) and goes to the market; signing out ends it", arguments: ServerDatabase.all)
    func signIn(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let (_, market) = try await app.commune()
            try await app.user("ban.quan.ly", role: .unit, scope: market)
            var browser = Browser(app: app)
            let login = try await browser.get("/login")
            #expect(login.status == .ok)
            #expect(login.text.contains("<label for=\"password\">Mật khẩu</label>"))
            let answer = try await browser.signIn("ban.quan.ly", "mật-khẩu-dài-2026")
            #expect(answer.status == .seeOther)
            let cookie = try #require(answer.headers[values: .setCookie].first { $0.hasPrefix("cashless_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
            #expect(cookie.contains("Secure"), "the harness's public URL is https")
            let home = try await browser.get("/")
            #expect(home.status == .seeOther && home.headers[.location] == "/markets/\(market)")
            let page = try await browser.get("/markets/\(market)")
            #expect(page.status == .ok)
            #expect(page.text.contains("Đăng xuất"))
            let out = try await browser.post("/logout", [("_csrf", try Browser.csrf(in: page.text))])
            #expect(out.status == .seeOther && out.headers[.location] == "/login")
            #expect(try await browser.get("/markets/\(market)").headers[.location] == "/login")
        }
    }

    @Test("a wrong password is refused; five lock the user out, even from the right password", arguments: ServerDatabase.all)
    func lockout(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            try await app.user("thu.quy", role: .admin, scope: nil)
            var browser = Browser(app: app)
            let wrong = try await browser.signIn("thu.quy", "sai-mật-khẩu")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("Sai tên đăng nhập hoặc mật khẩu."))
            for _ in 2...5 { _ = try await browser.signIn("thu.quy", "sai-mật-khẩu") }
            let locked = try await browser.signIn("thu.quy", "mật-khẩu-dài-2026")
            #expect(locked.status == .tooManyRequests)
            #expect(locked.text.contains("tạm khóa"))
            #expect(browser.cookies["cashless_session"] == nil)
            // A form posted without the sign-in page's cookie is refused.
            var forger = Browser(app: app)
            let forged = try await forger.post("/login", [("_csrf", "x"), ("username", "thu.quy"), ("password", "y")])
            #expect(forged.status == .forbidden)
        }
    }

    @Test(
        "the market board adds a stall, uploads a survey (every bad row shown, nothing saved), registers one from its QR, and prints it",
        arguments: ServerDatabase.all
    )
    func marketBoard(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let (_, market) = try await app.commune()
            try await app.user("ban.quan.ly", role: .unit, scope: market)
            var browser = Browser(app: app)
            _ = try await browser.signIn("ban.quan.ly", "mật-khẩu-dài-2026")
            var page = try await browser.get("/markets/\(market)")
            let csrf = try Browser.csrf(in: page.text)
            let stall = [
                ("stall", "Q7"), ("name", "<script>alert(1)</script> Trần Văn Đức"), ("bank", "VCB"),
                ("account", "0011001800879"), ("holder", "TRAN VAN DUC"),
            ]
            #expect(try await browser.post("/markets/\(market)/stalls", stall).status == .forbidden, "no form token")
            let added = try await browser.post("/markets/\(market)/stalls", [("_csrf", csrf)] + stall)
            #expect(added.status == .seeOther)
            page = try await browser.get(try #require(added.headers[.location]))
            #expect(page.text.contains("Đã thêm quầy Q7"))
            #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt; Trần Văn Đức"))
            #expect(!page.text.contains("<script>alert(1)</script>"))

            let bad = try await browser.upload(
                "/markets/\(market)/import",
                csrf: csrf,
                file: "Quầy,Họ tên,Ngân hàng,Số tài khoản,Chủ tài khoản\nQ8,Lê Thị Ánh,VCB,0011001800880,LE THI ANH\nQ9,,XYZ,,\n"
            )
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("dòng 3"))
            #expect(!bad.text.contains("Lê Thị Ánh"), "nothing of the bad file was saved")
            let good = try await browser.upload(
                "/markets/\(market)/import",
                csrf: csrf,
                file: "Quầy,Họ tên,Ngân hàng,Số tài khoản,Chủ tài khoản\nQ8,Lê Thị Ánh,VCB,0011001800880,LE THI ANH\n"
            )
            #expect(good.status == .seeOther)
            #expect(try await browser.get(good.headers[.location]!).text.contains("1 quầy mới"))
            // A notice in a link someone else made is not shown on the signed-in page; the form's own is sealed to this session.
            let forged = "Tài khoản của chợ đã đổi sang 9999999999, hãy chuyển vào đó"
            let phishing = try await browser.get("/markets/\(market)?notice=" + forged.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            #expect(!phishing.text.contains("9999999999"))
            let resealed = good.headers[.location]!.replacingOccurrences(of: "1%20qu", with: "9%20qu")
            #expect(!(try await browser.get(resealed).text.contains("9 quầy mới")), "a notice changed after it was sealed")

            let qr = try await browser.post(
                "/markets/\(market)/from-qr",
                [("_csrf", csrf), ("stall", "Q12"), ("payload", TenantMatrixTests.payload)]
            )
            #expect(qr.status == .seeOther)
            page = try await browser.get("/markets/\(market)?status=qr_displayed")
            #expect(page.text.contains("Nguyễn Thị Hoà"))
            #expect(!page.text.contains("Lê Thị Ánh"), "the filter shows only stalls displaying their code")
            #expect(page.text.contains("1/3 quầy — 33%"))
            #expect(page.text.utf8.count < 100_000)
            // The search box sends "lê thị" as a page form does: its space as '+'.
            page = try await browser.get("/markets/\(market)?search=l%C3%AA+th%E1%BB%8B")
            #expect(page.text.contains("Lê Thị Ánh"))
            #expect(!page.text.contains("Trần Văn Đức"), "the search shows only the stalls it finds")

            let sheet = try await browser.get("/markets/\(market)/sheet.pdf")
            #expect(sheet.headers[.contentType] == "application/pdf")
            let folder = try ScratchDirectory()
            let text = try Poppler.text(pdfAt: try folder.write(Array(sheet.body.readableBytesView), to: "sheet.pdf")).joined()
            #expect(text.contains("Lê Thị Ánh") && text.contains("Q7"))
        }
    }

    @Test("a commune officer may read a market's page but not change it; another market's board sees nothing", arguments: ServerDatabase.all)
    func access(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let (commune, market) = try await app.commune()
            let (_, other) = try await app.commune("Phường Nam Ngạn")
            try await app.user("can.bo", role: .commune, scope: commune)
            try await app.user("cho.khac", role: .unit, scope: other)
            var officer = Browser(app: app)
            _ = try await officer.signIn("can.bo", "mật-khẩu-dài-2026")
            let page = try await officer.get("/markets/\(market)")
            #expect(page.status == .ok)
            let csrf = try Browser.csrf(in: page.text)
            #expect(try await officer.post("/markets/\(market)/stalls", [("_csrf", csrf), ("stall", "Q1"), ("name", "A")]).status == .forbidden)
            var stranger = Browser(app: app)
            _ = try await stranger.signIn("cho.khac", "mật-khẩu-dài-2026")
            #expect(try await stranger.get("/markets/\(market)").status == .notFound)
        }
    }
}
