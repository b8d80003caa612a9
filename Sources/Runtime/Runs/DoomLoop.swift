import JSON

/// Doom-loop detection: the same tool call (name and arguments, keys
/// sorted) made again and again in a row across the run's turns. The Nth
/// identical consecutive call (`threshold`) is not run — the model gets a
/// tool error and `run.warning DOOM_LOOP_DETECTED` is recorded; one more ends
/// the run with `stop_reason: doom_loop`. The streak is read from the run's
/// own messages, so it survives a restart.
struct DoomLoop: Sendable {
    let threshold: Int

    /// What the calls of one turn amount to.
    struct Verdict: Sendable, Equatable {
        /// Calls that are not run, with how many in a row each one makes.
        var refused: [String: Int] = [:]
        /// A call past the threshold: the run ends.
        var ends: (callID: String, repeats: Int)?

        static func == (a: Verdict, b: Verdict) -> Bool { a.refused == b.refused && a.ends?.callID == b.ends?.callID }
    }

    static func signature(_ call: ToolCall) -> String { call.name + "\u{1F}" + call.arguments.description }

    /// The verdict on `calls`, made after the run's messages `before`.
    func check(_ calls: [ToolCall], after before: [ChatMessage]) -> Verdict {
        var verdict = Verdict()
        guard threshold > 0 else { return verdict }
        var last: String?
        var streak = 0
        for message in before where message.role == .assistant {
            for call in message.toolCalls ?? [] {
                let signature = Self.signature(call)
                streak = signature == last ? streak + 1 : 1
                last = signature
            }
        }
        for call in calls {
            let signature = Self.signature(call)
            streak = signature == last ? streak + 1 : 1
            last = signature
            if streak == threshold {
                verdict.refused[call.id] = streak
            } else if streak > threshold, verdict.ends == nil {
                verdict.ends = (call.id, streak)
            }
        }
        return verdict
    }

    static func message(_ call: ToolCall, repeats: Int) -> String {
        "doom loop detected: \(call.name) was called \(repeats) times in a row with the same arguments; the call was not run. "
            + "Change the arguments or the approach — one more identical call ends the run."
    }
}
