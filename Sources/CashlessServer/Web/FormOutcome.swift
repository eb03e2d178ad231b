import Foundation
import Hummingbird
import Ledger
import Rules

/// Runs a page form's work: on success 303 back to `location` with the notice the work returns,
/// sealed for `session` (``PageNotice``), so a reload does not post again; on bad input `render` shows the page again with the
/// problem, and nothing was changed.
func formOutcome(
    back location: String,
    session: UserSession,
    _ work: () async throws -> String,
    render: (APIProblem) async throws -> Response
) async throws -> Response {
    do {
        let query = PageNotice.query(try await work(), session: session)
        return Response(status: .seeOther, headers: [.location: location + (location.contains("?") ? "&" : "?") + query])
    } catch let error as any ProblemConvertible where error.problem.status.code < 500 {
        return try await render(error.problem)
    }
}

/// A problem as a page lists it, in Vietnamese: a title, and a line per field ("dòng 3 · Số tiền ·
/// có phần thập phân …"): the field's label and the sentence for its code, else the reason. Each
/// line carries the field and the stable code as data attributes, the same the API answers.
struct ProblemList {
    struct Item {
        var text: String
        var field: String
        var code: String
    }

    var title: String?
    var items: [Item]
    /// Stored, not computed: templates see stored properties only.
    var any: Bool

    init(_ problem: APIProblem?) {
        let errors = problem?.errors ?? []
        title = problem.map { errors.isEmpty ? "Chưa lưu: \($0.detail)" : "Chưa lưu: cần sửa \(errors.count) mục dưới đây; chưa có gì được ghi." }
        items = errors.map { error in
            let sentence = error.code.flatMap(ProblemCode.init(rawValue:))?.vietnamese
            let text = [
                error.line.map { "dòng \($0)" }, error.column ?? error.field.map(FieldLabel.vietnamese),
                sentence ?? error.reason,
            ].compactMap { $0 }.joined(separator: " · ")
            return Item(text: text, field: error.field ?? "", code: error.code ?? "")
        }
        any = problem != nil
    }
}
