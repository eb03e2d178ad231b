import Foundation
import Hummingbird
import Prometheus
import VietQR

/// Routes anyone may call: decoding a payload, health, metrics, the API's description.
struct PublicController {
    let services: AppServices
    let registry: PrometheusCollectorRegistry

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("v1/qr/decode", use: decode)
        router.get("healthz", use: health)
        router.get("metrics", use: metrics)
        router.get("openapi.json", use: openAPI)
    }

    struct DecodeInput: Decodable { var payload: String }

    /// The same JSON as `cashless qr decode --json`.
    @Sendable func decode(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.json(DecodeInput.self, context: context, limit: .code)
        let decoded = DecodedPayload(input.payload, banks: services.banks)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(DecodeReport(decoded, banks: services.banks))))
        )
    }

    /// 200 when the database answers, 503 when it does not.
    @Sendable func health(_ request: Request, context: AppRequestContext) async throws -> Response {
        do {
            _ = try await services.ledger.listCommunes(page: .init(limit: 1))
            return Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#))
            )
        } catch {
            context.logger.error("health check: the database does not answer", metadata: ["error": "\(error)"])
            return Response(
                status: .serviceUnavailable,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"status":"database unavailable"}"#))
            )
        }
    }

    /// Prometheus text format: requests, durations, errors (from Hummingbird's metrics middleware).
    @Sendable func metrics(_ request: Request, context: AppRequestContext) async throws -> Response {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
    }

    /// The OpenAPI 3.1 document of every route (`Resources/openapi.json`).
    @Sendable func openAPI(_ request: Request, context: AppRequestContext) async throws -> Response {
        .file(OpenAPIDocument.bytes, type: "application/json")
    }
}
