import Foundation

/// Reads command input: `-` for standard input, else any path `open` can read, a regular file or
/// a pipe, a FIFO, a process substitution (`--trust <(curl …)` passes `/dev/fd/63`).
///
/// The bytes are read until the end of input, whatever kind of file it is: Foundation's
/// `String(contentsOfFile:)` refuses a pipe ("permission denied" for `/dev/fd/63`).
enum InputFile {
    /// Standard input can be read once: `-` may stand for at most one of a command's inputs.
    static func requireOneStandardInput(_ paths: [String?], names: String) throws {
        guard paths.filter({ $0 == "-" }).count <= 1 else {
            throw CLIError("standard input (-) can be read only once: give '-' to only one of \(names)")
        }
    }

    /// Every byte of `path` (`-`: standard input). Errors name `option`, the path and the reason.
    static func bytes(_ path: String, option: String) throws -> [UInt8] {
        let descriptor = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(path, option) }
        defer { if descriptor != STDIN_FILENO { close(descriptor) } }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes += chunk[..<count]
            } else if count == 0 {
                return bytes
            } else if errno != EINTR {
                throw failure(path, option)  // a directory: "Is a directory"
            }
        }
    }

    /// The text of `path`, which must be UTF-8.
    static func text(_ path: String, option: String) throws -> String {
        guard let text = String(validating: try bytes(path, option: option), as: UTF8.self) else {
            throw CLIError("\(option): \(name(path)) is not UTF-8 text")
        }
        return text
    }

    /// How messages name the input: its path, or "standard input".
    static func name(_ path: String) -> String { path == "-" ? "standard input" : path }

    /// Made right after the failing call, while `errno` is still its reason.
    private static func failure(_ path: String, _ option: String) -> CLIError {
        CLIError("\(option): cannot read \(name(path)): \(String(cString: strerror(errno)))")
    }
}
