import Foundation

/// A route as `METHOD /path/{parameter}`: how the router's routes, the OpenAPI document's
/// operations and the tests' tables are compared.
struct Route: Hashable, Comparable, CustomStringConvertible, Sendable {
    var method: String
    var path: String

    /// `path` with Hummingbird's `:id` or OpenAPI's `{id}` parameters, written either way.
    init(method: String, path: String) {
        self.method = method.uppercased()
        self.path =
            "/"
            + path.split(separator: "/").map { segment in
                segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
            }.joined(separator: "/")
    }

    var description: String { "\(method) \(path)" }

    static func < (lhs: Route, rhs: Route) -> Bool { (lhs.path, lhs.method) < (rhs.path, rhs.method) }

    /// The path with every parameter replaced by `id`.
    func uri(id: Int64) -> String {
        path.replacing(/\{[a-zA-Z]+\}/, with: "\(id)")
    }
}

/// The OpenAPI document the service serves, read as JSON.
struct OpenAPI {
    let document: [String: Any]

    static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    init(_ data: Data) throws {
        guard let document = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CocoaError(.propertyListReadCorrupt)
        }
        self.document = document
    }

    var paths: [String: [String: Any]] { document["paths"] as? [String: [String: Any]] ?? [:] }

    /// Every operation the document describes, with its description.
    var operations: [(route: Route, operation: [String: Any])] {
        paths.flatMap { path, item in
            Self.methods.compactMap { method in
                (item[method] as? [String: Any]).map { (Route(method: method, path: path), $0) }
            }
        }
    }

    /// Every route the document describes.
    var routes: Set<Route> { Set(operations.map(\.route)) }

    /// The routes the document says need no key (`security: []`).
    var publicRoutes: Set<Route> {
        Set(operations.filter { ($0.operation["security"] as? [Any])?.isEmpty == true }.map(\.route))
    }

    /// The pages that need a signed-in session (the `session` cookie scheme).
    var sessionRoutes: Set<Route> {
        Set(
            operations.filter { operation in
                (operation.operation["security"] as? [[String: Any]])?.contains { $0.keys.contains("session") } ?? false
            }.map(\.route)
        )
    }

    /// The routes authenticated by something other than an API key (a bank's HMAC signature, a page session).
    var signedRoutes: Set<Route> {
        Set(
            operations.filter { operation in
                guard let schemes = operation.operation["security"] as? [[String: Any]], !schemes.isEmpty else { return false }
                return !schemes.contains { $0.keys.contains("bearer") }
            }.map(\.route)
        )
    }
}

extension Harness {
    /// The document the service serves at `GET /openapi.json`.
    func openAPI() async throws -> OpenAPI {
        try OpenAPI(Data(buffer: try await call(.get, "/openapi.json", headers: [:]).body))
    }
}
