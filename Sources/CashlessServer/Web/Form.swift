import Foundation
import Hummingbird
import MultipartKit

/// The fields of a posted form: `application/x-www-form-urlencoded`, or `multipart/form-data`
/// with its files (a CSV, a photo).
package struct Form: Sendable {
    /// The text fields by name (the first value of each).
    var fields: [String: String] = [:]
    /// The uploaded files by field name: their bytes.
    var files: [String: [UInt8]] = [:]

    subscript(_ name: String) -> String? { fields[name] }

    /// The trimmed text of field `name`, nil when missing or blank.
    func text(_ name: String) -> String? {
        guard let value = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// Reads the form of `request`, at most `limit` bytes (413 past it); a body of another kind is
    /// refused (415), one that does not parse is bad (400).
    static func read(_ request: Request, context: AppRequestContext, limit: BodyLimit = .upload) async throws -> Form {
        let body = try await request.collect(limit, context: context)
        let form: Form?
        do {
            form = try Form(body: body, contentType: request.headers[.contentType] ?? "")
        } catch {
            throw APIProblem.badRequest("the form cannot be read: send it again from the page")
        }
        guard let form else {
            throw APIProblem(.unsupportedMediaType, "send the form as application/x-www-form-urlencoded or multipart/form-data")
        }
        return form
    }

    /// The form in `body`, read as its content type says; nil for a type that is not a form (or
    /// a multipart type without a boundary).
    package init?(body: ByteBuffer, contentType type: String) throws {
        if type.lowercased().hasPrefix("application/x-www-form-urlencoded") {
            try self.init(urlEncoded: String(buffer: body))
        } else if type.lowercased().hasPrefix("multipart/form-data"), let boundary = Self.boundary(of: type) {
            try self.init(multipart: body, boundary: boundary)
        } else {
            return nil
        }
    }

    /// The query of `request` as a page's `method="get"` form sends it: a `+` there is a space
    /// (a receipt's code may hold spaces; Hummingbird's query parameters keep the `+`).
    init(query request: Request) {
        self = (try? Form(urlEncoded: request.uri.query ?? "")) ?? Form()
    }

    init() {}

    /// `a=1&b=x+y%C3%A0`, read by Hummingbird's `URLEncodedFormDecoder` (`+` is a space, `%XX` a
    /// byte of UTF-8).
    init(urlEncoded text: String) throws {
        fields = text.isEmpty ? [:] : try URLEncodedFormDecoder().decode([String: String].self, from: text)
    }

    /// RFC 7578, read by MultipartKit's parser in one pass: a part with a `filename` is a file.
    init(multipart body: ByteBuffer, boundary: String) throws {
        try Self.checkHeaderNames(Array(body.readableBytesView), boundary: Array(("--" + boundary).utf8))
        let parser = MultipartParser(boundary: boundary)
        var headers: [String: String] = [:]
        var content = ByteBuffer()
        var parts: [(headers: [String: String], content: ByteBuffer)] = []
        parser.onHeader = { name, value in headers[name.lowercased()] = value }
        parser.onBody = { chunk in content.writeBuffer(&chunk) }
        parser.onPartComplete = {
            parts.append((headers, content))
            headers = [:]
            content = ByteBuffer()
        }
        try parser.execute(body)
        for part in parts {
            guard let disposition = part.headers["content-disposition"],
                let name = Self.parameter("name", in: Substring(disposition))
            else { continue }
            if Self.parameter("filename", in: Substring(disposition)) != nil {
                files[name] = Array(part.content.readableBytesView)
            } else if fields[name] == nil {
                fields[name] = String(buffer: part.content)
            }
        }
    }

    /// A part's header name with a byte past ASCII makes MultipartKit's parser index its table of
    /// 128 allowed characters out of range and stop the process (found by fuzz-form): such a body is
    /// refused first. Every line of the header block after each `--boundary` is looked at up to its
    /// colon; a boundary longer than RFC 2046's 70 characters is refused too.
    private static func checkHeaderNames(_ bytes: [UInt8], boundary: [UInt8]) throws {
        struct Refused: Error {}
        guard boundary.count <= 72 else { throw Refused() }
        let crlf: [UInt8] = [0x0D, 0x0A]
        var index = 0
        while let found = firstMatch(of: boundary, in: bytes, from: index) {
            // The rest of the boundary's line, then header lines (each ended by CRLF, as the parser
            // reads them) up to the empty one.
            guard var end = firstMatch(of: crlf, in: bytes, from: found + boundary.count) else { return }
            index = end + 2
            var ended = false
            while let lineEnd = firstMatch(of: crlf, in: bytes, from: index) {
                end = lineEnd
                let line = bytes[index..<end]
                index = end + 2
                if line.isEmpty {
                    ended = true
                    break
                }
                if line.prefix(while: { $0 != UInt8(ascii: ":") }).contains(where: { $0 >= 0x80 }) { throw Refused() }
            }
            guard ended else {
                // A last header line without its CRLF.
                let rest = bytes[min(index, bytes.count)...]
                if rest.prefix(while: { $0 != UInt8(ascii: ":") }).contains(where: { $0 >= 0x80 }) { throw Refused() }
                return
            }
        }
    }

    /// Where `needle` next occurs in `bytes` from `start`.
    private static func firstMatch(of needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, needle.count <= bytes.count else { return nil }
        var index = start
        while index <= bytes.count - needle.count {
            if bytes[index] == first && bytes[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// The `boundary` parameter; nil when missing or empty (`boundary=""`), which MultipartKit's
    /// parser would stop the process on.
    private static func boundary(of type: String) -> String? {
        let boundary = parameter("boundary", in: Substring(type)).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        return boundary?.isEmpty == false ? boundary : nil
    }

    /// `name="value"` (or unquoted) in a header line.
    private static func parameter(_ name: String, in line: Substring) -> String? {
        for piece in line.split(separator: ";") {
            let pair = piece.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].lowercased() == name else { continue }
            return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }
}
