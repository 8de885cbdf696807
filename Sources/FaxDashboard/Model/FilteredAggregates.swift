import FaxCore

/// The Numbers and Chains panes as the filter in effect sees them: the numbers of the deliveries the
/// feed shows, and the fax sessions with at least one attempt it shows (the whole chain, every attempt).
/// Kept up to date by counting only the records that became visible since the last look, so live
/// traffic costs what it adds; a new filter, a replaced model or a row that appeared or vanished in the
/// middle of the feed (a repeat under `is:dup`) starts it again from the feed.
struct FilteredAggregates {
    private(set) var numbers = NumberStats()
    /// `chainShown[p]`: the model's chain at position `p` has an attempt the filter shows.
    private var chainShown: [Bool] = []
    private(set) var shownChains = 0
    /// Bumped whenever the numbers or the chains shown change.
    private(set) var version = 0

    private var query = ""
    private var modelGeneration = -1
    /// How many entries of the feed's visible positions are counted, and the last of them.
    private var counted = 0
    private var lastCounted: Int32 = -1
    /// How many records the feed held when it was last counted: a newly visible record below this is an
    /// old one that appeared in the middle.
    private var recordsSeen = 0

    /// Brings the numbers and chains up to date with the model's filtered feed.
    mutating func update(from model: DashboardModel, generation: Int) {
        let feed = model.feed
        let visible = feed.visible
        let extends = query == feed.filter.query && generation == modelGeneration && visible.count >= counted
            && (counted == 0 || visible[counted - 1] == lastCounted)
            && (counted == visible.count || Int(visible[counted]) >= recordsSeen)
        if !extends {
            let version = self.version &+ 1
            self = FilteredAggregates()
            self.version = version
            query = feed.filter.query
            modelGeneration = generation
        }
        if chainShown.count < model.chains.chains.count {
            chainShown += repeatElement(false, count: model.chains.chains.count - chainShown.count)
        }
        recordsSeen = feed.count
        guard counted < visible.count else { return }
        for position in counted..<visible.count {
            let record = feed.records[Int(visible[position])]
            guard !record.isRejection else { continue }
            numbers.add(record)
            if let chain = model.chains.position(ofDataID: record.dataID), !chainShown[Int(chain)] {
                chainShown[Int(chain)] = true
                shownChains += 1
            }
        }
        counted = visible.count
        lastCounted = visible[counted - 1]
        version &+= 1
    }

    /// `order` (positions of the model's chains) without the chains the filter hides.
    func shown(_ order: [Int32]) -> [Int32] {
        order.filter { Int($0) < chainShown.count && chainShown[Int($0)] }
    }
}
