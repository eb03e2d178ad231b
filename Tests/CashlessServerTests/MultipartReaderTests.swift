import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Multipart forms as a hostile client sends them (found by schemathesis, `Tests/Interop/api_conforms.py`).
@Suite("Multipart forms: what MultipartKit must not see")
struct MultipartReaderTests {
    static let boundary = "----cashless-multipart-test"

    /// A multipart body of `parts` (each its header lines and its content), as bytes.
    static func body(_ parts: [(headers: [String], content: String)]) -> ByteBuffer {
        var body = ByteBuffer()
        for part in parts {
            body.writeString("--\(boundary)\r\n" + part.headers.map { $0 + "\r\n" }.joined() + "\r\n" + part.content + "\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        return body
    }

    static func post(_ app: Harness, _ uri: String, _ body: ByteBuffer) async throws -> TestResponse {
        var fields = HTTPFields()
        fields[.contentType] = "multipart/form-data; boundary=\(boundary)"
        fields[.cookie] = "cashless_login=t"
        return try await app.client.execute(uri: uri, method: .post, headers: fields, body: body)
    }

    @Test(
        "a part header whose name has a byte past ASCII is refused with 400 on the public verify page and the sign-in form (it stopped the server)",
        arguments: ServerDatabase.all
    )
    func nonASCIIHeaderName(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let body = Self.body([(["Content-Disposition: form-data; name=\"c\"", "Tên: giá trị"], "HC1:ABC")])
            for uri in ["/verify", "/login"] {
                let response = try await Self.post(app, uri, body)
                #expect(response.status == .badRequest, "\(uri)")
                #expect(response.headers[.contentType] == "application/problem+json", "\(uri)")
            }
            #expect(try await app.call(.get, "/healthz").status == .ok)
        }
    }

    @Test("a part header value in UTF-8 (a file named in Vietnamese) is still read", arguments: ServerDatabase.all)
    func utf8HeaderValue(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let body = Self.body([
                (["Content-Disposition: form-data; name=\"c\""], "HC1:ABC"),
                (["Content-Disposition: form-data; name=\"ghi-chu\"; filename=\"Biên lai tháng 9.txt\"", "Content-Type: text/plain"], "x"),
            ])
            let response = try await Self.post(app, "/verify", body)
            #expect(response.status == .ok)
            #expect(String(buffer: response.body).contains("HC1:ABC"))
        }
    }
}
