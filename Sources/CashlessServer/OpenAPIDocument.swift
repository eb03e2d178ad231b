import Foundation

/// The OpenAPI 3.1 description of the service, `Resources/openapi.json`, served as it is written
/// at `GET /openapi.json`. The tests check that it names every route the router has, and no other.
enum OpenAPIDocument {
    /// The document's bytes, read once from the module's resources.
    static let bytes: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else {
            preconditionFailure("openapi.json is missing from CashlessServer's resources")
        }
        return Array(data)
    }()
}
