import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The loopback redirect of RFC 8252 §7.3: a one-shot HTTP listener on 127.0.0.1 with a port the
/// system picks, waiting (bounded) for the browser to arrive with the authorization response.
public final class LoopbackRedirect: @unchecked Sendable {
    let socketFD: Int32
    public let port: Int
    public var redirectURI: String { "http://127.0.0.1:\(port)/callback" }

    public init() throws(ConnectionError) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ConnectionError("cannot open a loopback socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 4) == 0 else {
            close(fd)
            throw ConnectionError("cannot listen on 127.0.0.1: \(String(cString: strerror(errno)))")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        socketFD = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(socketFD) }

    /// The query of the first request to `/callback`, answered with `page`; other paths (a
    /// browser's favicon) get 404. Gives up after `timeout` seconds.
    public func awaitCallback(timeout: Int, page: (_ query: [String: String]) -> String) throws(ConnectionError) -> [String: String] {
        let deadline = Date().addingTimeInterval(TimeInterval(timeout))
        while Date() < deadline {
            var poller = pollfd(fd: socketFD, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(max(1, min(1_000, deadline.timeIntervalSinceNow * 1_000))))
            guard ready > 0 else { continue }
            let client = accept(socketFD, nil, nil)
            guard client >= 0 else { continue }
            defer { close(client) }
            guard let target = Self.requestTarget(client) else { continue }
            guard let components = URLComponents(string: target), components.path == "/callback" else {
                Self.respond(client, status: "404 Not Found", body: "not here")
                continue
            }
            var query: [String: String] = [:]
            for item in components.queryItems ?? [] { query[item.name] = item.value ?? "" }
            Self.respond(client, status: "200 OK", body: page(query))
            return query
        }
        throw ConnectionError("no answer from the browser within \(timeout) s: open the URL above, sign in and allow access, then try again")
    }

    /// The target of the request line (`GET /callback?code=… HTTP/1.1`), reading at most 16 KiB.
    static func requestTarget(_ fd: Int32) -> String? {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while data.count < 16_384 {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 5_000) > 0 else { return nil }
            let n = read(fd, &buffer, buffer.count)
            guard n > 0 else { break }
            data += buffer[0..<n]
            if String(decoding: data, as: UTF8.self).contains("\r\n\r\n") { break }
        }
        let line = String(decoding: data, as: UTF8.self).split(separator: "\r\n", maxSplits: 1).first ?? ""
        let parts = line.split(separator: " ")
        guard parts.count == 3, parts[0] == "GET" else { return nil }
        return String(parts[1])
    }

    static func respond(_ fd: Int32, status: String, body: String) {
        let html = Array("<!doctype html><meta charset=utf-8><title>slotplan</title><p>\(body)</p>".utf8)
        let head = Array("HTTP/1.1 \(status)\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: \(html.count)\r\nConnection: close\r\n\r\n".utf8)
        let all = head + html
        _ = all.withUnsafeBytes { write(fd, $0.baseAddress, all.count) }
    }
}
