import BadValues
import Rules
import Testing

@Suite("A payer's contacts: one written form for email and phone")
struct ContactTests {
    @Test("email addresses: the domain lowercased, the local part kept; the catalogue's bad ones refused with their code")
    func emails() throws {
        #expect(try Contact.email("An.Nguyen@Truong.EDU.vn").get() == "An.Nguyen@truong.edu.vn")
        #expect(try Contact.email("hoa+bienlai@mail-1.example.vn").get() == "hoa+bienlai@mail-1.example.vn")
        for bad in ["an@-truong.vn", "an@truong.v1", ".an@truong.vn", "an..b@truong.vn", "an@truong..vn", "an<b>@truong.vn"] {
            #expect(throws: Refusal.self, "\(bad)") { try Contact.email(bad).get() }
        }
        for bad in BadValues.emails where bad.code == "invalid_email" {
            var check = FieldChecker()
            _ = check.email(bad.value, "payerEmail")
            #expect(check.problems.map(\.code.rawValue) == ["invalid_email"], "\(bad)")
        }
    }

    @Test("phone numbers: every way people write a Vietnamese mobile or landline is stored as +84…, and written back as 0912 345 678")
    func phones() throws {
        for written in BadValues.goodPhones + ["0912345678", "+84912345678", "0912-345-678"] {
            #expect(try Contact.phone(written).get() == "+84912345678", "\(written)")
        }
        #expect(try Contact.phone("0237 3852 222").get() == "+842373852222", "a landline: 02, its area code, 7 digits")
        #expect(Contact.written(phone: "+84912345678") == "0912 345 678")
        #expect(Contact.written(phone: "+842373852222") == "0237 3852 222")
        #expect(throws: Refusal.self) { try Contact.phone("0612 345 678").get() }
        for bad in BadValues.phones {
            var check = FieldChecker()
            _ = check.phone(bad.value, "payerPhone")
            #expect(check.problems.map(\.code.rawValue) == [bad.code], "\(bad)")
        }
        var check = FieldChecker()
        #expect(check.phone("  ", "payerPhone") == nil && check.email(nil, "payerEmail") == nil && check.problems.isEmpty, "empty is none")
    }
}
