import FaxCore
import NIOCore
import PostgresNIO

/// Reading result columns as faxtop's values. Results come in PostgreSQL's binary format: text and
/// bytea as their bytes, integers and doubles big-endian.
struct PostgresCells {
    let row: PostgresRandomAccessRow

    init(_ row: PostgresRow) { self.row = row.makeRandomAccess() }

    func isNull(_ index: Int) -> Bool { row[index].bytes == nil }

    func text(_ index: Int) -> String {
        guard let bytes = row[index].bytes else { return "" }
        return String(buffer: bytes)
    }

    func optionalText(_ index: Int) -> String? {
        row[index].bytes.map { String(buffer: $0) }
    }

    func bytes(_ index: Int) -> [UInt8] {
        guard let bytes = row[index].bytes else { return [] }
        return Array(bytes.readableBytesView)
    }

    /// An integer column (int2, int4 or int8); 0 for NULL.
    func int64(_ index: Int) -> Int64 {
        guard var bytes = row[index].bytes else { return 0 }
        switch bytes.readableBytes {
        case 8: return bytes.readInteger(as: Int64.self) ?? 0
        case 4: return Int64(bytes.readInteger(as: Int32.self) ?? 0)
        case 2: return Int64(bytes.readInteger(as: Int16.self) ?? 0)
        default: return 0
        }
    }

    func int(_ index: Int) -> Int { Int(int64(index)) }

    func optionalInt(_ index: Int) -> Int? { isNull(index) ? nil : int(index) }

    func optionalDouble(_ index: Int) -> Double? {
        guard var bytes = row[index].bytes, bytes.readableBytes == 8, let bits = bytes.readInteger(as: UInt64.self) else { return nil }
        return Double(bitPattern: bits)
    }

    func bool(_ index: Int) -> Bool {
        guard var bytes = row[index].bytes else { return false }
        return (bytes.readInteger(as: UInt8.self) ?? 0) != 0
    }
}
