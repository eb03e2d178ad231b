import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit

/// One SQLite connection with a thread of its own, used by one task at a time.
///
/// SQLite has a single writer anyway, and an in-memory database exists only for the connection
/// that opened it. The thread is the connection's own so that a statement waiting for another
/// process's write lock (up to ``busyTimeout``) holds up only this database.
final class SQLiteStore: Sendable {
    /// How long a statement waits for another connection's write lock before it fails: long
    /// enough for another process's migration on a loaded machine (each commit waits for the disk).
    static let busyTimeout = Duration.seconds(30)

    private let connection: SQLiteConnection
    private let thread: NIOThreadPool
    private let gate = SerialGate()

    private init(connection: SQLiteConnection, thread: NIOThreadPool) {
        self.connection = connection
        self.thread = thread
    }

    /// Opens the database: foreign keys enforced, and a file in WAL mode (readers never wait for
    /// the writer) with `synchronous = FULL`, so a commit is on disk before it returns (a receipt
    /// once issued survives a power cut), created with its folder when missing. The file is its
    /// owner's alone (0600; SQLite gives its WAL files the same mode), and so is a folder made for it
    /// (0700): receipts, payers and hashed keys are nobody else's to read.
    static func open(_ storage: SQLiteConnection.Storage, logger: Logger) async throws -> SQLiteStore {
        if case .file(let path) = storage {
            let files = FileManager.default
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            if !files.fileExists(atPath: folder.path) {
                try files.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
            if !files.fileExists(atPath: path) {
                files.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
            }
            // Files an older version or a crash left readable by others; a file this user does not
            // own (a shared volume) is its owner's business: said in the log, not fatal.
            for file in [path, path + "-wal", path + "-shm"] where files.fileExists(atPath: file) {
                do {
                    try files.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
                } catch {
                    logger.warning("cannot make the database file its owner's alone", metadata: ["file": "\(file)", "error": "\(error)"])
                }
            }
        }
        let thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(
                storage: storage,
                threadPool: thread,
                logger: logger,
                on: MultiThreadedEventLoopGroup.singleton.any()
            )
        } catch {
            try? await thread.shutdownGracefully()
            throw error
        }
        let store = SQLiteStore(connection: connection, thread: thread)
        do {
            let database = connection.sql()
            try await database.raw("PRAGMA foreign_keys = ON").run()
            try await database.raw("PRAGMA busy_timeout = \(literal: Int(busyTimeout.components.seconds * 1000))").run()
            if case .file = storage {
                // A new file switched to WAL by several processes at once (commands run together on
                // a new deployment) answers SQLITE_BUSY without waiting: try again for a few seconds.
                var attempt = 0
                while true {
                    do {
                        try await database.raw("PRAGMA journal_mode = WAL").run()
                        break
                    } catch let error as SQLiteError
                        where [.busy, .busyInRecovery, .busyInSnapshot, .busyTimeout].contains(error.reason)
                        && attempt < 100
                    {
                        attempt += 1
                        try await Task.sleep(for: .milliseconds(50))
                    }
                }
                try await database.raw("PRAGMA synchronous = FULL").run()
            }
            return store
        } catch {
            try? await store.close()
            throw error
        }
    }

    /// Runs `body` with the connection once it is the caller's turn.
    func withDatabase<R: Sendable>(_ body: (any SQLDatabase) async throws -> R) async throws -> R {
        try await gate.withTurn {
            try await body(connection.sql(queryLogLevel: .trace))
        }
    }

    /// Closes the connection once its current user is done, and stops its thread. Not cut short
    /// by the task's cancellation.
    func close() async throws {
        try await gate.withTurn {
            try await connection.close().get()
            try await thread.shutdownGracefully()
        }
    }
}
