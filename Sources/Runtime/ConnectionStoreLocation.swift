import Booking
import BookingPostgres
import BookingSQLite
import Connections
import Foundation

extension LedgerLocation {
    /// The connection store in this ledger's database (DESIGN §10: a table beside the bookings),
    /// its tokens sealed with the key of `environment` (`SLOTPLAN_SECRET_KEY`) or `keyFile`.
    /// `opened`: this location's ledger when the caller has opened it already (one pool, one
    /// migration at start-up, not two).
    public func openConnectionStore(environment: [String: String], keyFile: String?,
                                    reusing opened: (any BookingLedger)? = nil) async throws(RuntimeError) -> ConnectionStore {
        let sealer: TokenSealer
        do { sealer = try TokenSealer.load(environment: environment, keyFile: keyFile) } catch {
            throw RuntimeError(.invalidRequest, field: "key", error.message)
        }
        if let records = opened as? any ConnectionRecords { return ConnectionStore(records: records, sealer: sealer) }
        do {
            switch self {
            case .sqlite(let path): return ConnectionStore(records: try SQLiteLedger(path: path), sealer: sealer)
            case .postgres(let url): return ConnectionStore(records: try await PostgresLedger.connect(url: url), sealer: sealer)
            }
        } catch {
            throw RuntimeError(.failed, field: "store", "\(error)")
        }
    }
}
