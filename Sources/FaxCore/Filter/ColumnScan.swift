/// Read-only views of the search columns and the records during one refilter, shared by the worker
/// threads (nothing writes the arrays while it runs: `FeedIndex.setFilter` holds them).
///
/// Records are tested in blocks of ``blockSize``: each term yields one bit per record, ANDed into the
/// block's candidates (a negated term's bits inverted first). A record the columns cannot answer for a
/// term is asked itself with `Filter.holds`, and a stale record with `Filter.matches`.
struct ColumnScan: @unchecked Sendable {
    static let blockSize = 4096
    private typealias Flags = FeedSearchColumns.Flags

    let records: UnsafeBufferPointer<FeedRecord>
    let flags: UnsafeBufferPointer<UInt8>
    let statusIDs: UnsafeBufferPointer<UInt32>
    let eventIDs: UnsafeBufferPointer<UInt32>
    let fromIDs: UnsafeBufferPointer<UInt32>
    let toIDs: UnsafeBufferPointer<UInt32>
    let textStarts: UnsafeBufferPointer<UInt32>
    let text: UnsafeBufferPointer<UInt8>
    let hasStale: Bool

    /// Tests `range` (starting at a multiple of 64) into `bits`, one bit per record; returns the matches.
    func match(_ filter: CompiledFilter, _ range: Range<Int>, into bits: UnsafeMutableBufferPointer<UInt64>) -> Int {
        var matches = 0
        var start = range.lowerBound
        while start < range.upperBound {
            let block = start..<min(range.upperBound, start + Self.blockSize)
            let words = UnsafeMutableBufferPointer(rebasing: bits[block.lowerBound / 64..<(block.upperBound + 63) / 64])
            matchBlock(filter, block, words)
            matches += words.reduce(0) { $0 + $1.nonzeroBitCount }
            start = block.upperBound
        }
        return matches
    }

