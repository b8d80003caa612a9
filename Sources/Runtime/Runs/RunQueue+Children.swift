import Foundation
import Logging
import Store

extension RunQueue {
    /// Puts back in the queue the runs waiting for children that have all
    /// ended (`RunQueueRepository.resumeFannedIn`); every worker calls it
    /// on each pass of its loop (a run ending wakes the loop).
    func fanIn() async {
        do {
            _ = try await stores.queue.resumeFannedIn()
        } catch {
            Logger(label: "oi.runtime.queue").error("fan-in failed", metadata: ["error": .string("\(error)")])
        }
    }

    /// How often a group run looks at a member executed elsewhere or waiting for approval.
    static let childPollInterval = Duration.milliseconds(200)

    /// Runs a group member to its end, for its group run (delegated runs
    /// are the queue's, and their parent waits in `waiting_children`): claims it and executes it inline when it is pending or
    /// abandoned; otherwise (another live worker has it, or it waits for an
    /// approval) looks again shortly. Returns the child as it ended.
    func settle(_ child: Run) async throws -> Run {
        while true {
            try Task.checkCancellation()
            guard let current = try await stores.runs.get(child.id, in: child.scope) else {
                throw RuntimeError(.notFound, "child run \(child.id) not found")
            }
            if current.status.isTerminal { return current }
            if current.status != .waitingApproval,
               let claimed = try await stores.queue.claim(child.id, in: child.scope, owner: owner, leaseDuration: lease,
                                                          isAbandoned: WorkerIdentity.isDead) {
                _ = await executeInline(claimed, parentRunID: child.parentRunID ?? "")
                continue
            }
            try await Task.sleep(for: Self.childPollInterval)
        }
    }
}
