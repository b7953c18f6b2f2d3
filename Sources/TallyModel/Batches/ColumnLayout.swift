/// Where each field's values live in a `ColumnBatch`: categorical, numeric and
/// multi-select fields each get a slot in their own family of buffers.
public struct ColumnLayout: Sendable {
    /// A field's storage.
    public enum Slot: Sendable, Equatable {
        case categorical(Int)
        case numeric(Int)
        case multi(Int)
    }

    /// The slot of each field, by the field's index in `PipelineDefinition.fields`.
    public let slots: [Slot]
    public let categoricalCount: Int
    public let numericCount: Int
    public let multiCount: Int
    private let indexByName: [String: Int]

    /// Lays out every field of a definition, in declaration order.
    public init(fields: [Field]) {
        var slots: [Slot] = []
        var categorical = 0, numeric = 0, multi = 0
        var indexByName: [String: Int] = [:]
        for (index, field) in fields.enumerated() {
            indexByName[field.name] = index
            switch field.kind {
            case .single, .bins:
                slots.append(.categorical(categorical))
                categorical += 1
            case .numeric, .count:
                slots.append(.numeric(numeric))
                numeric += 1
            case .multi:
                slots.append(.multi(multi))
                multi += 1
            }
        }
        self.slots = slots
        self.categoricalCount = categorical
        self.numericCount = numeric
        self.multiCount = multi
        self.indexByName = indexByName
    }

    /// The slot of the named field.
    public func slot(of field: String) -> Slot? {
        indexByName[field].map { slots[$0] }
    }

    /// The index of the named field in the definition.
    public func index(of field: String) -> Int? {
        indexByName[field]
    }
}

/// Reserved categorical codes.
public enum CategoryCode {
    /// A blank, excluded or not-applicable answer.
    public static let missing: UInt16 = .max
    /// The largest number of categories one field may declare.
    public static let maximumCount = Int(UInt16.max) - 1
}
