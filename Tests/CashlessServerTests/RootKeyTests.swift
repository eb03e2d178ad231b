import CashlessServer
import Foundation
import Ledger
import Operations
import Receipts
import Synchronization
import Testing

@Suite("The deployment's root key: one, made race-free")
struct RootKeyTests {
    @Test("callers asking at once for the root key of an empty folder all get one key, and the folder holds only root.pem, 0600")
    func concurrentCreation() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cashless-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = KeyStore(dataDirectory: folder.path)
        let kids = Mutex<[String]>([])
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 32) { _ in
            do {
                let kid = try store.root().publicKey.kidHex
                kids.withLock { $0.append(kid) }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        #expect(Set(kids.withLock { $0 }).count == 1, "one root")
        #expect(kids.withLock { $0 }.count == 32)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.folder.path) == ["root.pem"])
        let attributes = try FileManager.default.attributesOfItem(atPath: store.folder.appendingPathComponent("root.pem").path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try store.root().publicKey.kidHex == kids.withLock { $0 }.first, "read again, the same")
    }

    @Test("the server makes its root key before it serves, and records it in the ledger", arguments: ServerDatabase.all)
    func madeAtStart(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let file = app.keys.folder.appendingPathComponent("root.pem")
            #expect(FileManager.default.fileExists(atPath: file.path), "before any request")
            let kid = try app.keys.root().publicKey.kidHex
            #expect(try await app.ledger.registerRootKey(kid: "ffffffffffffffff", alg: "EdDSA", publicKeyPem: "PEM").kid == kid)
            let list = try TrustList.read(Array(Data(buffer: try await app.call(.get, "/v1/trust-list", headers: [:]).body)))
            #expect(list.signer.kid == kid)
        }
    }

    @Test("a server whose key folder holds another root than the one the ledger records is refused, naming both", arguments: ServerDatabase.all)
    func anotherRootRefused(database: ServerDatabase) async throws {
        try await KeyRevocationRouteTests.withSharedDatabase(database) { url in
            let folders = (0..<2).map { _ in FileManager.default.temporaryDirectory.appendingPathComponent("cashless-\(UUID().uuidString)") }
            defer { for folder in folders { try? FileManager.default.removeItem(at: folder) } }
            let stores = folders.map { KeyStore(dataDirectory: $0.path) }
            try await Ledger.withLedger(url, logger: .init(label: "test")) { ledger in
                let first = try await RootKey.establish(store: stores[0], ledger: ledger)
                #expect(try await RootKey.establish(store: stores[0], ledger: ledger).publicKey == first.publicKey)
                let other = try stores[1].root()
                do {
                    _ = try await RootKey.establish(store: stores[1], ledger: ledger)
                    Issue.record("another root was accepted")
                } catch let error as KeyStoreError {
                    #expect(error.description.contains(other.publicKey.kidHex))
                    #expect(error.description.contains(first.publicKey.kidHex))
                }
            }
        }
    }
}