    private func matchBlock(_ filter: CompiledFilter, _ block: Range<Int>, _ candidates: UnsafeMutableBufferPointer<UInt64>) {
        for w in candidates.indices {
            let count = min(64, block.upperBound - (block.lowerBound + w * 64))
            candidates[w] = count == 64 ? ~0 : (1 << UInt64(count)) - 1
        }
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: candidates.count) { hits in
            for term in filter.terms {
                guard candidates.contains(where: { $0 != 0 }) else { break }
                termHits(term, block, UnsafeBufferPointer(candidates), hits)
                for w in candidates.indices { candidates[w] &= term.negated ? ~hits[w] : hits[w] }
            }
        }
        if hasStale { recheckStale(filter, block, candidates) }
    }

    private func recheckStale(_ filter: CompiledFilter, _ block: Range<Int>, _ candidates: UnsafeMutableBufferPointer<UInt64>) {
        for i in block where flags[i] & Flags.stale.rawValue != 0 {
            let w = (i - block.lowerBound) / 64, bit = UInt64(1) << UInt64(i % 64)
            if filter.filter.matches(records[i]) { candidates[w] |= bit } else { candidates[w] &= ~bit }
        }
    }

    /// One bit per record of `block` for where `term` holds (before negation). Words without candidates
    /// may be left zero.
    private func termHits(
        _ term: CompiledFilter.Term, _ block: Range<Int>, _ candidates: UnsafeBufferPointer<UInt64>,
        _ hits: UnsafeMutableBufferPointer<UInt64>
    ) {
        switch term.test {
        case .flag(let flag):
            let mask = flag.rawValue
            perRecord(block, candidates, hits) { flags[$0] & mask != 0 }
        case .event(let answers):
            answers.withUnsafeBufferPointer { answers in
                perRecord(block, candidates, hits) {
                    flags[$0] & Flags.rejected.rawValue == 0 && answers[Int(eventIDs[$0])]
                }
            }
        case .status(let answers):
            answers.withUnsafeBufferPointer { answers in perRecord(block, candidates, hits) { answers[Int(statusIDs[$0])] } }
        case .numbers(let from, let to):
            numberHits(from: from, to: to, block, candidates, hits)
        case .idPrefix(let prefix, let confirm):
            prefix.withUnsafeBufferPointer { prefix in
                perRecord(block, candidates, hits) { i in
                    idHolds(term.predicate, i) { fieldStarts(with: prefix, at: $0) } confirm: {
                        confirm || flags[i] & Flags.idsHaveUpperCase.rawValue != 0
                    }
                }
            }
        case .idPrefixNotASCII(let firstBytes):
            firstBytes.withUnsafeBufferPointer { firstBytes in
                perRecord(block, candidates, hits) { i in
                    idHolds(term.predicate, i) { text[$0] < 0x80 && firstBytes[Int(text[$0])] } confirm: { true }
                }
            }
        case .word(let needle, let numbers, let statuses, let events):
            needle.withUnsafeBufferPointer { needle in
                wordHits(needle, block, candidates, hits)
            }
            if numbers != nil || statuses != nil || events != nil {
                addTableHits(numbers: numbers, statuses: statuses, events: events, block, candidates, hits)
            }
        case .reference:
            perRecord(block, candidates, hits) { Filter.holds(term.predicate, records[$0]) }
        }
    }

    @inline(__always)
    private func perRecord(
        _ block: Range<Int>, _ candidates: UnsafeBufferPointer<UInt64>, _ hits: UnsafeMutableBufferPointer<UInt64>,
        _ holds: (Int) -> Bool
    ) {
        for w in candidates.indices {
            guard candidates[w] != 0 else { hits[w] = 0; continue }
            let base = block.lowerBound + w * 64
            var bits: UInt64 = 0
            for b in 0..<min(64, block.upperBound - base) where holds(base + b) { bits |= 1 << UInt64(b) }
            hits[w] = bits
        }
    }

    private func numberHits(
        from: [Bool]?, to: [Bool]?, _ block: Range<Int>, _ candidates: UnsafeBufferPointer<UInt64>,
        _ hits: UnsafeMutableBufferPointer<UInt64>
    ) {
        let none = [Bool]()
        (from ?? none).withUnsafeBufferPointer { fromAnswers in
            (to ?? none).withUnsafeBufferPointer { toAnswers in
                switch (from != nil, to != nil) {
                case (true, true):
                    perRecord(block, candidates, hits) { fromAnswers[Int(fromIDs[$0])] || toAnswers[Int(toIDs[$0])] }
                case (true, false): perRecord(block, candidates, hits) { fromAnswers[Int(fromIDs[$0])] }
                default: perRecord(block, candidates, hits) { toAnswers[Int(toIDs[$0])] }
                }
            }
        }
    }

    /// `id:` for record `i`: whether its hook id (first field of the text) or, for a retry, its data id
    /// (second) passes `starts`, given the field's first byte; a find is asked of the record when
    /// `confirm` says so. Records whose ids the text does not hold are asked directly.
    @inline(__always)
    private func idHolds(
        _ predicate: Filter.Predicate, _ i: Int, starts: (Int) -> Bool, confirm: () -> Bool
    ) -> Bool {
        let recordFlags = flags[i]
        // A stale record's text may not hold its ids (it is rechecked whole afterwards).
        if recordFlags & (Flags.noHookID.rawValue | Flags.stale.rawValue) != 0 { return false }
        if recordFlags & Flags.idsInText.rawValue == 0 { return Filter.holds(predicate, records[i]) }
        let hookStart = Int(textStarts[i])
        var found = starts(hookStart)
        if !found, recordFlags & Flags.retry.rawValue != 0 {
            var dataStart = hookStart
            while text[dataStart] != FeedSearchColumns.separator { dataStart += 1 }
            found = starts(dataStart + 1)
        }
        return found && (!confirm() || Filter.holds(predicate, records[i]))
    }

    /// Whether the text at `start` begins with `prefix`, which holds no separator, so the comparison stops
    /// at the end of the field.
    @inline(__always)
    private func fieldStarts(with prefix: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        for k in prefix.indices where start + k >= text.count || text[start + k] != prefix[k] { return false }
        return true
    }

    /// Marks records of `block` whose text holds `needle`. With few candidates left each one's text is
    /// searched; otherwise the block's whole text, skipping to the next record after each find.
    private func wordHits(
        _ needle: UnsafeBufferPointer<UInt8>, _ block: Range<Int>, _ candidates: UnsafeBufferPointer<UInt64>,
        _ hits: UnsafeMutableBufferPointer<UInt64>
    ) {
        let candidateCount = candidates.reduce(0) { $0 + $1.nonzeroBitCount }
        if candidateCount < 256 {
            perRecord(block, candidates, hits) { i in
                candidates[(i - block.lowerBound) / 64] & (1 << UInt64(i % 64)) != 0
                    && ByteSearch.firstIndex(of: needle, in: text, from: Int(textStarts[i]), to: Int(textStarts[i + 1])) != nil
            }
            return
        }
        for w in hits.indices { hits[w] = 0 }
        let end = Int(textStarts[block.upperBound])
        var position = Int(textStarts[block.lowerBound])
        var record = block.lowerBound
        while let found = ByteSearch.firstIndex(of: needle, in: text, from: position, to: end) {
            record = self.record(containing: found, from: record, below: block.upperBound)
            let offset = record - block.lowerBound
            hits[offset / 64] |= 1 << UInt64(offset % 64)
            position = Int(textStarts[record + 1])
        }
    }

    /// The record in `low..<high` whose text holds byte `position` (binary search over the starts).
    private func record(containing position: Int, from low: Int, below high: Int) -> Int {
        var low = low, high = high  // invariant: textStarts[low] <= position < textStarts[high]
        while high - low > 1 {
            let mid = (low + high) / 2
            if Int(textStarts[mid]) <= position { low = mid } else { high = mid }
        }
        return low
    }

    /// Adds accepted records whose number, status or event matches the word (per the tables).
    private func addTableHits(
        numbers: [Bool]?, statuses: [Bool]?, events: [Bool]?, _ block: Range<Int>,
        _ candidates: UnsafeBufferPointer<UInt64>, _ hits: UnsafeMutableBufferPointer<UInt64>
    ) {
        let none = [Bool]()
        (numbers ?? none).withUnsafeBufferPointer { numberAnswers in
            (statuses ?? none).withUnsafeBufferPointer { statusAnswers in
                (events ?? none).withUnsafeBufferPointer { eventAnswers in
                    let askNumbers = numbers != nil, askStatuses = statuses != nil, askEvents = events != nil
                    for w in candidates.indices where candidates[w] != 0 {
                        let base = block.lowerBound + w * 64
                        var bits: UInt64 = 0
                        for b in 0..<min(64, block.upperBound - base) {
                            let i = base + b
                            guard flags[i] & Flags.rejected.rawValue == 0 else { continue }
                            let holds = (askNumbers && (numberAnswers[Int(fromIDs[i])] || numberAnswers[Int(toIDs[i])]))
                                || (askStatuses && statusAnswers[Int(statusIDs[i])])
                                || (askEvents && eventAnswers[Int(eventIDs[i])])
                            if holds { bits |= 1 << UInt64(b) }
                        }
                        hits[w] |= bits
                    }
                }
            }
        }
    }
}
