import { prettyJSON } from "../lib/format";

/** JSON, pretty-printed, in a scrollable block. */
export function JsonView({ value, label }: { value: unknown; label?: string }) {
    return (
        <pre className="json" aria-label={label ?? "JSON"} tabIndex={0}>
            {prettyJSON(value)}
        </pre>
    );
}
