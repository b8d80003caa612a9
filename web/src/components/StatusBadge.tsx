const labels: Record<string, string> = {
    pending: "pending", running: "running", waiting_approval: "waiting approval", waiting_children: "waiting for children", completed: "completed", failed: "failed", cancelled: "cancelled",
};

export function StatusBadge({ status }: { status: string }) {
    return <span className={`badge status-${status}`}>{labels[status] ?? status}</span>;
}
