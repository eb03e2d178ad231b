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

    @Test("the SQLite file, its WAL files and a folder made for it are their owner's alone (0600, 0700)")
    func ownerOnly() async throws {
        try await TestDatabase.sqlite.withSharedDatabase { url in
            guard case .sqliteFile(let path) = url else { throw URLError(.badURL) }
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("private-data")
            let file = folder.appendingPathComponent("cashless.sqlite").path
            func mode(_ path: String) throws -> Int {
                (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
            }
            try await Ledger.withLedger(.sqliteFile(path: file), logger: .quiet) { ledger in
                _ = try await ledger.createCommune(NewCommune(name: "Phường Điện Biên", province: "Thanh Hóa"))
                #expect(try mode(folder.path) == 0o700)
                #expect(try mode(file) == 0o600)
                #expect(try mode(file + "-wal") == 0o600)
            }
            // A file left readable by others is made the owner's again when opened.
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
            try await Ledger.withLedger(.sqliteFile(path: file), logger: .quiet) { _ in }
            #expect(try mode(file) == 0o600)
        }
    }
}
