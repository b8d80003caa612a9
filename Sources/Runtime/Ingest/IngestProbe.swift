import Foundation
import HTTP

/// `doctor`'s look at the ingestion services: whether their base URL
/// answers at all (any HTTP status counts: no credentials are sent).
public enum IngestProbe {
    /// nil when the server answered; otherwise why not.
    public static func unreachable(_ url: String, timeout: Duration = .seconds(3)) async -> String? {
        let http = IngestHTTP(timeout: timeout, maxRetries: 0)
        do {
            // A GET, not a HEAD: some servers answer HEAD with a body, which spoils a reused connection.
            _ = try await http.send(HTTPRequest(url: url), maxBytes: 1 << 20)
            return nil
        } catch let error as HTTPError where error.code == .tooLarge {
            return nil
        } catch let error as HTTPError {
            return error.code.name
        } catch {
            return "\(error)"
        }
    }
}
