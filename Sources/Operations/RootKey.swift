import Ledger
import Receipts

/// The deployment's root key, which signs the trust and status lists: one key for every server.
public enum RootKey {
    /// The root key this server holds (``KeyStore/root()``, made if the folder has none), once the
    /// ledger agrees it is the deployment's: the first server (or command) records its root in
    /// the ledger, and a server holding another one is refused, naming both, rather than hand out
    /// lists a verifier pinned to the deployment's root would reject.
    public static func establish(store: KeyStore, ledger: Ledger) async throws -> SigningKey {
        let key = try store.root()
        let recorded = try await ledger.registerRootKey(
            kid: key.publicKey.kidHex,
            alg: key.algorithm.rawValue,
            publicKeyPem: key.publicKey.pem
        )
        guard recorded.kid == key.publicKey.kidHex else {
            throw KeyStoreError(
                "this server's root key \(key.publicKey.kidHex) (\(store.folder.lastPathComponent)/root.pem) is not the deployment's root key \(recorded.kid), which the database records: copy root.pem from the server that made it (every server shares one key folder)"
            )
        }
        return key
    }
}
