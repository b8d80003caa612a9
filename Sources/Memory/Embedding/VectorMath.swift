import Foundation

/// Float32 vector helpers shared by the embedders and both vector searches.
public enum VectorMath {
    /// The dot product, eight lanes at a time (the compiler turns the SIMD8
    /// arithmetic into AVX/SSE instructions). For unit vectors it is the
    /// cosine similarity.
    @inline(__always)
    public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var acc0 = SIMD8<Float>(repeating: 0)
        var acc1 = SIMD8<Float>(repeating: 0)
        var i = 0
        let rawA = UnsafeRawPointer(a), rawB = UnsafeRawPointer(b)
        while i + 16 <= count {
            acc0 += rawA.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) * rawB.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            acc1 += rawA.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self) * rawB.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self)
            i += 16
        }
        var sum = (acc0 + acc1).sum()
        while i < count {
            sum += a[i] * b[i]
            i += 1
        }
        return sum
    }

    public static func dot(_ a: [Float], _ b: [Float]) -> Float {
        precondition(a.count == b.count, "vectors of different dimensions")
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                guard let x = pa.baseAddress, let y = pb.baseAddress else { return 0 }
                return dot(x, y, count: a.count)
            }
        }
    }

    /// Scales to length 1; the zero vector stays zero (it has no direction,
    /// and is stored as "no embedding").
    public static func normalized(_ v: [Float]) -> [Float] {
        let norm = dot(v, v).squareRoot()
        guard norm > 0, norm.isFinite else { return v.map { _ in 0 } }
        return v.map { $0 / norm }
    }

    public static func isZero(_ v: [Float]) -> Bool { v.allSatisfy { $0 == 0 } }

    /// Little-endian float32 bytes: the SQLite blob format of `memory_chunks.embedding`.
    public static func blob(_ v: [Float]) -> Data {
        var data = Data(count: v.count * 4)
        data.withUnsafeMutableBytes { raw in
            for (i, x) in v.enumerated() { raw.storeBytes(of: x.bitPattern.littleEndian, toByteOffset: i * 4, as: UInt32.self) }
        }
        return data
    }

    /// Reads a blob written by `blob(_:)`; nil when its length is not `4 * dimension`.
    public static func floats(_ data: Data, dimension: Int) -> [Float]? {
        guard data.count == dimension * 4 else { return nil }
        return data.withUnsafeBytes { raw in
            (0..<dimension).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }

    /// pgvector's text input form, `[0.1,-0.2,…]`, with enough digits to
    /// round-trip a Float exactly.
    public static func pgvectorLiteral(_ v: [Float]) -> String {
        var s = "["
        s.reserveCapacity(v.count * 12)
        for (i, x) in v.enumerated() {
            if i > 0 { s.append(",") }
            s.append(x.description)
        }
        s.append("]")
        return s
    }
}
