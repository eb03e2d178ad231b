import Foundation
import Hummingbird
import Ledger

/// Runs a page form's work: on success 303 back to `location` with the notice the work returns
/// (so a reload does not post again); on bad input `render` shows the page again with the
/// problem, and nothing was changed.
func formOutcome(back location: String, _ work: () async throws -> String,
                 render: (APIProblem) async throws -> Response) async throws -> Response {
    do {
        let notice = try await work()
        let query = notice.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return Response(status: .seeOther, headers: [.location: location + (location.contains("?") ? "&" : "?") + "notice=" + query])
    } catch let error as LedgerError {
        return try await render(APIProblem(error))
    } catch let problem as APIProblem where problem.status.code < 500 {
        return try await render(problem)
    }
}

/// A problem as a page lists it: a title, and a line per field ("dòng 3 · Số tiền · …").
struct ProblemList {
    var title: String?
    var items: [String]
    /// Stored, not computed: templates see stored properties only.
    var any: Bool

    init(_ problem: APIProblem?) {
        title = problem.map { "Chưa lưu: \($0.detail)" }
        items = problem?.errors.map { error in
            [error.line.map { "dòng \($0)" }, error.field, error.reason].compactMap { $0 }.joined(separator: " · ")
        } ?? []
        any = problem != nil
    }
}
