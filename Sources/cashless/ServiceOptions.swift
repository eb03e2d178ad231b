import Adoption
import ArgumentParser
import Foundation
import Ledger
import Logging
import Operations
import VietQR

/// What the service commands share: the settings (`Config/server.json` and the environment),
/// the bank directory and the criteria targets.
struct ServiceOptions: ParsableArguments {
    @OptionGroup var banks: BankOptions

    func settings() throws -> Settings {
        let file = try? ConfigFiles.url(for: "server.json")
        do {
            return try Settings.load(file: file, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw CLIError(error.description)
        }
    }

    func targets() throws -> Targets {
        let url = try ConfigFiles.url(for: "criteria.json")
        do {
            let targets = try JSONDecoder().decode(Targets.self, from: Data(contentsOf: url))
            guard targets.outOfRange.isEmpty else {
                throw CLIError("\(url.path): targets are shares from 0 to 1: " + targets.outOfRange.joined(separator: ", "))
            }
            return targets
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("cannot read \(url.path): \(error)")
        }
    }

    /// The database URL of the settings (the ledger makes an SQLite file's folder when it opens it).
    func databaseURL(_ settings: Settings) throws -> DatabaseURL {
        do {
            return try DatabaseURL(settings.resolvedDatabaseURL)
        } catch {
            throw CLIError("\(error)")
        }
    }

    /// Opens, runs and migrates the ledger around `body`, as the admin commands need; `clock`
    /// says what time it is (the demo's history sets it back).
    func withLedger<R: Sendable>(
        clock: @escaping @Sendable () -> Date = Date.init,
        _ body: (Ledger) async throws -> R
    ) async throws -> R {
        var logger = Logger(label: "cashless")
        logger.logLevel = .warning
        return try await Ledger.withLedger(try databaseURL(try settings()), logger: logger, clock: clock, body)
    }
}
