import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection to a loopback port, for what an HTTP client library would not do:
/// send half a request, or hold a connection open and say nothing.
final class RawConnection {
    private var socket: Int32

    /// Connects to 127.0.0.1:`port`; a read waits at most `patience` seconds for data (a guard
    /// against a test that would otherwise hang, not a measure).
    init(port: Int, patience: Int = 20) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw ServerProcess.Failure("socket: \(errno)") }
        self.patience(patience)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else {
            Glibc.close(socket)
            throw ServerProcess.Failure("connect: \(errno)")
        }
    }

    deinit { close() }

    /// How long a read waits for data before it gives up.
    func patience(_ seconds: Int) {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Closes the connection (once).
    func close() {
        if socket >= 0 { Glibc.close(socket) }
        socket = -1
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard Glibc.send(socket, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else { throw ServerProcess.Failure("send: \(errno)") }
    }

    /// What the server sends until it closes the connection; nil when the patience ran out first.
    func readUntilClosed() -> String? {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count == 0 { return String(decoding: received, as: UTF8.self) }
            if count < 0 { return errno == EAGAIN || errno == EWOULDBLOCK ? nil : String(decoding: received, as: UTF8.self) }
            received += buffer[0..<count]
        }
    }

    /// The first bytes the server sends; nil when none came within the patience.
    func readSome() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(socket, &buffer, buffer.count, 0)
        return count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : nil
    }
}
