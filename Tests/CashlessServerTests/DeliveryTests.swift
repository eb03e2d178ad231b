import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Operations
import ReadBack
import Testing

/// A value set inside a closure and read after it.
final class SecretBox: @unchecked Sendable {
    var value = ""
}

/// A bill with the payer's contacts, paid by a signed bank notification.
struct ContactedBill {
    let school: Int64
    let bill: [String: Any]
    let bank: Bank
    /// The notification that paid it, to send again.
    let notification: String
    let receiptId: Int64

    var billId: Int64 { bill.int("id") }

    static let email = "binh.le@example.vn"
    static let phone = "0912 345 678"

    /// A school, a bill of 1,250,000 đồng for Lê Văn Bình with `email` and `phone`, and the
    /// bank's notification of its transfer.
    static func make(
        _ app: Harness,
        email: String? = Self.email,
        phone: String? = nil,
        before: (Int64) async throws -> Void = { _ in }
    ) async throws
        -> ContactedBill
    {
        let school = try await app.school()
        try await before(school)
        let contacts = [email.map { #""payerEmail": "\#($0)""# }, phone.map { #""payerPhone": "\#($0)""# }].compactMap { $0 }
        let bill = try await app.call(
            .post,
            "/v1/units/\(school)/bills",
            json:
                #"{"payerName": "Lê Văn Bình", "payerReference": "HS0042 3A", "feeType": "Học phí tháng 9", "amount": 1250000, \#(contacts.joined(separator: ", "))}"#
        ).json()
        let secret = try await app.call(.post, "/v1/units/\(school)/hook-secret").json()
        let bank = Bank(secret: try #require(secret.string("secret")))
        let code = try #require(bill.string("code")).replacingOccurrences(of: " ", with: "")
        let body =
            #"{"transactionId": "FT26273001", "amount": 1250000, "content": "MBVCB.1234567.\#(code).LE VAN BINH chuyen tien", "payerName": "LE VAN BINH"}"#
        let answer = try await app.call(.post, "/v1/hooks/bank/\(school)", headers: try bank.headers(body), raw: body)
        #expect(answer.status == .ok)
        let receiptId = try answer.json().int("receiptId")
        #expect(receiptId > 0, "the notification paid the bill and issued its receipt")
        return ContactedBill(school: school, bill: bill, bank: bank, notification: body, receiptId: receiptId)
    }

    /// The bill's delivery log, as the API gives it.
    func deliveries(_ app: Harness) async throws -> [[String: Any]] {
        try await app.call(.get, "/v1/bills/\(billId)/deliveries").json().objects("items")
    }
}

/// A self-signed certificate for `localhost`, made by openssl, for a mail server that requires STARTTLS.
struct TestCertificate {
    let folder: ScratchDirectory
    var certificate: String { folder.url.appendingPathComponent("cert.pem").path }
    var key: String { folder.url.appendingPathComponent("key.pem").path }

    init() throws {
        folder = try ScratchDirectory()
        let made = try ReadBack.run(
            "openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost", "-keyout", folder.url.appendingPathComponent("key.pem").path,
                "-out", folder.url.appendingPathComponent("cert.pem").path,
            ]
        )
        guard made.status == 0 else { throw ToolFailure(command: "openssl req", reason: made.errors) }
    }
}

@Suite("Deliveries by email: a real SMTP server (aiosmtpd) reads what was sent", .enabled(if: SMTPSink.enabled), .serialized)
struct EmailDeliveryTests {
    @Test(
        "a bill paid by the bank is emailed once, over STARTTLS with AUTH: Vietnamese subject, the payer's link, the receipt PDF whose seal `cashless receipt verify` accepts",
        arguments: ServerDatabase.all
    )
    func emailed(database: ServerDatabase) async throws {
        let tls = try TestCertificate()
        let sink = try SMTPSink(tls: (tls.certificate, tls.key), auth: "thu:matkhau-2026")
        let smtp = "smtp://thu:matkhau-2026@localhost:\(sink.port)?from=thu@truong.edu.vn&tls=require&ca=\(tls.certificate)"
        try await Harness.run(on: database, smtp: smtp, deliveries: .seconds(30)) { app in
            let paid = try await ContactedBill.make(app)
            let sent = try await eventually { try await paid.deliveries(app).first?.string("status") == "sent" }
            let lastError = try await paid.deliveries(app).first?.string("lastError") ?? "none"
            #expect(sent, "last error: \(lastError)")
            let messages = sink.messages
            try #require(messages.count == 1)
            let message = messages[0]
            let receipt = try await app.call(.get, "/v1/receipts/\(paid.receiptId)").json()
            let number = String(repeating: "0", count: 7 - String(receipt.int("number")).count) + String(receipt.int("number"))
            let series = try #require(receipt.string("series"))
            #expect(message.subject == "Biên lai điện tử \(series) \(number) — Trường Tiểu học Điện Biên")
            #expect((message.summary["rawSubject"] as? String)?.hasPrefix("=?UTF-8?B?") == true, "the subject is RFC 2047 encoded on the wire")
            #expect((message.summary["longestLine"] as? Int ?? 999) <= 78)
            #expect((message.summary["defects"] as? [String])?.isEmpty == true, "Python's parser found no defect")
            #expect(message.summary["tls"] as? Bool == true && message.summary["authenticated"] as? Bool == true)
            #expect(message.summary["mailFrom"] as? String == "thu@truong.edu.vn")
            let deliveryId = try await paid.deliveries(app).first?.int("id") ?? -1
            #expect((message.summary["messageId"] as? String)?.hasPrefix("<delivery-\(deliveryId).") == true, "a Message-ID kept across attempts")
            #expect(message.summary["rcptTo"] as? [String] == [ContactedBill.email])
            #expect((message.summary["to"] as? String)?.contains("Lê Văn Bình <binh.le@example.vn>") == true)
            #expect((message.summary["from"] as? String)?.contains("Trường Tiểu học Điện Biên <thu@truong.edu.vn>") == true)
            let payUrl = try #require(paid.bill.string("payUrl"))
            for expected in [
                payUrl, "Kính gửi Lê Văn Bình", "Học phí tháng 9", "1.250.000 đ", "Một triệu hai trăm năm mươi nghìn đồng",
                "https://thu.example.vn/verify?c=BL1",
            ] {
                #expect(message.text.contains(expected), "the text has \(expected)")
            }
            let attachment = try #require(message.attachments.first)
            #expect(attachment["filename"] as? String == "bien-lai-\(series)-\(number).pdf")
            #expect(attachment["contentType"] as? String == "application/pdf")
            let pdf = try #require(message.files["bien-lai-\(series)-\(number).pdf"])
            let text = try Poppler.text(pdfAt: pdf).joined(separator: "\n")
            #expect(text.contains(number) && text.contains("Lê Văn Bình"), "pdftotext reads the receipt number and the payer")
            let folder = try ScratchDirectory()
            let trust = try folder.write(Array(try await app.call(.get, "/v1/trust-list", headers: [:]).body.readableBytesView), to: "trust.json")
            let verify = try ReadBack.run(ServerProcess.executable.path, ["receipt", "verify", pdf, "--trust", trust])
            #expect(verify.status == 0, "\(verify.text)\(verify.errors)")
            #expect(verify.text.contains("Receipt: valid"))
            #expect(verify.text.contains("Lê Văn Bình"))

            // Nothing more is sent: the sender finds nothing due, and the bank's notification sent again changes nothing.
            #expect(try await app.sender.sendDue().isEmpty)
            let replay = try await app.call(
                .post,
                "/v1/hooks/bank/\(paid.school)",
                headers: try paid.bank.headers(paid.notification),
                raw: paid.notification
            )
            #expect(try replay.json()["duplicate"] as? Bool == true)
            #expect(try await app.sender.sendDue().isEmpty)
            let log = try await paid.deliveries(app)
            #expect(log.count == 1 && log[0].int("attempts") == 1 && log[0].string("target") == ContactedBill.email)
            #expect(sink.messages.count == 1 && sink.attempts.count == 1)
        }
    }

    @Test(
        "451 twice: retried after the backoff's waits, then sent; a second sender racing the first sends nothing twice",
        arguments: ServerDatabase.all
    )
    func retried(database: ServerDatabase) async throws {
        let sink = try SMTPSink(defer: 2)
        let policy = DeliveryPolicy(backoff: [.seconds(1), .seconds(2), .seconds(600)])
        try await Harness.run(
            on: database,
            smtp: "smtp://127.0.0.1:\(sink.port)?from=thu@truong.edu.vn",
            deliveryPolicy: policy,
            deliveries: .seconds(30)
        ) { app in
            let paid = try await ContactedBill.make(app)
            // Another sender (as a second server would) tries the outbox over and over meanwhile.
            let racer = Task {
                var attempts = 0
                while !Task.isCancelled {
                    attempts += (try? await app.sender.sendDue().count) ?? 0
                    try? await Task.sleep(for: .milliseconds(50))
                }
                return attempts
            }
            let sent = try await eventually(within: 60) { try await paid.deliveries(app).first?.string("status") == "sent" }
            racer.cancel()
            _ = await racer.value
            #expect(sent)
            let replies = sink.attempts
            #expect(replies.map(\.reply) == ["451", "451", "250"])
            if replies.count == 3 {
                #expect(replies[1].time - replies[0].time >= 0.9, "the first retry waited for the first backoff (1 s)")
                #expect(replies[2].time - replies[1].time >= 1.9, "the second retry waited for the second backoff (2 s)")
            }
            #expect(sink.messages.count == 1)
            let log = try await paid.deliveries(app)
            #expect(log.count == 1 && log[0].int("attempts") == 3)
        }
    }

    @Test(
        "550: failed at once with the reason, on the bill's and the unit's pages; a resend is a new delivery, once per form or key",
        arguments: ServerDatabase.all
    )
    func refused(database: ServerDatabase) async throws {
        let sink = try SMTPSink(refuse: true)
        try await Harness.run(on: database, smtp: "smtp://127.0.0.1:\(sink.port)?from=thu@truong.edu.vn", deliveries: .seconds(30)) { app in
            let paid = try await ContactedBill.make(app)
            #expect(try await eventually { try await paid.deliveries(app).first?.string("status") == "failed" })
            let failed = try #require(try await paid.deliveries(app).first)
            #expect(failed.int("attempts") == 1, "a permanent refusal is not retried")
            let reason = failed.string("lastError") ?? ""
            #expect(reason.contains("550") && reason.contains("từ chối"), "\(reason)")
            #expect(sink.attempts.count == 1 && sink.messages.isEmpty)

            try await app.user("thu.quy", role: .unit, scope: paid.school)
            var browser = Browser(app: app)
            _ = try await browser.signIn("thu.quy", "mật-khẩu-dài-2026")
            let page = try await browser.get("/bills/\(paid.billId)").text
            for expected in ["không gửi được", "550", ContactedBill.email, "tự động khi lập biên lai", "Gửi lại biên lai"] {
                #expect(page.contains(expected), "the bill's page shows \(expected)")
            }
            let unitPage = try await browser.get("/units/\(paid.school)").text
            #expect(unitPage.contains("Biên lai chưa gửi được cho người nộp") && unitPage.contains("550"))

            // The form, sent twice (a double click), queues one resend.
            let form = [("_csrf", try Browser.csrf(in: page)), ("_once", try Browser.once(in: page, action: "/bills/\(paid.billId)/deliveries"))]
            #expect(try await browser.post("/bills/\(paid.billId)/deliveries", form).status == .seeOther)
            #expect(try await browser.post("/bills/\(paid.billId)/deliveries", form).status == .seeOther)
            #expect(try await eventually { try await paid.deliveries(app).count == 2 && sink.attempts.count == 2 })
            let resent = try await paid.deliveries(app)[1]
            #expect(resent.string("requestedBy") == "user:thu.quy")

            // The API: 202, and the same key again answers what it queued.
            var key = app.admin
            key[HTTPField.Name("Idempotency-Key")!] = "resend-1"
            let first = try await app.call(.post, "/v1/bills/\(paid.billId)/deliveries", headers: key, json: #"{"channel": "email"}"#)
            #expect(first.status == .accepted)
            let again = try await app.call(.post, "/v1/bills/\(paid.billId)/deliveries", headers: key, json: #"{"channel": "email"}"#)
            #expect(again.status == .ok && again.headers[.init("Idempotent-Replayed")!] == "true")
            #expect(try again.json().objects("items").map { $0.int("id") } == (try first.json().objects("items").map { $0.int("id") }))
            #expect(try await paid.deliveries(app).count == 3)
            let phone = try await app.call(.post, "/v1/bills/\(paid.billId)/deliveries", json: #"{"channel": "callback"}"#)
            #expect(phone.status == .unprocessableContent)
            #expect(try phone.json().objects("errors").first?.string("field") == "channel")
        }
    }
}

/// What a unit's gateway received: each post's headers and body, answered by `statuses` in turn (then 200).
actor Gateway {
    struct Post {
        var timestamp: String?
        var signature: String?
        var delivery: String?
        var body: String
    }
    private(set) var posts: [Post] = []
    private var statuses: [HTTPResponse.Status]

    init(statuses: [HTTPResponse.Status] = []) {
        self.statuses = statuses
    }

    func receive(_ post: Post) -> HTTPResponse.Status {
        posts.append(post)
        return statuses.isEmpty ? .ok : statuses.removeFirst()
    }

    /// A loopback HTTP server posting to this gateway at `/hook`, for the length of `body` (given its port).
    func serve(_ body: @Sendable (Int) async throws -> Void) async throws {
        let router = Router()
        router.post("hook") { request, context -> Response in
            let bytes = try await request.body.collect(upTo: 65536)
            let status = await self.receive(
                Post(
                    timestamp: request.headers[HTTPField.Name("X-Cashless-Timestamp")!],
                    signature: request.headers[HTTPField.Name("X-Cashless-Signature")!],
                    delivery: request.headers[HTTPField.Name("X-Cashless-Delivery")!],
                    body: String(buffer: bytes)
                )
            )
            return Response(status: status)
        }
        // Sends the post on to /hook, as a gateway taken over (or a mistyped URL) might.
        router.post("moved") { _, _ -> Response in
            Response(status: .temporaryRedirect, headers: [.location: "/hook"])
        }
        try await Application(router: router).test(.live) { client in
            try await body(try #require(client.port))
        }
    }
}

@Suite("Deliveries by callback to the unit's gateway, and who sees the contacts")
struct CallbackDeliveryTests {
    @Test(
        "a payer with a phone: the unit's gateway gets the signed JSON (openssl checks the HMAC with the unit's secret), retried after a 503",
        arguments: ServerDatabase.all
    )
    func posted(database: ServerDatabase) async throws {
        let gateway = Gateway(statuses: [.serviceUnavailable])
        try await gateway.serve { port in
            try await Harness.run(on: database, deliveryPolicy: DeliveryPolicy(backoff: [.seconds(1)]), deliveries: .seconds(30)) { app in
                let secret = SecretBox()
                let paid = try await ContactedBill.make(app, email: nil, phone: ContactedBill.phone) { school in
                    let set = try await app.call(.put, "/v1/units/\(school)/callback", json: #"{"url": "http://127.0.0.1:\#(port)/hook"}"#)
                    #expect(set.status == .ok)
                    secret.value = try set.json().string("secret") ?? ""
                    #expect(try await app.call(.get, "/v1/units/\(school)/callback").json().string("secret") == nil, "the secret is shown once")
                }
                #expect(try await eventually { try await paid.deliveries(app).first?.string("status") == "sent" })
                let log = try await paid.deliveries(app)
                #expect(log.count == 1 && log[0].string("channel") == "callback" && log[0].int("attempts") == 2)
                let posts = await gateway.posts
                #expect(posts.count == 2, "the 503 was retried once")
                let post = try #require(posts.last)
                let json = try #require(try JSONSerialization.jsonObject(with: Data(post.body.utf8)) as? [String: Any])
                #expect(json["event"] as? String == "receipt.issued")
                #expect((json["payer"] as? [String: Any])?["name"] as? String == "Lê Văn Bình")
                #expect((json["payer"] as? [String: Any])?["phone"] as? String == "+84912345678")
                #expect(json["amount"] as? Int == 1_250_000)
                #expect(json["link"] as? String == paid.bill.string("payUrl"))
                #expect(json["billCode"] as? String == paid.bill.string("code"))
                #expect((json["verifyUrl"] as? String)?.hasPrefix("https://thu.example.vn/verify?c=BL1") == true)
                #expect(post.delivery == String(log[0].int("id")))
                // The signature as a gateway checks a bank's: openssl's HMAC over <timestamp>.<body> with the unit's secret.
                let timestamp = try #require(post.timestamp)
                let expected = try Bank(secret: secret.value).headers(post.body, at: Date(timeIntervalSince1970: try #require(Double(timestamp))))
                #expect(post.signature == expected[HTTPField.Name("X-Cashless-Signature")!])
                #expect(
                    try Bank(secret: "another secret").headers(post.body, at: Date(timeIntervalSince1970: Double(timestamp)!))[
                        HTTPField.Name("X-Cashless-Signature")!
                    ] != post.signature
                )
            }
        }
    }

    @Test(
        "a gateway that answers with a redirect is not followed: nothing is posted elsewhere, and the delivery is retried",
        arguments: ServerDatabase.all
    )
    func redirectNotFollowed(database: ServerDatabase) async throws {
        let gateway = Gateway()
        try await gateway.serve { port in
            try await Harness.run(on: database, deliveryPolicy: DeliveryPolicy(backoff: [.seconds(60)])) { app in
                let paid = try await ContactedBill.make(app, email: nil, phone: ContactedBill.phone) { school in
                    let set = try await app.call(.put, "/v1/units/\(school)/callback", json: #"{"url": "http://127.0.0.1:\#(port)/moved"}"#)
                    #expect(set.status == .ok)
                }
                let attempts = try await app.sender.sendDue()
                #expect(attempts.count == 1)
                #expect(await gateway.posts.isEmpty, "the 307 was not followed to /hook")
                let log = try await paid.deliveries(app)
                #expect(log.first?.string("status") == "queued" && log.first?.string("lastError")?.contains("307") == true)
            }
        }
    }

    @Test("a gateway's URL must be https (http only to this machine): 400 naming the field url", arguments: ServerDatabase.all)
    func callbackURL(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let school = try await app.school()
            for url in ["http://gateway.example.vn/hook", "ftp://gateway.example.vn", "not a url"] {
                let answer = try await app.call(.put, "/v1/units/\(school)/callback", json: #"{"url": "\#(url)"}"#)
                #expect(answer.status == .badRequest || answer.status == .unprocessableContent, "\(url)")
                #expect(try answer.json().objects("errors").first?.string("field") == "url", "\(url)")
            }
            #expect(try await app.call(.get, "/v1/units/\(school)/callback").status == .notFound)
        }
    }

    @Test("the payer's contacts are shown to the unit on the bill's page, never on the payer's public page", arguments: ServerDatabase.all)
    func contactsPrivate(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let school = try await app.school()
            let bill = try await app.call(
                .post,
                "/v1/units/\(school)/bills",
                json:
                    #"{"payerName": "Lê Văn Bình", "feeType": "Học phí tháng 9", "amount": 1250000, "payerEmail": "binh.le@example.vn", "payerPhone": "0912 345 678"}"#
            ).json()
            let payUrl = try #require(bill.string("payUrl"))
            let path = try #require(URL(string: payUrl)?.path)
            let publicPage = try await app.call(.get, path, headers: [:])
            #expect(publicPage.status == .ok)
            for contact in ["binh.le@example.vn", "binh.le", "0912 345 678", "912345678", "+84912345678"] {
                #expect(!publicPage.text.contains(contact), "the payer's page does not show \(contact)")
            }
            try await app.user("thu.quy", role: .unit, scope: school)
            var browser = Browser(app: app)
            _ = try await browser.signIn("thu.quy", "mật-khẩu-dài-2026")
            let page = try await browser.get("/bills/\(bill.int("id"))").text
            #expect(page.contains("binh.le@example.vn") && page.contains("0912 345 678"))
        }
    }

    @Test(
        "an error the sender does not know is logged in full, and the bill's log says in Vietnamese that it will be retried",
        arguments: ServerDatabase.all
    )
    func unexpectedError(database: ServerDatabase) async throws {
        try await Harness.run(on: database, deliveryPolicy: DeliveryPolicy(backoff: [.seconds(60)])) { app in
            let paid = try await ContactedBill.make(app, email: nil, phone: ContactedBill.phone) { school in
                // A secret that was never sealed: opening it fails, as no callback error would.
                try await app.ledger.setUnitCallback(
                    UnitCallback(unitId: school, url: "http://127.0.0.1:9/hook", sealedSecret: "not sealed", updatedAt: Date(), updatedBy: "k")
                )
            }
            let attempts = try await app.sender.sendDue()
            #expect(attempts.count == 1)
            guard case .retry(_, let reason) = attempts.first?.outcome else {
                Issue.record("retried: \(String(describing: attempts.first?.outcome))")
                return
            }
            #expect(reason == DeliverySender.unexpectedFailure)
            #expect(attempts.first?.detail?.isEmpty == false, "the detail goes to the log")
            let log = try await paid.deliveries(app)
            #expect(log.first?.string("lastError") == DeliverySender.unexpectedFailure)
            #expect(DeliverySender.unexpectedFailure.hasPrefix("lỗi không lường trước"))
        }
    }

    @Test("without a mail server the email waits in the outbox, saying so", arguments: ServerDatabase.all)
    func noMailServer(database: ServerDatabase) async throws {
        try await Harness.run(on: database, deliveries: .seconds(30)) { app in
            let paid = try await ContactedBill.make(app)
            #expect(try await eventually { try await paid.deliveries(app).first?.string("lastError") == DeliverySender.noMailServer })
            let waiting = try await paid.deliveries(app)
            #expect(waiting.count == 1 && waiting[0].string("status") == "queued" && waiting[0].int("attempts") == 0)
            #expect(DeliverySender.noMailServer.hasPrefix("chưa cấu hình máy chủ thư"))
        }
    }
}
