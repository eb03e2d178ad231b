import Hummingbird

/// The pages' forms that change something: a form posted to them is read once, here, and refused
/// (403) unless it carries the signed-in session's anti-forgery token; the handler then finds it in
/// ``AppRequestContext/form``. A post without a session goes to the sign-in page.
struct AntiForgeryMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post else { return try await next(request, context) }
        let session = try context.requireSession()
        var context = context
        let form = try await Form.read(request, context: context)
        try checkCSRF(form, session: session)
        context.form = form
        return try await next(request, context)
    }
}

extension AppRequestContext {
    /// The form ``AntiForgeryMiddleware`` read and checked.
    func requireForm() throws -> Form {
        guard let form else { throw APIProblem.badRequest("this route takes a form posted from its page") }
        return form
    }
}
