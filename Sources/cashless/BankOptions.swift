import ArgumentParser
import Foundation
import VietQR

/// Where the bank directory comes from: `--banks FILE`, else `banks.json` in the configuration folder.
struct BankOptions: ParsableArguments {
    @Option(
        name: .customLong("banks"),
        help: ArgumentHelp(
            "Bank directory to use instead of Config/banks.json.",
            valueName: "FILE"
        )
    )
    var file: String?

    /// The directory, read once. Errors name the file and why it could not be used.
    func load() throws -> BankDirectory {
        let url = try file.map { URL(fileURLWithPath: $0) } ?? ConfigFiles.url(for: "banks.json")
        do {
            return try BankDirectory(json: Data(contentsOf: url))
        } catch {
            throw ValidationError("cannot read the bank directory \(url.path): \(error.localizedDescription)")
        }
    }
}

/// Finds the files of `Config/`: in `$CASHLESS_CONFIG_DIR`, else in a `Config` folder in the
/// working directory, or above it, or above the executable (so a built binary finds its checkout's).
enum ConfigFiles {
    static func url(for name: String) throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        if let folder = environment["CASHLESS_CONFIG_DIR"], !folder.isEmpty {
            return URL(fileURLWithPath: folder).appendingPathComponent(name)
        }
        let starts = [
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
            URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent(),
        ]
        for start in starts {
            var folder = start.standardizedFileURL
            while true {
                let candidate = folder.appendingPathComponent("Config").appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
                let parent = folder.deletingLastPathComponent()
                if parent.path == folder.path { break }
                folder = parent
            }
        }
        throw ValidationError(
            "cannot find Config/\(name) in the working directory or above it; set CASHLESS_CONFIG_DIR to the folder that holds it"
        )
    }
}
