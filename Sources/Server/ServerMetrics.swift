import Foundation
import Prometheus

/// The Prometheus metrics of `/metrics` (swift-prometheus): request durations by route and
/// status, provider fetches of the busy cache by result, bookings by outcome.
final class ServerMetrics: @unchecked Sendable {
    let registry = PrometheusCollectorRegistry()
    /// The histogram of each route and status, looked up once: every request records one, and
    /// the registry builds its name and labels on each lookup. Bounded by the routes and statuses.
    private let lock = NSLock()
    private var durations: [DurationKey: DurationHistogram] = [:]
    private struct DurationKey: Hashable {
        let route: String
        let status: Int
    }
    static let buckets: [Duration] = [.microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
                                      .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
                                      .seconds(1), .seconds(2.5), .seconds(5), .seconds(10)]

    init() {
        // Present from the start, so a scrape before the first fetch or booking reads zero.
        for result in ["ok", "error", "timeout"] { _ = busyFetches(result) }
    }

    func requestDuration(route: String, status: Int) -> DurationHistogram {
        let key = DurationKey(route: route, status: status)
        if let known = lock.withLock({ durations[key] }) { return known }
        let made = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(namespace: "slotplan", metricName: "http_request_duration", unitName: "seconds",
                                             helpText: "HTTP request durations by route and status"),
            labels: [("route", route), ("status", String(status))], buckets: Self.buckets)
        lock.withLock { durations[key] = made }
        return made
    }

    func busyFetches(_ result: String) -> Counter {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(namespace: "slotplan", metricName: "busy_fetches", unitName: "total",
                                             helpText: "Free/busy fetches from calendar providers (one per calendar per TTL)"),
            labels: [("result", result)])
    }

    func bookings(_ outcome: String) -> Counter {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(namespace: "slotplan", metricName: "bookings", unitName: "total",
                                             helpText: "Booking requests by outcome"),
            labels: [("outcome", outcome)])
    }

    /// The Prometheus text exposition.
    func text() -> String { registry.emitToString() }
}
