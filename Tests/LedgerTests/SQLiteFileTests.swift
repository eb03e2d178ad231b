import Foundation
import SQLKit
import Testing

@testable import Ledger

@Suite("SQLite files")
struct SQLiteFileTests {
    @Test("an SQLite file, with its folder, is created on first start, kept in WAL mode, and read again after a restart")
    func persistsAcrossRestarts() async throws {
        try await TestDatabase.sqlite.withSharedDatabase { url in
            guard case .sqliteFile(let path) = url else { throw URLError(.badURL) }
            let nested = URL(fileURLWithPath: path).deletingLastPathComponent()
                .appendingPathComponent("data/cashless.sqlite").path
            let commune = try await Ledger.withLedger(.sqliteFile(path: nested), logger: .quiet) { ledger in
                let mode = try await ledger.backend.withDatabase(logger: .quiet) { database in
                    try await database.raw("PRAGMA journal_mode").first(decodingColumn: "journal_mode", as: String.self)
                }
                #expect(mode == "wal")
                return try await ledger.createCommune(NewCommune(name: "Phường Điện Biên", province: "Hà Nội"))
            }
            try await Ledger.withLedger(.sqliteFile(path: nested), logger: .quiet) { ledger in
                let applied = try await ledger.migrate()
                let stored = try await ledger.commune(commune.id)
                #expect(applied == [])
                #expect(stored == commune)
            }
        }
    }
}
