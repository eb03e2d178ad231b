import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Receipts
import Testing

@Suite("The signed trust list is kept while its keys are unchanged")
struct TrustListCacheTests {
    static func list(_ app: Harness) async throws -> (bytes: [UInt8], list: TrustList) {
        let bytes = Array(try await app.call(.get, "/v1/trust-list", headers: [:]).body.readableBytesView)
        return (bytes, try TrustList.read(bytes))
    }

    @Test("served twice, the same signed bytes; a key added, or revoked, is in the very next list", arguments: ServerDatabase.all)
    func keptUntilKeysChange(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let school = try await app.school()
            let first = try await Self.list(app)
            #expect(try await Self.list(app).bytes == first.bytes, "kept: the same list, not signed again")
            let added = try await app.signingKey(unit: school)
            let second = try await Self.list(app)
            #expect(second.list.keys.map(\.kid).contains(added.publicKey.kidHex))
            #expect(second.list.isSigned())
            #expect(try await app.call(.post, "/v1/signing-keys/\(added.publicKey.kidHex)/revoke", json: #"{"reason": "compromised"}"#).status == .ok)
            let third = try await Self.list(app)
            #expect(third.list.keys.first { $0.kid == added.publicKey.kidHex }?.status == .revoked, "the revocation is in the next list")
        }
    }
}
