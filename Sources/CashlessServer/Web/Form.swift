import Foundation
import Hummingbird

/// The fields of a posted form: `application/x-www-form-urlencoded`, or `multipart/form-data`
/// with its files (a CSV, a photo).
struct Form: Sendable {
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

    /// Reads the form of `request`; a body of another kind is refused (415).
    static func read(_ request: Request, context: AppRequestContext) async throws -> Form {
        let body = Array((try await request.body.collect(upTo: context.maxUploadSize)).readableBytesView)
        let type = request.headers[.contentType] ?? ""
        if type.lowercased().hasPrefix("application/x-www-form-urlencoded") {
            return Form(urlEncoded: String(decoding: body, as: UTF8.self))
        }
        if type.lowercased().hasPrefix("multipart/form-data"), let boundary = Self.boundary(of: type) {
            return Form(multipart: body, boundary: boundary)
        }
        throw APIProblem(.unsupportedMediaType, "send the form as application/x-www-form-urlencoded or multipart/form-data")
    }

    /// The query of `request` as a page's `method="get"` form sends it: a `+` there is a space
    /// (a receipt's code may hold spaces; Hummingbird's query parameters keep the `+`).
    init(query request: Request) {
        self.init(urlEncoded: request.uri.query ?? "")
    }

    /// `a=1&b=x+y%C3%A0`: `+` is a space, `%XX` a byte of UTF-8.
    init(urlEncoded text: String) {
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (part: Substring) in
                let spaced = part.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            let name = decode(parts[0])
            if fields[name] == nil { fields[name] = parts.count > 1 ? decode(parts[1]) : "" }
        }
    }

    /// RFC 7578: parts between `--boundary` lines, each with its headers; a part with a
    /// `filename` is a file.
    init(multipart body: [UInt8], boundary: String) {
        let delimiter = Array(("--" + boundary).utf8)
        var parts: [ArraySlice<UInt8>] = []
        var start: Int?
        var index = 0
        while let found = Self.find(delimiter, in: body, from: index) {
            if let start { parts.append(body[start..<max(start, found - 2)]) }   // drop the CRLF before the delimiter
            index = found + delimiter.count
            start = index + 2                                                    // skip the CRLF after it
        }
        for part in parts {
            guard let split = Self.find(Array("\r\n\r\n".utf8), in: Array(part), from: 0) else { continue }
            let bytes = Array(part)
            let headers = String(decoding: bytes[..<split], as: UTF8.self)
            let content = Array(bytes[(split + 4)...])
            guard let disposition = headers.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-disposition") }),
                  let name = Self.parameter("name", in: disposition) else { continue }
            if Self.parameter("filename", in: disposition) != nil {
                files[name] = content
            } else if fields[name] == nil {
                fields[name] = String(decoding: content, as: UTF8.self)
            }
        }
    }

    private static func boundary(of type: String) -> String? {
        parameter("boundary", in: Substring(type)).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
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

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count, start <= haystack.count - needle.count else { return nil }
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0], Array(haystack[index..<index + needle.count]) == needle { return index }
            index += 1
        }
        return nil
    }
}
