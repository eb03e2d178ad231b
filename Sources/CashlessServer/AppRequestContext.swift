import Foundation
import Hummingbird
import Ledger

/// The context of every request: Hummingbird's core storage and who is asking.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The API key's role and scope, once ``BearerAuthMiddleware`` has checked it.
    public var identity: Identity?
    /// The signed-in person's session on the pages, once ``SessionMiddleware`` has found it.
    public var session: UserSession?
    /// A page's posted form, read and checked by ``AntiForgeryMiddleware``.
    var form: Form?
    /// The address of the connection's peer (`127.0.0.1`, `2001:db8::1`), when it has one.
    let clientAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        identity = nil
        session = nil
        form = nil
        clientAddress = source.channel.remoteAddress?.ipAddress
    }

    /// CSV imports of 10,000 stalls fit; larger bodies get 413.
    public var maxUploadSize: Int { BodyLimit.upload.rawValue }

    /// Dates as ISO 8601, keys as the structs name them (camelCase).
    public var responseEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public var requestDecoder: JSONDecoder { Self.jsonDecoder() }

    /// How every JSON body is read: dates as ISO 8601, keys as the structs name them.
    static func jsonDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// The caller, or 401 when the request carries no valid key.
    func requireIdentity() throws -> Identity {
        guard let identity else { throw APIProblem(.unauthorized, "this route needs an API key: Authorization: Bearer <key>") }
        return identity
    }
}
