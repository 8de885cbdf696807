/// A rectangle of the screen in rows and columns.
public struct Rect: Equatable, Sendable {
    public var row: Int
    public var col: Int
    public var height: Int
    public var width: Int

    public init(row: Int, col: Int, height: Int, width: Int) {
        self.row = row
        self.col = col
        self.height = max(0, height)
        self.width = max(0, width)
    }

    public func contains(row r: Int, col c: Int) -> Bool {
        r >= row && r < row + height && c >= col && c < col + width
    }
}
