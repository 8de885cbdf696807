import Dispatch
import FaxCore

/// The Numbers and Chains panes as the filter in effect sees them: the numbers of the deliveries the
/// feed shows, and the fax sessions with at least one attempt it shows (the whole chain, every attempt).
/// Kept up to date by counting only the records that became visible since the last look, so live
/// traffic costs what it adds; a new filter, a replaced model or a row that appeared or vanished in the
/// middle of the feed (a repeat under `is:dup`) starts it again from the feed. Counting a whole feed
/// takes most of a second at a million records, so it goes a slice at a time (``count(from:until:)``),
/// one slice a frame, and the panes say how far it got.
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

    /// Whether every record the feed shows is counted.
    private(set) var isComplete = true
    /// How much of the filtered feed is counted, 0 to 1.
    private(set) var progress = 1.0

    /// Starts again from nothing when the filter, the model or the feed's older rows changed; counts
    /// nothing itself.
    mutating func follow(_ model: DashboardModel, generation: Int) {
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
        // Records appended since are all newer than the ones counted, so the check above still holds.
        if counted == visible.count { recordsSeen = feed.count }
        isComplete = counted == visible.count
        progress = visible.isEmpty ? 1 : Double(counted) / Double(visible.count)
    }

    /// Counts the feed's visible records not counted yet, in slices of 4,096, until they are all counted
    /// or the monotonic clock (`DispatchTime` nanoseconds) passes `deadline`.
    mutating func count(from model: DashboardModel, generation: Int, until deadline: UInt64) {
        follow(model, generation: generation)
        let feed = model.feed
        let visible = feed.visible
        guard counted < visible.count else { return }
        while counted < visible.count {
            let end = min(visible.count, counted + 4096)
            for position in counted..<end {
                let record = feed.records[Int(visible[position])]
                guard !record.isRejection else { continue }
                numbers.add(record)
                if let chain = model.chains.position(ofDataID: record.dataID), !chainShown[Int(chain)] {
                    chainShown[Int(chain)] = true
                    shownChains += 1
                }
            }
            counted = end
            if DispatchTime.now().uptimeNanoseconds >= deadline { break }
        }
        lastCounted = visible[counted - 1]
        if counted == visible.count { recordsSeen = feed.count }
        isComplete = counted == visible.count
        progress = Double(counted) / Double(visible.count)
        version &+= 1
    }

    /// `order` (positions of the model's chains) without the chains the filter hides.
    func shown(_ order: [Int32]) -> [Int32] {
        order.filter { Int($0) < chainShown.count && chainShown[Int($0)] }
    }
}
