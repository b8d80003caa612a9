// The token and tenant switcher: profiles kept in localStorage; the active
// one's token and scope go with every request.
import { useEffect, useRef, useState } from "react";
import { ConnectionState, newProfileId, Profile } from "../api/connection";
import { useApp } from "../app-context";

export function ConnectionDialog({ onClose }: { onClose: () => void }) {
    const { connection, setConnection } = useApp();
    const [state, setState] = useState<ConnectionState>(connection);
    const active = state.profiles.find((p) => p.id === state.activeId) ?? state.profiles[0];
    const first = useRef<HTMLSelectElement>(null);
    useEffect(() => {
        first.current?.focus();
        const onKey = (e: globalThis.KeyboardEvent) => {
            if (e.key === "Escape") onClose();
        };
        window.addEventListener("keydown", onKey);
        return () => window.removeEventListener("keydown", onKey);
    }, [onClose]);

    const update = (field: keyof Profile, value: string) => {
        setState({ ...state, profiles: state.profiles.map((p) => (p.id === active.id ? { ...p, [field]: value } : p)) });
    };
    const add = () => {
        const profile: Profile = { id: newProfileId(), label: "New profile", token: "", org: "", user: "", project: "" };
        setState({ profiles: [...state.profiles, profile], activeId: profile.id });
    };
    const remove = () => {
        if (state.profiles.length <= 1) return;
        const profiles = state.profiles.filter((p) => p.id !== active.id);
        setState({ profiles, activeId: profiles[0].id });
    };
    const save = () => {
        setConnection(state);
        onClose();
    };

    return (
        <div className="dialog-backdrop" onClick={onClose}>
            <div className="dialog" role="dialog" aria-modal={true} aria-labelledby="connection-title" onClick={(e) => e.stopPropagation()}>
                <h2 id="connection-title">Connection</h2>
                <p className="muted">Saved in this browser only. With an API token the adapter takes the org and user from it; without one (a loopback adapter with no tokens) they are sent as <code>x-org-id</code> / <code>x-user-id</code>.</p>
                <form className="stack" onSubmit={(e) => { e.preventDefault(); save(); }}>
                    <label htmlFor="conn-profile">Profile</label>
                    <div className="row">
                        <select id="conn-profile" ref={first} value={active.id} onChange={(e) => setState({ ...state, activeId: e.target.value })}>
                            {state.profiles.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
                        </select>
                        <button type="button" className="secondary" onClick={add}>New</button>
                        <button type="button" className="secondary" onClick={remove} disabled={state.profiles.length <= 1}>Remove</button>
                    </div>
                    <label htmlFor="conn-label">Name</label>
                    <input id="conn-label" type="text" value={active.label} onChange={(e) => update("label", e.target.value)} />
                    <label htmlFor="conn-token">API token</label>
                    <input id="conn-token" type="password" autoComplete="off" placeholder="oit_…" value={active.token} onChange={(e) => update("token", e.target.value)} />
                    <div className="grid3">
                        <div className="stack">
                            <label htmlFor="conn-org">Org</label>
                            <input id="conn-org" type="text" value={active.org} onChange={(e) => update("org", e.target.value)} />
                        </div>
                        <div className="stack">
                            <label htmlFor="conn-user">User</label>
                            <input id="conn-user" type="text" value={active.user} onChange={(e) => update("user", e.target.value)} />
                        </div>
                        <div className="stack">
                            <label htmlFor="conn-project">Project</label>
                            <input id="conn-project" type="text" placeholder="(none)" value={active.project} onChange={(e) => update("project", e.target.value)} />
                        </div>
                    </div>
                    <div className="row end">
                        <button type="button" className="secondary" onClick={onClose}>Cancel</button>
                        <button type="submit">Use this profile</button>
                    </div>
                </form>
            </div>
        </div>
    );
}
