import Foundation
import Testing

@Suite("cashless qr decode")
struct QRDecodeCommandTests {
    static let dynamic =
        "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E"

    @Test("--json prints exactly one object with every documented key")
    func jsonKeys() throws {
        let result = try CLI.run("qr", "decode", "--json", Self.dynamic)
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let keys: Set<String> = [
            "valid", "scheme", "initiation", "bank", "account", "service", "amount", "currency",
            "country", "merchantName", "merchantCity", "billNumber", "reference", "purpose",
            "store", "terminal", "crc", "tags", "problems",
        ]
        #expect(Set(object.keys) == keys)
        #expect(object["valid"] as? Bool == true)
        #expect(object["scheme"] as? String == "vietqr")
        #expect(object["initiation"] as? String == "dynamic")
        #expect(object["service"] as? String == "account")
        #expect(object["amount"] as? Int == 180_000)
        #expect(object["purpose"] as? String == "thanh toan don hang")
        #expect(object["merchantName"] is NSNull)
        let bank = try #require(object["bank"] as? [String: Any])
        #expect(bank["bin"] as? String == "970403")
        #expect(bank["shortName"] as? String == "Sacombank")
        #expect(bank["name"] as? String == "Ngân hàng TMCP Sài Gòn Thương Tín")
        let tags = try #require(object["tags"] as? [[String: Any]])
        #expect(tags.map { $0["id"] as? String } == ["00", "01", "38", "53", "54", "58", "62", "63"])
    }

    @Test("An invalid payload exits 1 and lists each problem with code, tag, severity and message")
    func invalidExitsOne() throws {
        let tampered = Self.dynamic.replacingOccurrences(of: "180000", with: "980000")
        let result = try CLI.run("qr", "decode", "--json", tampered)
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["valid"] as? Bool == false)
        let problems = try #require(object["problems"] as? [[String: Any]])
        #expect(problems.count == 1)
        #expect(problems.first?["code"] as? String == "crc_mismatch")
        #expect(problems.first?["tag"] as? String == "63")
        #expect(problems.first?["severity"] as? String == "error")
    }

    @Test("Reads the payload from standard input when no argument is given")
    func standardInput() throws {
        let result = try CLI.run("qr", "decode", input: Self.dynamic + "\n")
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("VietQR: valid\n"))
        #expect(result.stdout.contains("Sacombank (970403)"))
        #expect(result.stdout.contains("180.000 đ"))
    }

    @Test("A VietQR whose 38/01 length takes in the service code says INVALID with missing_tag [38/02] and exits 1")
    func swallowedServiceCode() throws {
        // NAPAS §6.1.1 with 38/01 declaring 39 characters instead of 27: 0208QRIBFTTA becomes 38/01/02.
        let swallowed = "00020101021138570010A00000072701390006970403011300110123456780208QRIBFTTA53037045802VN6304C6A8"
        let result = try CLI.run("qr", "decode", swallowed)
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("VietQR: INVALID\n"))
        #expect(result.stdout.contains("error missing_tag [38/02]: the NAPAS service code is inside 38/01"))
    }

    @Test("A lowercase CRC is valid with a warning")
    func lowercaseCRC() throws {
        let lower = "00020101021138570010A00000072701270006970403011300110123456780208QRIBFTTA53037045802VN63049e6f"
        let result = try CLI.run("qr", "decode", lower)
        #expect(result.status == 0)
        #expect(result.stdout.contains("warning crc_lowercase [63]"))
    }

    @Test("VNPAY-QR decodes to the generic tree with its scheme")
    func vnpay() throws {
        let payload = "00020101021126280010A000000775011001087990425204597753037045802VN5909MYPHAMHER6005HANOI62260311MY PHAM HER0707MPHER0163041C50"
        let result = try CLI.run("qr", "decode", "--json", payload)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["scheme"] as? String == "vnpayqr")
        #expect(object["bank"] is NSNull)
        #expect(object["merchantName"] as? String == "MYPHAMHER")
    }

    @Test("Empty standard input is bad input (exit 2)")
    func emptyInput() throws {
        let result = try CLI.run("qr", "decode", input: "")
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
    }
}

@Suite("cashless banks")
struct BanksCommandTests {
    @Test("Lists BIN, short name and name, filtered by the query")
    func filter() throws {
        let result = try CLI.run("banks", "vietin")
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n").map { $0.split(separator: " ", maxSplits: 1).first } == ["970415"])
        #expect(result.stdout.contains("VietinBank"))
        #expect(result.stdout.contains("Ngân hàng TMCP Công thương Việt Nam"))
    }

    @Test("Without a query lists the whole directory")
    func all() throws {
        let result = try CLI.run("banks")
        #expect(result.stdout.split(separator: "\n").count == 72)
    }

    @Test("A query that matches nothing says so and exits 1")
    func nothing() throws {
        let result = try CLI.run("banks", "zzzz")
        #expect(result.status == 1)
        #expect(result.stderr.contains("no bank matches 'zzzz'"))
    }
}
