/// A coding key made at run time: an array index (`intValue`, printed as
/// `[i]` in paths), a dictionary key, or `super`. Three words, so it is
/// stored inline in an `any CodingKey`; an index's text is made only if asked.
struct JSONCodingKey: CodingKey {
    private let name: String
    private let index: Int

    init(stringValue: String) {
        name = stringValue
        index = -1
    }

    init(intValue: Int) {
        name = ""
        index = intValue
    }

    var stringValue: String { index < 0 ? name : "Index \(index)" }
    var intValue: Int? { index < 0 ? nil : index }

    static let `super` = JSONCodingKey(stringValue: "super")
}
