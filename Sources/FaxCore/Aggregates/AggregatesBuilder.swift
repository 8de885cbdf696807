/// Builds the per-number statistics and the retry chains' assignment from stored column bytes, on a
/// thread of its own while another thread builds the feed (loading history at start-up).
///
/// Each thread reads the store itself and keeps what it allocates: handing a million rows' strings
/// from one core to the other made building slower than doing everything on one. Numbers come out
/// exactly as ``NumberStats/add(_:)`` over the same events in sequence order makes them.
public struct AggregatesBuilder {
    public private(set) var numbers = NumberStats()
    public private(set) var chains: ChainAssignment
    private var numberTexts = TextInterner()
    /// Row in `numbers` by id in `numberTexts` (-1: not looked up yet).
    private var rowByNumberID: [Int32] = []
    private var statusTexts = TextInterner(limit: 4_096)
    private var outcomes: [FaxStatus.Outcome] = []

    public init(expectedEvents: Int = 0) {
        chains = ChainAssignment(expectedEvents: expectedEvents)
    }

    /// Chain fingerprints cut to `fingerprintBits` bits, so that sessions share them: for tests of
    /// what happens then.
    public init(expectedEvents: Int, fingerprintBits: Int) {
        chains = ChainAssignment(expectedEvents: expectedEvents, fingerprintBits: fingerprintBits)
    }

    /// Adds the next accepted event, in sequence order. Needs `seq`, the ids, numbers, status, pages,
    /// cost and arrival time.
    public mutating func add(_ row: EventSummaryBytes) {
        let (isRetry, _) = chains.add(row)
        let fax = NumberStats.Fax(pages: Int32(clamping: row.pages), cost: row.cost,
                                  outcome: row.status.map { outcome($0) }, isRetry: isRetry,
                                  receivedAt: row.receivedAt)
        if !row.from.isEmpty { add(fax, number: row.from, isSender: true) }
        if !row.to.isEmpty { add(fax, number: row.to, isSender: false) }
    }

    private mutating func add(_ fax: NumberStats.Fax, number bytes: UnsafeBufferPointer<UInt8>, isSender: Bool) {
        guard let id = numberTexts.id(of: bytes) else {
            let number = String(decoding: bytes, as: UTF8.self)
            numbers.add(fax, at: numbers.position(of: number), number: number, isSender: isSender)
            return
        }
        let number = numberTexts.values[id]
        while rowByNumberID.count <= id { rowByNumberID.append(-1) }
        if rowByNumberID[id] < 0 { rowByNumberID[id] = Int32(numbers.position(of: number)) }
        numbers.add(fax, at: Int(rowByNumberID[id]), number: number, isSender: isSender)
    }

    private mutating func outcome(_ bytes: UnsafeBufferPointer<UInt8>) -> FaxStatus.Outcome {
        guard let id = statusTexts.id(of: bytes) else { return FaxStatus(raw: String(decoding: bytes, as: UTF8.self)).outcome }
        while outcomes.count <= id { outcomes.append(FaxStatus(raw: statusTexts.values[outcomes.count]).outcome) }
        return outcomes[id]
    }
}
