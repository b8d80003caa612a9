import Foundation

// Foundation's `Data` as a base64 string, what JSONEncoder and JSONDecoder do
// by default (Data's own Codable would write an array of numbers). The only
// Foundation type the Codable bridge knows; `Date` needs nothing, as its own
// Codable is Foundation's default (seconds since 2001, a number).

extension ValueDecoder {
    static func decodeIfData<T>(_ type: T.Type, from value: JSONValue, at path: @autoclosure () -> [any CodingKey]) throws -> T? {
        guard T.self == Data.self else { return nil }
        guard let data = Data(base64Encoded: try unboxString(value, at: path())) else {
            throw DecodingError.dataCorrupted(.init(codingPath: path(), debugDescription: "Encountered Data is not valid Base64."))
        }
        return (data as! T)
    }
}

extension BytesWriter {
    /// Writes `value` as base64 if it is `Data`, and says whether it did.
    func writeIfData<T>(_ value: T) -> Bool {
        guard T.self == Data.self else { return false }
        JSONWriter.writeString((value as! Data).base64EncodedString(), into: &out)
        return true
    }
}
