import CashlessServer
import Foundation
import Growth
import NIOCore
import Testing

@Suite("The service's own readers take time linear in the body")
struct ReaderGrowthTests {
    @Test("a URL-encoded form of many fields")
    func urlEncoded() throws {
        func body(_ count: Int) -> ByteBuffer {
            ByteBuffer(string: (0..<count).map { "f\($0)=Nguy%E1%BB%85n+Th%E1%BB%8B+Ho%C3%A0" }.joined(separator: "&"))
        }
        let ratio = Growth.ratio(small: body(500), large: body(4_000)) { body in
            #expect((try? Form(body: body, contentType: "application/x-www-form-urlencoded")) != nil)
        }
        #expect(ratio < Growth.limit)
    }

    @Test("a multipart form of many parts, and one file of many line breaks")
    func multipart() throws {
        let type = "multipart/form-data; boundary=XyZ"
        func parts(_ count: Int) -> ByteBuffer {
            ByteBuffer(
                string: (0..<count).map { "--XyZ\r\nContent-Disposition: form-data; name=\"f\($0)\"\r\n\r\nHoà \($0)\r\n" }.joined() + "--XyZ--\r\n"
            )
        }
        let ratio = Growth.ratio(small: parts(150), large: parts(1_200)) { body in
            #expect((try? Form(body: body, contentType: type)) != nil)
        }
        #expect(ratio < Growth.limit)
        func file(_ count: Int) -> ByteBuffer {
            ByteBuffer(
                string: "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n"
                    + Growth.repeated("\r\n-", count) + "\r\n--XyZ--\r\n"
            )
        }
        let lines = Growth.ratio(small: file(1_000), large: file(8_000)) { body in
            #expect((try? Form(body: body, contentType: type)) != nil)
        }
        #expect(lines < Growth.limit)
    }

    @Test("a bank notification with a long content, many unknown keys, or deep unknown values")
    func notification() throws {
        func long(_ count: Int) -> Data {
            Data(#"{"transactionId":"FT1","amount":150000,"content":"\#(Growth.repeated("HP5A123 \\u1ea1 ", count))"}"#.utf8)
        }
        let ratio = Growth.ratio(small: long(1_000), large: long(8_000)) { body in
            #expect((try? BankNotification(json: body)) != nil)
        }
        #expect(ratio < Growth.limit)
        func keys(_ count: Int) -> Data {
            Data(#"{\#((0..<count).map { "\"k\($0)\":[1,\"x\",{}]," }.joined())"transactionId":"FT1","amount":150000,"content":"x"}"#.utf8)
        }
        let many = Growth.ratio(small: keys(500), large: keys(4_000)) { body in
            #expect((try? BankNotification(json: body)) != nil)
        }
        #expect(many < Growth.limit)
    }
}
