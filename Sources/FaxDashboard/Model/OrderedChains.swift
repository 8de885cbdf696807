import FaxCore

/// The model's chains seen in the chains pane's order, for the length of one render or key press.
struct OrderedChains: RandomAccessCollection {
    let order: [Int32]
    let chains: [RetryChains.Chain]

    var startIndex: Int { 0 }
    var endIndex: Int { order.count }

    /// A chain appended since the order was worked out is not in it yet (the order is refreshed at
    /// most once a second while deliveries stream in); every position in it stays valid, because
    /// chains are only ever appended.
    subscript(position: Int) -> RetryChains.Chain { chains[Int(order[position])] }
}
