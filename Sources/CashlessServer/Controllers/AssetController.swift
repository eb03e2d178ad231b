import Foundation
import Hummingbird

/// The pages' static files (`Resources/Assets`), read once.
struct AssetController {
    /// `verify.js`: the verify page's camera scan.
    static let verifyScript: ByteBuffer = {
        guard let url = Bundle.module.url(forResource: "Assets/verify", withExtension: "js"), let data = try? Data(contentsOf: url) else {
            preconditionFailure("Resources/Assets/verify.js is missing from the bundle")
        }
        return ByteBuffer(bytes: data)
    }()

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("assets/verify.js") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: Self.verifyScript)
            )
        }
    }
}
