import Testing
import VietQR

@Suite("Building a payload")
struct EncodingTests {
    let account = Payload(bankBIN: "970436", account: "0011001800879")

    @Test("Data objects come in ascending order, 00 first and 63 last")
    func order() throws {
        var payload = account
        payload.amount = 150_000
        payload.merchantName = "Quay 12"
        payload.merchantCity = "Thanh Hoa"
        payload.purpose = "Hoc phi"
        let text = try payload.encoded()
        let ids = DecodedPayload(text).tags.map(\.id)
        #expect(ids == ["00", "01", "38", "53", "54", "58", "59", "60", "62", "63"])
    }

    @Test("Initiation: static without an amount, dynamic with one, unless asked")
    func initiation() throws {
        #expect(try account.encoded().hasPrefix("000201010211"))
        var dynamic = account
        dynamic.amount = 1
        #expect(try dynamic.encoded().hasPrefix("000201010212"))
        var asked = account
        asked.initiation = .dynamic
        #expect(try asked.encoded().hasPrefix("000201010212"))
    }

    @Test("The CRC is four uppercase hex digits, zero-padded")
    func crcFormat() throws {
        for account in ["1", "12", "123", "1234", "12345", "123456", "1234567"] {
            let text = try Payload(bankBIN: "970415", account: account).encoded()
            let crc = text.suffix(4)
            #expect(crc.allSatisfy { $0.isNumber || ("A"..."F").contains($0) }, "\(text)")
        }
    }

    @Test("Vietnamese is folded to ASCII in name, city and tag 62, and the limit applies after folding")
    func folding() throws {
        var payload = account
        payload.merchantName = "Nguyễn Thị Hoà – Quầy 12"  // 24 characters either way
        payload.merchantCity = "Thanh Hoá"
        payload.purpose = "Đóng học phí lớp 5A"
        payload.store = "Chợ Điện Biên"
        let decoded = DecodedPayload(try payload.encoded())
        #expect(decoded.isValid)
        #expect(decoded.merchantName == "Nguyen Thi Hoa - Quay 12")
        #expect(decoded.merchantCity == "Thanh Hoa")
        #expect(decoded.purpose == "Dong hoc phi lop 5A")
        #expect(decoded.store == "Cho Dien Bien")
    }

    @Test("A name with diacritics is kept as written in tag 64, lengths in characters")
    func alternateLanguage() throws {
        var payload = account
        payload.merchantName = "Nguyễn Thị Hoà"
        payload.merchantCity = "Thanh Hoá"
        let text = try payload.encoded()
        #expect(text.contains("64370002vi0114Nguyễn Thị Hoà0209Thanh Hoá"))
        let decoded = DecodedPayload(text)
        #expect(decoded.isValid)
        #expect(decoded.alternateLanguage == Payload.AlternateLanguage(language: "vi", name: "Nguyễn Thị Hoà", city: "Thanh Hoá"))
    }

    @Test("Decomposed (NFD) input is precomposed before counting characters")
    func decomposedInput() throws {
        var payload = account
        payload.merchantName = "Hoa\u{0300}"  // "Hoà" typed with a combining grave accent
        let text = try payload.encoded()
        #expect(text.contains("0103Hoà"))
        #expect(DecodedPayload(text).isValid)
    }

    @Test("Plain ASCII names get no tag 64")
    func noAlternateForASCII() throws {
        var payload = account
        payload.merchantName = "QUAY 12"
        #expect(!DecodedPayload(try payload.encoded()).tags.contains { $0.id == "64" })
    }

    @Test("Every problem is reported at once, each with the tag of its field")
    func everyProblem() {
        var payload = Payload(bankBIN: "97043", account: "0011 0018")
        payload.amount = 0
        payload.purpose = "Thu tiền điện nước tháng mười một"
        payload.merchantCity = "Thành phố Thanh Hoá"
        #expect(throws: InvalidPayload.self) { try payload.encoded() }
        do {
            _ = try payload.encoded()
        } catch {
            let byTag = Dictionary(grouping: error.problems, by: { $0.tag ?? "" })
            #expect(byTag["38/01/00"]?.first?.code == .badLength)
            #expect(byTag["38/01/01"]?.first?.code == .invalidValue)
            #expect(byTag["54"]?.first?.code == .amountFormat)
            #expect(byTag["62/08"]?.first?.code == .valueTooLong)
            #expect(byTag["60"]?.first?.code == .valueTooLong)
            #expect(error.problems.allSatisfy { $0.severity == .error })
        }
    }

