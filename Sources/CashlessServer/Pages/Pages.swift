import Foundation
import Hummingbird
import Mustache
import VietnamCalendar

/// The HTML pages: mustache templates from `Resources/Templates`, read once. Values are escaped
/// as HTML by `{{name}}`; only markup the server made itself (an SVG) goes through `{{{name}}}`.
enum Pages {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil),
            let files = try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        else { preconditionFailure("the HTML templates are missing from the CashlessServer bundle") }
        for file in files where file.pathExtension == "mustache" {
            do {
                try library.register(String(contentsOf: file, encoding: .utf8), named: file.deletingPathExtension().lastPathComponent)
            } catch {
                preconditionFailure("the template \(file.lastPathComponent) does not parse: \(error)")
            }
        }
        return library
    }()

    /// `page` rendered with `template`, as a UTF-8 HTML response.
    static func render(_ template: String, _ page: Any, status: HTTPResponse.Status = .ok) -> Response {
        guard let html = library.render(page, withTemplate: template) else { preconditionFailure("no template \(template)") }
        return Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html))
        )
    }
}
