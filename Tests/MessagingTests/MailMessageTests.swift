import Foundation
import Messaging
import Testing

@Suite("The MIME writer: headers, encoded words, folding, the attachment")
struct MailMessageTests {
    static let message = MailMessage(
        from: MailAddress("thu@truong.edu.vn", name: "Trường Tiểu học Điện Biên"),
        to: [MailAddress("binh.le@example.vn", name: "Lê Văn Bình")],
        subject: "Biên lai điện tử 26T 0000123 — Trường Tiểu học Điện Biên, phường Điện Biên, tỉnh Thanh Hóa",
        date: Date(timeIntervalSince1970: 1_788_573_600),
        messageID: "0c9f7d2e-1111-4a4a-9b9b-123456789abc@truong.edu.vn",
        text: "Kính gửi Lê Văn Bình,\n.một dòng bắt đầu bằng dấu chấm\n",
        attachments: [.init(filename: "bien-lai-26T-0000123.pdf", contentType: "application/pdf", data: Data((0..<3000).map { UInt8($0 % 256) }))]
    )

    static var lines: [String] {
        String(decoding: message.rendered(), as: UTF8.self).components(separatedBy: "\r\n")
    }

    /// The header block, unfolded.
    static var headers: [String: String] {
        var result: [String: String] = [:]
        var last: String?
        for line in lines.prefix(while: { !$0.isEmpty }) {
            if line.hasPrefix(" "), let name = last {
                result[name, default: ""] += line
            } else if let colon = line.firstIndex(of: ":") {
                last = String(line[..<colon])
                result[last!] = String(line[line.index(after: colon)...].dropFirst())
            }
        }
        return result
    }

    /// The text of RFC 2047 `words` (UTF-8, base64), decoded.
    static func decoded(_ words: String) -> String {
        words.split(separator: " ").map { word -> String in
            let inner = word.dropFirst("=?UTF-8?B?".count).dropLast(2)
            return String(decoding: Data(base64Encoded: String(inner)) ?? Data(), as: UTF8.self)
        }.joined()
    }

    @Test("every line ends CRLF and none passes 78 characters")
    func lineLengths() {
        let text = String(decoding: Self.message.rendered(), as: UTF8.self)
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(Self.lines.allSatisfy { $0.count <= 78 }, "\(Self.lines.filter { $0.count > 78 })")
    }

    @Test("the Vietnamese subject is encoded words of at most 75 characters that decode to the subject, split between characters")
    func subject() throws {
        let subject = try #require(Self.headers["Subject"])
        let words = subject.split(separator: " ")
        #expect(words.count > 1)
        #expect(words.allSatisfy { $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") && $0.count <= 75 })
        #expect(Self.decoded(subject) == Self.message.subject)
        // Each word alone is valid UTF-8: no character is cut in two.
        #expect(words.allSatisfy { Self.decoded(String($0)).utf8.count == (Data(base64Encoded: String($0.dropFirst(10).dropLast(2)))?.count ?? -1) })
    }

    @Test("From and To carry the names encoded and the addresses plain; Date is RFC 5322 in +0700; the Message-ID is bracketed")
    func addresses() throws {
        let headers = Self.headers
        let from = try #require(headers["From"])
        #expect(from.hasSuffix(" <thu@truong.edu.vn>"))
        #expect(Self.decoded(String(from.dropLast(" <thu@truong.edu.vn>".count))) == "Trường Tiểu học Điện Biên")
        #expect(headers["To"]?.hasSuffix(" <binh.le@example.vn>") == true)
        #expect(headers["Date"] == "Sat, 05 Sep 2026 09:00:00 +0700")
        #expect(headers["Message-ID"] == "<0c9f7d2e-1111-4a4a-9b9b-123456789abc@truong.edu.vn>")
        #expect(headers["MIME-Version"] == "1.0")
        #expect(headers["Content-Type"]?.hasPrefix("multipart/mixed; boundary=") == true)
    }

    @Test("the PDF is attached in base64 lines of 76 characters that decode to its bytes")
    func attachment() throws {
        let lines = Self.lines
        let disposition = try #require(lines.firstIndex(of: "Content-Disposition: attachment; filename=\"bien-lai-26T-0000123.pdf\""))
        #expect(lines[disposition - 2] == "Content-Type: application/pdf; name=\"bien-lai-26T-0000123.pdf\"")
        let body = lines[(disposition + 2)...].prefix(while: { !$0.hasPrefix("--") })
        #expect(body.dropLast().allSatisfy { $0.count == 76 })
        #expect(Data(base64Encoded: body.joined()) == Self.message.attachments[0].data)
    }

    @Test("DATA doubles a line's leading dot, and only there")
    func dotStuffing() {
        let stuffed = String(decoding: MailMessage.dotStuffed(Data("a.b\r\n.\r\n..x\r\n.end\r\n".utf8)), as: UTF8.self)
        #expect(stuffed == "a.b\r\n..\r\n...x\r\n..end\r\n")
    }
}

@Suite("CASHLESS_SMTP_URL")
struct SMTPSettingsTests {
    @Test("smtp:// is STARTTLS on 587 by default, smtps:// implicit TLS on 465; user, password and options are read")
    func read() throws {
        let plain = try SMTPSettings(url: "smtp://thu%40truong:m%E1%BA%ADt@mail.truong.edu.vn?from=thu@truong.edu.vn&name=Tr%C6%B0%E1%BB%9Dng")
        #expect(plain.port == 587 && plain.security == .opportunistic)
        #expect(plain.username == "thu@truong" && plain.password == "mật" && plain.fromName == "Trường")
        let implicit = try SMTPSettings(url: "smtps://mail.truong.edu.vn?from=thu@truong.edu.vn&timeout=5")
        #expect(implicit.port == 465 && implicit.security == .implicit && implicit.timeout == .seconds(5))
        #expect(try SMTPSettings(url: "smtp://mail:2525?from=a@b.vn&tls=require").security == .require)
    }

    @Test(
        "a URL that cannot be used is refused naming what is wrong, never repeating the password",
        arguments: [
            ("http://mail.example.vn?from=a@b.vn", "smtp://"),
            ("smtp://user:secret-pw@mail.example.vn", "from="),
            ("smtp://mail.example.vn?from=not-an-address", "from="),
            ("smtp://mail.example.vn?from=a@b.vn&tls=off", "tls"),
            ("smtp://mail.example.vn?from=a@b.vn&ca=/no/such/file.pem", "ca="),
            ("smtp://mail.example.vn?from=a@b.vn&timeout=0", "timeout"),
            ("smtp://mail.example.vn?from=a@b.vn&verify=no", "unknown option verify"),
        ]
    )
    func refused(url: String, says: String) {
        #expect {
            try SMTPSettings(url: url)
        } throws: { error in
            let text = String(describing: error)
            return text.contains("CASHLESS_SMTP_URL") && text.contains(says) && !text.contains("secret-pw")
        }
    }
}
