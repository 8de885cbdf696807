import Dispatch
import FaxCore

/// What the Numbers and Chains panes hold: under a filter, what the filtered feed holds; the chains in
/// their order, kept up to date as deliveries arrive.
extension Dashboard {
    /// Whether a filter is in effect: the Numbers and Chains panes then show what the filtered feed holds.
    var isFiltered: Bool { !model.feed.filter.isEmpty }

    mutating func updateFiltered() {
        if isFiltered { filtered.follow(model, generation: modelGeneration) }
    }

    /// Under a filter, Numbers and Chains are still being counted from the filtered feed: each frame
    /// counts for at most ``countingBudgetNanoseconds``, and the loop draws the next frame at once.
    public var isCounting: Bool { isFiltered && !filtered.isComplete }

    /// The count in a pane's label: "…" after it while it is still being counted.
    func countLabel(_ count: Int) -> String { isCounting ? "\(count)…" : "\(count)" }

    /// The Numbers pane's rows, sorted; under a filter, the numbers of the deliveries it shows.
    mutating func numberRows() -> [NumberStats.Row] {
        updateFiltered()
        let version = isFiltered ? filtered.version : model.numbersVersion
        if let cache = numbersCache, cache.filtered == isFiltered, cache.version == version, cache.sort == state.numbersSort {
            return withAccountNumbers(cache.rows)
        }
        let rows = (isFiltered ? filtered.numbers : model.numbers).sorted(by: state.numbersSort)
        numbersCache = (isFiltered, version, state.numbersSort, rows)
        return withAccountNumbers(rows)
    }

    /// How many rows the Numbers pane has.
    mutating func numberCount() -> Int {
        updateFiltered()
        return isFiltered ? filtered.numbers.count : model.numbers.count + quietAccountNumbers().count
    }

    /// The account's own numbers (from the Fax.Plus API) that no delivery has named yet, listed after
    /// the others with no traffic, so Numbers shows them from the start; not under a filter, which
    /// counts deliveries.
    private func quietAccountNumbers() -> [NumberStats.Row] {
        guard !isFiltered, !info.accountNumbers.isEmpty else { return [] }
        var seen = Set<String>()
        return info.accountNumbers.compactMap { number in
            let key = PhoneNumber.statsKey(number)
            guard !model.numbers.contains(key: key), seen.insert(key).inserted else { return nil }
            return NumberStats.Row(key: key, display: number)
        }
    }

    private func withAccountNumbers(_ rows: [NumberStats.Row]) -> [NumberStats.Row] {
        let quiet = quietAccountNumbers()
        return quiet.isEmpty ? rows : rows + quiet
    }

    /// How many rows the Chains pane has.
    mutating func chainCount() -> Int {
        updateFiltered()
        return isFiltered ? filtered.shownChains : model.chains.chains.count
    }

    /// Chains in display order. While deliveries stream in, the chains they changed are merged into the
    /// order (a copy of the order, not a sort: about a millisecond at a million sessions). When too many
    /// changed for that, the order is sorted again, at most once a second and never more often than 20
    /// times the last sort took, so that with a million sessions sorting costs at most about 5% of the UI
    /// thread; a sort that took under a millisecond is redone whenever the chains change.
    mutating func orderedChains(now: Int64) -> OrderedChains {
        let order = sortedChainPositions(now: now)
        guard isFiltered else { return OrderedChains(order: order.positions, chains: model.chains.chains) }
        updateFiltered()
        if let cache = shownChainsCache, cache.sort == order.sort, cache.version == filtered.version {
            return OrderedChains(order: cache.order, chains: model.chains.chains)
        }
        let shown = filtered.shown(order.positions)
        shownChainsCache = (order.sort, filtered.version, shown)
        return OrderedChains(order: shown, chains: model.chains.chains)
    }

    mutating func sortedChainPositions(now: Int64) -> (positions: [Int32], sort: Int) {
        if let cache = chainsCache, cache.version == model.chainsVersion { return (cache.order, chainSorts) }
        if let cache = chainsCache, let changed = changedChains {
            let order = model.chains.orderedPositions(updating: cache.order, changed: changed)
            changedChains = []
            chainsCache = (model.chainsVersion, now, order)
            chainSorts += 1
            return (order, chainSorts)
        }
        let interval = chainsSortMilliseconds == 0 ? 0 : max(1000, 20 * chainsSortMilliseconds)
        if let cache = chainsCache, now - cache.at < interval { return (cache.order, chainSorts) }
        let started = DispatchTime.now().uptimeNanoseconds
        let order = model.chains.orderedPositions()
        chainsSortMilliseconds = Int64((DispatchTime.now().uptimeNanoseconds - started) / 1_000_000)
        chainsCache = (model.chainsVersion, now, order)
        changedChains = []
        chainSorts += 1
        return (order, chainSorts)
    }

    /// Remembers which chains the deliveries changed, for merging them into the chains pane's order.
    mutating func noteChangedChains(_ deliveries: [Delivery]) {
        guard changedChains != nil, chainsCache != nil else { return }
        for delivery in deliveries {
            guard case .accepted(let accepted) = delivery,
                  let position = model.chains.position(ofDataID: accepted.event.dataID) else { continue }
            changedChains!.append(position)
        }
        if changedChains!.count > max(1024, model.chains.chains.count / 8) { changedChains = nil }
    }
}
