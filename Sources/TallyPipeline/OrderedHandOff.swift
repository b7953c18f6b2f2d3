import Foundation

/// Values that some jobs make in any order and another job takes in index order,
/// waiting for each in turn: it can use a value as soon as those before it are
/// made, not once all of them are.
///
/// Every access holds the condition's lock, hence `@unchecked Sendable`.
final class OrderedHandOff<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var values: [Value?]
    private var isClosed = false

    /// A hand-off of the values at indices `0..<count`.
    init(count: Int) {
        values = Array(repeating: nil, count: count)
    }

    /// Hands over the value at `index`.
    func put(_ value: Value, at index: Int) {
        condition.lock()
        values[index] = value
        condition.broadcast()
        condition.unlock()
    }

    /// Ends the hand-off: `take` waits no more for values not handed over. The
    /// makers call it however they end, so that the taker never waits forever.
    func close() {
        condition.lock()
        isClosed = true
        condition.broadcast()
        condition.unlock()
    }

    /// The value at `index`, once handed over; nil when the hand-off was closed
    /// without it. Each value is taken once (the hand-off lets go of it).
    func take(_ index: Int) -> Value? {
        condition.lock()
        defer { condition.unlock() }
        while values[index] == nil, !isClosed { condition.wait() }
        defer { values[index] = nil }
        return values[index]
    }
}