    @Test("Control characters are refused, in ASCII fields and in tag 64")
    func controlCharacters() {
        var payload = account
        payload.purpose = "Hoc phi\tthang 9"
        payload.merchantName = "Nguyễn\nThị"
        #expect {
            try payload.encoded()
        } throws: { error in
            let problems = (error as! InvalidPayload).problems
            return problems.contains { $0.code == .controlCharacter && $0.tag == "62/08" }
                && problems.contains { $0.code == .controlCharacter && $0.tag == "59" }
        }
    }

    @Test("Characters with no ASCII spelling are refused in ASCII fields")
    func notASCII() {
        var payload = account
        payload.purpose = "最佳运输"
        #expect {
            try payload.encoded()
        } throws: { error in
            (error as! InvalidPayload).problems.map(\.code) == [.notASCII]
        }
    }

    @Test("Amounts: whole đồng, more than 0, at most 13 digits")
    func amounts() throws {
        var payload = account
        payload.amount = Payload.maximumAmount
        #expect(DecodedPayload(try payload.encoded()).amount == 9_999_999_999_999)
        payload.amount = Payload.maximumAmount + 1
        #expect(throws: InvalidPayload.self) { try payload.encoded() }
    }

    @Test("Card numbers are digits only; account numbers may carry letters (virtual accounts)")
    func cardAndAccount() throws {
        #expect(throws: InvalidPayload.self) { try Payload(bankBIN: "970403", account: "9704ABCD", service: .card).encoded() }
        let virtual = try Payload(bankBIN: "970422", account: "VQRQABRLS0448").encoded()
        #expect(DecodedPayload(virtual).account == "VQRQABRLS0448")
        #expect(throws: InvalidPayload.self) { try Payload(bankBIN: "970422", account: "12345678901234567890").encoded() }
    }

    @Test("The character rules find one wrong character wherever it stands, in fields of 1–19 characters")
    func characterRulesSeeEveryPlace() {
        // Each kind of character at every place of the field: a rule must not miss the first or the last.
        let probes: [(text: String, digit: Bool, alphanumeric: Bool, printable: Bool)] = [
            ("0", true, true, true), ("9", true, true, true), ("A", false, true, true), ("z", false, true, true),
            ("/", false, false, true), ("@", false, false, true), ("[", false, false, true), ("`", false, false, true),
            ("{", false, false, true), ("-", false, false, true), ("\u{7}", false, false, false),
        ]
        func errors(_ payload: Payload) -> [Problem] {
            do {
                _ = try payload.encoded()
                return []
            } catch { return error.problems }
        }
        for length in 1...19 {
            for place in 0..<length {
                for probe in probes {
                    var characters = Array(repeating: "7", count: length)
                    characters[place] = probe.text
                    let text = characters.joined()
                    let card = Payload(bankBIN: "970403", account: text, service: .card, purpose: text)
                    let account = Payload(bankBIN: text.count == 6 ? text : "970403", account: text)
                    let purposeRefused = !probe.printable  // a control character; everything else here is printable
                    #expect(errors(card).contains { $0.tag == "38/01/01" } == !probe.digit, "card \(text)")
                    #expect(errors(card).contains { $0.tag == "62/08" } == purposeRefused, "purpose \(text)")
                    #expect(errors(account).contains { $0.tag == "38/01/01" } == !probe.alphanumeric, "account \(text)")
                    #expect(errors(account).contains { $0.tag == "38/01/00" } == (length == 6 && !probe.digit), "BIN \(text)")
                }
            }
        }
    }

    @Test("Surrounding spaces are trimmed; empty text fields are left out")
    func trimming() throws {
        var payload = account
        payload.purpose = "  Hoc phi  "
        payload.billNumber = ""
        let decoded = DecodedPayload(try payload.encoded())
        #expect(decoded.purpose == "Hoc phi")
        #expect(decoded.billNumber == nil)
    }

    @Test("Tag 62 as a whole holds at most 99 characters")
    func additionalDataLimit() {
        var payload = account
        payload.billNumber = String(repeating: "B", count: 25)
        payload.store = String(repeating: "S", count: 25)
        payload.reference = String(repeating: "R", count: 25)
        payload.purpose = String(repeating: "P", count: 25)
        #expect {
            try payload.encoded()
        } throws: { error in
            (error as! InvalidPayload).problems.map(\.tag) == ["62"]
        }
    }

    @Test("check(banks:) adds unknown_bank as a warning; encoding still succeeds")
    func unknownBank() throws {
        let payload = Payload(bankBIN: "999999", account: "123456")
        #expect(payload.check(banks: Fixtures.banks).map(\.code) == [.unknownBank])
        #expect(try payload.encoded().isEmpty == false)
    }
}
